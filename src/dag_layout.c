/* dag_layout.c: layered (Sugiyama) layout of a task DAG onto a character-cell grid: cycle
 * breaking, longest-path layers, dummy nodes, crossing reduction, x by isotonic regression, routes. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dag.h"
#include "dag_int.h"
#include "util.h"

void dag_layout_defaults(dag_layout_opts *o)
{
    o->box_w = 22;
    o->box_h = 4;
    o->hgap = 2;
    o->vgap = 4;
    o->sweeps = 4;
}

/* The layered graph: real nodes 0..n-1, then dummies. Segments join adjacent layers. */
typedef struct lgraph {
    int n, N, L;
    int *layer;              /* N */
    int *width;              /* N: cells */
    int *lay_off, *lay;      /* nodes of each layer in order: lay[lay_off[l] .. lay_off[l+1]) */
    int *pos;                /* N: index within its layer */
    int *up_off, *up;        /* upper neighbours (layer - 1) */
    int *dn_off, *dn;        /* lower neighbours (layer + 1) */
    int *cx;                 /* N: centre column */
} lgraph;

typedef struct keyed {
    double key;
    int pos, node;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return (x->pos > y->pos) - (x->pos < y->pos);
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Crossings between layer l and l+1: the lower positions of the segments, listed by upper
 * position then lower position, counted for inversions with a Fenwick tree. */
static long count_layer_crossings(const lgraph *G, int l, int *seq, int *bit)
{
    int lo = G->lay_off[l + 1], hi = G->lay_off[l + 2], wl = hi - lo;
    int k = 0;
    for (int i = G->lay_off[l]; i < G->lay_off[l + 1]; i++) {
        int u = G->lay[i], start = k;
        for (int j = G->dn_off[u]; j < G->dn_off[u + 1]; j++)
            seq[k++] = G->pos[G->dn[j]];
        if (k - start > 1)
            qsort(seq + start, (size_t)(k - start), sizeof(int), cmp_int);
    }
    memset(bit, 0, (size_t)(wl + 1) * sizeof(int));
    long cross = 0;
    for (int i = 0; i < k; i++) {
        /* count earlier entries greater than seq[i]: i - (earlier entries <= seq[i]) */
        int le = 0;
        for (int p = seq[i] + 1; p > 0; p -= p & -p)
            le += bit[p];
        cross += i - le;
        for (int p = seq[i] + 1; p <= wl; p += p & -p)
            bit[p]++;
    }
    return cross;
}

static long count_crossings(const lgraph *G, int *seq, int *bit)
{
    long total = 0;
    for (int l = 0; l + 1 < G->L; l++)
        total += count_layer_crossings(G, l, seq, bit);
    return total;
}

/* Reorder layer l by the barycenter (or median) of its neighbours' positions in the adjacent
 * layer (up or down). Nodes without such neighbours keep their place. */
static void reorder_layer(lgraph *G, int l, bool use_up, bool median, keyed *kb, int *tmp)
{
    int lo = G->lay_off[l], hi = G->lay_off[l + 1];
    const int *off = use_up ? G->up_off : G->dn_off;
    const int *adj = use_up ? G->up : G->dn;
    for (int i = lo; i < hi; i++) {
        int v = G->lay[i];
        int deg = off[v + 1] - off[v];
        double key = G->pos[v];
        if (deg > 0) {
            if (median) {
                for (int j = 0; j < deg; j++)
                    tmp[j] = G->pos[adj[off[v] + j]];
                qsort(tmp, (size_t)deg, sizeof(int), cmp_int);
                key = deg % 2 ? tmp[deg / 2] : (tmp[deg / 2 - 1] + tmp[deg / 2]) / 2.0;
            } else {
                double s = 0;
                for (int j = off[v]; j < off[v + 1]; j++)
                    s += G->pos[adj[j]];
                key = s / deg;
            }
            /* scale to this layer's width so fixed nodes and moved ones compare fairly */
            int wa = use_up ? (l > 0 ? G->lay_off[l] - G->lay_off[l - 1] : 1)
                            : (l + 1 < G->L ? G->lay_off[l + 2] - G->lay_off[l + 1] : 1);
            if (wa > 1 && hi - lo > 1)
                key = key * (double)(hi - lo - 1) / (double)(wa - 1);
        }
        kb[i - lo] = (keyed){key, G->pos[v], v};
    }
    qsort(kb, (size_t)(hi - lo), sizeof(keyed), cmp_keyed);
    for (int i = lo; i < hi; i++) {
        G->lay[i] = kb[i - lo].node;
        G->pos[G->lay[i]] = i - lo;
    }
}

/* Place layer l: minimise sum w_i (c_i - d_i)^2 subject to c_i - c_(i-1) >= sep_i, by pool
 * adjacent violators on y_i = c_i - o_i (o_i the prefix sums of sep), which must be non-decreasing. */
typedef struct block {
    double w, wt;
    int start, count;
} block;

static void place_layer(lgraph *G, int l, int dir, int hgap, double *d, double *wt, long *o,
                        block *bl)
{
    int lo = G->lay_off[l], hi = G->lay_off[l + 1], k = hi - lo;
    for (int i = 0; i < k; i++) {
        int v = G->lay[lo + i];
        double s = 0;
        int deg = 0;
        if (dir <= 0)
            for (int j = G->up_off[v]; j < G->up_off[v + 1]; j++, deg++)
                s += G->cx[G->up[j]];
        if (dir >= 0)
            for (int j = G->dn_off[v]; j < G->dn_off[v + 1]; j++, deg++)
                s += G->cx[G->dn[j]];
        bool dummy = v >= G->n;
        d[i] = deg ? s / deg : G->cx[v];
        wt[i] = deg ? deg * (dummy ? 4.0 : 1.0) : 0.01;
        if (i == 0) {
            o[i] = 0;
        } else {
            int a = G->lay[lo + i - 1];
            int gap = (a >= G->n || dummy) ? 1 : hgap;
            o[i] = o[i - 1] + (G->width[a] - G->width[a] / 2) + G->width[v] / 2 + gap;
        }
    }
    int nb = 0;
    for (int i = 0; i < k; i++) {
        bl[nb] = (block){wt[i], wt[i] * (d[i] - (double)o[i]), i, 1};
        nb++;
        while (nb > 1 && bl[nb - 2].wt / bl[nb - 2].w > bl[nb - 1].wt / bl[nb - 1].w) {
            bl[nb - 2].w += bl[nb - 1].w;
            bl[nb - 2].wt += bl[nb - 1].wt;
            bl[nb - 2].count += bl[nb - 1].count;
            nb--;
        }
    }
    for (int b = 0; b < nb; b++) {
        double y = floor(bl[b].wt / bl[b].w + 0.5);
        for (int i = bl[b].start; i < bl[b].start + bl[b].count; i++)
            G->cx[G->lay[lo + i]] = (int)(y + (double)o[i]);
    }
}

/* Growable point list that merges repeated and collinear points. */
typedef struct ptbuf {
    dag_point *p;
    int n, cap;
} ptbuf;

static void pt_add(ptbuf *b, int start, int x, int y)
{
    int k = b->n - start;
    if (k > 0 && b->p[b->n - 1].x == x && b->p[b->n - 1].y == y)
        return;
    if (k > 1) {
        dag_point a = b->p[b->n - 2], m = b->p[b->n - 1];
        if ((a.x == m.x && m.x == x) || (a.y == m.y && m.y == y)) {
            b->p[b->n - 1] = (dag_point){x, y};
            return;
        }
    }
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 256;
        b->p = xrealloc(b->p, (size_t)b->cap * sizeof(dag_point));
    }
    b->p[b->n++] = (dag_point){x, y};
}

static int cmp_by_cx(const void *a, const void *b, void *arg)
{
    const int *cx = arg;
    int x = *(const int *)a, y = *(const int *)b;
    if (cx[x] != cx[y])
        return cx[x] < cx[y] ? -1 : 1;
    return (x > y) - (x < y);
}

/* Entry ports: the distinct upper neighbours of each real node, sorted by (cx, index), so that
 * the edges into a box come down at separate columns of its top border, in the order of their
 * upper ends. */
typedef struct ports {
    int *off, *up;
} ports;

static int port_x(const lgraph *G, const ports *P, const dag_layout_opts *o, int v, int u)
{
    if (v >= G->n)
        return G->cx[v];
    int lo = P->off[v], hi = P->off[v + 1], k = hi - lo;
    if (k <= 1)
        return G->cx[v];
    int a = lo, b = hi - 1; /* binary search by (cx, index) */
    while (a < b) {
        int mid = (a + b) / 2, w = P->up[mid];
        if (G->cx[w] < G->cx[u] || (G->cx[w] == G->cx[u] && w < u))
            a = mid + 1;
        else
            b = mid;
    }
    int i = a - lo, left = G->cx[v] - o->box_w / 2, first = left + 1, last = left + o->box_w - 2;
    int inner = last - first; /* the last port may sit at first + inner */
    if ((k - 1) > inner)
        return first + (int)((long)i * inner / (k - 1));
    int sp = (k - 1) * 2 <= inner ? 2 : 1;
    int start = G->cx[v] - ((k - 1) * sp) / 2;
    if (start + (k - 1) * sp > last)
        start = last - (k - 1) * sp;
    if (start < first)
        start = first;
    return start + i * sp;
}

typedef struct interval {
    int lo, hi, node;
} interval;

static int cmp_interval(const void *a, const void *b)
{
    const interval *x = a, *y = b;
    if (x->lo != y->lo)
        return x->lo < y->lo ? -1 : 1;
    return (x->node > y->node) - (x->node < y->node);
}

dag_layout *dag_layout_compute(const dag_graph *g, const dag_layout_opts *opts)
{
    dag_layout_opts o;
    dag_layout_defaults(&o);
    if (opts)
        o = *opts;
    if (o.box_w < 8)
        o.box_w = 8;
    if (o.box_h < 3)
        o.box_h = 3;
    if (o.hgap < 1)
        o.hgap = 1;
    if (o.vgap < 3)
        o.vgap = 3;
    if (o.sweeps < 0)
        o.sweeps = 0;
    int n = g->n, m = g->m;
    dag_layout *L = xcalloc(1, sizeof(dag_layout));
    L->n = n;
    L->m = m;
    L->opts = o;
    L->boxes = xcalloc((size_t)n + 1, sizeof(dag_box));
    L->paths = xcalloc((size_t)m + 1, sizeof(dag_path));
    if (n == 0)
        return L;

    /* 1. cycles: reverse the back edges of a DFS */
    unsigned char *back = xmalloc((size_t)m + 1);
    L->nreversed = dag_back_edges(g, back);
    int *src = xmalloc(((size_t)m + 1) * sizeof(int)), *dst = xmalloc(((size_t)m + 1) * sizeof(int));
    for (int e = 0; e < m; e++) {
        src[e] = back[e] ? g->edges[e].to : g->edges[e].from;
        dst[e] = back[e] ? g->edges[e].from : g->edges[e].to;
    }

    /* 2. layers: longest path from the sources over the oriented edges (Kahn) */
    int *ooff = xcalloc((size_t)n + 1, sizeof(int)), *oe = xmalloc(((size_t)m + 1) * sizeof(int));
    int *indeg = xcalloc((size_t)n + 1, sizeof(int));
    for (int e = 0; e < m; e++) {
        ooff[src[e] + 1]++;
        indeg[dst[e]]++;
    }
    for (int v = 0; v < n; v++)
        ooff[v + 1] += ooff[v];
    {
        int *fill = xmalloc(((size_t)n + 1) * sizeof(int));
        memcpy(fill, ooff, ((size_t)n + 1) * sizeof(int));
        for (int e = 0; e < m; e++)
            oe[fill[src[e]]++] = e;
        free(fill);
    }
    int *layer = xcalloc((size_t)n + 1, sizeof(int));
    int *topo = xmalloc(((size_t)n + 1) * sizeof(int));
    int head = 0, tail = 0;
    int *deg = xmalloc(((size_t)n + 1) * sizeof(int));
    memcpy(deg, indeg, (size_t)n * sizeof(int));
    for (int v = 0; v < n; v++)
        if (!deg[v])
            topo[tail++] = v;
    while (head < tail) {
        int v = topo[head++];
        for (int i = ooff[v]; i < ooff[v + 1]; i++) {
            int w = dst[oe[i]];
            if (layer[v] + 1 > layer[w])
                layer[w] = layer[v] + 1;
            if (--deg[w] == 0)
                topo[tail++] = w;
        }
    }
    free(deg);
    /* sources sit just above their nearest successor rather than all in layer 0 */
    for (int v = 0; v < n; v++) {
        if (indeg[v] || ooff[v + 1] == ooff[v])
            continue;
        int best = -1;
        for (int i = ooff[v]; i < ooff[v + 1]; i++)
            if (best < 0 || layer[dst[oe[i]]] < best)
                best = layer[dst[oe[i]]];
        layer[v] = best - 1;
    }
    int nl = 0;
    for (int v = 0; v < n; v++)
        if (layer[v] + 1 > nl)
            nl = layer[v] + 1;

    /* 3. dummy nodes for edges longer than one layer. The long edges leaving one node share one
     * chain of dummies (a trunk as long as the longest of them), so a node with edges to many
     * later layers costs one dummy per layer rather than one per edge and layer. */
    int *maxspan = xcalloc((size_t)n + 1, sizeof(int)), *dstart = xmalloc(((size_t)n + 1) * sizeof(int));
    for (int e = 0; e < m; e++) {
        int span = layer[dst[e]] - layer[src[e]];
        if (span > maxspan[src[e]])
            maxspan[src[e]] = span;
    }
    long N = n, S = m;
    for (int v = 0; v < n; v++) {
        dstart[v] = (int)N;
        if (maxspan[v] > 1) {
            N += maxspan[v] - 1;
            S += maxspan[v] - 1;
        }
    }
    lgraph G = {0};
    G.n = n;
    G.N = (int)N;
    G.L = nl;
    G.layer = xmalloc((size_t)N * sizeof(int));
    G.width = xmalloc((size_t)N * sizeof(int));
    G.pos = xmalloc((size_t)N * sizeof(int));
    G.cx = xmalloc((size_t)N * sizeof(int));
    for (int v = 0; v < n; v++) {
        G.layer[v] = layer[v];
        G.width[v] = o.box_w;
    }
    for (int v = 0; v < n; v++)
        for (int k = 0; k < maxspan[v] - 1; k++) {
            G.layer[dstart[v] + k] = layer[v] + 1 + k;
            G.width[dstart[v] + k] = 1;
        }
    L->ndummies = (int)(N - n);
    /* segments: upper and lower node of each adjacent-layer piece */
    int *su = xmalloc(((size_t)S + 1) * sizeof(int)), *sl = xmalloc(((size_t)S + 1) * sizeof(int));
    long ns = 0;
    for (int v = 0; v < n; v++) /* the trunks */
        for (int k = 0; k < maxspan[v] - 1; k++) {
            su[ns] = k == 0 ? v : dstart[v] + k - 1;
            sl[ns] = dstart[v] + k;
            ns++;
        }
    for (int e = 0; e < m; e++) { /* the last piece of every edge */
        int span = layer[dst[e]] - layer[src[e]];
        su[ns] = span == 1 ? src[e] : dstart[src[e]] + span - 2;
        sl[ns] = dst[e];
        ns++;
    }
    G.up_off = xcalloc((size_t)N + 1, sizeof(int));
    G.dn_off = xcalloc((size_t)N + 1, sizeof(int));
    G.up = xmalloc(((size_t)S + 1) * sizeof(int));
    G.dn = xmalloc(((size_t)S + 1) * sizeof(int));
    for (long s = 0; s < S; s++) {
        G.up_off[sl[s] + 1]++;
        G.dn_off[su[s] + 1]++;
    }
    for (long v = 0; v < N; v++) {
        G.up_off[v + 1] += G.up_off[v];
        G.dn_off[v + 1] += G.dn_off[v];
    }
    {
        int *fu = xmalloc(((size_t)N + 1) * sizeof(int)), *fd = xmalloc(((size_t)N + 1) * sizeof(int));
        memcpy(fu, G.up_off, ((size_t)N + 1) * sizeof(int));
        memcpy(fd, G.dn_off, ((size_t)N + 1) * sizeof(int));
        for (long s = 0; s < S; s++) {
            G.up[fu[sl[s]]++] = su[s];
            G.dn[fd[su[s]]++] = sl[s];
        }
        free(fu);
        free(fd);
    }
    free(su);
    free(sl);
    /* initial order: input order (real nodes by index, then dummies by edge) */
    G.lay_off = xcalloc((size_t)nl + 2, sizeof(int));
    G.lay = xmalloc((size_t)N * sizeof(int));
    for (long v = 0; v < N; v++)
        G.lay_off[G.layer[v] + 1]++;
    for (int l = 0; l < nl; l++)
        G.lay_off[l + 1] += G.lay_off[l];
    G.lay_off[nl + 1] = G.lay_off[nl];
    {
        int *fill = xmalloc(((size_t)nl + 1) * sizeof(int));
        memcpy(fill, G.lay_off, ((size_t)nl + 1) * sizeof(int));
        for (long v = 0; v < N; v++) {
            int l = G.layer[v];
            G.pos[v] = fill[l] - G.lay_off[l];
            G.lay[fill[l]++] = (int)v;
        }
        free(fill);
    }

    /* 4. crossing reduction: barycenter and median sweeps, down then up, keeping the best order */
    int maxw = 0;
    for (int l = 0; l < nl; l++)
        if (G.lay_off[l + 1] - G.lay_off[l] > maxw)
            maxw = G.lay_off[l + 1] - G.lay_off[l];
    int maxdeg = 1;
    for (long v = 0; v < N; v++) {
        int d1 = G.up_off[v + 1] - G.up_off[v], d2 = G.dn_off[v + 1] - G.dn_off[v];
        if (d1 > maxdeg)
            maxdeg = d1;
        if (d2 > maxdeg)
            maxdeg = d2;
    }
    int *seq = xmalloc(((size_t)S + 1) * sizeof(int));
    int *bit = xmalloc(((size_t)maxw + 2) * sizeof(int));
    keyed *kb = xmalloc(((size_t)maxw + 1) * sizeof(keyed));
    int *tmp = xmalloc(((size_t)maxdeg + 1) * sizeof(int));
    long best = count_crossings(&G, seq, bit);
    L->crossings_initial = best;
    int *best_lay = xmalloc((size_t)N * sizeof(int));
    memcpy(best_lay, G.lay, (size_t)N * sizeof(int));
    for (int it = 0; it < o.sweeps && best > 0; it++) {
        bool median = it % 2 == 1;
        for (int l = 1; l < nl; l++)
            reorder_layer(&G, l, true, median, kb, tmp);
        for (int l = nl - 2; l >= 0; l--)
            reorder_layer(&G, l, false, median, kb, tmp);
        long c = count_crossings(&G, seq, bit);
        if (c < best) {
            best = c;
            memcpy(best_lay, G.lay, (size_t)N * sizeof(int));
        }
    }
    memcpy(G.lay, best_lay, (size_t)N * sizeof(int));
    for (int l = 0; l < nl; l++)
        for (int i = G.lay_off[l]; i < G.lay_off[l + 1]; i++)
            G.pos[G.lay[i]] = i - G.lay_off[l];
    L->crossings = best;
    free(best_lay);
    free(kb);
    free(tmp);
    free(seq);
    free(bit);

    /* 5. x: packed to the left, then pulled towards neighbours, layer by layer, both ways */
    for (int l = 0; l < nl; l++) {
        int c = 0;
        for (int i = G.lay_off[l]; i < G.lay_off[l + 1]; i++) {
            int v = G.lay[i];
            if (i == G.lay_off[l]) {
                c = G.width[v] / 2;
            } else {
                int a = G.lay[i - 1];
                int gap = (a >= n || v >= n) ? 1 : o.hgap;
                c += (G.width[a] - G.width[a] / 2) + G.width[v] / 2 + gap;
            }
            G.cx[v] = c;
        }
    }
    {
        double *d = xmalloc(((size_t)maxw + 1) * sizeof(double));
        double *wt = xmalloc(((size_t)maxw + 1) * sizeof(double));
        long *off = xmalloc(((size_t)maxw + 1) * sizeof(long));
        block *bl = xmalloc(((size_t)maxw + 1) * sizeof(block));
        for (int pass = 0; pass < 5; pass++) {
            if (pass == 4) {
                for (int l = 0; l < nl; l++)
                    place_layer(&G, l, 0, o.hgap, d, wt, off, bl);
            } else if (pass % 2 == 0) {
                for (int l = 1; l < nl; l++)
                    place_layer(&G, l, -1, o.hgap, d, wt, off, bl);
            } else {
                for (int l = nl - 2; l >= 0; l--)
                    place_layer(&G, l, 1, o.hgap, d, wt, off, bl);
            }
        }
        free(d);
        free(wt);
        free(off);
        free(bl);
    }
    int minx = 0, maxx = 0;
    for (long v = 0; v < N; v++) {
        int left = G.cx[v] - G.width[v] / 2, right = left + G.width[v];
        if (v == 0 || left < minx)
            minx = left;
        if (v == 0 || right > maxx)
            maxx = right;
    }
    for (long v = 0; v < N; v++)
        G.cx[v] -= minx;
    int band = o.box_h + o.vgap;
    L->width = maxx - minx;
    L->height = nl * o.box_h + (nl - 1) * o.vgap;
    L->nlayers = nl;
    for (int v = 0; v < n; v++)
        L->boxes[v] = (dag_box){G.cx[v] - o.box_w / 2, layer[v] * band, o.box_w, o.box_h, layer[v],
                                G.pos[v]};

    /* entry ports of the real nodes */
    ports P = {xcalloc((size_t)n + 1, sizeof(int)), xmalloc(((size_t)S + 1) * sizeof(int))};
    {
        int np = 0;
        for (int v = 0; v < n; v++) {
            int start = np;
            for (int j = G.up_off[v]; j < G.up_off[v + 1]; j++)
                P.up[np++] = G.up[j];
            qsort_r(P.up + start, (size_t)(np - start), sizeof(int), cmp_by_cx, G.cx);
            int w = start;
            for (int j = start; j < np; j++)
                if (j == start || P.up[j] != P.up[j - 1])
                    P.up[w++] = P.up[j];
            np = w;
            P.off[v + 1] = np;
        }
    }

    /* 6. channel rows: in each gap, the horizontal run below each upper node gets a track so
     * that overlapping runs of different nodes use different rows when vgap allows */
    int ntracks = o.vgap - 2;
    int *track = xcalloc((size_t)N + 1, sizeof(int));
    if (ntracks > 1) {
        interval *iv = xmalloc(((size_t)maxw + 1) * sizeof(interval));
        int *last = xmalloc((size_t)ntracks * sizeof(int));
        for (int l = 0; l + 1 < nl; l++) {
            int k = 0;
            for (int i = G.lay_off[l]; i < G.lay_off[l + 1]; i++) {
                int u = G.lay[i], lo = G.cx[u], hi = G.cx[u];
                for (int j = G.dn_off[u]; j < G.dn_off[u + 1]; j++) {
                    int x = port_x(&G, &P, &o, G.dn[j], u);
                    lo = x < lo ? x : lo;
                    hi = x > hi ? x : hi;
                }
                if (hi > lo)
                    iv[k++] = (interval){lo, hi, u};
            }
            qsort(iv, (size_t)k, sizeof(interval), cmp_interval);
            for (int t = 0; t < ntracks; t++)
                last[t] = -2;
            for (int i = 0; i < k; i++) {
                int pick = -1, oldest = 0;
                for (int t = 0; t < ntracks && pick < 0; t++)
                    if (last[t] + 1 < iv[i].lo)
                        pick = t;
                if (pick < 0) {
                    for (int t = 1; t < ntracks; t++)
                        if (last[t] < last[oldest])
                            oldest = t;
                    pick = oldest;
                }
                if (iv[i].hi > last[pick])
                    last[pick] = iv[i].hi;
                track[iv[i].node] = pick;
            }
        }
        free(iv);
        free(last);
    }

    /* 7. routes: down from the upper box, along the channel, down into the lower box */
    ptbuf pb = {0};
    for (int e = 0; e < m; e++) {
        int start = pb.n, span = layer[dst[e]] - layer[src[e]];
        int u = src[e];
        pt_add(&pb, start, G.cx[u], layer[u] * band + o.box_h);
        for (int k = 0; k < span; k++) {
            int v = k == span - 1 ? dst[e] : dstart[src[e]] + k;
            int l = G.layer[u];
            int g0 = l * band + o.box_h;
            int chan = g0 + 1 + track[u];
            int xv = port_x(&G, &P, &o, v, u);
            pt_add(&pb, start, G.cx[u], chan);
            pt_add(&pb, start, xv, chan);
            pt_add(&pb, start, xv, g0 + o.vgap - 1);
            if (v != dst[e])
                pt_add(&pb, start, G.cx[v], (l + 1) * band + o.box_h);
            u = v;
        }
        L->paths[e] = (dag_path){start, pb.n - start, back[e] != 0};
        if (back[e]) { /* store in the edge's own direction: upstream end first */
            for (int i = start, j = pb.n - 1; i < j; i++, j--) {
                dag_point t = pb.p[i];
                pb.p[i] = pb.p[j];
                pb.p[j] = t;
            }
        }
    }
    L->pts = pb.p;
    L->npts = pb.n;

    free(track);
    free(P.off);
    free(P.up);
    free(G.layer);
    free(G.width);
    free(G.pos);
    free(G.cx);
    free(G.up_off);
    free(G.dn_off);
    free(G.up);
    free(G.dn);
    free(G.lay_off);
    free(G.lay);
    free(dstart);
    free(maxspan);
    free(layer);
    free(topo);
    free(indeg);
    free(ooff);
    free(oe);
    free(src);
    free(dst);
    free(back);
    return L;
}

void dag_layout_free(dag_layout *l)
{
    if (!l)
        return;
    free(l->boxes);
    free(l->paths);
    free(l->pts);
    free(l);
}
