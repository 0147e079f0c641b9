/* cmd_retention.c: the 'retention' commands over migration 0009's functions: the plan (what would
 * be created, detached, dropped or aggregated), and applying it in batches with progress. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "bundle.h"
#include "cmd_result.h"
#include "commands.h"
#include "util.h"

/* false after a message when 0009 is not applied here. */
static bool available(app *a, int *rc)
{
    db_error e = {0};
    PGresult *r = db_exec(a->db, bundle_sql("queries/retention/available.sql"), 0, NULL, &e);
    if (!r) {
        *rc = app_db_error(a, &e);
        db_error_clear(&e);
        return false;
    }
    bool ok = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
    PQclear(r);
    if (!ok) {
        app_error(a, "this database has no retention functions; 'migrate up' creates them "
                     "(migration 0009)");
        *rc = EXIT_FAIL;
    }
    return ok;
}

/* The plan at `at` (NULL: now), or NULL after a message (*rc set). */
static PGresult *plan(app *a, const char *at, int *rc)
{
    db_error e = {0};
    const char *p[1] = {at};
    PGresult *r = db_exec(a->db, bundle_sql("queries/retention/plan.sql"), 1, p, &e);
    if (!r) {
        if (at && strncmp(e.sqlstate, "22", 2) == 0) {
            app_error(a, "--at takes a time such as 2026-01-01 or '2026-01-01 12:00+00', not '%s'",
                      at);
            *rc = EXIT_USAGE;
        } else {
            if (strcmp(e.sqlstate, "42501") == 0)
                fprintf(a->err, "agentdb: hint: retention runs as the schema owner or a member of "
                                "agentdb_admin\n");
            *rc = app_db_error(a, &e);
        }
        db_error_clear(&e);
    }
    return r;
}

int cmd_retention_plan(app *a, const cmd_call *call)
{
    out_format fmt;
    if (!app_format(a, call, &fmt))
        return EXIT_USAGE;
    int rc = EXIT_OK;
    if (!available(a, &rc))
        return rc;
    PGresult *r = plan(a, cmd_option(call, "at"), &rc);
    if (!r)
        return rc;
    cmd_print_result(a->out, fmt, r);
    if (PQntuples(r) == 0)
        fprintf(a->err, "retention: nothing to do\n");
    PQclear(r);
    return EXIT_OK;
}

int cmd_retention_apply(app *a, const cmd_call *call)
{
    out_format fmt;
    if (!app_format(a, call, &fmt))
        return EXIT_USAGE;
    const char *batch = cmd_option(call, "batch");
    if (!batch)
        batch = "10";
    long nbatch = atol(batch);
    if (nbatch < 1 || nbatch > 10000) {
        app_error(a, "--batch takes a number of partitions from 1 to 10000");
        return EXIT_USAGE;
    }
    int rc = EXIT_OK;
    if (!available(a, &rc))
        return rc;
    if (!cmd_option(call, "confirm")) {
        PGresult *r = plan(a, NULL, &rc);
        if (!r)
            return rc;
        long lose = 0;
        for (int i = 0; i < PQntuples(r); i++)
            lose += strcmp(PQgetvalue(r, i, 4), "create") != 0;
        cmd_print_result(a->err, OUT_TABLE, r);
        PQclear(r);
        if (lose == 0) {
            fprintf(a->err, "retention: no partition is past its period; only partitions ahead "
                            "would be created\n");
        }
        app_error(a, "refused: add --confirm to carry out this plan (%ld partitions detached, "
                     "dropped or aggregated)", lose);
        return EXIT_REFUSED;
    }
    db_error e = {0};
    /* Each batch is its own transaction (autocommit): DETACH and DROP hold an ACCESS EXCLUSIVE
     * lock to its end, so batches keep those locks short; lock_timeout makes a busy table fail
     * the batch rather than queue every reader behind it. */
    if (db_run(a->db, "SELECT set_config('lock_timeout', '5s', false)", 0, NULL, &e) != 0) {
        rc = app_db_error(a, &e);
        db_error_clear(&e);
        return rc;
    }
    static const out_col cols[] = {
        {"table_name", COL_TEXT}, {"partition_name", COL_TEXT}, {"range_from", COL_TEXT},
        {"range_to", COL_TEXT},   {"action", COL_TEXT},         {"rows_estimate", COL_NUMBER},
        {"bytes", COL_NUMBER},    {"status", COL_TEXT}};
    out_sink *s = out_begin(fmt, a->out, cols, 8);
    long done_total = 0, blocked = 0;
    double bytes_total = 0, t0 = now_ms();
    const char *p[1] = {batch};
    for (int k = 1;; k++) {
        if (db_cancel_requested()) {
            db_clear_cancel();
            app_error(a, "cancelled after %d batches; every finished batch is committed", k - 1);
            rc = EXIT_FAIL;
            break;
        }
        PGresult *r = db_exec(a->db, bundle_sql("queries/retention/apply.sql"), 1, p, &e);
        if (!r) {
            if (strcmp(e.sqlstate, "55P03") == 0)
                fprintf(a->err, "agentdb: hint: a table was busy (lock_timeout 5s); batches "
                                "before this one are committed, run it again later\n");
            rc = app_db_error(a, &e);
            break;
        }
        long done = 0;
        for (int i = 0; i < PQntuples(r); i++) {
            const char *vals[8];
            for (int j = 0; j < 8; j++)
                vals[j] = PQgetisnull(r, i, j) ? NULL : PQgetvalue(r, i, j);
            bool ok = strcmp(vals[7], "done") == 0;
            /* Blocked steps repeat in every batch: report them once, from the first. */
            if (!ok && k > 1)
                continue;
            out_row(s, vals);
            done += ok;
            blocked += !ok;
            if (ok && vals[6])
                bytes_total += atof(vals[6]);
        }
        PQclear(r);
        done_total += done;
        fprintf(a->err, "retention: batch %d: %ld steps done (%ld in all, %.1f MB freed or "
                        "archived)\n", k, done, done_total, bytes_total / 1048576.0);
        fflush(a->err);
        if (done == 0)
            break;
    }
    out_end(s);
    db_error e2 = {0};
    db_run(a->db, "RESET lock_timeout", 0, NULL, &e2);
    db_error_clear(&e2);
    if (rc == EXIT_OK) {
        fprintf(a->err, "retention: %ld steps in %.1f s", done_total, (now_ms() - t0) / 1000.0);
        if (blocked)
            fprintf(a->err, "; %ld partitions ahead blocked by rows in a DEFAULT partition "
                            "(see agentdb-schema(7), partition_create(..., true))", blocked);
        fputc('\n', a->err);
    }
    db_error_clear(&e);
    return rc;
}
