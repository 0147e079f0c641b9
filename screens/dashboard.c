/* dashboard.c: the first screen: workflows and tasks by status, running workflows, the latest
 * failures, the reward trend as a sparkline, and server health with the migration state. */
#include <stdlib.h>
#include <string.h>

#include "screens.h"
#include "tui_draw.h"
#include "tui_table.h"
#include "util.h"

typedef struct {
    tui_table counts, active, failures, server;
    double *reward;   /* owned daily averages */
    int nreward;
    int pending;      /* queries still out */
    char *error;      /* owned: first error (e.g. the schema is not migrated) */
    char *checks;     /* owned: the last check result, one line */
    char *retention;  /* owned: what retention would do now, one line */
} dash_state;

enum { Q_COUNTS, Q_ACTIVE, Q_FAIL, Q_REWARD, Q_SERVER, Q_CHECKS_EXIST, Q_CHECKS, Q_RET_OK, Q_RET };

static void dash_open(tui *t, tui_view *v, void *st, const char *arg)
{
    (void)arg;
    dash_state *s = st;
    free(s->error);
    s->error = NULL;
    tui_query(t, v, Q_SERVER, "queries/console/dashboard_server.sql", 0, NULL);
    tui_query(t, v, Q_COUNTS, "queries/console/dashboard_counts.sql", 0, NULL);
    tui_query(t, v, Q_ACTIVE, "queries/console/dashboard_active.sql", 0, NULL);
    tui_query(t, v, Q_FAIL, "queries/console/dashboard_failures.sql", 0, NULL);
    tui_query(t, v, Q_REWARD, "queries/console/dashboard_reward.sql", 0, NULL);
    tui_query(t, v, Q_CHECKS_EXIST, "queries/check/results_exist.sql", 0, NULL);
    tui_query(t, v, Q_RET_OK, "queries/retention/dashboard_ok.sql", 0, NULL);
    s->pending = 7;
}

static void dash_result(tui *t, tui_view *v, void *st, int tag, const PGresult *res, const char *err)
{
    dash_state *s = st;
    s->pending--;
    if (err) {
        if (!s->error)
            s->error = xstrdup(err);
        return;
    }
    switch (tag) {
    case Q_CHECKS_EXIST:
        if (PQgetvalue(res, 0, 1)[0] == 't') {
            tui_query(t, v, Q_CHECKS, "queries/check/last_result.sql", 0, NULL);
            s->pending++;
        } else {
            /* exists is false, or NULL (or true) for a role that may not read the results */
            free(s->checks);
            s->checks = xstrdup(PQgetvalue(res, 0, 0)[0] == 'f'
                                    ? "never run here (7 Checks, then A)"
                                    : "results not visible to this role");
        }
        break;
    case Q_CHECKS:
        free(s->checks);
        if (PQgetisnull(res, 0, 0))
            s->checks = xstrdup("never run here (7 Checks, then A)");
        else if (atol(PQgetvalue(res, 0, 2)) == 0 && atol(PQgetvalue(res, 0, 5)) == 0)
            s->checks = xasprintf("all %s pass (last run %.16s)", PQgetvalue(res, 0, 1),
                                  PQgetvalue(res, 0, 0));
        else
            s->checks = xasprintf("%s failing, %s could not run (last run %.16s): %s",
                                  PQgetvalue(res, 0, 2), PQgetvalue(res, 0, 5),
                                  PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 6));
        break;
    case Q_RET_OK:
        if (PQgetisnull(res, 0, 0)) {
            tui_query(t, v, Q_RET, "queries/retention/dashboard.sql", 0, NULL);
            s->pending++;
        } else {
            free(s->retention);
            s->retention = xstrdup(PQgetvalue(res, 0, 0));
        }
        break;
    case Q_RET:
        free(s->retention);
        s->retention = xasprintf("%s partitions due (%s), %s ahead to create%s%s", PQgetvalue(res, 0, 0),
                                 PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2),
                                 atol(PQgetvalue(res, 0, 3)) ? ", blocked: " : "",
                                 atol(PQgetvalue(res, 0, 3)) ? PQgetvalue(res, 0, 3) : "");
        break;
    case Q_COUNTS: tt_load(&s->counts, res); break;
    case Q_ACTIVE: tt_load(&s->active, res); break;
    case Q_FAIL: tt_load(&s->failures, res); break;
    case Q_SERVER: tt_load(&s->server, res); break;
    case Q_REWARD:
        free(s->reward);
        s->nreward = PQntuples(res);
        s->reward = xcalloc((size_t)s->nreward + 1, sizeof *s->reward);
        for (int i = 0; i < s->nreward; i++)
            s->reward[i] = atof(PQgetvalue(res, i, 1));
        break;
    }
}

static int section(int row, int cols, const char *title)
{
    tui_hline(row, 0, cols, TC_DIM);
    tui_text(row, 2, cols - 2, title, TC_HEADER, false);
    return row + 1;
}

static void dash_draw(tui *t, tui_view *v, void *st, int top, int rows, int cols)
{
    (void)t;
    (void)v;
    dash_state *s = st;
    int end = top + rows;
    int r = top;
    const tui_table *sv = &s->server;
    if (sv->nrows) {
        char *h = xasprintf("PostgreSQL %s  %s  size %s  connections %s  migrations: %s",
                            tt_cell(sv, 0, "version"), tt_cell(sv, 0, "role"), tt_cell(sv, 0, "size"),
                            tt_cell(sv, 0, "connections"), tt_cell(sv, 0, "migrations"));
        tui_text(r++, 0, cols, h, TC_NORMAL, false);
        free(h);
        if (r < end) {
            const char *lx = tt_cell(sv, 0, "long_xacts"), *rp = tt_cell(sv, 0, "replication");
            bool longx = lx && strcmp(lx, "0") != 0;
            h = xasprintf("replication: %s  transactions open 5 min or more: %s%s",
                          rp ? rp : "?", lx ? lx : "?",
                          longx ? " (':health' lists them)" : "");
            tui_text(r++, 0, cols, h, longx ? TC_WARN : TC_NORMAL, false);
            free(h);
        }
    }
    if ((s->checks || s->retention) && r < end) {
        char *h = xasprintf("checks: %s  retention: %s", s->checks ? s->checks : "...",
                            s->retention ? s->retention : "...");
        tui_text(r++, 0, cols, h, s->checks && strstr(s->checks, "failing") ? TC_WARN : TC_NORMAL,
                 false);
        free(h);
    }
    if (s->error && r < end) {
        /* a missing table, schema or function: most likely a database not migrated yet */
        bool missing = strstr(s->error, "(42P01)") || strstr(s->error, "(3F000)") ||
                       strstr(s->error, "(42883)");
        char *m = xasprintf("%s%s", s->error,
                            missing ? " (is the schema migrated? ':migrate status')" : "");
        tui_text(r++, 0, cols, m, TC_ERROR, false);
        free(m);
    }
    if (s->counts.nrows && r < end) {
        r = section(r, cols, "by status");
        for (int pass = 0; pass < 2 && r < end; pass++) {
            const char *what = pass ? "tasks" : "workflows";
            strbuf sb = STRBUF_INIT;
            bool approx = false;
            for (int i = 0; i < s->counts.nrows; i++) {
                const char *ap = tt_cell(&s->counts, i, "approx");
                approx |= strcmp(tt_cell(&s->counts, i, "what"), what) == 0 && ap && ap[0] == 't';
            }
            /* estimated counts (planner statistics) say so */
            sb_printf(&sb, "%-10s%s", what, approx ? " about" : "");
            for (int i = 0; i < s->counts.nrows; i++) {
                if (strcmp(tt_cell(&s->counts, i, "what"), what) != 0)
                    continue;
                const char *st2 = tt_cell(&s->counts, i, "status");
                sb_printf(&sb, " %s%s %s", tui_status_glyph(st2), tt_cell(&s->counts, i, "n"), st2);
            }
            tui_text(r++, 0, cols, sb_str(&sb), TC_NORMAL, false);
            sb_free(&sb);
        }
    }
    if (s->nreward && r < end) {
        r = section(r, cols, "reward trend (average per day)");
        int n = s->nreward;
        int width = cols - 20;
        const double *vals = s->reward;
        if (width < 1)
            width = 1;
        if (n > width) {
            vals += n - width;
            n = width;
        }
        char *sp = tui_sparkline(vals, n);
        char *line = xasprintf("%s  last %.3f", sp, s->reward[s->nreward - 1]);
        tui_text(r++, 0, cols, line, TC_OK, false);
        free(line);
        free(sp);
    }
    int avail = end - r;
    if (avail > 3 && s->failures.nrows) {
        r = section(r, cols, "latest failures");
        int h = avail / 2 - 1 > s->failures.nrows + 1 ? s->failures.nrows + 1 : avail / 2 - 1;
        s->failures.sel = -1;
        tt_draw(&s->failures, r, h, cols, "");
        r += h;
    }
    avail = end - r;
    if (avail > 2) {
        r = section(r, cols, "running workflows");
        s->active.sel = -1;
        tt_draw(&s->active, r, end - r, cols, "none running");
    }
}

static bool dash_action(tui *t, tui_view *v, void *st, tui_action a)
{
    dash_state *s = st;
    if (a == TA_OPEN) {
        tui_push(t, &screen_workflows, NULL);
        return true;
    }
    if (a == TA_REFRESH) {
        dash_open(t, v, s, NULL);
        return true;
    }
    return false;
}

static void dash_close(void *st)
{
    dash_state *s = st;
    tt_free(&s->counts);
    tt_free(&s->active);
    tt_free(&s->failures);
    tt_free(&s->server);
    free(s->reward);
    free(s->error);
    free(s->checks);
    free(s->retention);
}

const tui_screen screen_dashboard = {
    "dashboard", "Dashboard", sizeof(dash_state), dash_open, dash_result, dash_draw, dash_action, dash_close, false,
};
