/* dag_ops.c: analyses over a task DAG: cycle breaking, critical path, blockers, focus with hidden
 * counts, induced subgraphs, status filter, and collapsing fan-out groups. All tolerate cycles. */
#include <stdlib.h>
#include <string.h>

#include "dag.h"
#include "dag_int.h"
#include "util.h"

int dag_back_edges(const dag_graph *g, unsigned char *back)
{
    int n = g->n, nback = 0;
    memset(back, 0, (size_t)(g->m ? g->m : 1));
    unsigned char *state = xcalloc((size_t)n + 1, 1); /* 0 new, 1 on the stack, 2 done */
    int *stack = xmalloc(((size_t)n + 1) * sizeof(int));
    int *next = xmalloc(((size_t)n + 1) * sizeof(int)); /* next out-edge slot per node */
    for (int pass = 0; pass < 2; pass++) {
        for (int s = 0; s < n; s++) {
            if (state[s] || (pass == 0 && g->in_off[s + 1] > g->in_off[s]))
                continue;
            int sp = 0;
            stack[sp++] = s;
            state[s] = 1;
            next[s] = g->out_off[s];
            while (sp) {
                int v = stack[sp - 1];
                if (next[v] == g->out_off[v + 1]) {
                    state[v] = 2;
                    sp--;
                    continue;
                }
                int e = g->out_e[next[v]++];
                int w = g->edges[e].to;
                if (state[w] == 1) {
                    back[e] = 1;
                    nback++;
                } else if (state[w] == 0) {
                    state[w] = 1;
                    next[w] = g->out_off[w];
                    stack[sp++] = w;
                }
            }
        }
    }
    free(state);
    free(stack);
    free(next);
    return nback;
}

void dag_topo_order(const dag_graph *g, const unsigned char *back, int *order)
{
    int n = g->n;
    int *indeg = xcalloc((size_t)n + 1, sizeof(int));
    for (int e = 0; e < g->m; e++)
        if (!back[e])
            indeg[g->edges[e].to]++;
    int head = 0, tail = 0;
    for (int v = 0; v < n; v++)
        if (!indeg[v])
            order[tail++] = v;
    while (head < tail) {
        int v = order[head++];
        for (int i = g->out_off[v]; i < g->out_off[v + 1]; i++) {
            int e = g->out_e[i];
            if (!back[e] && --indeg[g->edges[e].to] == 0)
                order[tail++] = g->edges[e].to;
        }
    }
    free(indeg);
}

int dag_critical_path(const dag_graph *g, int **path, double *total)
{
    *path = NULL;
    *total = 0;
    int n = g->n;
    if (n == 0)
        return 0;
    unsigned char *back = xmalloc((size_t)g->m + 1);
    int *order = xmalloc((size_t)n * sizeof(int));
    double *dist = xmalloc((size_t)n * sizeof(double));
    int *pred = xmalloc((size_t)n * sizeof(int));
    dag_back_edges(g, back);
    dag_topo_order(g, back, order);
    int best = order[0];
    for (int k = 0; k < n; k++) {
        int v = order[k];
        double d = g->nodes[v].duration > 0 ? g->nodes[v].duration : 0;
        double up = 0;
        pred[v] = -1;
        for (int i = g->in_off[v]; i < g->in_off[v + 1]; i++) {
            int e = g->in_e[i];
            int u = g->edges[e].from;
            if (!back[e] && (pred[v] < 0 || dist[u] > up)) {
                up = dist[u];
                pred[v] = u;
            }
        }
        dist[v] = up + d;
        if (dist[v] >= dist[best]) /* ties: the longer chain, ending further downstream */
            best = v;
    }
    int len = 0;
    for (int v = best; v >= 0; v = pred[v])
        len++;
    int *p = xmalloc((size_t)len * sizeof(int));
    int k = len;
    for (int v = best; v >= 0; v = pred[v])
        p[--k] = v;
    *total = dist[best];
    *path = p;
    free(back);
    free(order);
    free(dist);
    free(pred);
    return len;
}

static bool status_final(dag_status s)
{
    return s == DAG_COMPLETED || s == DAG_FAILED || s == DAG_CANCELLED || s == DAG_TIMEOUT;
}

int dag_blockers(const dag_graph *g, int v, unsigned char *mark)
{
    memset(mark, 0, (size_t)(g->n ? g->n : 1));
    if (v < 0 || v >= g->n)
        return 0;
    unsigned char *seen = xcalloc((size_t)g->n, 1);
    int *queue = xmalloc((size_t)g->n * sizeof(int));
    int head = 0, tail = 0, count = 0;
    queue[tail++] = v;
    seen[v] = 1;
    while (head < tail) {
        int w = queue[head++];
        for (int i = g->in_off[w]; i < g->in_off[w + 1]; i++) {
            const dag_edge *e = &g->edges[g->in_e[i]];
            int u = e->from;
            /* a soft dependency is satisfied by any final status */
            if (e->kind == DAG_EDGE_SOFT && status_final(g->nodes[u].status))
                continue;
            if (seen[u])
                continue;
            seen[u] = 1;
            queue[tail++] = u;
            if (g->nodes[u].status != DAG_COMPLETED && u != v) {
                mark[u] = 1;
                count++;
            }
        }
    }
    free(seen);
    free(queue);
    return count;
}

/* Breadth-first distances from s along out-edges (down) or in-edges (up), up to maxd (-1: no
 * limit). dist[] gets -1 for unreached nodes. */
static void bfs(const dag_graph *g, int s, bool down, int maxd, int *dist, int *queue)
{
    for (int i = 0; i < g->n; i++)
        dist[i] = -1;
    int head = 0, tail = 0;
    dist[s] = 0;
    queue[tail++] = s;
    while (head < tail) {
        int w = queue[head++];
        if (maxd >= 0 && dist[w] >= maxd)
            continue;
        const int *off = down ? g->out_off : g->in_off;
        const int *lst = down ? g->out_e : g->in_e;
        for (int i = off[w]; i < off[w + 1]; i++) {
            const dag_edge *e = &g->edges[lst[i]];
            int u = down ? e->to : e->from;
            if (dist[u] < 0) {
                dist[u] = dist[w] + 1;
                queue[tail++] = u;
            }
        }
    }
}

void dag_focus(const dag_graph *g, int v, int hops, unsigned char *keep, dag_focus_counts *c)
{
    memset(c, 0, sizeof *c);
    memset(keep, 0, (size_t)(g->n ? g->n : 1));
    if (v < 0 || v >= g->n)
        return;
    if (hops < 0)
        hops = 0;
    int *up = xmalloc((size_t)g->n * sizeof(int));
    int *down = xmalloc((size_t)g->n * sizeof(int));
    int *queue = xmalloc((size_t)g->n * sizeof(int));
    bfs(g, v, false, -1, up, queue);
    bfs(g, v, true, -1, down, queue);
    for (int i = 0; i < g->n; i++) {
        bool in_up = up[i] >= 0 && up[i] <= hops, in_down = down[i] >= 0 && down[i] <= hops;
        if (in_up || in_down) {
            keep[i] = 1;
            c->shown++;
        } else if (up[i] >= 0) {
            c->hidden_up++;
        } else if (down[i] >= 0) {
            c->hidden_down++;
        } else {
            c->hidden_other++;
        }
    }
    free(up);
    free(down);
    free(queue);
}

static void copy_node(dag_graph *dst, const dag_node *src, int orig)
{
    int k = dag_add_node(dst, src->id, src->label, src->type, src->status, src->duration, src->try_n,
                         src->try_max);
    dag_node *nd = &dst->nodes[k];
    nd->flags = src->flags;
    nd->count = src->count;
    memcpy(nd->hist, src->hist, sizeof nd->hist);
    nd->orig = orig;
    nd->hidden_up = src->hidden_up;
    nd->hidden_down = src->hidden_down;
}

dag_graph *dag_subgraph(const dag_graph *g, const unsigned char *keep)
{
    dag_graph *s = dag_new();
    int *map = xmalloc(((size_t)g->n + 1) * sizeof(int));
    for (int i = 0; i < g->n; i++) {
        map[i] = -1;
        if (keep[i]) {
            map[i] = s->n;
            copy_node(s, &g->nodes[i], i);
        }
    }
    for (int e = 0; e < g->m; e++) {
        int a = map[g->edges[e].from], b = map[g->edges[e].to];
        if (a >= 0 && b >= 0)
            dag_add_edge(s, a, b, g->edges[e].kind);
        else if (a >= 0)
            s->nodes[a].hidden_down++;
        else if (b >= 0)
            s->nodes[b].hidden_up++;
    }
    free(map);
    dag_finish(s);
    return s;
}

dag_graph *dag_filter_status(const dag_graph *g, unsigned set)
{
    unsigned char *keep = xmalloc((size_t)g->n + 1);
    for (int i = 0; i < g->n; i++) {
        keep[i] = 0;
        for (int st = 0; st < DAG_NSTATUS; st++)
            if (g->nodes[i].hist[st] && (set & (1u << st)))
                keep[i] = 1;
    }
    dag_graph *s = dag_subgraph(g, keep);
    free(keep);
    return s;
}

/* ---- collapse ---- */

typedef struct collapse_ctx {
    const dag_graph *g;
    const int *poff, *par;   /* sorted distinct parents per node */
    const unsigned long long *sig;
} collapse_ctx;

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int cmp_key(const void *pa, const void *pb, void *arg)
{
    const collapse_ctx *c = arg;
    int a = *(const int *)pa, b = *(const int *)pb;
    if (c->sig[a] != c->sig[b])
        return c->sig[a] < c->sig[b] ? -1 : 1;
    int r = strcmp(c->g->nodes[a].type, c->g->nodes[b].type);
    if (r)
        return r;
    int la = c->poff[a + 1] - c->poff[a], lb = c->poff[b + 1] - c->poff[b];
    if (la != lb)
        return la < lb ? -1 : 1;
    for (int i = 0; i < la; i++)
        if (c->par[c->poff[a] + i] != c->par[c->poff[b] + i])
            return c->par[c->poff[a] + i] < c->par[c->poff[b] + i] ? -1 : 1;
    return (a > b) - (a < b); /* stable: members in node order */
}

static int cmp_edge(const void *pa, const void *pb)
{
    const dag_edge *a = pa, *b = pb;
    if (a->from != b->from)
        return a->from < b->from ? -1 : 1;
    if (a->to != b->to)
        return a->to < b->to ? -1 : 1;
    return (a->kind > b->kind) - (a->kind < b->kind);
}

dag_graph *dag_collapse(const dag_graph *g, int min_size, int *group_of)
{
    int n = g->n;
    if (min_size < 2)
        min_size = 2;
    /* sorted, distinct parents of each node, and a signature over (type, parents) */
    int *poff = xcalloc((size_t)n + 1, sizeof(int));
    int *par = xmalloc(((size_t)g->m + 1) * sizeof(int));
    unsigned long long *sig = xmalloc(((size_t)n + 1) * sizeof *sig);
    int np = 0;
    for (int v = 0; v < n; v++) {
        int start = np;
        for (int i = g->in_off[v]; i < g->in_off[v + 1]; i++)
            par[np++] = g->edges[g->in_e[i]].from;
        qsort(par + start, (size_t)(np - start), sizeof(int), cmp_int);
        int w = start;
        for (int i = start; i < np; i++)
            if (i == start || par[i] != par[i - 1])
                par[w++] = par[i];
        np = w;
        poff[v + 1] = np;
        unsigned long long h = 1469598103934665603ull;
        for (const char *t = g->nodes[v].type; *t; t++)
            h = (h ^ (unsigned char)*t) * 1099511628211ull;
        for (int i = start; i < np; i++)
            h = (h ^ (unsigned long long)par[i]) * 1099511628211ull;
        sig[v] = h;
    }
    int *idx = xmalloc(((size_t)n + 1) * sizeof(int));
    for (int v = 0; v < n; v++)
        idx[v] = v;
    collapse_ctx ctx = {g, poff, par, sig};
    qsort_r(idx, (size_t)n, sizeof(int), cmp_key, &ctx);
    /* leader[v]: first member (lowest index) of v's group when the group is big enough, else v */
    int *leader = xmalloc(((size_t)n + 1) * sizeof(int));
    for (int i = 0; i < n;) {
        int j = i + 1;
        while (j < n && sig[idx[j]] == sig[idx[i]]) {
            int a = idx[i], b = idx[j];
            if (strcmp(g->nodes[a].type, g->nodes[b].type) != 0 ||
                poff[a + 1] - poff[a] != poff[b + 1] - poff[b] ||
                memcmp(par + poff[a], par + poff[b], (size_t)(poff[a + 1] - poff[a]) * sizeof(int)))
                break;
            j++;
        }
        for (int k = i; k < j; k++)
            leader[idx[k]] = j - i >= min_size ? idx[i] : idx[k];
        i = j;
    }
    dag_graph *c = dag_new();
    int *map = xmalloc(((size_t)n + 1) * sizeof(int));
    for (int v = 0; v < n; v++) {
        const dag_node *src = &g->nodes[v];
        if (leader[v] == v) {
            map[v] = c->n;
            copy_node(c, src, v);
            continue;
        }
        int k = map[v] = map[leader[v]];
        dag_node *nd = &c->nodes[k];
        if (nd->count == g->nodes[leader[v]].count) { /* first merge: label becomes the type */
            free(nd->label);
            nd->label = xstrdup(nd->type);
        }
        nd->count += src->count;
        for (int s = 0; s < DAG_NSTATUS; s++)
            nd->hist[s] += src->hist[s];
        if (dag_status_rank(src->status) > dag_status_rank(nd->status))
            nd->status = src->status;
        if (src->duration > nd->duration)
            nd->duration = src->duration;
        if (src->try_n > nd->try_n)
            nd->try_n = src->try_n;
        if (src->try_max > nd->try_max)
            nd->try_max = src->try_max;
        nd->hidden_up += src->hidden_up;
        nd->hidden_down += src->hidden_down;
        nd->flags |= src->flags;
    }
    if (group_of)
        memcpy(group_of, map, (size_t)n * sizeof(int));
    dag_edge *es = xmalloc(((size_t)g->m + 1) * sizeof(dag_edge));
    for (int e = 0; e < g->m; e++)
        es[e] = (dag_edge){map[g->edges[e].from], map[g->edges[e].to], g->edges[e].kind};
    qsort(es, (size_t)g->m, sizeof(dag_edge), cmp_edge);
    for (int e = 0; e < g->m; e++)
        if (e == 0 || es[e].from != es[e - 1].from || es[e].to != es[e - 1].to)
            dag_add_edge(c, es[e].from, es[e].to, es[e].kind);
    free(es);
    free(map);
    free(leader);
    free(idx);
    free(sig);
    free(par);
    free(poff);
    dag_finish(c);
    return c;
}

char *dag_hist_text(const dag_node *nd, bool ascii)
{
    strbuf sb = STRBUF_INIT;
    for (int r = 7; r >= 0; r--)
        for (int s = 0; s < DAG_NSTATUS; s++)
            if (dag_status_rank((dag_status)s) == r && nd->hist[s] > 0) {
                if (sb.len)
                    sb_appendc(&sb, ' ');
                sb_printf(&sb, "%s%d", dag_status_glyph((dag_status)s, ascii), nd->hist[s]);
            }
    if (!sb.len)
        sb_append(&sb, "");
    return sb_steal(&sb);
}
