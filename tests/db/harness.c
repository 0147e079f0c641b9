/* harness.c: database test helpers over the throwaway cluster started by tests/with-cluster.sh;
 * runs the real agentdb binary (AGENTDB_BIN) and captures its output and exit status. */
#include "harness.h"

#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "util.h"

char th_last_constraint[128];

static const char *test_dir(void)
{
    const char *d = getenv("AGENTDB_TEST_DIR");
    if (!d || !*d) {
        fprintf(stderr, "AGENTDB_TEST_DIR is not set: run database tests through "
                        "tests/with-cluster.sh (make test-db)\n");
        exit(1);
    }
    return d;
}

static const char *bin(void)
{
    const char *b = getenv("AGENTDB_BIN");
    return b && *b ? b : "build/agentdb";
}

char *th_conninfo(const char *dbname)
{
    return xasprintf("host=%s port=5432 user=agentdb dbname=%s", test_dir(), dbname);
}

PGconn *th_connect(const char *dbname)
{
    char *ci = th_conninfo(dbname);
    PGconn *c = PQconnectdb(ci);
    free(ci);
    if (PQstatus(c) != CONNECTION_OK)
        fail_msg("connect to %s: %s", dbname, PQerrorMessage(c));
    PQsetNoticeProcessor(c, NULL, NULL);
    PGresult *r = PQexec(c, "SET client_min_messages = warning");
    PQclear(r);
    return c;
}

void th_exec(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        fail_msg("SQL failed: %s\n%s", PQerrorMessage(c), sql);
    PQclear(r);
}

const char *th_fail(PGconn *c, const char *sql)
{
    static char state[8];
    PGresult *r = PQexec(c, sql);
    ExecStatusType st = PQresultStatus(r);
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
        PQclear(r);
        fail_msg("SQL unexpectedly succeeded: %s", sql);
    }
    const char *s = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    const char *cn = PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME);
    snprintf(state, sizeof state, "%s", s ? s : "");
    snprintf(th_last_constraint, sizeof th_last_constraint, "%s", cn ? cn : "");
    PQclear(r);
    if (PQtransactionStatus(c) == PQTRANS_INERROR)
        th_exec(c, "ROLLBACK");
    return state;
}

char *th_value(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        fail_msg("query failed: %s\n%s", PQerrorMessage(c), sql);
    char *v = PQntuples(r) > 0 && !PQgetisnull(r, 0, 0) ? xstrdup(PQgetvalue(r, 0, 0)) : NULL;
    PQclear(r);
    return v;
}

long th_long(PGconn *c, const char *sql)
{
    char *v = th_value(c, sql);
    long n = v ? strtol(v, NULL, 10) : -1;
    free(v);
    return n;
}

void th_drop_db(const char *dbname)
{
    PGconn *c = th_connect("postgres");
    char *sql = xasprintf("DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)", dbname);
    th_exec(c, sql);
    free(sql);
    PQfinish(c);
}

void th_create_db(const char *dbname, const char *template_db)
{
    th_drop_db(dbname);
    PGconn *c = th_connect("postgres");
    char *sql = xasprintf("CREATE DATABASE \"%s\" TEMPLATE \"%s\"", dbname,
                          template_db ? template_db : "template0");
    th_exec(c, sql);
    free(sql);
    PQfinish(c);
}

static char *slurp_fd(int fd)
{
    strbuf sb = STRBUF_INIT;
    sb_append(&sb, "");
    char buf[8192];
    ssize_t n;
    lseek(fd, 0, SEEK_SET);
    while ((n = read(fd, buf, sizeof buf)) > 0)
        sb_appendn(&sb, buf, (size_t)n);
    return sb_steal(&sb);
}

static int status_of(int st)
{
    if (WIFEXITED(st))
        return WEXITSTATUS(st);
    if (WIFSIGNALED(st))
        return 128 + WTERMSIG(st);
    return -1;
}

static void exec_child(const char *dbname, const char *const *env, const char *const *args)
{
    for (const char *const *e = env; e && *e; e++)
        putenv((char *)*e);
    size_t n = 0;
    while (args[n])
        n++;
    const char **argv = xcalloc(n + 3, sizeof *argv);
    size_t k = 0;
    argv[k++] = bin();
    char *ci = dbname ? th_conninfo(dbname) : NULL;
    if (ci)
        argv[k++] = ci;
    for (size_t i = 0; i < n; i++)
        argv[k++] = args[i];
    argv[k] = NULL;
    execv(bin(), (char *const *)argv);
    perror("exec agentdb");
    _exit(127);
}

th_run th_agentdbv(const char *dbname, const char *const *env, const char *stdin_text,
                   const char *const *args)
{
    char outp[] = "/tmp/th-out.XXXXXX", errp[] = "/tmp/th-err.XXXXXX", inp[] = "/tmp/th-in.XXXXXX";
    int ofd = mkstemp(outp), efd = mkstemp(errp), ifd = mkstemp(inp);
    unlink(outp);
    unlink(errp);
    unlink(inp);
    if (stdin_text && write(ifd, stdin_text, strlen(stdin_text)) < 0)
        fail_msg("write stdin");
    lseek(ifd, 0, SEEK_SET);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(ofd, 1);
        dup2(efd, 2);
        if (stdin_text)
            dup2(ifd, 0);
        else {
            int nul = open("/dev/null", O_RDONLY);
            dup2(nul, 0);
        }
        exec_child(dbname, env, args);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    th_run r = {status_of(st), slurp_fd(ofd), slurp_fd(efd)};
    close(ofd);
    close(efd);
    close(ifd);
    return r;
}

th_run th_agentdb(const char *dbname, const char *const *env, const char *stdin_text, ...)
{
    const char *args[64];
    size_t n = 0;
    va_list ap;
    va_start(ap, stdin_text);
    const char *a;
    while ((a = va_arg(ap, const char *)) != NULL && n < 63)
        args[n++] = a;
    va_end(ap);
    args[n] = NULL;
    return th_agentdbv(dbname, env, stdin_text, args);
}

void th_run_free(th_run *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

int th_spawn(const char *dbname, const char *const *env, const char *outfile, const char *errfile,
             const char *const *args)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        int o = open(outfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int e = open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int nul = open("/dev/null", O_RDONLY);
        dup2(o, 1);
        dup2(e, 2);
        dup2(nul, 0);
        exec_child(dbname, env, args);
    }
    return (int)pid;
}

int th_wait(int pid)
{
    int st = 0;
    waitpid((pid_t)pid, &st, 0);
    return status_of(st);
}

char *th_schema_dump(const char *dbname)
{
    char *ci = th_conninfo(dbname);
    const char *bindir = getenv("AGENTDB_PG_BINDIR");
    char *cmd = xasprintf("%s%spg_dump --schema-only --no-owner --no-privileges "
                          "--exclude-schema=agentdb '%s'",
                          bindir ? bindir : "/usr/lib/postgresql/15/bin", "/", ci);
    FILE *p = popen(cmd, "r");
    free(cmd);
    free(ci);
    if (!p)
        fail_msg("pg_dump");
    strbuf sb = STRBUF_INIT;
    sb_append(&sb, "");
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, p) >= 0) {
        if (strncmp(line, "--", 2) == 0 || line[0] == '\n' || strncmp(line, "SET ", 4) == 0 ||
            strncmp(line, "SELECT pg_catalog.set_config", 28) == 0 ||
            strncmp(line, "\\restrict ", 10) == 0 || strncmp(line, "\\unrestrict ", 12) == 0)
            continue;
        sb_append(&sb, line);
    }
    free(line);
    if (pclose(p) != 0)
        fail_msg("pg_dump of %s failed", dbname);
    return sb_steal(&sb);
}

bool th_wait_lock_free(PGconn *c)
{
    for (int i = 0; i < 600; i++) {
        long n = th_long(c, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                            "AND classid = 0 AND objid = 1634166882 AND granted");
        if (n == 0)
            return true;
        struct timespec ts = {0, 50 * 1000000L};
        nanosleep(&ts, NULL);
    }
    return false;
}

char *th_tmpfile(const char *name)
{
    static char *dir;
    if (!dir) {
        char tmpl[] = "/tmp/th-files.XXXXXX";
        if (!mkdtemp(tmpl))
            fail_msg("mkdtemp");
        dir = xstrdup(tmpl);
    }
    return xasprintf("%s/%s", dir, name);
}

PGconn *th_migrated_db(const char *dbname, const char *demo)
{
    th_create_db(dbname, NULL);
    char *load = demo ? xasprintf("demo load %s --epoch=2026-01-01T00:00:00Z", demo) : NULL;
    th_run r = load ? th_agentdb(dbname, NULL, NULL, "-c", "migrate up", "-c", load, NULL)
                    : th_agentdb(dbname, NULL, NULL, "-c", "migrate up", NULL);
    int st = r.status;
    if (st != 0)
        fprintf(stderr, "migrate up%s exited %d:\n%s%s", load ? " / demo load" : "", st, r.out,
                r.err);
    th_run_free(&r);
    free(load);
    return st == 0 ? th_connect(dbname) : NULL;
}

void th_done_db(PGconn *conn, const char *dbname)
{
    if (conn)
        PQfinish(conn);
    th_drop_db(dbname);
}

int th_fixture_db(const char *dbname, const char *fixture)
{
    PGconn *c = th_migrated_db(dbname, NULL);
    if (!c)
        return -1;
    th_exec(c, fixture);
    PQfinish(c);
    return 0;
}

char *th_table_digest(PGconn *c)
{
    PGresult *t = PQexec(c, "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c "
                            "JOIN pg_namespace n ON n.oid = c.relnamespace "
                            "WHERE n.nspname IN ('public', 'agentdb') AND c.relkind IN ('r', 'p') "
                            "AND NOT c.relispartition ORDER BY 1");
    if (PQresultStatus(t) != PGRES_TUPLES_OK)
        fail_msg("list tables: %s", PQerrorMessage(c));
    strbuf sb = STRBUF_INIT;
    sb_append(&sb, "");
    for (int i = 0; i < PQntuples(t); i++) {
        char *q = xasprintf("SELECT count(*) || ':' || coalesce(md5(string_agg(x, '' ORDER BY x)), "
                            "'-') FROM (SELECT md5(t::text) AS x FROM %s t) s",
                            PQgetvalue(t, i, 0));
        char *v = th_value(c, q);
        sb_printf(&sb, "%s %s\n", PQgetvalue(t, i, 0), v ? v : "NULL");
        free(v);
        free(q);
    }
    PQclear(t);
    return sb_steal(&sb);
}
