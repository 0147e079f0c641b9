/* reports.c: the Reports screen: the report views found in the catalog with their descriptions
 * (the first line of each COMMENT); Enter runs one (the Report screen); R refreshes the list. */
#include <stdlib.h>
#include <string.h>

#include "screens.h"
#include "tui_draw.h"
#include "tui_table.h"
#include "util.h"

typedef struct {
    tui_table tt;
    bool loaded;
} reports_state;

static void reports_open(tui *t, tui_view *v, void *st, const char *arg)
{
    (void)arg;
    (void)st;
    tui_query(t, v, 0, "queries/report/list.sql", 0, NULL);
}

static void reports_result(tui *t, tui_view *v, void *st, int tag, const PGresult *res,
                           const char *err)
{
    (void)t;
    (void)v;
    (void)tag;
    reports_state *s = st;
    if (!err) {
        tt_load(&s->tt, res);
        s->loaded = true;
    }
}

static void reports_draw(tui *t, tui_view *v, void *st, int top, int rows, int cols)
{
    (void)t;
    (void)v;
    reports_state *s = st;
    char *h = xasprintf(" %d reports  Enter run  (materialized: as of the last 'report refresh')",
                        s->tt.nrows);
    tui_text(top, 0, cols, h, TC_DIM, true);
    free(h);
    tt_draw(&s->tt, top + 1, rows - 1, cols,
            s->loaded ? "no reports: 'migrate up' creates them (migration 0011)" : "loading...");
}

static bool reports_action(tui *t, tui_view *v, void *st, tui_action a)
{
    (void)v;
    reports_state *s = st;
    bool end, start;
    if (tt_move(&s->tt, a, 10, &end, &start))
        return true;
    switch (a) {
    case TA_OPEN: {
        const char *name = tt_get(&s->tt, "name");
        if (name)
            tui_push(t, &screen_reportview, name);
        return true;
    }
    case TA_COPY:
    case TA_COPY_PATH: {
        const char *val = tt_get(&s->tt, a == TA_COPY ? "description" : "name");
        if (val)
            tui_copy(t, val);
        return true;
    }
    default: return false;
    }
}

static void reports_close(void *st)
{
    reports_state *s = st;
    tt_free(&s->tt);
}

const tui_screen screen_reports = {
    "reports", "Reports", sizeof(reports_state), reports_open, reports_result, reports_draw,
    reports_action, reports_close, true,
};
