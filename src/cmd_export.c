/* cmd_export.c: 'export experiences|workflows|tasks|REPORT': rows streamed through COPY ... TO
 * STDOUT into a CSV or JSON Lines file written atomically (temp file + rename), progress on stderr.
 *
 * COPY is the one place where agentdb does not send values as $n parameters: COPY's query cannot
 * take any. So the values are made safe in two steps instead of being pasted from the user:
 *   1. each filter value goes to the server first as a $n parameter of a plain query
 *      (export/check_time.sql, check_uuid.sql), which rejects anything that is not a timestamp
 *      or a uuid and returns it in one canonical text form;
 *   2. only that canonical text is put into the bundled query, quoted with PQescapeLiteral (the
 *      quoting libpq does for the connection's encoding and standard_conforming_strings).
 * A REPORT name is looked up in the catalog (export/report_exists.sql, a $n query: views named
 * report_% in schema public) and the catalog's name is quoted with PQescapeIdentifier. Everything
 * else in the statement is bundled text. The markers ({since}, {until}, {project}, {report},
 * {query}) are replaced in one pass that never rescans inserted text. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "bundle.h"
#include "commands.h"
#include "db_copy.h"
#include "sqltmpl.h"
#include "util.h"

typedef struct export_table {
    const char *name;
    const char *query;  /* bundled path */
    const char *column; /* the time column --since/--until apply to */
} export_table;

static const export_table export_tables[] = {
    {"experiences", "queries/export/experiences.sql", "occurred_at"},
    {"workflows", "queries/export/workflows.sql", "created_at"},
    {"tasks", "queries/export/tasks.sql", "created_at"},
};

/* PQescapeLiteral into a malloc'd string (NULL in gives "NULL"). */
static char *literal(PGconn *pg, const char *v)
{
    if (!v)
        return xstrdup("NULL");
    char *q = PQescapeLiteral(pg, v, strlen(v));
    if (!q)
        return NULL;
    char *s = xstrdup(q);
    PQfreemem(q);
    return s;
}

/* ---- validation through the server --------------------------------------------------------- */

/* --since/--until: canonical UTC text into *out (malloc'd). Returns EXIT_OK, EXIT_USAGE after a
 * message naming the option, or the exit code of a database failure. */
static int check_time(app *a, const char *opt, const char *val, char **out)
{
    db_error e = {0};
    const char *p[] = {val};
    PGresult *r = db_exec(a->db, bundle_sql("queries/export/check_time.sql"), 1, p, &e);
    if (!r) {
        int rc;
        if (strncmp(e.sqlstate, "22", 2) == 0) {
            app_error(a, "--%s takes a time such as 2026-01-31, '2026-01-31 12:00' or "
                         "2026-01-31T12:00:00Z, not '%s'", opt, val);
            rc = EXIT_USAGE;
        } else
            rc = app_db_error(a, &e);
        db_error_clear(&e);
        return rc;
    }
    if (PQntuples(r) != 1 || PQgetisnull(r, 0, 0) || strcmp(PQgetvalue(r, 0, 1), "t") != 0) {
        app_error(a, "--%s takes a finite time, not '%s'; leave the option out for no bound", opt,
                  val);
        PQclear(r);
        return EXIT_USAGE;
    }
    *out = xstrdup(PQgetvalue(r, 0, 0));
    PQclear(r);
    return EXIT_OK;
}

static int check_project(app *a, const char *val, char **out)
{
    db_error e = {0};
    const char *p[] = {val};
    PGresult *r = db_exec(a->db, bundle_sql("queries/export/check_uuid.sql"), 1, p, &e);
    if (!r) {
        int rc;
        if (strncmp(e.sqlstate, "22", 2) == 0) {
            char *shown = out_sanitize(val);
            app_error(a, "--project takes a project id (a uuid such as "
                         "0b6f1c2e-8a4d-4c1e-9f3a-2d5e7b9c1a04), not '%s'", shown);
            free(shown);
            rc = EXIT_USAGE;
        } else
            rc = app_db_error(a, &e);
        db_error_clear(&e);
        return rc;
    }
    *out = xstrdup(PQgetvalue(r, 0, 0));
    if (strcmp(PQgetvalue(r, 0, 1), "t") != 0)
        fprintf(a->err, "agentdb: warning: no project %s is visible; the export will be empty\n",
                *out);
    PQclear(r);
    return EXIT_OK;
}

/* The report view's catalog name (malloc'd) into *out; EXIT_USAGE with the list when unknown. */
static int check_report(app *a, const char *name, char **out)
{
    db_error e = {0};
    const char *p[] = {name};
    PGresult *r = db_exec(a->db, bundle_sql("queries/export/report_exists.sql"), 1, p, &e);
    if (!r) {
        int rc = app_db_error(a, &e);
        db_error_clear(&e);
        return rc;
    }
    if (PQntuples(r) == 1) {
        *out = xstrdup(PQgetvalue(r, 0, 0));
        PQclear(r);
        return EXIT_OK;
    }
    PQclear(r);
    r = db_exec(a->db, bundle_sql("queries/export/report_list.sql"), 0, NULL, &e);
    const char *list = r && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0) ? PQgetvalue(r, 0, 0)
                                                                        : "(none: run 'migrate up')";
    char *shown = out_sanitize(name);
    app_error(a, "cannot export '%s': not a table (experiences, workflows, tasks) or a report "
                 "view; reports: %s", shown, list);
    free(shown);
    PQclear(r);
    db_error_clear(&e);
    return EXIT_USAGE;
}

/* ---- output -------------------------------------------------------------------------------- */

typedef struct export_sink {
    app *a;
    FILE *f;             /* borrowed (stdout) or owned (the temp file) */
    const char *label;   /* where the rows go, for messages */
    bool header;         /* the first message is CSV's header line, not a row */
    bool progress;       /* show progress on stderr */
    bool tty;            /* stderr is a terminal: redraw one line */
    unsigned long long messages, bytes;
    double t0, last;
    int write_errno;     /* set when a write failed */
} export_sink;

static unsigned long long sink_rows(const export_sink *s)
{
    return s->header && s->messages > 0 ? s->messages - 1 : s->messages;
}

static void show_progress(export_sink *s, bool final)
{
    double t = now_ms();
    if (!final && t - s->last < (s->tty ? 200.0 : 1000.0))
        return;
    s->last = t;
    double secs = (t - s->t0) / 1000.0;
    fprintf(s->a->err, "%sexport: %llu rows, %.1f MB%s%s%s", s->tty ? "\r" : "", sink_rows(s),
            (double)s->bytes / 1e6, final ? " to " : "", final ? s->label : "",
            !final && s->tty ? "   " : ""); /* spaces: wipe a longer previous line */
    if (final)
        fprintf(s->a->err, " in %.1f s\n", secs);
    else if (!s->tty)
        fputc('\n', s->a->err);
    fflush(s->a->err);
}

static int sink_write(void *arg, const char *data, size_t len)
{
    export_sink *s = arg;
    if (fwrite(data, 1, len, s->f) != len) {
        s->write_errno = errno ? errno : EIO;
        return -1;
    }
    s->messages++;
    s->bytes += len;
    if (s->progress)
        show_progress(s, false);
    return 0;
}

/* A temp file next to path (same file system, so the final rename is atomic). */
static FILE *open_temp(const char *path, char **tmp)
{
    *tmp = xasprintf("%s.partial.XXXXXX", path);
    int fd = mkstemp(*tmp);
    if (fd < 0) {
        free(*tmp);
        *tmp = NULL;
        return NULL;
    }
    mode_t um = umask(0);
    umask(um);
    if (fchmod(fd, 0666 & ~um) != 0) { /* mkstemp's 0600 is not what a user expects */
        int en = errno;
        close(fd);
        unlink(*tmp);
        errno = en;
        free(*tmp);
        *tmp = NULL;
        return NULL;
    }
    FILE *f = fdopen(fd, "w");
    if (!f) {
        int en = errno;
        close(fd);
        unlink(*tmp);
        errno = en;
        free(*tmp);
        *tmp = NULL;
    }
    return f;
}

/* Flush, sync and close the temp file and move it into place: rename when overwriting is
 * allowed, else link (which fails when the file appeared meanwhile) and unlink. */
static int commit_temp(FILE *f, const char *tmp, const char *path, bool force)
{
    int rc = 0;
    if (fflush(f) != 0 || fsync(fileno(f)) != 0)
        rc = -1;
    if (fclose(f) != 0)
        rc = -1;
    if (rc != 0)
        return -1;
    if (force)
        return rename(tmp, path);
    if (link(tmp, path) != 0)
        return -1;
    unlink(tmp);
    return 0;
}

/* ---- the transaction ------------------------------------------------------------------------ */

/* The COPY runs in a transaction of its own whose settings fix the text form of timestamps. */
static int begin_export(app *a, db_error *e)
{
    PGresult *r = db_exec_simple(a->db, "BEGIN", e);
    if (!r)
        return -1;
    PQclear(r);
    return db_run(a->db, bundle_sql("queries/export/session.sql"), 0, NULL, e);
}

/* COMMIT after a complete COPY, else ROLLBACK (a failed or cancelled COPY aborted the
 * transaction). Nothing was written to the database, so an error here changes no outcome. */
static void end_export(app *a, bool ok)
{
    if (PQstatus(db_pg(a->db)) != CONNECTION_OK ||
        PQtransactionStatus(db_pg(a->db)) == PQTRANS_IDLE)
        return;
    /* After Ctrl-C the cancel request is still pending; it must not hit the ROLLBACK. */
    bool cancelled = db_cancel_requested();
    db_clear_cancel();
    db_error e = {0};
    PGresult *r = db_exec_simple(a->db, ok ? "COMMIT" : "ROLLBACK", &e);
    PQclear(r);
    db_error_clear(&e);
    if (cancelled)
        db_request_cancel();
}

/* ---- the command --------------------------------------------------------------------------- */

typedef struct export_args {
    const char *what;
    out_format fmt;
    const char *output;
    bool force, progress;
    const char *since, *until, *project;
} export_args;

static int parse_args(app *a, const cmd_call *call, export_args *x)
{
    memset(x, 0, sizeof *x);
    x->what = call->argv[0];
    x->fmt = a->fmt;
    if (x->fmt != OUT_CSV && x->fmt != OUT_JSONL) {
        if (call->format) {
            app_error(a, "export writes csv or jsonl, not %s; use --format=csv or --format=jsonl",
                      call->format);
            return EXIT_USAGE;
        }
        x->fmt = OUT_CSV;
    }
    x->output = cmd_option(call, "output");
    if (!x->output || !*x->output) {
        app_error(a, "export needs --output=FILE (or --output=- for standard output)");
        return EXIT_USAGE;
    }
    x->force = cmd_option(call, "force") != NULL;
    x->progress = cmd_option(call, "progress") != NULL || isatty(fileno(a->err));
    x->since = cmd_option(call, "since");
    x->until = cmd_option(call, "until");
    x->project = cmd_option(call, "project");
    if (strcmp(x->output, "-") != 0) {
        struct stat st;
        if (stat(x->output, &st) == 0) {
            if (S_ISDIR(st.st_mode)) {
                app_error(a, "--output=%s is a directory; give a file name", x->output);
                return EXIT_USAGE;
            }
            if (!x->force) {
                app_error(a, "refused: %s exists; add --force to replace it", x->output);
                return EXIT_REFUSED;
            }
        }
    }
    return EXIT_OK;
}

/* The inner SELECT for the target, with its literals in place (malloc'd), or NULL with *rc. */
static char *build_query(app *a, const export_args *x, int *rc)
{
    PGconn *pg = db_pg(a->db);
    const export_table *t = NULL;
    for (size_t i = 0; i < sizeof export_tables / sizeof export_tables[0]; i++)
        if (strcmp(export_tables[i].name, x->what) == 0)
            t = &export_tables[i];
    if (!t) {
        if (x->since || x->until || x->project) {
            app_error(a, "--since, --until and --project apply to the tables (experiences, "
                         "workflows, tasks); a report is exported whole");
            *rc = EXIT_USAGE;
            return NULL;
        }
        char *name = NULL;
        if ((*rc = check_report(a, x->what, &name)) != EXIT_OK)
            return NULL;
        char *id = PQescapeIdentifier(pg, name, strlen(name));
        free(name);
        if (!id) {
            app_error(a, "cannot quote the report name: %s", PQerrorMessage(pg));
            *rc = EXIT_FAIL;
            return NULL;
        }
        const char *names[] = {"report"};
        const char *vals[] = {id};
        char *q = sqltmpl_fill(bundle_sql("queries/export/report.sql"), names, vals, 1);
        PQfreemem(id);
        return q;
    }
    char *since = NULL, *until = NULL, *project = NULL;
    char *lits[3] = {NULL, NULL, NULL};
    char *q = NULL;
    if (x->since && (*rc = check_time(a, "since", x->since, &since)) != EXIT_OK)
        goto out;
    if (x->until && (*rc = check_time(a, "until", x->until, &until)) != EXIT_OK)
        goto out;
    /* Same fixed-width ISO form, so text order is time order. */
    if (since && until && strcmp(since, until) >= 0) {
        app_error(a, "--since (%s) must be before --until (%s): the range is [since, until)",
                  since, until);
        *rc = EXIT_USAGE;
        goto out;
    }
    if (x->project && (*rc = check_project(a, x->project, &project)) != EXIT_OK)
        goto out;
    lits[0] = literal(pg, since);
    lits[1] = literal(pg, until);
    lits[2] = literal(pg, project);
    if (!lits[0] || !lits[1] || !lits[2]) {
        app_error(a, "cannot quote a filter value: %s", PQerrorMessage(pg));
        *rc = EXIT_FAIL;
        goto out;
    }
    {
        const char *names[] = {"since", "until", "project"};
        const char *vals[] = {lits[0], lits[1], lits[2]};
        q = sqltmpl_fill(bundle_sql(t->query), names, vals, 3);
    }
    *rc = EXIT_OK;
out:
    free(since);
    free(until);
    free(project);
    for (int i = 0; i < 3; i++)
        free(lits[i]);
    return q;
}

int cmd_export(app *a, const cmd_call *call)
{
    export_args x;
    int rc = parse_args(a, call, &x);
    if (rc != EXIT_OK)
        return rc;
    char *inner = build_query(a, &x, &rc);
    if (!inner)
        return rc;
    const char *names[] = {"query"};
    const char *vals[] = {inner};
    const char *wrapper = x.fmt == OUT_CSV ? "queries/export/copy_csv.sql"
                                           : "queries/export/copy_jsonl.sql";
    char *sql = sqltmpl_fill(bundle_sql(wrapper), names, vals, 1);
    free(inner);

    bool to_stdout = strcmp(x.output, "-") == 0;
    char *tmp = NULL;
    FILE *f = a->out;
    if (!to_stdout) {
        f = open_temp(x.output, &tmp);
        if (!f) {
            app_error(a, "cannot write next to %s: %s", x.output, strerror(errno));
            free(sql);
            return EXIT_USAGE;
        }
    }
    export_sink s = {0};
    s.a = a;
    s.f = f;
    s.label = to_stdout ? "standard output" : x.output;
    s.header = x.fmt == OUT_CSV;
    s.progress = x.progress;
    s.tty = isatty(fileno(a->err));
    s.t0 = s.last = now_ms();
    fflush(a->out);
    db_error e = {0};
    int cr = begin_export(a, &e);
    if (cr == 0)
        cr = db_copy_out(a->db, sql, sink_write, &s, &e);
    end_export(a, cr == 0);
    free(sql);
    if (cr != 0 && s.progress && s.tty && s.messages > 0)
        fputc('\n', a->err); /* keep the last progress line above the error */
    if (cr == 0 && to_stdout && fflush(f) != 0) {
        s.write_errno = errno;
        cr = -2;
    }
    if (cr == 0 && !to_stdout && commit_temp(f, tmp, x.output, x.force) != 0) {
        int en = errno;
        unlink(tmp);
        app_error(a, "cannot write %s: %s%s", x.output, strerror(en),
                  en == EEXIST ? " (it appeared while exporting; add --force to replace it)" : "");
        free(tmp);
        return en == EEXIST ? EXIT_REFUSED : EXIT_USAGE;
    }
    if (cr != 0) {
        if (!to_stdout) {
            fclose(f);
            unlink(tmp);
        }
        free(tmp);
        if (cr == -2) {
            app_error(a, "cannot write %s: %s%s", s.label, strerror(s.write_errno),
                      to_stdout ? "; the output is incomplete" : "; nothing was written");
            return EXIT_USAGE;
        }
        rc = app_db_error(a, &e);
        db_error_clear(&e);
        if (!to_stdout)
            fprintf(a->err, "agentdb: %s was not written\n", x.output);
        return rc;
    }
    free(tmp);
    if (s.progress)
        show_progress(&s, true);
    return EXIT_OK;
}
