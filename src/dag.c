/* dag.c: the task DAG model: nodes with an id index, edges, adjacency, status names and glyphs.
 * The layout is in dag_layout.c, analyses in dag_ops.c, drawing in dag_render.c, export in dag_export.c.
 *
 * Why the layout is written here rather than taken from igraph (libigraph-dev): igraph's
 * igraph_layout_sugiyama() returns floating-point positions for unit-size nodes (plus the dummy
 * vertices of long edges), so boxes of a fixed cell width, orthogonal edge routes through the gaps
 * and channel rows would all have to be rebuilt on top of it. Mapping its output to a cell grid
 * costs about as much code as the layout itself, and adds a large dependency; it was therefore not
 * measured. The hand-written layout (dag_layout.c) is linear or O(n log n) at each
 * step: iterative DFS cycle breaking, longest-path layering, dummy nodes, barycenter/median sweeps
 * with crossings counted by a Fenwick tree (Barth-Juenger-Mutzel), and x coordinates from weighted
 * isotonic regression (pool adjacent violators), so it meets 1,000 tasks <= 20 ms and 10,000 <=
 * 500 ms with room to spare (tools/bench_dag.c measures it against dot -Tplain). */
#include <stdlib.h>
#include <string.h>

#include "dag.h"
#include "util.h"

static const char *const status_names[DAG_NSTATUS] = {
    "pending", "queued", "running", "completed", "failed", "cancelled", "timeout", "retrying",
};
/* ✓ done, ✗ failed, ▶ running, ↻ retrying, ◷ timeout, ⊘ cancelled, ◔ queued, ○ pending */
static const char *const glyph_utf8[DAG_NSTATUS] = {
    "\u25cb", "\u25d4", "\u25b6", "\u2713", "\u2717", "\u2298", "\u25f7", "\u21bb",
};
static const char *const glyph_ascii[DAG_NSTATUS] = {".", "q", ">", "+", "X", "/", "T", "R"};
/* most urgent first: failed, timeout, running, retrying, queued, pending, cancelled, completed */
static const int status_rank[DAG_NSTATUS] = {
    [DAG_FAILED] = 7, [DAG_TIMEOUT] = 6, [DAG_RUNNING] = 5, [DAG_RETRYING] = 4,
    [DAG_QUEUED] = 3, [DAG_PENDING] = 2, [DAG_CANCELLED] = 1, [DAG_COMPLETED] = 0,
};
static const char *const kind_names[] = {"blocking", "data", "soft"};

const char *dag_status_name(dag_status s)
{
    return (unsigned)s < DAG_NSTATUS ? status_names[s] : "?";
}

bool dag_status_parse(const char *s, dag_status *out)
{
    for (int i = 0; i < DAG_NSTATUS; i++)
        if (s && strcmp(s, status_names[i]) == 0) {
            *out = (dag_status)i;
            return true;
        }
    return false;
}

bool dag_status_set_parse(const char *s, unsigned *set, const char **bad)
{
    unsigned acc = 0;
    const char *p = s;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        int found = -1;
        for (int i = 0; i < DAG_NSTATUS; i++)
            if (strlen(status_names[i]) == len && strncmp(p, status_names[i], len) == 0)
                found = i;
        if (found < 0) {
            if (bad)
                *bad = p;
            return false;
        }
        acc |= 1u << found;
        if (!e)
            break;
        p = e + 1;
    }
    if (acc == 0) {
        if (bad)
            *bad = s;
        return false;
    }
    *set = acc;
    return true;
}

const char *dag_status_glyph(dag_status s, bool ascii)
{
    if ((unsigned)s >= DAG_NSTATUS)
        return "?";
    return ascii ? glyph_ascii[s] : glyph_utf8[s];
}

int dag_status_rank(dag_status s)
{
    return (unsigned)s < DAG_NSTATUS ? status_rank[s] : 0;
}

bool dag_edge_kind_parse(const char *s, dag_edge_kind *out)
{
    for (int i = 0; i < 3; i++)
        if (s && strcmp(s, kind_names[i]) == 0) {
            *out = (dag_edge_kind)i;
            return true;
        }
    return false;
}

const char *dag_edge_kind_name(dag_edge_kind k)
{
    return (unsigned)k < 3 ? kind_names[k] : "?";
}

dag_graph *dag_new(void)
{
    return xcalloc(1, sizeof(dag_graph));
}

static void free_adjacency(dag_graph *g)
{
    free(g->out_off);
    free(g->out_e);
    free(g->in_off);
    free(g->in_e);
    g->out_off = g->out_e = g->in_off = g->in_e = NULL;
    g->finished = false;
}

void dag_free(dag_graph *g)
{
    if (!g)
        return;
    for (int i = 0; i < g->n; i++) {
        free(g->nodes[i].id);
        free(g->nodes[i].label);
        free(g->nodes[i].type);
    }
    free(g->nodes);
    free(g->edges);
    free(g->hash);
    free_adjacency(g);
    free(g);
}

static unsigned hash_str(const char *s)
{
    unsigned h = 2166136261u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static void hash_insert(dag_graph *g, int idx)
{
    unsigned mask = (unsigned)g->hcap - 1;
    unsigned h = hash_str(g->nodes[idx].id) & mask;
    while (g->hash[h] >= 0)
        h = (h + 1) & mask;
    g->hash[h] = idx;
}

static void hash_grow(dag_graph *g)
{
    int cap = g->hcap ? g->hcap * 2 : 64;
    free(g->hash);
    g->hash = xmalloc((size_t)cap * sizeof(int));
    g->hcap = cap;
    for (int i = 0; i < cap; i++)
        g->hash[i] = -1;
    for (int i = 0; i < g->n; i++)
        hash_insert(g, i);
}

int dag_find(const dag_graph *g, const char *id)
{
    if (!g->hcap || !id)
        return -1;
    unsigned mask = (unsigned)g->hcap - 1;
    for (unsigned h = hash_str(id) & mask; g->hash[h] >= 0; h = (h + 1) & mask)
        if (strcmp(g->nodes[g->hash[h]].id, id) == 0)
            return g->hash[h];
    return -1;
}

int dag_add_node(dag_graph *g, const char *id, const char *label, const char *type,
                 dag_status status, double duration, int try_n, int try_max)
{
    if (!id || dag_find(g, id) >= 0)
        return -1;
    if (g->n == g->ncap) {
        g->ncap = g->ncap ? g->ncap * 2 : 64;
        g->nodes = xrealloc(g->nodes, (size_t)g->ncap * sizeof(dag_node));
    }
    dag_node *nd = &g->nodes[g->n];
    memset(nd, 0, sizeof *nd);
    nd->id = xstrdup(id);
    nd->label = xstrdup(label ? label : "");
    nd->type = xstrdup(type ? type : "");
    nd->status = (unsigned)status < DAG_NSTATUS ? status : DAG_PENDING;
    nd->duration = duration;
    nd->try_n = try_n;
    nd->try_max = try_max;
    nd->count = 1;
    nd->hist[nd->status] = 1;
    nd->orig = -1;
    int idx = g->n++;
    if ((g->n + 1) * 2 > g->hcap)
        hash_grow(g);
    else
        hash_insert(g, idx);
    free_adjacency(g);
    return idx;
}

int dag_add_edge(dag_graph *g, int from, int to, dag_edge_kind kind)
{
    if (from < 0 || to < 0 || from >= g->n || to >= g->n || from == to)
        return -1;
    if (g->m == g->mcap) {
        g->mcap = g->mcap ? g->mcap * 2 : 64;
        g->edges = xrealloc(g->edges, (size_t)g->mcap * sizeof(dag_edge));
    }
    g->edges[g->m] = (dag_edge){from, to, kind};
    free_adjacency(g);
    return g->m++;
}

/* Counting sort of edge indices by one endpoint into off[]/list[]. */
static void build_csr(int n, int m, const dag_edge *edges, bool by_from, int **offp, int **listp)
{
    int *off = xcalloc((size_t)n + 1, sizeof(int));
    int *list = xmalloc((size_t)(m ? m : 1) * sizeof(int));
    for (int e = 0; e < m; e++)
        off[(by_from ? edges[e].from : edges[e].to) + 1]++;
    for (int v = 0; v < n; v++)
        off[v + 1] += off[v];
    int *fill = xmalloc(((size_t)n + 1) * sizeof(int));
    memcpy(fill, off, ((size_t)n + 1) * sizeof(int));
    for (int e = 0; e < m; e++)
        list[fill[by_from ? edges[e].from : edges[e].to]++] = e;
    free(fill);
    *offp = off;
    *listp = list;
}

void dag_finish(dag_graph *g)
{
    if (g->finished)
        return;
    free_adjacency(g);
    build_csr(g->n, g->m, g->edges, true, &g->out_off, &g->out_e);
    build_csr(g->n, g->m, g->edges, false, &g->in_off, &g->in_e);
    g->finished = true;
}
