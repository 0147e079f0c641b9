/* experiences.c: the Experiences screen: learning episodes, newest first, keyset-paged; Enter
 * opens an episode's steps. */
#include <stdlib.h>
#include <string.h>

#include "screens.h"
#include "tui_draw.h"
#include "tui_table.h"
#include "util.h"

typedef struct {
    tui_table tt;
    tt_pages pages;
    bool loaded, loading;
} exp_state;

static void exp_load(tui *t, tui_view *v, exp_state *s)
{
    char *a, *b;
    tt_key_split(tt_pages_cur(&s->pages), &a, &b);
    const char *p[] = {a, b};
    tui_query(t, v, 0, "queries/console/episodes_page.sql", 2, p);
    s->loading = true;
    free(a);
    free(b);
}

static void exp_open(tui *t, tui_view *v, void *st, const char *arg)
{
    (void)arg;
    exp_state *s = st;
    s->tt.hidden_cols = 1;
    if (s->pages.n == 0)
        tt_pages_push(&s->pages, NULL);
    exp_load(t, v, s);
}

static void exp_result(tui *t, tui_view *v, void *st, int tag, const PGresult *res, const char *err)
{
    (void)v;
    (void)tag;
    exp_state *s = st;
    s->loading = false;
    if (err)
        return;
    if (PQntuples(res) == 0 && tt_pages_pop(&s->pages)) {
        tui_set_message(t, false, "that was the last page");
        return;
    }
    tt_load(&s->tt, res);
    s->loaded = true;
}

static void exp_draw(tui *t, tui_view *v, void *st, int top, int rows, int cols)
{
    (void)t;
    (void)v;
    exp_state *s = st;
    char *h = xasprintf(" learning episodes, page %d  Enter opens the steps", s->pages.n);
    tui_text(top, 0, cols, h, TC_DIM, true);
    free(h);
    tt_draw(&s->tt, top + 1, rows - 1, cols, s->loaded ? "no episodes" : "loading...");
}

static bool exp_action(tui *t, tui_view *v, void *st, tui_action a)
{
    exp_state *s = st;
    bool end, start;
    if (tt_move(&s->tt, a, 10, &end, &start)) {
        if (end && !s->loading && s->tt.nrows == 200) {
            char *k = xasprintf("%s\t%s", tt_cell(&s->tt, s->tt.nrows - 1, "k_started"),
                                tt_cell(&s->tt, s->tt.nrows - 1, "id"));
            tt_pages_push(&s->pages, k);
            free(k);
            s->tt.sel = s->tt.top = 0;
            exp_load(t, v, s);
        } else if (start && !s->loading && tt_pages_pop(&s->pages))
            exp_load(t, v, s);
        return true;
    }
    if (a == TA_OPEN) {
        const char *id = tt_get(&s->tt, "id");
        if (id)
            tui_push(t, &screen_episode, id);
        return true;
    }
    if (a == TA_REFRESH) {
        exp_load(t, v, s);
        return true;
    }
    return false;
}

static void exp_close(void *st)
{
    exp_state *s = st;
    tt_free(&s->tt);
    tt_pages_reset(&s->pages);
}

const tui_screen screen_experiences = {
    "experiences", "Experiences", sizeof(exp_state), exp_open, exp_result, exp_draw, exp_action,
    exp_close, false,
};
