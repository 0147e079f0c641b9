/* agent.c: one agent: trust level, capabilities, definition versions, latest sessions, latest
 * decisions with confidence, and trust over time (accuracy chart and level changes). */
#include <stdlib.h>
#include <string.h>

#include "screens.h"
#include "tui_draw.h"
#include "tui_table.h"
#include "util.h"

typedef struct {
    char *id;  /* owned */
    tui_table head, sessions, decisions, trust;
    bool loaded, missing, focus_decisions;
} agent_state;

enum { Q_HEAD, Q_SESSIONS, Q_DECISIONS, Q_TRUST, Q_DEFINITION };

static void agent_open(tui *t, tui_view *v, void *st, const char *arg)
{
    agent_state *s = st;
    if (arg) {
        free(s->id);
        s->id = xstrdup(arg);
    }
    if (!s->id) {
        s->missing = true;
        tui_set_message(t, true, "agent needs an id: ':agent ID'");
        return;
    }
    const char *p[] = {s->id};
    tui_query(t, v, Q_HEAD, "queries/console/agent_header.sql", 1, p);
    tui_query(t, v, Q_SESSIONS, "queries/console/agent_sessions.sql", 1, p);
    tui_query(t, v, Q_DECISIONS, "queries/console/agent_decisions.sql", 1, p);
    tui_query(t, v, Q_TRUST, "queries/console/agent_trust.sql", 1, p);
}

static void agent_result(tui *t, tui_view *v, void *st, int tag, const PGresult *res, const char *err)
{
    (void)v;
    agent_state *s = st;
    if (err) {
        s->missing = s->missing || tag == Q_HEAD;
        return;
    }
    switch (tag) {
    case Q_DEFINITION: /* J: the agent's definition opens in the JSON viewer */
        if (PQntuples(res) == 0 || PQgetisnull(res, 0, 0))
            tui_set_message(t, false, "agent %s has no definition", s->id);
        else {
            char *arg = xasprintf("agent_definitions/%s/yaml_config", PQgetvalue(res, 0, 0));
            tui_push(t, tui_screen_find("jsonview"), arg);
            free(arg);
        }
        break;
    case Q_HEAD:
        tt_load(&s->head, res);
        s->missing = PQntuples(res) == 0;
        if (s->missing)
            tui_set_message(t, true, "agent %s not found", s->id);
        s->loaded = true;
        break;
    case Q_SESSIONS: tt_load(&s->sessions, res); break;
    case Q_DECISIONS: tt_load(&s->decisions, res); break;
    default: tt_load(&s->trust, res); break;
    }
}

static int heading(int row, int cols, const char *title)
{
    tui_hline(row, 0, cols, TC_DIM);
    tui_text(row, 2, cols - 2, title, TC_HEADER, false);
    return row + 1;
}

static void agent_draw(tui *t, tui_view *v, void *st, int top, int rows, int cols)
{
    (void)t;
    (void)v;
    agent_state *s = st;
    if (s->missing) {
        tui_text(top + 1, 1, cols - 1, s->id ? "agent not found" : "no agent id given", TC_ERROR, false);
        return;
    }
    if (!s->loaded) {
        tui_text(top + 1, 1, cols - 1, "loading...", TC_DIM, false);
        return;
    }
    int end = top + rows, r = top;
    const tui_table *h = &s->head;
    char *l1 = xasprintf("%s  %s / %s  trust level %s  active %s  row version %s",
                         tt_cell(h, 0, "name"), tt_cell(h, 0, "persona_type"), tt_cell(h, 0, "agent_type"),
                         tt_cell(h, 0, "trust_level"), tt_cell(h, 0, "is_active"), tt_cell(h, 0, "version"));
    tui_text(r++, 0, cols, l1, TC_NORMAL, false);
    free(l1);
    if (r < end) {
        char *l2 = xasprintf("capabilities: %s", tt_cell(h, 0, "capabilities") ? tt_cell(h, 0, "capabilities") : "none");
        tui_text(r++, 0, cols, l2, TC_NORMAL, false);
        free(l2);
    }
    if (r < end) {
        char *l3 = xasprintf("definition versions: %s", tt_cell(h, 0, "definitions") ? tt_cell(h, 0, "definitions") : "none");
        tui_text(r++, 0, cols, l3, TC_NORMAL, false);
        free(l3);
    }
    /* trust over time: a chart of accuracy, and the level changes */
    if (r + 1 < end && s->trust.nrows) {
        r = heading(r, cols, "trust over time (accuracy; level changes)");
        double *acc = xcalloc((size_t)s->trust.nrows, sizeof *acc);
        int n = 0;
        strbuf lv = STRBUF_INIT;
        for (int i = 0; i < s->trust.nrows; i++) {
            const char *type = tt_cell(&s->trust, i, "metric_type");
            if (type && strcmp(type, "accuracy") == 0)
                acc[n++] = atof(tt_cell(&s->trust, i, "value"));
            else if (type)
                sb_printf(&lv, "%s%s->%s (%s)", lv.len ? ", " : "", tt_cell(&s->trust, i, "previous_level"),
                          tt_cell(&s->trust, i, "new_level"), tt_cell(&s->trust, i, "day"));
        }
        int w = cols - 2 < n ? cols - 2 : n;
        if (w > 0) {
            char *sp = tui_sparkline(acc + (n - w), w);
            tui_text(r++, 0, cols, sp, TC_OK, false);
            free(sp);
        }
        if (r < end && lv.len) {
            char *l = xasprintf("levels: %s", sb_str(&lv));
            tui_text(r++, 0, cols, l, TC_NORMAL, false);
            free(l);
        }
        sb_free(&lv);
        free(acc);
    }
    int left = end - r;
    if (left > 4) {
        int hs = left / 2;
        r = heading(r, cols, "latest sessions");
        s->sessions.sel = s->focus_decisions ? -1 : s->sessions.sel;
        tt_draw(&s->sessions, r, hs - 1, cols, "no sessions");
        r += hs - 1;
        r = heading(r, cols, "latest decisions (confidence)");
        s->decisions.sel = s->focus_decisions ? s->decisions.sel : -1;
        tt_draw(&s->decisions, r, end - r, cols, "no decisions");
    }
}

static bool agent_action(tui *t, tui_view *v, void *st, tui_action a)
{
    (void)v;
    agent_state *s = st;
    bool e, b;
    tui_table *tt = s->focus_decisions ? &s->decisions : &s->sessions;
    if (tt->sel < 0)
        tt->sel = 0;
    if (tt_move(tt, a, 5, &e, &b)) {
        if (e && !s->focus_decisions) {
            s->focus_decisions = true;
            s->decisions.sel = 0;
        } else if (b && s->focus_decisions) {
            s->focus_decisions = false;
            s->sessions.sel = s->sessions.nrows ? s->sessions.nrows - 1 : 0;
        }
        return true;
    }
    if (a == TA_JSON) {
        if (s->id) {
            const char *p[] = {s->id};
            tui_query(t, v, Q_DEFINITION, "queries/json/agent_definition.sql", 1, p);
        }
        return true;
    }
    if (a == TA_COPY_PATH || a == TA_COPY) {
        if (s->id)
            tui_copy(t, a == TA_COPY && !s->focus_decisions && tt_get(&s->sessions, "id")
                            ? tt_get(&s->sessions, "id") : s->id);
        return true;
    }
    return false;
}

static void agent_close(void *st)
{
    agent_state *s = st;
    free(s->id);
    tt_free(&s->head);
    tt_free(&s->sessions);
    tt_free(&s->decisions);
    tt_free(&s->trust);
}

const tui_screen screen_agent = {
    "agent", "Agent", sizeof(agent_state), agent_open, agent_result, agent_draw, agent_action,
    agent_close, false,
};
