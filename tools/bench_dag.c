/* bench_dag.c: time the DAG layout (src/dag_layout.c) on random layered DAGs of N tasks and write
 * the same graph as DOT, so `make bench` can time `dot -Tplain` on it side by side. Not a test. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dag.h"
#include "util.h"

static unsigned long long rng_state = 88172645463325252ull;

static unsigned rnd(unsigned n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state % n);
}

/* Layers of random width; each task depends on 1-3 tasks, mostly in the layer just above, some
 * up to 4 layers higher (long edges that need dummy nodes). Deterministic for a given n and seed. */
static dag_graph *build(int n, unsigned long long seed)
{
    rng_state = seed ? seed : 1;
    dag_graph *g = dag_new();
    int nlayers = 1;
    while (nlayers * nlayers * 4 < n)
        nlayers++;
    int *lstart = xmalloc(((size_t)nlayers + 2) * sizeof(int));
    int made = 0, l = 0;
    char id[32], label[32];
    while (made < n) {
        int width = 1 + (int)rnd((unsigned)(2 * n / nlayers));
        if (l == 0)
            width = 1 + (int)rnd(8);
        if (made + width > n || l == nlayers - 1)
            width = n - made;
        lstart[l] = made;
        for (int i = 0; i < width; i++, made++) {
            snprintf(id, sizeof id, "t%d", made);
            snprintf(label, sizeof label, "step_%d_%d", l, i);
            dag_add_node(g, id, label, "bench_task", (dag_status)rnd(DAG_NSTATUS), rnd(600) / 10.0,
                         (int)rnd(3), 3);
        }
        l++;
    }
    lstart[l] = made;
    for (int k = 1; k < l; k++)
        for (int v = lstart[k]; v < lstart[k + 1]; v++) {
            int np = 1 + (int)rnd(3);
            for (int j = 0; j < np; j++) {
                int up = k - 1;
                if (rnd(10) == 0)
                    up = k - 1 - (int)rnd(k < 4 ? (unsigned)k : 4u);
                int w = lstart[up + 1] - lstart[up];
                dag_add_edge(g, lstart[up] + (int)rnd((unsigned)w), v, DAG_EDGE_BLOCKING);
            }
        }
    free(lstart);
    dag_finish(g);
    return g;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    int n = 1000, runs = 5;
    const char *dot = NULL, *text = NULL;
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "--nodes=", 8) == 0)
            n = atoi(argv[i] + 8);
        else if (strncmp(argv[i], "--runs=", 7) == 0)
            runs = atoi(argv[i] + 7);
        else if (strncmp(argv[i], "--dot=", 6) == 0)
            dot = argv[i] + 6;
        else if (strncmp(argv[i], "--text=", 7) == 0)
            text = argv[i] + 7;
        else {
            fprintf(stderr, "usage: bench_dag [--nodes=N] [--runs=R] [--dot=FILE] [--text=FILE]\n");
            return 1;
        }
    }
    if (n < 1 || n > 10000000 || runs < 1 || runs > 1000) {
        fprintf(stderr, "bench_dag: --nodes takes 1..10000000 and --runs 1..1000\n");
        return 1;
    }
    dag_graph *g = build(n, 42);
    double *t = xmalloc((size_t)runs * sizeof(double));
    dag_layout *l = NULL;
    for (int r = 0; r < runs; r++) {
        dag_layout_free(l);
        double t0 = now_ms();
        l = dag_layout_compute(g, NULL);
        t[r] = now_ms() - t0;
    }
    qsort(t, (size_t)runs, sizeof(double), cmp_double);
    printf("{\"name\":\"dag_layout_%d\",\"value\":%.2f,\"unit\":\"ms\",\"target\":%d,"
           "\"nodes\":%d,\"edges\":%d,\"layers\":%d,\"dummies\":%d,\"crossings\":%ld,"
           "\"crossings_input_order\":%ld,\"width\":%d,\"height\":%d}\n",
           n, t[runs / 2], n <= 1000 ? 20 : 500, g->n, g->m, l->nlayers, l->ndummies, l->crossings,
           l->crossings_initial, l->width, l->height);
    if (dot) {
        FILE *f = fopen(dot, "w");
        if (!f) {
            perror(dot);
            return 1;
        }
        dag_write_dot(f, g, "bench", NULL);
        fclose(f);
    }
    if (text) {
        FILE *f = fopen(text, "w");
        if (!f) {
            perror(text);
            return 1;
        }
        dag_render_text(f, g, l, NULL, false);
        fclose(f);
    }
    free(t);
    dag_layout_free(l);
    dag_free(g);
    return 0;
}
