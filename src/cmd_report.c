/* cmd_report.c: the 'report' commands: list the report views (migration 0011) from the catalog,
 * run one with filters, and refresh the materialized reports with progress. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "bundle.h"
#include "cmd_result.h"
#include "commands.h"
#include "report_query.h"
#include "util.h"

int cmd_report_list(app *a, const cmd_call *call)
{
    out_format fmt;
    if (!app_format(a, call, &fmt))
        return EXIT_USAGE;
    db_error e = {0};
    PGresult *r = db_exec(a->db, bundle_sql("queries/report/list.sql"), 0, NULL, &e);
    if (!r) {
        int rc = app_db_error(a, &e);
        db_error_clear(&e);
        return rc;
    }
    if (PQntuples(r) == 0)
        fprintf(a->err, "report: this database has no report views; 'migrate up' creates them "
                        "(migration 0011)\n");
    cmd_print_result(a->out, fmt, r);
    PQclear(r);
    return EXIT_OK;
}

/* "reward_by_agent" or "report_reward_by_agent" into the view's name (malloc'd), or NULL after a
 * message when it cannot be a report's name. */
static char *report_name(app *a, const char *arg)
{
    size_t n = strlen(arg);
    bool ok = n > 0 && n <= 56;
    for (size_t i = 0; ok && i < n; i++)
        ok = islower((unsigned char)arg[i]) || isdigit((unsigned char)arg[i]) || arg[i] == '_';
    if (!ok) {
        app_error(a, "'%s' is not a report name; 'report list' shows them", arg);
        return NULL;
    }
    return strncmp(arg, "report_", 7) == 0 ? xstrdup(arg) : xasprintf("report_%s", arg);
}

/* Check a time option with the server's own parser. false after a message when it is not one. */
static bool valid_time(app *a, const char *opt, const char *value)
{
    db_error e = {0};
    const char *p[1] = {value};
    PGresult *r = db_exec(a->db, bundle_sql("queries/export/check_time.sql"), 1, p, &e);
    if (r) {
        PQclear(r);
        return true;
    }
    bool conn_lost = db_error_exit_code(&e) == EXIT_CONN;
    if (conn_lost)
        app_db_error(a, &e);
    else
        app_error(a, "--%s takes a time such as 2026-01-01 or '2026-01-01 12:00+00', not '%s'",
                  opt, value);
    db_error_clear(&e);
    return false;
}

int cmd_report_run(app *a, const cmd_call *call)
{
    out_format fmt;
    if (!app_format(a, call, &fmt))
        return EXIT_USAGE;
    char *name = report_name(a, call->argv[0]);
    if (!name)
        return EXIT_USAGE;
    const char *from = cmd_option(call, "from"), *to = cmd_option(call, "to");
    const char *agent = cmd_option(call, "agent"), *type = cmd_option(call, "task-type");
    const char *limit = cmd_option(call, "limit");
    int rc = EXIT_OK;
    db_error e = {0};
    const char *np[1] = {name};
    PGresult *cols = db_exec(a->db, bundle_sql("queries/report/columns.sql"), 1, np, &e);
    if (!cols) {
        rc = app_db_error(a, &e);
        goto out;
    }
    if (PQntuples(cols) == 0) {
        app_error(a, "no report named '%s'; 'report list' shows them", name);
        rc = EXIT_USAGE;
        goto out;
    }
    if (limit && atol(limit) < 0) {
        app_error(a, "--limit takes a row count of 0 or more");
        rc = EXIT_USAGE;
        goto out;
    }
    if ((from && !valid_time(a, "from", from)) || (to && !valid_time(a, "to", to))) {
        rc = EXIT_USAGE;
        goto out;
    }
    /* The filters apply to columns the report has (report_query.c); values are parameters. */
    report_filters flt = {from, to, agent, type, limit};
    const char *params[5], *missing = NULL;
    int n = 0;
    char *sqltext = report_query_build(cols, &flt, params, &n, &missing);
    if (!sqltext) {
        app_error(a, "%s has no %s; its columns are shown by 'report run %s --limit=0'", name,
                  missing ? missing : "columns", name);
        rc = EXIT_USAGE;
        goto out;
    }
    PGresult *r = db_exec(a->db, sqltext, n, params, &e);
    free(sqltext);
    if (!r) {
        if (strcmp(e.sqlstate, "42501") == 0)
            fprintf(a->err, "agentdb: hint: materialized reports cover every project, so only "
                            "agentdb_admin (and the owner) may read them\n");
        rc = app_db_error(a, &e);
        goto out;
    }
    cmd_print_result(a->out, fmt, r);
    PQclear(r);
out:
    PQclear(cols);
    db_error_clear(&e);
    free(name);
    return rc;
}

/* refresh_reports(): the SECURITY DEFINER way for agentdb_admin, who does not own the views. */
static int refresh_as_admin(app *a, out_format fmt)
{
    db_error e = {0};
    fprintf(a->err, "report: not the views' owner; refreshing through refresh_reports()\n");
    PGresult *r = db_exec(a->db, "SELECT * FROM public.refresh_reports()", 0, NULL, &e);
    if (!r) {
        int rc = app_db_error(a, &e);
        db_error_clear(&e);
        return rc;
    }
    cmd_print_result(a->out, fmt, r);
    PQclear(r);
    return EXIT_OK;
}

int cmd_report_refresh(app *a, const cmd_call *call)
{
    out_format fmt;
    if (!app_format(a, call, &fmt))
        return EXIT_USAGE;
    char *name = NULL;
    if (call->argc == 1 && !(name = report_name(a, call->argv[0])))
        return EXIT_USAGE;
    db_error e = {0};
    const char *p[1] = {name};
    PGresult *mvs = db_exec(a->db, bundle_sql("queries/report/mviews.sql"), 1, p, &e);
    int rc = EXIT_OK;
    if (!mvs) {
        rc = app_db_error(a, &e);
        goto out;
    }
    if (PQntuples(mvs) == 0) {
        if (name)
            app_error(a, "%s is not a materialized report; 'report list' shows which are", name);
        else
            app_error(a, "this database has no materialized reports; 'migrate up' creates them");
        rc = EXIT_USAGE;
        goto out;
    }
    static const out_col cols[] = {
        {"view", COL_TEXT}, {"refreshed_concurrently", COL_BOOL}, {"seconds", COL_NUMBER}};
    out_sink *s = NULL;
    int total = PQntuples(mvs);
    double t_all = now_ms();
    for (int i = 0; i < total; i++) {
        if (db_cancel_requested()) {
            app_error(a, "cancelled after %d of %d views; each refreshed view is complete", i,
                      total);
            db_clear_cancel();
            rc = EXIT_FAIL;
            break;
        }
        bool conc = strcmp(PQgetvalue(mvs, i, 2), "t") == 0;
        fprintf(a->err, "report: [%d/%d] refreshing %s%s ...\n", i + 1, total,
                PQgetvalue(mvs, i, 1), conc ? " concurrently" : " (first population)");
        fflush(a->err);
        char *sql = xasprintf("REFRESH MATERIALIZED VIEW %spublic.%s", conc ? "CONCURRENTLY " : "",
                              PQgetvalue(mvs, i, 0));
        double t0 = now_ms();
        PGresult *r = db_exec(a->db, sql, 0, NULL, &e);
        free(sql);
        if (!r) {
            if (i == 0 && !name && strcmp(e.sqlstate, "42501") == 0) {
                db_error_clear(&e);
                rc = refresh_as_admin(a, fmt);
            } else {
                rc = app_db_error(a, &e);
            }
            break;
        }
        PQclear(r);
        char secs[32];
        snprintf(secs, sizeof secs, "%.3f", (now_ms() - t0) / 1000.0);
        if (!s)
            s = out_begin(fmt, a->out, cols, 3);
        const char *vals[3] = {PQgetvalue(mvs, i, 1), conc ? "true" : "false", secs};
        out_row(s, vals);
    }
    if (s) {
        out_end(s);
        fprintf(a->err, "report: refreshed in %.1f s\n", (now_ms() - t_all) / 1000.0);
    }
out:
    PQclear(mvs);
    db_error_clear(&e);
    free(name);
    return rc;
}
