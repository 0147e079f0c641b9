/* db.c: connection setup (libpq conventions, password prompt only when needed), queries sent
 * asynchronously and awaited with poll(), cancel on request, and SQLSTATE-carrying errors. */
#include "db.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "out.h"
#include "util.h"

struct db_conn {
    PGconn *pg;
    db_params params;     /* copy of the caller's settings (strings borrowed) */
    char *password;       /* owned; kept only to reconnect, wiped on close */
    char *label;          /* owned */
    int recovery;         /* -1 unknown, 0 primary, 1 standby */
    PGresult *keep;       /* owned: last good result of the query in flight */
    bool failed;          /* the query in flight has failed; its error is in failure */
    db_error failure;     /* owned: the first error of the query in flight */
};

static volatile sig_atomic_t cancel_flag;

void db_request_cancel(void) { cancel_flag = 1; }
bool db_cancel_requested(void) { return cancel_flag != 0; }
void db_clear_cancel(void) { cancel_flag = 0; }

void db_error_clear(db_error *e)
{
    free(e->message);
    free(e->detail);
    free(e->hint);
    free(e->constraint);
    memset(e, 0, sizeof *e);
}

void db_error_set(db_error *e, const char *fmt, ...)
{
    db_error_clear(e);
    va_list ap;
    va_start(ap, fmt);
    e->message = xvasprintf(fmt, ap);
    va_end(ap);
}

static char *trimmed_dup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' '))
        n--;
    return xstrndup(s, n);
}

void db_error_from_result(db_error *e, PGconn *pg, const PGresult *res)
{
    db_error_clear(e);
    const char *st = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    if (st)
        snprintf(e->sqlstate, sizeof e->sqlstate, "%s", st);
    const char *m = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    if (m)
        e->message = trimmed_dup(m);
    else {
        const char *cm = res ? PQresultErrorMessage(res) : NULL;
        if (!cm || !*cm)
            cm = pg ? PQerrorMessage(pg) : "unknown error";
        if (!cm || !*cm)
            cm = "unknown error";
        e->message = trimmed_dup(cm);
    }
    if (res) {
        e->detail = trimmed_dup(PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL));
        e->hint = trimmed_dup(PQresultErrorField(res, PG_DIAG_MESSAGE_HINT));
        e->constraint = trimmed_dup(PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME));
    }
    if (pg && PQstatus(pg) == CONNECTION_BAD)
        e->conn_lost = true;
    /* admin_shutdown, crash_shutdown, cannot_connect_now: the session is gone */
    if (strcmp(e->sqlstate, "57P01") == 0 || strcmp(e->sqlstate, "57P02") == 0 ||
        strcmp(e->sqlstate, "57P03") == 0)
        e->conn_lost = true;
}

void db_error_print(const db_error *e, FILE *f)
{
    /* server messages quote the values they refused: shown sanitised, never raw */
    char *m = out_sanitize(e->message ? e->message : (e->sqlstate[0] ? "" : "error"));
    if (e->sqlstate[0])
        fprintf(f, "agentdb: ERROR: %s (SQLSTATE %s)\n", m, e->sqlstate);
    else
        fprintf(f, "agentdb: %s\n", m);
    free(m);
    if (e->detail) {
        char *d = out_sanitize(e->detail);
        fprintf(f, "DETAIL: %s\n", d);
        free(d);
    }
    if (e->hint) {
        char *h = out_sanitize(e->hint);
        fprintf(f, "HINT: %s\n", h);
        free(h);
    }
}

int db_error_exit_code(const db_error *e)
{
    if (e->conn_lost)
        return EXIT_CONN;
    if (strcmp(e->sqlstate, "25006") == 0) /* read_only_sql_transaction */
        return EXIT_REFUSED;
    return EXIT_FAIL;
}

/* Read a password from the terminal with echo off. Returns malloc'd text or NULL. */
static char *prompt_password(const char *user)
{
    int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    char *prompt = xasprintf("Password for user %s: ", user ? user : "");
    if (write(fd, prompt, strlen(prompt)) < 0) {
        /* nothing useful to do; the read below still works */
    }
    free(prompt);
    struct termios old, noecho;
    bool restore = tcgetattr(fd, &old) == 0;
    if (restore) {
        noecho = old;
        noecho.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(fd, TCSAFLUSH, &noecho);
    }
    strbuf sb = STRBUF_INIT;
    char ch;
    while (read(fd, &ch, 1) == 1 && ch != '\n' && ch != '\r')
        sb_appendc(&sb, ch);
    if (restore)
        tcsetattr(fd, TCSAFLUSH, &old);
    if (write(fd, "\n", 1) < 0) {
        /* ignore */
    }
    close(fd);
    return sb_steal(&sb);
}

static void wipe_free(char *s)
{
    if (s) {
        explicit_bzero(s, strlen(s));
        free(s);
    }
}

static PGconn *open_pg(const db_params *p, const char *password)
{
    const char *kw[24];
    const char *val[24];
    int n = 0;
#define KV(k, v)                                                                                   \
    do {                                                                                           \
        if ((v) && *(v)) {                                                                         \
            kw[n] = (k);                                                                           \
            val[n] = (v);                                                                          \
            n++;                                                                                   \
        }                                                                                          \
    } while (0)
    /* Defaults first, so a conninfo string or the environment can override them. */
    KV("fallback_application_name", "agentdb");
    KV("keepalives", "1");
    KV("keepalives_idle", "30");
    KV("keepalives_interval", "10");
    KV("keepalives_count", "3");
    if (!getenv("PGCONNECT_TIMEOUT"))
        KV("connect_timeout", "15");
    KV("dbname", p->conninfo ? p->conninfo : p->dbname);
    if (p->conninfo)
        KV("dbname", p->dbname); /* -d after a positional overrides, as in psql */
    KV("host", p->host);
    KV("port", p->port);
    KV("user", p->user);
    KV("password", password);
    kw[n] = NULL;
    val[n] = NULL;
#undef KV
    return PQconnectdbParams(kw, val, 1);
}

static int after_connect(db_conn *c, db_error *err)
{
    if (c->params.read_only &&
        db_run(c, "SET default_transaction_read_only = on", 0, NULL, err) != 0)
        return -1;
    free(c->label);
    const char *host = PQhost(c->pg);
    const char *port = PQport(c->pg);
    c->label = xasprintf("%s:%s/%s", host && *host ? host : "local", port ? port : "",
                         PQdb(c->pg) ? PQdb(c->pg) : "");
    c->recovery = -1;
    return 0;
}

static void notice_to_stderr(void *arg, const PGresult *res)
{
    (void)arg;
    const char *sev = PQresultErrorField(res, PG_DIAG_SEVERITY);
    const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    if (msg)
        fprintf(stderr, "%s: %s\n", sev ? sev : "NOTICE", msg);
}

db_conn *db_connect(const db_params *p, db_error *err)
{
    db_conn *c = xcalloc(1, sizeof *c);
    c->params = *p;
    c->recovery = -1;
    if (p->force_password && !p->no_password)
        c->password = prompt_password(p->user);
    c->pg = open_pg(p, c->password);
    if (PQstatus(c->pg) == CONNECTION_BAD && PQconnectionNeedsPassword(c->pg) && !c->password &&
        !p->no_password && isatty(STDIN_FILENO)) {
        /* the user libpq settled on (from a conninfo string, PGUSER or the login name) */
        char *who = xstrdup(PQuser(c->pg) ? PQuser(c->pg) : p->user ? p->user : "");
        PQfinish(c->pg);
        c->password = prompt_password(who);
        free(who);
        c->pg = open_pg(p, c->password);
    }
    if (PQstatus(c->pg) != CONNECTION_OK) {
        db_error_from_result(err, c->pg, NULL);
        err->conn_lost = true;
        db_close(c);
        return NULL;
    }
    PQsetNoticeReceiver(c->pg, notice_to_stderr, NULL);
    if (after_connect(c, err) != 0) {
        db_close(c);
        return NULL;
    }
    return c;
}

int db_reconnect(db_conn *c, db_error *err)
{
    if (c->pg)
        PQfinish(c->pg);
    c->pg = open_pg(&c->params, c->password);
    if (PQstatus(c->pg) != CONNECTION_OK) {
        db_error_from_result(err, c->pg, NULL);
        err->conn_lost = true;
        return -1;
    }
    PQsetNoticeReceiver(c->pg, notice_to_stderr, NULL);
    return after_connect(c, err);
}

void db_close(db_conn *c)
{
    if (!c)
        return;
    PQclear(c->keep);
    db_error_clear(&c->failure);
    if (c->pg)
        PQfinish(c->pg);
    wipe_free(c->password);
    free(c->label);
    free(c);
}

PGconn *db_pg(db_conn *c) { return c->pg; }
const db_params *db_params_of(db_conn *c) { return &c->params; }
bool db_is_read_only(db_conn *c) { return c->params.read_only; }
const char *db_label(db_conn *c) { return c->label ? c->label : ""; }
int db_socket(db_conn *c) { return PQsocket(c->pg); }

int db_send(db_conn *c, const char *sql, int nparams, const char *const *params, db_error *err)
{
    if (PQstatus(c->pg) != CONNECTION_OK) {
        db_error_set(err, "the connection to the server was lost");
        err->conn_lost = true;
        return -1;
    }
    PQclear(c->keep);
    c->keep = NULL;
    c->failed = false;
    db_error_clear(&c->failure);
    int ok = nparams >= 0 ? PQsendQueryParams(c->pg, sql, nparams, NULL, params, NULL, NULL, 0)
                          : PQsendQuery(c->pg, sql);
    if (!ok) {
        db_error_from_result(err, c->pg, NULL);
        return -1;
    }
    return 0;
}

/* Drain the results that are ready: keep the first failure (in *err), else the last result.
 * Returns 1 when the query is finished (PQgetResult gave NULL), 0 while still busy. */
static int drain(db_conn *c)
{
    while (!PQisBusy(c->pg)) {
        PGresult *r = PQgetResult(c->pg);
        if (!r)
            return 1;
        ExecStatusType st = PQresultStatus(r);
        bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY;
        if (!ok) {
            if (!c->failed) {
                c->failed = true;
                db_error_from_result(&c->failure, c->pg, r);
            }
            PQclear(r);
            PQclear(c->keep);
            c->keep = NULL;
            continue;
        }
        if (c->failed) {
            PQclear(r);
            continue;
        }
        PQclear(c->keep);
        c->keep = r;
    }
    return 0;
}

/* Hand over the finished query's outcome: 0 with *res, or -1 with *err already filled. */
static int finish(db_conn *c, PGresult **res, db_error *err)
{
    if (c->failed) {
        PQclear(c->keep);
        c->keep = NULL;
        c->failed = false;
        db_error_clear(err);
        *err = c->failure; /* hand over ownership */
        memset(&c->failure, 0, sizeof c->failure);
        if (PQstatus(c->pg) == CONNECTION_BAD)
            err->conn_lost = true;
        return -1;
    }
    *res = c->keep;
    c->keep = NULL;
    return 0;
}

int db_consume(db_conn *c, PGresult **res, db_error *err)
{
    *res = NULL;
    if (!PQconsumeInput(c->pg)) {
        db_error_from_result(err, c->pg, NULL);
        err->conn_lost = PQstatus(c->pg) == CONNECTION_BAD;
        PQclear(c->keep);
        c->keep = NULL;
        c->failed = false;
        return -1;
    }
    if (!drain(c))
        return 1;
    return finish(c, res, err);
}

static void send_cancel(db_conn *c)
{
    PGcancel *cn = PQgetCancel(c->pg);
    if (cn) {
        char buf[256];
        PQcancel(cn, buf, sizeof buf);
        PQfreeCancel(cn);
    }
}

static PGresult *wait_result(db_conn *c, db_error *err)
{
    bool cancel_sent = false;
    for (;;) {
        int fl;
        while ((fl = PQflush(c->pg)) == 1) {
            struct pollfd pf = {PQsocket(c->pg), POLLOUT | POLLIN, 0};
            poll(&pf, 1, 100);
            if ((pf.revents & POLLIN) && !PQconsumeInput(c->pg))
                break;
        }
        if (db_cancel_requested() && !cancel_sent) {
            send_cancel(c);
            cancel_sent = true;
        }
        if (drain(c)) {
            PGresult *res = NULL;
            return finish(c, &res, err) == 0 ? res : NULL;
        }
        struct pollfd pf = {PQsocket(c->pg), POLLIN, 0};
        if (poll(&pf, 1, 100) < 0 && errno != EINTR) {
            db_error_set(err, "poll: %s", strerror(errno));
            return NULL;
        }
        if (!PQconsumeInput(c->pg)) {
            db_error_from_result(err, c->pg, NULL);
            err->conn_lost = PQstatus(c->pg) == CONNECTION_BAD;
            PQclear(c->keep);
            c->keep = NULL;
            c->failed = false;
            return NULL;
        }
    }
}

static PGresult *exec_any(db_conn *c, const char *sql, int nparams, const char *const *params,
                          db_error *err)
{
    if (db_send(c, sql, nparams, params, err) != 0)
        return NULL;
    PGresult *r = wait_result(c, err);
    if (!r && err->message == NULL)
        db_error_set(err, "query failed");
    if (!r && PQstatus(c->pg) == CONNECTION_BAD)
        err->conn_lost = true;
    return r;
}

PGresult *db_exec(db_conn *c, const char *sql, int nparams, const char *const *params, db_error *err)
{
    return exec_any(c, sql, nparams < 0 ? 0 : nparams, params, err);
}

PGresult *db_exec_simple(db_conn *c, const char *sql, db_error *err)
{
    return exec_any(c, sql, -1, NULL, err);
}

int db_run(db_conn *c, const char *sql, int nparams, const char *const *params, db_error *err)
{
    PGresult *r = db_exec(c, sql, nparams, params, err);
    if (!r)
        return -1;
    PQclear(r);
    return 0;
}

bool db_in_recovery(db_conn *c, db_error *err)
{
    if (c->recovery >= 0)
        return c->recovery == 1;
    PGresult *r = db_exec(c, "SELECT pg_is_in_recovery()", 0, NULL, err);
    if (!r)
        return false;
    c->recovery = PQntuples(r) == 1 && PQgetvalue(r, 0, 0)[0] == 't';
    PQclear(r);
    return c->recovery == 1;
}
