/* checks.c: the Checks screen: every integrity rule of sql/checks with its severity and
 * description, the last stored result of each, and running them (r the selected one, A all) with
 * progress on the status line; Enter drills into the selected rule's offending rows. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "screens.h"
#include "tui_draw.h"
#include "tui_table.h"
#include "util.h"

enum { C_NAME, C_SEVERITY, C_RESULT, C_ROWS, C_MS, C_SAMPLE, C_DESCRIPTION, C_NCOLS };
enum { Q_EXIST, Q_STORED };

typedef struct {
    check_set set;        /* owned when have_set */
    bool have_set;
    tui_table tt;
    char *summary;        /* owned header line */
    char *error;          /* owned */
} checks_state;

static void set_cell(tui_table *tt, int row, int col, const char *v)
{
    char **c = &tt->cells[(size_t)row * tt->ncols + col];
    free(*c);
    *c = v ? xstrdup(v) : NULL;
}

/* One row per rule, results empty. */
static void build_table(checks_state *s)
{
    static const char *const names[C_NCOLS] = {"check", "severity", "result", "rows",
                                               "ms",    "sample",   "description"};
    tui_table *tt = &s->tt;
    tt_define(tt, C_NCOLS, names, s->set.n);
    tt->numeric[C_ROWS] = tt->numeric[C_MS] = true;
    for (int i = 0; i < s->set.n; i++) {
        set_cell(tt, i, C_NAME, s->set.rules[i].name);
        set_cell(tt, i, C_SEVERITY, checkfile_severity_name(s->set.rules[i].severity));
        set_cell(tt, i, C_DESCRIPTION, s->set.rules[i].description);
    }
}

static int row_of(const checks_state *s, const char *name)
{
    for (int i = 0; i < s->set.n; i++)
        if (strcmp(s->set.rules[i].name, name) == 0)
            return i;
    return -1;
}

static void checks_open(tui *t, tui_view *v, void *st, const char *arg)
{
    (void)arg;
    checks_state *s = st;
    if (!s->have_set) {
        char *err = NULL;
        if (check_load(&s->set, &err) != 0) {
            s->error = xasprintf("the bundled checks are broken (a build defect): %s", err);
            free(err);
            return;
        }
        s->have_set = true;
        build_table(s);
    }
    tui_query(t, v, Q_EXIST, "queries/check/results_exist.sql", 0, NULL);
}

static void checks_result(tui *t, tui_view *v, void *st, int tag, const PGresult *res,
                          const char *err)
{
    checks_state *s = st;
    if (err)
        return;
    if (tag == Q_EXIST) {
        if (PQntuples(res) == 1 && PQgetvalue(res, 0, 1)[0] == 't')
            tui_query(t, v, Q_STORED, "queries/check/stored.sql", 0, NULL);
        else {
            free(s->summary);
            s->summary = xasprintf(" %s  r run the selected check  A run all  Enter its "
                                   "offending rows",
                                   PQntuples(res) == 1 && PQgetvalue(res, 0, 0)[0] != 'f'
                                       ? "stored results not visible to this role"
                                       : "never run here");
        }
        return;
    }
    char *last = NULL;
    for (int i = 0; i < PQntuples(res); i++) {
        int r = row_of(s, PQgetvalue(res, i, 0));
        if (r < 0)
            continue; /* a rule this binary does not carry */
        set_cell(&s->tt, r, C_RESULT, PQgetvalue(res, i, 1));
        set_cell(&s->tt, r, C_ROWS, PQgetisnull(res, i, 2) ? NULL : PQgetvalue(res, i, 2));
        set_cell(&s->tt, r, C_MS, PQgetvalue(res, i, 3));
        set_cell(&s->tt, r, C_SAMPLE, PQgetisnull(res, i, 5) ? NULL : PQgetvalue(res, i, 5));
        if (!last || strcmp(PQgetvalue(res, i, 4), last) > 0)
            last = PQgetvalue(res, i, 4);
    }
    free(s->summary);
    s->summary = xasprintf(" last run %s  r run the selected check  A run all  Enter its "
                           "offending rows", last ? last : "never");
}

static void checks_draw(tui *t, tui_view *v, void *st, int top, int rows, int cols)
{
    (void)t;
    (void)v;
    checks_state *s = st;
    if (s->error) {
        tui_text(top, 0, cols, s->error, TC_ERROR, true);
        return;
    }
    tui_text(top, 0, cols, s->summary ? s->summary : " loading...", TC_DIM, true);
    tt_draw(&s->tt, top + 1, rows - 1, cols, "no checks");
}

/* Run rules [from, to) synchronously (the connection is idle: nothing is in flight), with
 * progress on the status line, and store the results. With --report-dsn the rules run on the
 * report server and the results are stored on the primary. */
static void run_rules(tui *t, tui_view *v, checks_state *s, int from, int to)
{
    app *a = tui_app(t);
    db_conn *rdb = tui_view_db(t, v);
    if (!rdb)
        return; /* the report server is unreachable: tui_view_db said so */
    int n = to - from;
    check_result *res = xcalloc((size_t)n, sizeof *res);
    const checkfile **rules = xcalloc((size_t)n, sizeof *rules);
    int failing = 0, broken = 0, stopped = 0; /* stopped: the planned count, when cut short */
    double t0 = now_ms();
    for (int k = 0; k < n; k++) {
        const checkfile *rule = &s->set.rules[from + k];
        rules[k] = rule;
        tui_set_message(t, false, "checking %d/%d: %s ...", k + 1, n, rule->name);
        tui_redraw(t);
        check_run(rdb, rule, 5, &res[k]);
        int r = from + k;
        set_cell(&s->tt, r, C_RESULT, check_status_name(res[k].status));
        char buf[64];
        snprintf(buf, sizeof buf, "%lld", res[k].count);
        set_cell(&s->tt, r, C_ROWS, res[k].status == CHECK_BROKEN ? NULL : buf);
        snprintf(buf, sizeof buf, "%.0f", res[k].ms);
        set_cell(&s->tt, r, C_MS, buf);
        strbuf sample = STRBUF_INIT;
        sb_append(&sample, "");
        for (int i = 0; i < res[k].nsample; i++)
            sb_printf(&sample, "%s%s", i ? " " : "", res[k].sample[i]);
        set_cell(&s->tt, r, C_SAMPLE, res[k].status == CHECK_BROKEN ? res[k].error : sb_str(&sample));
        sb_free(&sample);
        failing += res[k].status == CHECK_FAIL;
        broken += res[k].status == CHECK_BROKEN;
        if (res[k].conn_lost) {
            n = k + 1;
            break;
        }
        /* Ctrl-C (or Esc) during the run stops it after this check; what ran is kept */
        if (k + 1 < n && tui_interrupted(t)) {
            stopped = n;
            n = k + 1;
            break;
        }
    }
    db_error e = {0};
    bool stored = !db_is_read_only(a->db) && check_store(a->db, rules, res, n, &e) == 0;
    char *cut = stopped ? xasprintf(" (stopped after %d of %d by Ctrl-C)", n, stopped) : xstrdup("");
    /* a role under row-level security checked only its own projects' rows: say so */
    bool limited = check_rls_limited(rdb);
    tui_set_message(t, failing || broken || stopped, "%d checks in %.1f s: %d failing, %d could not run%s%s%s",
                    n, (now_ms() - t0) / 1000.0, failing, broken, cut,
                    limited ? " (row-level security: only this role's projects were checked)" : "",
                    stored ? "" : " (results not stored: read-only or no privilege)");
    free(cut);
    db_error_clear(&e);
    for (int k = 0; k < n; k++)
        check_result_free(&res[k]);
    free(res);
    free(rules);
    free(s->summary);
    s->summary = xstrdup(" last run just now  r run the selected check  A run all  Enter its "
                         "offending rows");
}

static bool checks_action(tui *t, tui_view *v, void *st, tui_action a)
{
    (void)v;
    checks_state *s = st;
    bool end, start;
    if (tt_move(&s->tt, a, 10, &end, &start))
        return true;
    if (!s->have_set)
        return false;
    switch (a) {
    case TA_OPEN: {
        const char *name = tt_get(&s->tt, "check");
        if (name)
            tui_push(t, &screen_checkrows, name);
        return true;
    }
    case TA_RUN_ONE:
    case TA_RUN_ALL:
        if (tui_busy(t)) {
            tui_set_message(t, true, "a query is running; wait for it or cancel it (Ctrl-C)");
            return true;
        }
        if (a == TA_RUN_ONE && s->tt.nrows)
            run_rules(t, v, s, s->tt.sel, s->tt.sel + 1);
        else
            run_rules(t, v, s, 0, s->set.n);
        return true;
    case TA_COPY:
    case TA_COPY_PATH: {
        const char *val = tt_get(&s->tt, a == TA_COPY ? "sample" : "check");
        if (val)
            tui_copy(t, val);
        return true;
    }
    default: return false;
    }
}

static void checks_close(void *st)
{
    checks_state *s = st;
    tt_free(&s->tt);
    if (s->have_set)
        check_set_free(&s->set);
    free(s->summary);
    free(s->error);
}

const tui_screen screen_checks = {
    "checks", "Checks", sizeof(checks_state), checks_open, checks_result, checks_draw,
    checks_action, checks_close, true,
};
