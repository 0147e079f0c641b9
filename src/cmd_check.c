/* cmd_check.c: 'check list', 'check run [NAME...]' (exit 5 on violations, last results stored in
 * agentdb.check_results) and 'check show NAME' (the offending rows), over check.c. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "check.h"
#include "commands.h"
#include "migrate.h"
#include "util.h"

#define SHOW_DEFAULT_LIMIT 100
#define RUN_DEFAULT_SAMPLE 3

static bool load(app *a, check_set *s)
{
    char *err = NULL;
    if (check_load(s, &err) == 0)
        return true;
    app_error(a, "bundled checks are broken (a build defect): %s", err);
    free(err);
    return false;
}

/* The named rule, or NULL after a message naming the nearest rule. */
static const checkfile *named(app *a, const check_set *s, const char *name)
{
    const checkfile *r = check_find(s, name);
    if (r)
        return r;
    const char *near = check_nearest(s, name);
    char *shown = out_sanitize(name); /* the name is the user's: no escapes reach the terminal */
    if (near)
        app_error(a, "unknown check '%s'; did you mean '%s'? ('check list' shows all %d)", shown,
                  near, s->n);
    else
        app_error(a, "unknown check '%s'; 'check list' shows the %d checks", shown, s->n);
    free(shown);
    return NULL;
}

int cmd_check_list(app *a, const cmd_call *call)
{
    (void)call;
    check_set s;
    if (!load(a, &s))
        return EXIT_FAIL;
    static const out_col cols[] = {
        {"check", COL_TEXT}, {"severity", COL_TEXT}, {"implementation", COL_TEXT},
        {"description", COL_TEXT},
    };
    out_sink *o = out_begin(a->fmt, a->out, cols, 4);
    for (int i = 0; i < s.n; i++) {
        const checkfile *r = &s.rules[i];
        const char *vals[] = {r->name, checkfile_severity_name(r->severity), r->impl,
                              r->description};
        out_row(o, vals);
    }
    out_end(o);
    check_set_free(&s);
    return EXIT_OK;
}

static void store(app *a, const checkfile *const *rules, const check_result *res, int n)
{
    db_error e = {0};
    bool standby = db_in_recovery(a->db, &e);
    db_error_clear(&e);
    if (db_is_read_only(a->db) || standby) {
        fprintf(a->err, "check: results not stored (%s)\n",
                standby ? "the server is a standby" : "--read-only session");
        return;
    }
    if (check_store(a->db, rules, res, n, &e) != 0) {
        fprintf(a->err, "check: results not stored in agentdb.check_results: %s\n",
                e.message ? e.message : "unknown error");
        db_error_clear(&e);
    }
}

/* The rules are written for the latest schema: say so when the database is behind (they still
 * run; those that need a missing object report an error). */
static void warn_if_behind(app *a)
{
    mig_set set;
    char *err = NULL;
    if (mig_load_bundle(&set, &err) != 0) {
        free(err);
        return;
    }
    db_error e = {0};
    bool current = mig_load_state(a->db, &set, &e) == 0;
    for (int i = 0; current && i < set.nentries; i++)
        current = set.entries[i].state == MIG_APPLIED || set.entries[i].state == MIG_BASELINE;
    if (!current && !e.message)
        fprintf(a->err, "check: the schema is not at the latest migration ('migrate status'); "
                        "checks on objects it lacks will not run\n");
    db_error_clear(&e);
    mig_set_free(&set);
}

/* A role under row-level security sees only its projects' rows: say that its checks cover only
 * those (a clean result is then no statement about the rest of the database). */
static void warn_if_row_security(app *a)
{
    if (check_rls_limited(a->db))
        fprintf(a->err, "check: row-level security limits this role to its own projects' rows; "
                        "the checks cover only those (run them as the owner or agentdb_admin for "
                        "the whole database)\n");
}

int cmd_check_run(app *a, const cmd_call *call)
{
    long sample = RUN_DEFAULT_SAMPLE;
    const char *sarg = cmd_option(call, "sample");
    if (sarg && !parse_uint(sarg, 100, &sample)) {
        app_error(a, "--sample takes a whole number from 0 to 100 (ids shown per check), not "
                     "'%s'", sarg);
        return EXIT_USAGE;
    }
    check_set s;
    if (!load(a, &s))
        return EXIT_FAIL;
    int n = call->argc ? call->argc : s.n;
    const checkfile **rules = xcalloc((size_t)n + 1, sizeof *rules);
    int k = 0;
    for (int i = 0; i < n; i++) {
        const checkfile *r = call->argc ? named(a, &s, call->argv[i]) : &s.rules[i];
        if (!r) {
            free(rules);
            check_set_free(&s);
            return EXIT_USAGE;
        }
        bool dup = false;
        for (int j = 0; j < k; j++)
            dup = dup || rules[j] == r;
        if (!dup)
            rules[k++] = r;
    }
    n = k;
    int crc = app_db(a);
    if (crc != EXIT_OK) {
        free(rules);
        check_set_free(&s);
        return crc;
    }
    warn_if_behind(a);
    warn_if_row_security(a);
    check_result *res = xcalloc((size_t)n + 1, sizeof *res);
    int failed = 0, brokenn = 0, ran = 0;
    long long rows = 0;
    double t0 = now_ms();
    bool lost = false, cancelled = false, tty = isatty(fileno(a->err));
    for (int i = 0; i < n && !lost && !cancelled; i++) {
        if (tty) {
            fprintf(a->err, "check: [%d/%d] %s ...\r", i + 1, n, rules[i]->name);
            fflush(a->err);
        }
        check_run(a->db, rules[i], (int)sample, &res[i]);
        ran++;
        failed += res[i].status == CHECK_FAIL;
        brokenn += res[i].status == CHECK_BROKEN;
        rows += res[i].count;
        lost = res[i].conn_lost;
        cancelled = db_cancel_requested();
        fprintf(a->err, "check: [%d/%d] %s: %s", i + 1, n, rules[i]->name,
                check_status_name(res[i].status));
        if (res[i].status == CHECK_BROKEN)
            fprintf(a->err, ": %s", res[i].error);
        else
            fprintf(a->err, ", %lld row%s", res[i].count, res[i].count == 1 ? "" : "s");
        fprintf(a->err, " (%.0f ms)%s\n", res[i].ms, tty ? "\x1b[K" : "");
    }
    static const out_col cols[] = {
        {"check", COL_TEXT}, {"severity", COL_TEXT}, {"result", COL_TEXT}, {"rows", COL_NUMBER},
        {"ms", COL_NUMBER},  {"table", COL_TEXT},    {"sample_ids", COL_TEXT},
    };
    out_sink *o = out_begin(a->fmt, a->out, cols, 7);
    for (int i = 0; i < ran; i++) {
        char cnt[32], ms[32];
        snprintf(cnt, sizeof cnt, "%lld", res[i].count);
        snprintf(ms, sizeof ms, "%.1f", res[i].ms);
        strbuf sb = STRBUF_INIT;
        for (int j = 0; j < res[i].nsample; j++)
            sb_printf(&sb, "%s%s", j ? ", " : "", res[i].sample[j]);
        if (res[i].count > res[i].nsample && res[i].nsample)
            sb_append(&sb, ", ...");
        const char *vals[] = {rules[i]->name, checkfile_severity_name(rules[i]->severity),
                              check_status_name(res[i].status),
                              res[i].status == CHECK_BROKEN ? NULL : cnt, ms, res[i].table,
                              res[i].status == CHECK_BROKEN ? res[i].error : sb_str(&sb)};
        out_row(o, vals);
        sb_free(&sb);
    }
    out_end(o);
    int rc;
    if (lost) {
        app_error(a, "the connection was lost during check %s", rules[ran - 1]->name);
        rc = EXIT_CONN;
    } else if (cancelled) {
        app_error(a, "cancelled during check %s; %d of %d checks ran, nothing stored",
                  rules[ran - 1]->name, ran, n);
        rc = EXIT_FAIL;
    } else {
        store(a, rules, res, ran);
        fprintf(a->err, "check: %d check%s in %.1f s: %d passed, %d failed (%lld offending row%s)"
                        ", %d could not run\n",
                ran, ran == 1 ? "" : "s", (now_ms() - t0) / 1000.0, ran - failed - brokenn,
                failed, rows, rows == 1 ? "" : "s", brokenn);
        rc = failed ? EXIT_VIOLATIONS : brokenn ? EXIT_FAIL : EXIT_OK;
    }
    for (int i = 0; i < ran; i++)
        check_result_free(&res[i]);
    free(res);
    free(rules);
    check_set_free(&s);
    return rc;
}

int cmd_check_show(app *a, const cmd_call *call)
{
    long limit = SHOW_DEFAULT_LIMIT;
    const char *larg = cmd_option(call, "limit");
    if (larg && !parse_uint(larg, 100000000L, &limit)) {
        app_error(a, "--limit takes a whole number of rows (0 for all), not '%s'", larg);
        return EXIT_USAGE;
    }
    check_set s;
    if (!load(a, &s))
        return EXIT_FAIL;
    const checkfile *r = named(a, &s, call->argv[0]);
    if (!r) {
        check_set_free(&s);
        return EXIT_USAGE;
    }
    int crc = app_db(a);
    if (crc != EXIT_OK) {
        check_set_free(&s);
        return crc;
    }
    check_rows rows;
    db_error e = {0};
    if (check_rows_get(a->db, r, limit, &rows, &e) != 0) {
        int rc = app_db_error(a, &e);
        db_error_clear(&e);
        check_set_free(&s);
        return rc;
    }
    out_col *cols = xcalloc((size_t)rows.ncols + 1, sizeof *cols);
    for (int c = 0; c < rows.ncols; c++) {
        cols[c].name = rows.names[c];
        cols[c].type = rows.types[c];
    }
    out_sink *o = out_begin(a->fmt, a->out, cols, rows.ncols);
    for (long i = 0; i < rows.nrows; i++)
        out_row(o, (const char *const *)(rows.cells + i * rows.ncols));
    out_end(o);
    if (rows.more)
        fprintf(a->err, "check: showing the first %ld offending rows of %s; --limit=0 shows "
                        "all\n", limit, r->name);
    free(cols);
    check_rows_free(&rows);
    check_set_free(&s);
    return EXIT_OK;
}
