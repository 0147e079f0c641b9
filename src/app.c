/* app.c: running one parsed command: lazy connection, the read-only and standby refusals that
 * every writing command gets, and the mapping of failures to exit codes. */
#include "app.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void app_error(app *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    out_errorf(a->err, "%s", msg); /* sanitised: messages quote user input */
    free(msg);
}

int app_db_error(app *a, const db_error *e)
{
    db_error_print(e, a->err);
    if (strcmp(e->sqlstate, "57014") == 0 && e->message && strstr(e->message, "statement timeout"))
        fputs("agentdb: hint: the server's statement_timeout cancelled it; raise it for this run "
              "(PGOPTIONS='-c statement_timeout=5min') or run reports on a standby "
              "(--report-dsn)\n", a->err);
    fflush(a->err);
    return db_error_exit_code(e);
}

/* Open *slot with p if needed, or reconnect it when the connection dropped. what names the
 * server in the failure message ("" for the main one). */
static int ensure_conn(app *a, db_conn **slot, const db_params *p, const char *what)
{
    if (*slot) {
        if (PQstatus(db_pg(*slot)) == CONNECTION_OK)
            return EXIT_OK;
        db_error e = {0};
        if (db_reconnect(*slot, &e) == 0)
            return EXIT_OK;
        int rc = app_db_error(a, &e);
        db_error_clear(&e);
        return rc;
    }
    db_error e = {0};
    *slot = db_connect(p, &e);
    if (!*slot) {
        fprintf(a->err, "agentdb: could not connect%s: %s\n", what, e.message ? e.message : "");
        fflush(a->err);
        db_error_clear(&e);
        return EXIT_CONN;
    }
    return EXIT_OK;
}

int app_db(app *a)
{
    db_params p = a->params;
    if (a->local_conninfo && !p.conninfo)
        p.conninfo = a->local_conninfo;
    return ensure_conn(a, &a->db, &p, "");
}

int app_report_db(app *a)
{
    db_params p = {0};
    p.conninfo = a->report_dsn;
    p.read_only = true;
    p.no_password = a->params.no_password;
    p.force_password = a->params.force_password;
    return ensure_conn(a, &a->report_db, &p, " to the report server (--report-dsn)");
}

bool app_format(app *a, const cmd_call *call, out_format *fmt)
{
    if (!call->format) {
        *fmt = a->fmt;
        return true;
    }
    if (out_format_parse(call->format, fmt))
        return true;
    app_error(a, "unknown format '%s'; use table, csv, json or jsonl", call->format);
    return false;
}

int app_run_line(app *a, const char *line)
{
    cmd_call call;
    char *err = NULL;
    int prc = cmd_parse(line, &call, &err);
    if (prc == 1)
        return EXIT_OK;
    if (prc < 0) {
        app_error(a, "%s", err);
        free(err);
        return EXIT_USAGE;
    }
    out_format fmt = a->fmt;
    if (!(call.def->flags & CMD_OWN_FORMAT) && !app_format(a, &call, &fmt)) {
        cmd_call_free(&call);
        return EXIT_USAGE;
    }
    const cmd_def *d = call.def;
    int rc = EXIT_OK;
    /* A report command with --report-dsn runs on that server: the connection is swapped for
     * the command's duration, so the command's code is the same either way. */
    bool on_report = (d->flags & CMD_REPORT) && a->report_dsn && !(d->flags & CMD_WRITES);
    if (on_report) {
        rc = app_report_db(a);
        if (rc != EXIT_OK) {
            cmd_call_free(&call);
            return rc;
        }
    } else if (d->flags & CMD_NEEDS_DB) {
        rc = app_db(a);
        if (rc != EXIT_OK) {
            cmd_call_free(&call);
            return rc;
        }
        if (d->flags & CMD_WRITES) {
            char *full = cmd_fullname(d);
            if (db_is_read_only(a->db)) {
                app_error(a, "refused: '%s' writes to the database and this session is "
                             "--read-only", full);
                rc = EXIT_REFUSED;
            } else {
                db_error e = {0};
                bool standby = db_in_recovery(a->db, &e);
                if (e.message)
                    rc = app_db_error(a, &e);
                else if (standby) {
                    app_error(a, "refused: '%s' writes, and %s is a standby (in recovery); "
                                 "connect to the primary", full, db_label(a->db));
                    rc = EXIT_REFUSED;
                }
                db_error_clear(&e);
            }
            free(full);
            if (rc != EXIT_OK) {
                cmd_call_free(&call);
                return rc;
            }
        }
    }
    /* --format on one command overrides the session default for that command only */
    out_format saved = a->fmt;
    a->fmt = fmt;
    db_clear_cancel();
    db_conn *primary = a->db;
    if (on_report)
        a->db = a->report_db;
    rc = d->run(a, &call);
    if (on_report)
        a->db = primary;
    if (call.format)
        a->fmt = saved;
    fflush(a->out);
    cmd_call_free(&call);
    return rc;
}
