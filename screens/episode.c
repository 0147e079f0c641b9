/* episode.c: one learning episode: its reward curve (cumulative reward by step) and its steps
 * (state, action, reward), 200 at a time in step order. */
#include <stdlib.h>
#include <string.h>

#include "screens.h"
#include "tui_draw.h"
#include "tui_table.h"
#include "util.h"

typedef struct {
    char *id;       /* owned */
    tui_table steps;
    double *curve;  /* owned cumulative rewards */
    int ncurve;
    tt_pages pages; /* keys are the last step of the previous page */
    bool loaded, loading;
} ep_state;

enum { Q_STEPS, Q_CURVE };

static void ep_load(tui *t, tui_view *v, ep_state *s)
{
    const char *after = tt_pages_cur(&s->pages);
    const char *p[] = {s->id, after ? after : "-1"};
    tui_query(t, v, Q_STEPS, "queries/console/episode_steps.sql", 2, p);
    s->loading = true;
}

static void ep_open(tui *t, tui_view *v, void *st, const char *arg)
{
    ep_state *s = st;
    if (arg) {
        free(s->id);
        s->id = xstrdup(arg);
    }
    if (!s->id) {
        tui_set_message(t, true, "episode needs an id: ':episode ID'");
        return;
    }
    if (s->pages.n == 0)
        tt_pages_push(&s->pages, NULL);
    ep_load(t, v, s);
    const char *p[] = {s->id};
    tui_query(t, v, Q_CURVE, "queries/console/episode_curve.sql", 1, p);
}

static void ep_result(tui *t, tui_view *v, void *st, int tag, const PGresult *res, const char *err)
{
    (void)v;
    ep_state *s = st;
    if (tag == Q_STEPS)
        s->loading = false;
    if (err)
        return;
    if (tag == Q_CURVE) {
        free(s->curve);
        s->ncurve = PQntuples(res);
        s->curve = xcalloc((size_t)s->ncurve + 1, sizeof *s->curve);
        for (int i = 0; i < s->ncurve; i++)
            s->curve[i] = atof(PQgetvalue(res, i, 1));
        return;
    }
    if (PQntuples(res) == 0 && tt_pages_pop(&s->pages)) {
        tui_set_message(t, false, "that was the last step");
        return;
    }
    tt_load(&s->steps, res);
    s->steps.hidden_cols = 1;
    if (!s->loaded && PQntuples(res) == 0)
        tui_set_message(t, true, "episode %s has no steps, or does not exist", s->id);
    s->loaded = true;
}

static void ep_draw(tui *t, tui_view *v, void *st, int top, int rows, int cols)
{
    (void)t;
    (void)v;
    ep_state *s = st;
    int r = top;
    if (s->ncurve > 0) {
        /* resample the curve to the screen width */
        int w = cols - 24 > 1 ? cols - 24 : 1;
        int n = s->ncurve < w ? s->ncurve : w;
        double *pts = xcalloc((size_t)n, sizeof *pts);
        for (int i = 0; i < n; i++)
            pts[i] = s->curve[(long)i * s->ncurve / n];
        char *sp = tui_sparkline(pts, n);
        char *line = xasprintf("reward %s %.3f", sp, s->curve[s->ncurve - 1]);
        tui_text(r++, 0, cols, line, TC_OK, false);
        free(line);
        free(sp);
        free(pts);
    }
    char *h = xasprintf(" steps, page %d  (state, action, reward)", s->pages.n);
    tui_text(r++, 0, cols, h, TC_DIM, true);
    free(h);
    tt_draw(&s->steps, r, top + rows - r, cols, s->loaded ? "no steps" : "loading...");
}

static bool ep_action(tui *t, tui_view *v, void *st, tui_action a)
{
    ep_state *s = st;
    bool end, start;
    if (tt_move(&s->steps, a, 10, &end, &start)) {
        if (end && !s->loading && s->steps.nrows == 200) {
            tt_pages_push(&s->pages, tt_cell(&s->steps, s->steps.nrows - 1, "step"));
            s->steps.sel = s->steps.top = 0;
            ep_load(t, v, s);
        } else if (start && !s->loading && tt_pages_pop(&s->pages))
            ep_load(t, v, s);
        return true;
    }
    if (a == TA_JSON) { /* state_context, or action_taken when the action column is scrolled to */
        const char *id = tt_get(&s->steps, "id");
        if (id) {
            bool action = s->steps.hcol > 0 && s->steps.hcol <= tt_col(&s->steps, "action");
            char *arg = xasprintf("experiences/%s/%s", id, action ? "action_taken" : "state_context");
            tui_push(t, tui_screen_find("jsonview"), arg);
            free(arg);
        }
        return true;
    }
    if (a == TA_COPY || a == TA_COPY_PATH) {
        const char *val = a == TA_COPY ? tt_get(&s->steps, "state") : s->id;
        if (val)
            tui_copy(t, val);
        return true;
    }
    return false;
}

static void ep_close(void *st)
{
    ep_state *s = st;
    free(s->id);
    free(s->curve);
    tt_free(&s->steps);
    tt_pages_reset(&s->pages);
}

const tui_screen screen_episode = {
    "episode", "Episode", sizeof(ep_state), ep_open, ep_result, ep_draw, ep_action, ep_close, false,
};
