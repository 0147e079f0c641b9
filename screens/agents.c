/* agents.c: the Agents screen: every agent with trust level, persona, type, definition and
 * session count; '/' filters by a regex on the name; Enter opens the agent. */
#include <stdlib.h>
#include <string.h>

#include "screens.h"
#include "tui_draw.h"
#include "tui_table.h"
#include "util.h"

typedef struct {
    tui_table tt;
    char *regex;  /* owned filter */
    bool loaded;
} agents_state;

static void agents_open(tui *t, tui_view *v, void *st, const char *arg)
{
    (void)arg;
    agents_state *s = st;
    const char *p[] = {s->regex};
    tui_query(t, v, 0, "queries/console/agents_list.sql", 1, p);
}

static void agents_result(tui *t, tui_view *v, void *st, int tag, const PGresult *res, const char *err)
{
    (void)t;
    (void)v;
    (void)tag;
    agents_state *s = st;
    if (!err) {
        tt_load(&s->tt, res);
        s->loaded = true;
    }
}

static void agents_draw(tui *t, tui_view *v, void *st, int top, int rows, int cols)
{
    (void)t;
    (void)v;
    agents_state *s = st;
    char *h = xasprintf(" %d agents%s%s  / filter by name  Enter open", s->tt.nrows,
                        s->regex ? "  name~" : "", s->regex ? s->regex : "");
    tui_text(top, 0, cols, h, TC_DIM, true);
    free(h);
    tt_draw(&s->tt, top + 1, rows - 1, cols, s->loaded ? "no agents" : "loading...");
}

static bool agents_action(tui *t, tui_view *v, void *st, tui_action a)
{
    agents_state *s = st;
    bool end, start;
    if (tt_move(&s->tt, a, 10, &end, &start))
        return true;
    switch (a) {
    case TA_OPEN: {
        const char *id = tt_get(&s->tt, "id");
        if (id)
            tui_push(t, &screen_agent, id);
        return true;
    }
    case TA_FILTER: {
        char *re = tui_ask(t, "agent name regex (empty clears): ", s->regex);
        if (re) {
            free(s->regex);
            s->regex = *re ? re : NULL;
            if (!s->regex)
                free(re);
            s->tt.sel = s->tt.top = 0;
            agents_open(t, v, s, NULL);
        }
        return true;
    }
    case TA_REFRESH: agents_open(t, v, s, NULL); return true;
    case TA_COPY:
    case TA_COPY_PATH: {
        const char *val = tt_get(&s->tt, a == TA_COPY ? "name" : "id");
        if (val)
            tui_copy(t, val);
        return true;
    }
    default: return false;
    }
}

static void agents_close(void *st)
{
    agents_state *s = st;
    tt_free(&s->tt);
    free(s->regex);
}

const tui_screen screen_agents = {
    "agents", "Agents", sizeof(agents_state), agents_open, agents_result, agents_draw,
    agents_action, agents_close, false,
};
