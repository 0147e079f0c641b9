/* dag.c: the DAG screen: a workflow's tasks laid out in layers (src/dag_layout.c), panned and
 * walked along edges, with focus, collapse, critical path, blockers, status filter and versions. */
#include <stdlib.h>
#include <string.h>

#include "dag.h"
#include "dag_db.h"
#include "screens.h"
#include "tui_draw.h"
#include "util.h"

typedef struct {
    char *id;                 /* owned workflow id */
    long version, current, maxv;
    dag_graph *base;          /* owned: every task of the version shown */
    dag_graph *g;             /* owned: what is drawn (base after focus, filter, collapse) */
    dag_layout *lay;          /* owned: layout of g */
    uint16_t *nmark, *emark;  /* owned: per node and edge of g */
    char *sel_id;             /* owned: the selected task (survives rebuilds) */
    int sel;                  /* index in g, -1 none */
    char *focus_id;           /* owned: focus centre, NULL when not focused */
    char *block_id;           /* owned: the task whose blockers are shown, NULL when off */
    int hops;
    dag_focus_counts fc;
    unsigned statset;         /* 0: every status */
    bool collapse, critical;
    double crit_total;
    int nblockers;
    int x0, y0;               /* top-left cell of the drawing shown */
    bool loaded, missing, loading, follow, blockers_shown;
} dag_state;

enum { Q_WF, Q_TASKS, Q_EDGES };

static void free_view(dag_state *s)
{
    dag_layout_free(s->lay);
    if (s->g != s->base)
        dag_free(s->g);
    free(s->nmark);
    free(s->emark);
    s->lay = NULL;
    s->g = NULL;
    s->nmark = s->emark = NULL;
}

static void mark_path_edges(const dag_graph *g, const int *path, int len, uint16_t *em, uint16_t flag)
{
    for (int i = 1; i < len; i++)
        for (int k = g->out_off[path[i - 1]]; k < g->out_off[path[i - 1] + 1]; k++)
            if (g->edges[g->out_e[k]].to == path[i])
                em[g->out_e[k]] |= flag;
}

/* Recompute the marks (selection, critical path, blockers) of the drawn graph. */
static void remark(dag_state *s)
{
    const dag_graph *g = s->g;
    memset(s->nmark, 0, ((size_t)g->n + 1) * sizeof(uint16_t));
    memset(s->emark, 0, ((size_t)g->m + 1) * sizeof(uint16_t));
    s->nblockers = 0;
    if (s->critical) {
        int *path = NULL;
        int len = dag_critical_path(g, &path, &s->crit_total);
        for (int i = 0; i < len; i++)
            s->nmark[path[i]] |= DAG_ATTR_CRITICAL;
        mark_path_edges(g, path, len, s->emark, DAG_ATTR_CRITICAL);
        free(path);
    }
    int anchor = s->block_id ? dag_find(g, s->block_id) : -1;
    if (anchor >= 0) {
        unsigned char *m = xmalloc((size_t)g->n + 1);
        s->nblockers = dag_blockers(g, anchor, m);
        for (int i = 0; i < g->n; i++)
            if (m[i])
                s->nmark[i] |= DAG_ATTR_BLOCKER;
        free(m);
    }
    if (s->sel >= 0)
        s->nmark[s->sel] |= DAG_ATTR_SELECTED;
}

/* Derive the drawn graph from base: focus, then status filter, then collapse; lay it out. */
static void rebuild(dag_state *s)
{
    free_view(s);
    if (!s->base)
        return;
    dag_graph *g = s->base;
    memset(&s->fc, 0, sizeof s->fc);
    if (s->focus_id) {
        int c = dag_find(g, s->focus_id);
        if (c >= 0) {
            unsigned char *keep = xmalloc((size_t)g->n + 1);
            dag_focus(g, c, s->hops, keep, &s->fc);
            g = dag_subgraph(g, keep);
            free(keep);
        } else {
            free(s->focus_id);
            s->focus_id = NULL;
        }
    }
    if (s->statset) {
        dag_graph *f = dag_filter_status(g, s->statset);
        if (g != s->base)
            dag_free(g);
        g = f;
    }
    if (s->collapse) {
        dag_graph *c = dag_collapse(g, 3, NULL);
        if (g != s->base)
            dag_free(g);
        g = c;
    }
    s->g = g;
    dag_layout_opts o;
    dag_layout_defaults(&o);
    s->lay = dag_layout_compute(g, &o);
    s->nmark = xcalloc((size_t)g->n + 1, sizeof(uint16_t));
    s->emark = xcalloc((size_t)g->m + 1, sizeof(uint16_t));
    s->sel = s->sel_id ? dag_find(g, s->sel_id) : -1;
    if (s->sel < 0 && g->n > 0) {
        /* the first failed task, else the first one: what an operator opens a DAG for */
        s->sel = 0;
        for (int i = 0; i < g->n; i++)
            if (g->nodes[i].status == DAG_FAILED || g->nodes[i].hist[DAG_FAILED]) {
                s->sel = i;
                break;
            }
    }
    free(s->sel_id);
    s->sel_id = s->sel >= 0 ? xstrdup(g->nodes[s->sel].id) : NULL;
    s->follow = true;
    remark(s);
}

static void select_node(dag_state *s, int v)
{
    if (v < 0 || v >= s->g->n)
        return;
    s->sel = v;
    free(s->sel_id);
    s->sel_id = xstrdup(s->g->nodes[v].id);
    s->follow = true;
    remark(s);
}

static void load_version(tui *t, tui_view *v, dag_state *s)
{
    char vb[24];
    snprintf(vb, sizeof vb, "%ld", s->version);
    const char *p[] = {s->id, vb};
    tui_query(t, v, Q_TASKS, "queries/dag/tasks.sql", 2, p);
    tui_query(t, v, Q_EDGES, "queries/dag/edges.sql", 1, p);
    s->loading = true;
}

static void dag_open(tui *t, tui_view *v, void *st, const char *arg)
{
    dag_state *s = st;
    if (arg) {
        /* "WF" from ':dag WF' and the workflow screens; "WF/TASK" from the Task screen selects
         * that task */
        free(s->id);
        const char *slash = strchr(arg, '/');
        s->id = slash ? xstrndup(arg, (size_t)(slash - arg)) : xstrdup(arg);
        if (slash && slash[1]) {
            free(s->sel_id);
            s->sel_id = xstrdup(slash + 1);
        }
    }
    if (!s->hops)
        s->hops = 2;
    if (!s->id || !dagdb_valid_uuid(s->id)) {
        s->missing = true;
        tui_set_message(t, true, s->id ? "'dag' takes a workflow id (uuid)" : "dag needs a workflow id: ':dag WF'");
        return;
    }
    const char *p[] = {s->id};
    tui_query(t, v, Q_WF, "queries/dag/workflow.sql", 1, p);
}

static void dag_result(tui *t, tui_view *v, void *st, int tag, const PGresult *res, const char *err)
{
    dag_state *s = st;
    if (err) {
        s->loading = false;
        s->missing = tag == Q_WF;
        if (tag == Q_TASKS) { /* the edges that follow must not land on the old tasks */
            free_view(s);
            dag_free(s->base);
            s->base = NULL;
        }
        return;
    }
    if (tag == Q_WF) {
        if (PQntuples(res) == 0) {
            s->missing = true;
            tui_set_message(t, true, "workflow %s not found", s->id);
            return;
        }
        s->current = atol(PQgetvalue(res, 0, PQfnumber(res, "current_version")));
        s->maxv = atol(PQgetvalue(res, 0, PQfnumber(res, "max_version")));
        if (s->maxv < s->current)
            s->maxv = s->current;
        if (s->version < 1 || s->version > s->maxv)
            s->version = s->current;
        load_version(t, v, s);
    } else if (tag == Q_TASKS) {
        free_view(s);
        dag_free(s->base);
        s->base = dagdb_build(res, NULL);
    } else if (tag == Q_EDGES && s->base) {
        dagdb_add_edges(s->base, res);
        s->loading = false;
        s->loaded = true;
        rebuild(s);
    }
}

static tui_color cell_color(uint16_t attr)
{
    if (attr & DAG_ATTR_SELECTED)
        return TC_SELECTED;
    if (attr & DAG_ATTR_BLOCKER)
        return TC_ERROR;
    if (attr & DAG_ATTR_CRITICAL)
        return TC_WARN;
    if (attr & DAG_ATTR_DIM)
        return TC_DIM;
    if (attr & DAG_ATTR_EDGE)
        return TC_DIM;
    int st = (attr & DAG_ATTR_STATUS_MASK) - 1;
    if (st >= 0 && st < DAG_NSTATUS)
        return tui_status_color(dag_status_name((dag_status)st));
    return TC_NORMAL;
}

/* Keep the selected box in view. */
static void follow(dag_state *s, int rows, int cols)
{
    if (!s->follow || s->sel < 0)
        return;
    s->follow = false;
    const dag_box *b = &s->lay->boxes[s->sel];
    if (b->x < s->x0 || b->x + b->w > s->x0 + cols)
        s->x0 = b->x + b->w / 2 - cols / 2;
    if (b->y < s->y0 || b->y + b->h > s->y0 + rows)
        s->y0 = b->y + b->h / 2 - rows / 2;
}

static void clamp(dag_state *s, int rows, int cols)
{
    int mx = s->lay->width - cols, my = s->lay->height - rows;
    if (s->x0 > mx)
        s->x0 = mx;
    if (s->y0 > my)
        s->y0 = my;
    if (s->x0 < 0)
        s->x0 = 0;
    if (s->y0 < 0)
        s->y0 = 0;
}

static void draw_canvas(dag_state *s, int top, int rows, int cols)
{
    bool ascii = !tui_draw_unicode();
    dag_cell *cells = xmalloc((size_t)rows * (size_t)cols * sizeof(dag_cell));
    dag_marks mk = {s->nmark, s->emark};
    dag_render(s->g, s->lay, &mk, s->x0, s->y0, cols, rows, ascii, cells);
    strbuf run = STRBUF_INIT;
    char buf[4];
    for (int y = 0; y < rows; y++) {
        const dag_cell *row = &cells[(size_t)y * (size_t)cols];
        int x = 0;
        while (x < cols) {
            tui_color c = cell_color(row[x].attr);
            int start = x;
            sb_reset(&run);
            while (x < cols && cell_color(row[x].attr) == c) {
                sb_appendn(&run, buf, (size_t)dag_utf8_put(row[x].ch, buf));
                x++;
            }
            tui_text(top + y, start, x - start, sb_str(&run), c, true);
        }
    }
    sb_free(&run);
    free(cells);
}

static void dag_draw(tui *t, tui_view *v, void *st, int top, int rows, int cols)
{
    (void)t;
    (void)v;
    dag_state *s = st;
    if (s->missing) {
        tui_text(top, 0, cols, !s->id ? "no workflow id given" : !dagdb_valid_uuid(s->id) ? "not a workflow id" : "workflow not found", TC_ERROR, false);
        return;
    }
    if (!s->loaded || !s->g) {
        tui_text(top, 0, cols, "loading...", TC_DIM, false);
        return;
    }
    /* header: version, counts, what is hidden, the modes in force */
    strbuf h = STRBUF_INIT;
    sb_printf(&h, "v%ld/%ld  %d task%s", s->version, s->maxv, s->g->n, s->g->n == 1 ? "" : "s");
    if (s->version != s->current)
        sb_printf(&h, " (current v%ld)", s->current);
    if (s->focus_id)
        sb_printf(&h, "  focus \u00b1%d, hidden: %d up, %d down, %d other", s->hops,
                  s->fc.hidden_up, s->fc.hidden_down, s->fc.hidden_other);
    if (s->statset) {
        sb_append(&h, "  status=");
        bool first = true;
        for (int i = 0; i < DAG_NSTATUS; i++)
            if (s->statset & (1u << i)) {
                sb_printf(&h, "%s%s", first ? "" : ",", dag_status_name((dag_status)i));
                first = false;
            }
    }
    if (s->collapse)
        sb_append(&h, "  collapsed");
    if (s->critical && s->crit_total > 0)
        sb_printf(&h, "  critical %.1fs", s->crit_total);
    else if (s->critical)
        sb_append(&h, "  critical: no durations yet");
    if (s->block_id)
        sb_printf(&h, "  blockers %d (n N visit)", s->nblockers);
    if (s->lay->nreversed)
        sb_printf(&h, "  %d edge%s in cycles", s->lay->nreversed, s->lay->nreversed == 1 ? "" : "s");
    tui_text(top, 0, cols, sb_str(&h), TC_HEADER, true);
    sb_free(&h);
    if (rows < 2)
        return;
    int crows = rows - 2;
    if (s->g->n == 0) {
        tui_text(top + 1, 0, cols, s->statset ? "no task has these statuses ('/' changes the filter)"
                                              : "this version has no tasks", TC_DIM, false);
    } else if (crows > 0) {
        follow(s, crows, cols);
        clamp(s, crows, cols);
        draw_canvas(s, top + 1, crows, cols);
    }
    /* footer: the selected task */
    if (s->sel >= 0) {
        const dag_node *nd = &s->g->nodes[s->sel];
        char *line;
        if (nd->count > 1) {
            char *hist = dag_hist_text(nd, !tui_draw_unicode());
            line = xasprintf("%d\u00d7 %s  %s", nd->count, nd->type, hist);
            free(hist);
        } else {
            line = xasprintf("%s %s  %s  %s  try %d/%d  %s", dag_status_glyph(nd->status, !tui_draw_unicode()),
                             nd->label[0] ? nd->label : nd->type, nd->type,
                             dag_status_name(nd->status), nd->try_n, nd->try_max, nd->id);
        }
        tui_text(top + rows - 1, 0, cols, line, cell_color((uint16_t)(nd->status + 1)), true);
        free(line);
    }
}

/* The neighbour of the selection along its edges (up: upstream) nearest in x, or -1. */
static int neighbour(const dag_state *s, bool up)
{
    const dag_graph *g = s->g;
    int v = s->sel, best = -1, bestd = 0;
    const int *off = up ? g->in_off : g->out_off, *lst = up ? g->in_e : g->out_e;
    for (int i = off[v]; i < off[v + 1]; i++) {
        int w = up ? g->edges[lst[i]].from : g->edges[lst[i]].to;
        int d = abs(s->lay->boxes[w].x - s->lay->boxes[v].x);
        if (best < 0 || d < bestd) {
            best = w;
            bestd = d;
        }
    }
    return best;
}

/* The box in the same layer next to the selection (dir -1 left, +1 right), or -1. */
static int beside(const dag_state *s, int dir)
{
    const dag_box *b = &s->lay->boxes[s->sel];
    int best = -1;
    for (int i = 0; i < s->g->n; i++) {
        const dag_box *c = &s->lay->boxes[i];
        if (c->layer != b->layer || (dir < 0 ? c->x >= b->x : c->x <= b->x))
            continue;
        if (best < 0 || (dir < 0 ? c->x > s->lay->boxes[best].x : c->x < s->lay->boxes[best].x))
            best = i;
    }
    return best;
}

/* The nearest box in another layer (when the selection has no edge that way). */
static int nearest_in_layer(const dag_state *s, int layer)
{
    const dag_box *b = &s->lay->boxes[s->sel];
    int best = -1;
    for (int i = 0; i < s->g->n; i++) {
        const dag_box *c = &s->lay->boxes[i];
        if (c->layer == layer && (best < 0 || abs(c->x - b->x) < abs(s->lay->boxes[best].x - b->x)))
            best = i;
    }
    return best;
}

static bool dag_action(tui *t, tui_view *v, void *st, tui_action a)
{
    dag_state *s = st;
    if (!s->loaded || !s->g)
        return a == TA_REFRESH ? (dag_open(t, v, st, NULL), true) : false;
    bool have = s->sel >= 0;
    int page = 10;
    switch (a) {
    case TA_UP:
    case TA_DOWN: {
        if (!have)
            return true;
        int w = neighbour(s, a == TA_UP);
        if (w < 0)
            w = nearest_in_layer(s, s->lay->boxes[s->sel].layer + (a == TA_UP ? -1 : 1));
        if (w >= 0)
            select_node(s, w);
        else
            tui_set_message(t, false, "no task %s of this one", a == TA_UP ? "upstream" : "downstream");
        return true;
    }
    case TA_LEFT:
    case TA_RIGHT:
        if (have)
            select_node(s, beside(s, a == TA_LEFT ? -1 : 1));
        return true;
    case TA_PAN_LEFT: s->x0 -= 20; return true;
    case TA_PAN_RIGHT: s->x0 += 20; return true;
    case TA_PAGE_UP: s->y0 -= page; return true;
    case TA_PAGE_DOWN: s->y0 += page; return true;
    case TA_FIRST:
    case TA_LAST: {
        int best = -1;
        for (int i = 0; i < s->g->n; i++) {
            const dag_box *c = &s->lay->boxes[i];
            if (best < 0 || (a == TA_FIRST ? (c->y < s->lay->boxes[best].y ||
                                              (c->y == s->lay->boxes[best].y && c->x < s->lay->boxes[best].x))
                                           : (c->y > s->lay->boxes[best].y ||
                                              (c->y == s->lay->boxes[best].y && c->x > s->lay->boxes[best].x))))
                best = i;
        }
        select_node(s, best);
        return true;
    }
    case TA_OPEN:
        if (!have)
            return true;
        if (s->g->nodes[s->sel].count > 1)
            tui_set_message(t, false, "a group of %d tasks: 'c' expands the groups", s->g->nodes[s->sel].count);
        else
            tui_push(t, &screen_task, s->g->nodes[s->sel].id);
        return true;
    case TA_COPY:
    case TA_COPY_PATH:
        if (have)
            tui_copy(t, a == TA_COPY ? s->g->nodes[s->sel].id : s->id);
        return true;
    case TA_FOCUS:
        if (s->focus_id) {
            free(s->focus_id);
            s->focus_id = NULL;
        } else if (have) {
            s->focus_id = xstrdup(s->g->nodes[s->sel].id);
        }
        rebuild(s);
        return true;
    case TA_MORE_HOPS:
    case TA_FEWER_HOPS:
        if (!s->focus_id && have)
            s->focus_id = xstrdup(s->g->nodes[s->sel].id);
        else if (a == TA_MORE_HOPS && s->hops < 1000)
            s->hops++;
        else if (a == TA_FEWER_HOPS && s->hops > 0)
            s->hops--;
        rebuild(s);
        return true;
    case TA_COLLAPSE:
        s->collapse = !s->collapse;
        rebuild(s);
        return true;
    case TA_CRITICAL:
        s->critical = !s->critical;
        remark(s);
        return true;
    case TA_BLOCKERS:
        /* the blockers stay those of this task while the selection walks to them (n, N) */
        free(s->block_id);
        s->block_id = NULL;
        if (a == TA_BLOCKERS && have && !s->blockers_shown) {
            s->block_id = xstrdup(s->g->nodes[s->sel].id);
            s->blockers_shown = true;
        } else {
            s->blockers_shown = false;
        }
        remark(s);
        if (s->block_id)
            tui_set_message(t, false, "%d unfinished task%s upstream block this one%s", s->nblockers,
                            s->nblockers == 1 ? "" : "s", s->nblockers ? "; n and N visit them" : "");
        return true;
    case TA_NEXT_MATCH:
    case TA_PREV_MATCH: {
        /* visit the highlighted boxes (blockers, else the critical path) in drawing order */
        uint16_t want = s->block_id ? DAG_ATTR_BLOCKER : s->critical ? DAG_ATTR_CRITICAL : 0;
        if (!want) {
            tui_set_message(t, false, "n and N visit blockers (b) or the critical path (p)");
            return true;
        }
        int cur = s->sel, best = -1;
        long ck = cur >= 0 ? (long)s->lay->boxes[cur].y * 1000000L + s->lay->boxes[cur].x : -1;
        long bk = 0;
        for (int pass = 0; pass < 2 && best < 0; pass++)
            for (int i = 0; i < s->g->n; i++) {
                if (!(s->nmark[i] & want) || i == cur)
                    continue;
                long k = (long)s->lay->boxes[i].y * 1000000L + s->lay->boxes[i].x;
                bool after = a == TA_NEXT_MATCH ? k > ck : k < ck;
                if (pass == 0 && !after)
                    continue; /* the second pass wraps round */
                if (best < 0 || (a == TA_NEXT_MATCH ? k < bk : k > bk)) {
                    best = i;
                    bk = k;
                }
            }
        if (best >= 0)
            select_node(s, best);
        else
            tui_set_message(t, false, "nothing else is highlighted");
        return true;
    }
    case TA_FILTER: {
        char *in = tui_ask(t, "statuses to show (e.g. failed,running; empty or all: every one): ", NULL);
        if (!in)
            return true;
        unsigned set = 0;
        const char *bad = NULL;
        if (!*in || strcmp(in, "all") == 0)
            s->statset = 0;
        else if (dag_status_set_parse(in, &set, &bad))
            s->statset = set;
        else
            tui_set_message(t, true, "unknown status in '%s'; statuses: pending queued running "
                                     "completed failed cancelled timeout retrying", in);
        free(in);
        rebuild(s);
        return true;
    }
    case TA_VERSION_NEXT:
    case TA_VERSION_PREV: {
        long nv = s->version + (a == TA_VERSION_NEXT ? 1 : -1);
        if (nv < 1 || nv > s->maxv) {
            tui_set_message(t, false, "versions go from 1 to %ld", s->maxv);
            return true;
        }
        s->version = nv;
        load_version(t, v, s);
        return true;
    }
    case TA_REFRESH:
        dag_open(t, v, st, NULL);
        return true;
    default: return false;
    }
}

static void dag_close(void *st)
{
    dag_state *s = st;
    free_view(s);
    dag_free(s->base);
    free(s->id);
    free(s->sel_id);
    free(s->focus_id);
    free(s->block_id);
}

const tui_screen screen_dag = {
    "dag", "DAG", sizeof(dag_state), dag_open, dag_result, dag_draw, dag_action, dag_close, false,
};
