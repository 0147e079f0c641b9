/* test_dag.c: unit tests for the DAG model and layout: boxes never overlap, every edge is routed
 * between the right boxes, layers point down except reversed cycle edges, crossings, analyses. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dag.h"
#include "util.h"

/* Build a graph from "a>b b>c" style edge text over nodes named in order of first mention. */
static dag_graph *graph_of(const char *nodes, const char *edges)
{
    dag_graph *g = dag_new();
    char name[64];
    const char *p = nodes;
    while (*p) {
        int len = 0;
        while (p[len] && p[len] != ' ')
            len++;
        if (len) {
            snprintf(name, sizeof name, "%.*s", len, p);
            dag_add_node(g, name, name, "step", DAG_COMPLETED, 1.0, 0, 3);
        }
        p += len;
        while (*p == ' ')
            p++;
    }
    p = edges;
    while (*p) {
        char a[32], b[32];
        int used = 0;
        if (sscanf(p, " %31[^> ]>%31s%n", a, b, &used) != 2)
            break;
        int ia = dag_find(g, a), ib = dag_find(g, b);
        assert_true(ia >= 0 && ib >= 0);
        assert_true(dag_add_edge(g, ia, ib, DAG_EDGE_BLOCKING) >= 0);
        p += used;
    }
    dag_finish(g);
    return g;
}

static bool inside(const dag_box *b, int x, int y)
{
    return x >= b->x && x < b->x + b->w && y >= b->y && y < b->y + b->h;
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* The layout invariants every test relies on. full: also the quadratic checks (small graphs). */
static void check_layout(const dag_graph *g, const dag_layout *l, bool full)
{
    assert_int_equal(l->n, g->n);
    assert_int_equal(l->m, g->m);
    /* boxes inside the bounding size; within a layer in strictly increasing x with a gap */
    for (int v = 0; v < g->n; v++) {
        const dag_box *b = &l->boxes[v];
        assert_true(b->x >= 0 && b->y >= 0);
        assert_true(b->x + b->w <= l->width && b->y + b->h <= l->height);
        assert_int_equal(b->y, b->layer * (l->opts.box_h + l->opts.vgap));
    }
    /* sort boxes by (layer, x), packed into one key with the node index in the low digits */
    long *key = xmalloc(((size_t)g->n + 1) * sizeof(long));
    for (int i = 0; i < g->n; i++)
        key[i] = ((long)l->boxes[i].layer * 100000000L + l->boxes[i].x) * 100000L + i;
    qsort(key, (size_t)g->n, sizeof(long), cmp_long);
    for (int i = 1; i < g->n; i++) {
        const dag_box *a = &l->boxes[key[i - 1] % 100000L], *b = &l->boxes[key[i] % 100000L];
        if (a->layer == b->layer)
            assert_true(a->x + a->w < b->x); /* no overlap, at least one blank column */
    }
    free(key);
    if (full)
        for (int a = 0; a < g->n; a++)
            for (int b = a + 1; b < g->n; b++) {
                const dag_box *p = &l->boxes[a], *q = &l->boxes[b];
                bool apart = p->x + p->w <= q->x || q->x + q->w <= p->x || p->y + p->h <= q->y ||
                             q->y + q->h <= p->y;
                assert_true(apart);
            }
    /* every edge is drawn: each cell of its route holds a line or an arrow in the rendering */
    dag_cell *cells = NULL;
    if (full && l->width > 0 && l->height > 0) {
        cells = xmalloc((size_t)l->width * (size_t)l->height * sizeof(dag_cell));
        dag_render(g, l, NULL, 0, 0, l->width, l->height, false, cells);
    }
    /* every edge: orthogonal polyline from its upstream box to its downstream box */
    for (int e = 0; e < g->m; e++) {
        const dag_path *p = &l->paths[e];
        const dag_box *from = &l->boxes[g->edges[e].from], *to = &l->boxes[g->edges[e].to];
        assert_true(p->npts >= 2);
        const dag_point *pt = &l->pts[p->first];
        dag_point s = pt[0], t = pt[p->npts - 1];
        assert_true(s.x > from->x && s.x < from->x + from->w - 1);
        assert_true(t.x > to->x && t.x < to->x + to->w - 1);
        if (!p->reversed) {
            assert_true(from->layer < to->layer);
            assert_int_equal(s.y, from->y + from->h);
            assert_int_equal(t.y, to->y - 1);
        } else {
            assert_true(from->layer > to->layer);
            assert_int_equal(s.y, from->y - 1);
            assert_int_equal(t.y, to->y + to->h);
        }
        if (cells) /* the arrowhead points into the downstream box */
            assert_int_equal(cells[(size_t)t.y * (size_t)l->width + (size_t)t.x].ch,
                             p->reversed ? 0x25b2 : 0x25bc);
        for (int i = 0; i + 1 < p->npts; i++) {
            dag_point a = pt[i], b = pt[i + 1];
            assert_true(a.x == b.x || a.y == b.y);
            if (p->reversed)
                assert_true(b.y <= a.y); /* up */
            else
                assert_true(b.y >= a.y); /* down */
            if (full) { /* no cell of the route is inside any box, and each one is drawn */
                int dx = (b.x > a.x) - (b.x < a.x), dy = (b.y > a.y) - (b.y < a.y);
                for (dag_point c = a;; c.x += dx, c.y += dy) {
                    for (int v = 0; v < g->n; v++)
                        assert_false(inside(&l->boxes[v], c.x, c.y));
                    const dag_cell *cell = &cells[(size_t)c.y * (size_t)l->width + (size_t)c.x];
                    assert_true(cell->attr & DAG_ATTR_EDGE);
                    assert_true(cell->ch != ' ');
                    if (c.x == b.x && c.y == b.y)
                        break;
                }
            }
        }
    }
    free(cells);
}

static void test_chain_and_diamond(void **state)
{
    (void)state;
    dag_graph *g = graph_of("a b c d e", "a>b a>c b>d c>d d>e a>e");
    dag_layout *l = dag_layout_compute(g, NULL);
    check_layout(g, l, true);
    assert_int_equal(l->nlayers, 4);
    assert_int_equal(l->boxes[0].layer, 0);
    assert_int_equal(l->boxes[3].layer, 2);
    assert_int_equal(l->boxes[4].layer, 3);
    assert_int_equal(l->ndummies, 2); /* a>e spans three layers */
    assert_int_equal(l->nreversed, 0);
    dag_layout_free(l);
    dag_free(g);
}

static void test_crossings_reduced(void **state)
{
    (void)state;
    /* input order a b / c d with a>d, b>c: one crossing that sweeps remove */
    dag_graph *g = graph_of("a b c d", "a>d b>c");
    dag_layout *l = dag_layout_compute(g, NULL);
    check_layout(g, l, true);
    assert_int_equal(l->crossings_initial, 1);
    assert_int_equal(l->crossings, 0);
    dag_layout_free(l);
    dag_free(g);
    /* K3,3 has crossings whatever the order: at or below the input order's count */
    g = graph_of("a b c x y z", "a>x a>y a>z b>x b>y b>z c>x c>y c>z");
    l = dag_layout_compute(g, NULL);
    check_layout(g, l, true);
    assert_true(l->crossings <= l->crossings_initial);
    assert_int_equal(l->crossings, 9);
    dag_layout_free(l);
    dag_free(g);
    /* a shuffled two-tree: the sweeps find a planar order */
    g = graph_of("r s a1 b1 a2 b2 a3 b3", "r>a1 s>b1 r>a2 s>b2 r>a3 s>b3");
    l = dag_layout_compute(g, NULL);
    check_layout(g, l, true);
    assert_true(l->crossings_initial > 0);
    assert_int_equal(l->crossings, 0);
    dag_layout_free(l);
    dag_free(g);
}

static void test_cycles(void **state)
{
    (void)state;
    dag_graph *g = graph_of("a b c d", "a>b b>c c>a c>d d>b");
    dag_layout *l = dag_layout_compute(g, NULL);
    assert_true(l->nreversed >= 1);
    check_layout(g, l, true);
    int rev = 0;
    for (int e = 0; e < g->m; e++)
        rev += l->paths[e].reversed;
    assert_int_equal(rev, l->nreversed);
    /* the reversed edge is drawn with an arrowhead pointing up into its downstream box */
    char *buf = NULL;
    size_t blen = 0;
    FILE *mf = open_memstream(&buf, &blen);
    dag_render_text(mf, g, l, NULL, true);
    fclose(mf);
    assert_non_null(strchr(buf, '^'));
    free(buf);
    /* a cycle with no entry (every node has an upstream edge) */
    dag_graph *h = graph_of("x y z", "x>y y>z z>x");
    dag_layout *k = dag_layout_compute(h, NULL);
    assert_int_equal(k->nreversed, 1);
    check_layout(h, k, true);
    /* analyses terminate on cycles */
    int *path = NULL;
    double total = 0;
    int len = dag_critical_path(h, &path, &total);
    assert_true(len >= 1 && len <= 3);
    free(path);
    unsigned char mark[3];
    h->nodes[1].status = DAG_FAILED;
    assert_int_equal(dag_blockers(h, 0, mark), 1); /* y is upstream of x through z */
    assert_int_equal(mark[1], 1);
    dag_layout_free(k);
    dag_free(h);
    dag_layout_free(l);
    dag_free(g);
}

static void test_bad_edges(void **state)
{
    (void)state;
    dag_graph *g = graph_of("a b", "");
    assert_int_equal(dag_add_edge(g, 0, 0, DAG_EDGE_BLOCKING), -1);
    assert_int_equal(dag_add_edge(g, 0, 2, DAG_EDGE_BLOCKING), -1);
    assert_int_equal(dag_add_edge(g, -1, 1, DAG_EDGE_BLOCKING), -1);
    assert_int_equal(dag_add_node(g, "a", "dup", "t", DAG_PENDING, -1, 0, 0), -1);
    /* duplicate edges are kept and both routed */
    assert_true(dag_add_edge(g, 0, 1, DAG_EDGE_BLOCKING) >= 0);
    assert_true(dag_add_edge(g, 0, 1, DAG_EDGE_SOFT) >= 0);
    dag_finish(g);
    dag_layout *l = dag_layout_compute(g, NULL);
    check_layout(g, l, true);
    dag_layout_free(l);
    dag_free(g);
    /* empty graph */
    g = dag_new();
    dag_finish(g);
    l = dag_layout_compute(g, NULL);
    assert_int_equal(l->width, 0);
    assert_int_equal(l->nlayers, 0);
    dag_layout_free(l);
    dag_free(g);
}

/* Random layered DAG like tools/bench_dag.c, with some long and some backward edges. */
static dag_graph *random_graph(int n, unsigned seed, bool with_cycles)
{
    srand(seed);
    dag_graph *g = dag_new();
    char id[32];
    for (int i = 0; i < n; i++) {
        snprintf(id, sizeof id, "n%d", i);
        dag_add_node(g, id, id, "t", (dag_status)(rand() % DAG_NSTATUS), rand() % 100, 0, 3);
    }
    for (int v = 1; v < n; v++) {
        int k = 1 + rand() % 2;
        for (int j = 0; j < k; j++) {
            int lo = v > 60 ? v - 60 : 0;
            dag_add_edge(g, lo + rand() % (v - lo), v, DAG_EDGE_BLOCKING);
        }
        if (with_cycles && rand() % 50 == 0)
            dag_add_edge(g, v, rand() % v, DAG_EDGE_BLOCKING);
    }
    dag_finish(g);
    return g;
}

static void test_random_small(void **state)
{
    (void)state;
    for (unsigned seed = 1; seed <= 20; seed++) {
        dag_graph *g = random_graph(40, seed, seed % 2 == 0);
        dag_layout *l = dag_layout_compute(g, NULL);
        check_layout(g, l, true);
        assert_true(l->crossings <= l->crossings_initial);
        dag_layout_free(l);
        dag_free(g);
    }
}

/* Every derived graph (collapse, filter, focus) of random graphs with cycles lays out cleanly, and
 * the critical path follows edges. */
static void test_random_ops(void **state)
{
    (void)state;
    for (unsigned seed = 1; seed <= 12; seed++) {
        dag_graph *g = random_graph(60, seed, true);
        for (int i = 0; i < g->n; i++) /* few types, so that groups form */
            snprintf(g->nodes[i].type, 2, "%c", 'a' + (int)(i % 3));
        int group_of[60];
        dag_graph *c = dag_collapse(g, 2, group_of);
        int total = 0;
        for (int i = 0; i < c->n; i++)
            total += c->nodes[i].count;
        assert_int_equal(total, g->n);
        for (int i = 0; i < g->n; i++)
            assert_true(group_of[i] >= 0 && group_of[i] < c->n);
        dag_layout *l = dag_layout_compute(c, NULL);
        check_layout(c, l, true);
        dag_layout_free(l);
        dag_graph *f = dag_filter_status(c, (1u << DAG_FAILED) | (1u << DAG_RUNNING));
        l = dag_layout_compute(f, NULL);
        check_layout(f, l, true);
        dag_layout_free(l);
        unsigned char keep[60];
        dag_focus_counts fc;
        dag_focus(g, (int)seed * 3, 2, keep, &fc);
        assert_int_equal(fc.shown + fc.hidden_up + fc.hidden_down + fc.hidden_other, g->n);
        dag_graph *s = dag_subgraph(g, keep);
        assert_int_equal(s->n, fc.shown);
        l = dag_layout_compute(s, NULL);
        check_layout(s, l, true);
        dag_layout_free(l);
        int *path = NULL;
        double tot = 0;
        int len = dag_critical_path(g, &path, &tot);
        for (int i = 1; i < len; i++) {
            bool found = false;
            for (int k = g->out_off[path[i - 1]]; k < g->out_off[path[i - 1] + 1]; k++)
                found |= g->edges[g->out_e[k]].to == path[i];
            assert_true(found);
        }
        free(path);
        unsigned char mark[60];
        dag_blockers(g, g->n - 1, mark);
        dag_free(s);
        dag_free(f);
        dag_free(c);
        dag_free(g);
    }
}

static void test_ten_thousand(void **state)
{
    (void)state;
    dag_graph *g = random_graph(10000, 7, true);
    dag_layout *l = dag_layout_compute(g, NULL);
    check_layout(g, l, false);
    assert_true(l->crossings <= l->crossings_initial);
    assert_true(l->nreversed > 0);
    dag_layout_free(l);
    dag_free(g);
}

/* A chain of 3,000 tasks that all also depend on the first: 4.5 million dummy nodes if every long
 * edge had its own, 2,998 when the edges leaving one node share a trunk. */
static void test_long_edges_share_dummies(void **state)
{
    (void)state;
    int n = 3000;
    dag_graph *g = dag_new();
    char id[32];
    for (int i = 0; i < n; i++) {
        snprintf(id, sizeof id, "c%d", i);
        dag_add_node(g, id, id, "t", DAG_COMPLETED, 1, 0, 3);
    }
    for (int i = 1; i < n; i++) {
        dag_add_edge(g, i - 1, i, DAG_EDGE_BLOCKING);
        if (i > 1)
            dag_add_edge(g, 0, i, DAG_EDGE_BLOCKING);
    }
    dag_finish(g);
    dag_layout *l = dag_layout_compute(g, NULL);
    assert_int_equal(l->nlayers, n);
    assert_int_equal(l->ndummies, n - 2);
    check_layout(g, l, false);
    dag_layout_free(l);
    dag_free(g);
}

static void test_critical_path(void **state)
{
    (void)state;
    /* a(1) > b(10) > d(1); a > c(2) > d; d > e(1): the critical chain is a b d e = 13 */
    dag_graph *g = graph_of("a b c d e", "a>b a>c b>d c>d d>e");
    g->nodes[1].duration = 10;
    g->nodes[2].duration = 2;
    int *path = NULL;
    double total = 0;
    int len = dag_critical_path(g, &path, &total);
    assert_int_equal(len, 4);
    assert_int_equal(path[0], 0);
    assert_int_equal(path[1], 1);
    assert_int_equal(path[2], 3);
    assert_int_equal(path[3], 4);
    assert_true(total > 12.99 && total < 13.01);
    free(path);
    /* unknown durations count 0 */
    g->nodes[1].duration = -1;
    len = dag_critical_path(g, &path, &total);
    assert_int_equal(path[1], 2);
    assert_true(total > 4.99 && total < 5.01);
    free(path);
    dag_free(g);
}

static void test_blockers(void **state)
{
    (void)state;
    /* a > b > d, c > d (soft), e unrelated */
    dag_graph *g = dag_new();
    dag_add_node(g, "a", "a", "t", DAG_FAILED, -1, 3, 3);
    dag_add_node(g, "b", "b", "t", DAG_PENDING, -1, 0, 3);
    dag_add_node(g, "c", "c", "t", DAG_CANCELLED, -1, 0, 3);
    dag_add_node(g, "d", "d", "t", DAG_PENDING, -1, 0, 3);
    dag_add_node(g, "e", "e", "t", DAG_RUNNING, -1, 0, 3);
    dag_add_edge(g, 0, 1, DAG_EDGE_BLOCKING);
    dag_add_edge(g, 1, 3, DAG_EDGE_DATA);
    dag_add_edge(g, 2, 3, DAG_EDGE_SOFT);
    dag_finish(g);
    unsigned char mark[5];
    assert_int_equal(dag_blockers(g, 3, mark), 2);
    assert_int_equal(mark[0], 1);
    assert_int_equal(mark[1], 1);
    assert_int_equal(mark[2], 0); /* soft, and cancelled is final */
    assert_int_equal(mark[4], 0);
    g->nodes[2].status = DAG_RUNNING;
    assert_int_equal(dag_blockers(g, 3, mark), 3);
    assert_int_equal(dag_blockers(g, 0, mark), 0);
    dag_free(g);
}

static void test_focus(void **state)
{
    (void)state;
    /* chain a b c d e f g plus x > d and an unrelated pair p > q */
    dag_graph *g = graph_of("a b c d e f g x p q", "a>b b>c c>d d>e e>f f>g x>d p>q");
    unsigned char keep[10];
    dag_focus_counts c;
    dag_focus(g, 3, 1, keep, &c); /* d, one hop: c, x, e */
    assert_int_equal(c.shown, 4);
    assert_int_equal(c.hidden_up, 2);   /* a b */
    assert_int_equal(c.hidden_down, 2); /* f g */
    assert_int_equal(c.hidden_other, 2);
    assert_true(keep[2] && keep[3] && keep[4] && keep[7]);
    assert_false(keep[1] || keep[5] || keep[8]);
    dag_graph *s = dag_subgraph(g, keep);
    assert_int_equal(s->n, 4);
    assert_int_equal(s->m, 3);
    int ic = dag_find(s, "c"), ie = dag_find(s, "e");
    assert_int_equal(s->nodes[ic].hidden_up, 1);
    assert_int_equal(s->nodes[ie].hidden_down, 1);
    assert_int_equal(s->nodes[ic].orig, 2);
    dag_layout *l = dag_layout_compute(s, NULL);
    check_layout(s, l, true);
    dag_layout_free(l);
    dag_free(s);
    dag_focus(g, 3, 0, keep, &c);
    assert_int_equal(c.shown, 1);
    assert_int_equal(c.hidden_up, 4);
    dag_focus(g, 3, 100, keep, &c);
    assert_int_equal(c.shown, 8);
    assert_int_equal(c.hidden_up + c.hidden_down, 0);
    dag_free(g);
}

static void test_collapse(void **state)
{
    (void)state;
    /* root fans out to 6 "fetch" tasks and one "index" task; all fetches feed "merge" */
    dag_graph *g = dag_new();
    dag_add_node(g, "root", "root", "plan", DAG_COMPLETED, 1, 0, 3);
    dag_status st[6] = {DAG_COMPLETED, DAG_COMPLETED, DAG_FAILED, DAG_RUNNING, DAG_COMPLETED,
                        DAG_RUNNING};
    char id[16];
    for (int i = 0; i < 6; i++) {
        snprintf(id, sizeof id, "f%d", i);
        dag_add_node(g, id, id, "fetch", st[i], i, 0, 3);
    }
    dag_add_node(g, "idx", "idx", "index", DAG_PENDING, -1, 0, 3);
    dag_add_node(g, "merge", "merge", "merge", DAG_PENDING, -1, 0, 3);
    for (int i = 1; i <= 6; i++) {
        dag_add_edge(g, 0, i, DAG_EDGE_BLOCKING);
        dag_add_edge(g, i, 8, DAG_EDGE_DATA);
    }
    dag_add_edge(g, 0, 7, DAG_EDGE_BLOCKING);
    dag_finish(g);
    int group_of[9];
    dag_graph *c = dag_collapse(g, 3, group_of);
    assert_int_equal(c->n, 4);
    assert_int_equal(c->m, 3); /* root>fetch, fetch>merge, root>idx */
    int f = group_of[1];
    for (int i = 2; i <= 6; i++)
        assert_int_equal(group_of[i], f);
    const dag_node *nd = &c->nodes[f];
    assert_int_equal(nd->count, 6);
    assert_int_equal(nd->hist[DAG_COMPLETED], 3);
    assert_int_equal(nd->hist[DAG_FAILED], 1);
    assert_int_equal(nd->hist[DAG_RUNNING], 2);
    assert_int_equal(nd->status, DAG_FAILED);
    assert_true(nd->duration > 4.9);
    char *h = dag_hist_text(nd, false);
    assert_string_equal(h, "\u27171 \u25b62 \u27133");
    free(h);
    h = dag_hist_text(nd, true);
    assert_string_equal(h, "X1 >2 +3");
    free(h);
    dag_layout *l = dag_layout_compute(c, NULL);
    check_layout(c, l, true);
    /* the group box shows its count and histogram */
    char *buf = NULL;
    size_t len = 0;
    FILE *mf = open_memstream(&buf, &len);
    dag_render_text(mf, c, l, NULL, true);
    fclose(mf);
    assert_non_null(strstr(buf, "6x fetch"));
    assert_non_null(strstr(buf, "X1 >2 +3"));
    free(buf);
    dag_layout_free(l);
    dag_free(c);
    /* below the minimum size nothing merges */
    c = dag_collapse(g, 7, NULL);
    assert_int_equal(c->n, 9);
    assert_int_equal(c->m, 13);
    dag_free(c);
    dag_free(g);
}

static void test_filter_status(void **state)
{
    (void)state;
    dag_graph *g = graph_of("a b c", "a>b b>c");
    g->nodes[1].status = DAG_FAILED;
    g->nodes[1].hist[DAG_COMPLETED] = 0;
    g->nodes[1].hist[DAG_FAILED] = 1;
    unsigned set = 0;
    const char *bad = NULL;
    assert_true(dag_status_set_parse("failed,running", &set, &bad));
    assert_int_equal(set, (1u << DAG_FAILED) | (1u << DAG_RUNNING));
    assert_false(dag_status_set_parse("failed,bogus", &set, &bad));
    assert_string_equal(bad, "bogus");
    assert_false(dag_status_set_parse("", &set, &bad));
    assert_true(dag_status_set_parse("failed", &set, &bad));
    dag_graph *s = dag_filter_status(g, set);
    assert_int_equal(s->n, 1);
    assert_int_equal(s->m, 0);
    assert_int_equal(s->nodes[0].hidden_up, 1);
    assert_int_equal(s->nodes[0].hidden_down, 1);
    dag_free(s);
    dag_free(g);
}

static char *render(const dag_graph *g, const dag_layout *l, bool ascii)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mf = open_memstream(&buf, &len);
    dag_render_text(mf, g, l, NULL, ascii);
    fclose(mf);
    return buf;
}

static int count_str(const char *hay, const char *needle)
{
    int k = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        k++;
    return k;
}

static void test_render(void **state)
{
    (void)state;
    dag_graph *g = graph_of("a b c", "a>b a>c");
    g->nodes[1].status = DAG_FAILED;
    free(g->nodes[2].label);
    g->nodes[2].label = xstrdup("bad\x1b[31m\nname");
    dag_layout *l = dag_layout_compute(g, NULL);
    char *t = render(g, l, true);
    assert_int_equal(count_str(t, "v"), 2);   /* one arrowhead per edge */
    assert_int_equal(count_str(t, "| + a "), 1); /* glyph and name inside the box */
    assert_non_null(strstr(t, "X b"));
    assert_non_null(strstr(t, "bad?[31m?"));
    assert_null(strchr(t, '\x1b'));
    for (const char *p = t; *p; p++)
        assert_true(*p == '\n' || (*p >= 0x20 && *p < 0x7f));
    free(t);
    t = render(g, l, false);
    assert_int_equal(count_str(t, "\u25bc"), 2);
    assert_int_equal(count_str(t, "\u252c"), 1); /* both edges leave a through one tee */
    assert_non_null(strstr(t, "\u2717 b"));
    free(t);
    /* a window: only the cells asked for, clipped */
    dag_cell cells[10 * 3];
    dag_render(g, l, NULL, l->boxes[0].x, l->boxes[0].y, 10, 3, true, cells);
    assert_int_equal(cells[0].ch, '+');
    assert_true(cells[0].attr & DAG_ATTR_BOX);
    assert_int_equal(cells[1].ch, '-');
    dag_layout_free(l);
    dag_free(g);
}

static void test_export(void **state)
{
    (void)state;
    dag_graph *g = graph_of("a b", "a>b");
    free(g->nodes[0].label);
    g->nodes[0].label = xstrdup("say \"hi\"\\\nbye");
    dag_layout *l = dag_layout_compute(g, NULL);
    char *buf = NULL;
    size_t len = 0;
    FILE *mf = open_memstream(&buf, &len);
    dag_write_dot(mf, g, "wf", NULL);
    fclose(mf);
    assert_non_null(strstr(buf, "digraph \"wf\""));
    assert_non_null(strstr(buf, "\"a\" -> \"b\";"));
    assert_non_null(strstr(buf, "say \\\"hi\\\"\\\\\\\\nbye")); /* newline shown as \n, escaped */
    free(buf);
    mf = open_memstream(&buf, &len);
    dag_write_json(mf, g, l, NULL);
    fclose(mf);
    assert_non_null(strstr(buf, "\"label\":\"say \\\"hi\\\"\\\\\\nbye\""));
    assert_non_null(strstr(buf, "\"from\":\"a\",\"to\":\"b\",\"kind\":\"blocking\",\"reversed\":false"));
    free(buf);
    dag_layout_free(l);
    dag_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chain_and_diamond),
        cmocka_unit_test(test_crossings_reduced),
        cmocka_unit_test(test_cycles),
        cmocka_unit_test(test_bad_edges),
        cmocka_unit_test(test_random_small),
        cmocka_unit_test(test_random_ops),
        cmocka_unit_test(test_ten_thousand),
        cmocka_unit_test(test_long_edges_share_dummies),
        cmocka_unit_test(test_critical_path),
        cmocka_unit_test(test_blockers),
        cmocka_unit_test(test_focus),
        cmocka_unit_test(test_collapse),
        cmocka_unit_test(test_filter_status),
        cmocka_unit_test(test_render),
        cmocka_unit_test(test_export),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
