/* check_cycles.c: cycles in task_dependencies at scale: COPY rows into an interned graph (open
 * addressing on 16-byte ids, CSR adjacency), then an iterative Tarjan pass; no curses. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "check_cycles.h"
#include "util.h"

struct cyc_graph {
    /* vertices: ids and the workflow of the first edge that named each */
    uint8_t (*ids)[16];
    uint8_t (*wfs)[16];
    size_t nv, capv;
    /* hash of vertex ids: slots hold vertex index + 1, 0 is empty */
    uint32_t *slots;
    size_t nslots;
    /* edges: from -> to (vertex indexes) */
    uint32_t *from, *to;
    size_t ne, cape;
};

cyc_graph *cyc_new(void)
{
    cyc_graph *g = xcalloc(1, sizeof *g);
    g->nslots = 1024;
    g->slots = xcalloc(g->nslots, sizeof *g->slots);
    return g;
}

void cyc_free(cyc_graph *g)
{
    if (!g)
        return;
    free(g->ids);
    free(g->wfs);
    free(g->slots);
    free(g->from);
    free(g->to);
    free(g);
}

size_t cyc_vertices(const cyc_graph *g) { return g->nv; }
size_t cyc_edges(const cyc_graph *g) { return g->ne; }

static uint64_t hash_id(const uint8_t id[16])
{
    /* uuids are mostly random already; FNV-1a over the bytes also spreads sequential ones. */
    uint64_t h = 1469598103934665603ULL;
    for (int i = 0; i < 16; i++)
        h = (h ^ id[i]) * 1099511628211ULL;
    return h;
}

static void rehash(cyc_graph *g)
{
    size_t n = g->nslots * 2;
    uint32_t *s = xcalloc(n, sizeof *s);
    for (size_t v = 0; v < g->nv; v++) {
        size_t i = (size_t)hash_id(g->ids[v]) & (n - 1);
        while (s[i])
            i = (i + 1) & (n - 1);
        s[i] = (uint32_t)(v + 1);
    }
    free(g->slots);
    g->slots = s;
    g->nslots = n;
}

static uint32_t intern(cyc_graph *g, const uint8_t id[16], const uint8_t wf[16])
{
    if ((g->nv + 1) * 2 > g->nslots)
        rehash(g);
    size_t i = (size_t)hash_id(id) & (g->nslots - 1);
    while (g->slots[i]) {
        uint32_t v = g->slots[i] - 1;
        if (memcmp(g->ids[v], id, 16) == 0)
            return v;
        i = (i + 1) & (g->nslots - 1);
    }
    if (g->nv == g->capv) {
        g->capv = g->capv ? g->capv * 2 : 1024;
        g->ids = xrealloc(g->ids, g->capv * sizeof *g->ids);
        g->wfs = xrealloc(g->wfs, g->capv * sizeof *g->wfs);
    }
    memcpy(g->ids[g->nv], id, 16);
    memcpy(g->wfs[g->nv], wf, 16);
    g->slots[i] = (uint32_t)(g->nv + 1);
    return (uint32_t)g->nv++;
}

void cyc_add_edge(cyc_graph *g, const uint8_t wf[16], const uint8_t task[16],
                  const uint8_t depends_on[16])
{
    uint32_t a = intern(g, task, wf);
    uint32_t b = intern(g, depends_on, wf);
    if (g->ne == g->cape) {
        g->cape = g->cape ? g->cape * 2 : 1024;
        g->from = xrealloc(g->from, g->cape * sizeof *g->from);
        g->to = xrealloc(g->to, g->cape * sizeof *g->to);
    }
    g->from[g->ne] = a;
    g->to[g->ne] = b;
    g->ne++;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int cyc_parse_uuid(const char *s, uint8_t out[16])
{
    int k = 0;
    for (int i = 0; i < 36; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-')
                return -1;
            continue;
        }
        int hi = hexval(s[i]), lo = hexval(s[i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        out[k++] = (uint8_t)(hi << 4 | lo);
        i++;
    }
    return 0;
}

void cyc_format_uuid(const uint8_t id[16], char out[37])
{
    static const char hex[] = "0123456789abcdef";
    int k = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[k++] = '-';
        out[k++] = hex[id[i] >> 4];
        out[k++] = hex[id[i] & 15];
    }
    out[k] = '\0';
}

int cyc_add_line(cyc_graph *g, const char *line, size_t len)
{
    if (len > 0 && line[len - 1] == '\n')
        len--;
    if (len != 36 * 3 + 2 || line[36] != '\t' || line[73] != '\t')
        return -1;
    uint8_t wf[16], a[16], b[16];
    if (cyc_parse_uuid(line, wf) || cyc_parse_uuid(line + 37, a) || cyc_parse_uuid(line + 74, b))
        return -1;
    cyc_add_edge(g, wf, a, b);
    return 0;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int cyc_add_binary(cyc_graph *g, const char *buf, size_t len, int *state)
{
    static const char sig[11] = "PGCOPY\n\377\r\n";
    const unsigned char *p = (const unsigned char *)buf, *end = p + len;
    if (*state == 0) {
        /* signature, flags (int32), header extension length (int32) and extension */
        if (len < 19 || memcmp(p, sig, 11) != 0)
            return -1;
        uint32_t ext = be32(p + 15);
        if (ext > len - 19)
            return -1;
        p += 19 + ext;
        *state = 1;
    }
    while (p < end) {
        if (*state != 1 || end - p < 2)
            return -1;
        int16_t nf = (int16_t)(p[0] << 8 | p[1]);
        p += 2;
        if (nf == -1) {
            *state = 2;
            continue;
        }
        if (nf != 3 || end - p < 3 * 20)
            return -1;
        const unsigned char *f[3];
        for (int i = 0; i < 3; i++) {
            if (be32(p) != 16)
                return -1; /* NULL (-1) or not a uuid */
            f[i] = p + 4;
            p += 20;
        }
        cyc_add_edge(g, f[0], f[1], f[2]);
    }
    return 0;
}

static int cmp_component(const void *x, const void *y)
{
    const cyc_component *a = x, *b = y;
    return memcmp(a->members[0], b->members[0], 16);
}

/* Keep the CYC_SAMPLE lowest ids of a component in order (insertion into a short sorted list). */
static void component_add(cyc_component *c, const cyc_graph *g, uint32_t v)
{
    c->size++;
    const uint8_t *id = g->ids[v];
    size_t n = c->nmembers;
    if (n == CYC_SAMPLE && memcmp(id, c->members[n - 1], 16) > 0)
        return;
    size_t i = n < CYC_SAMPLE ? n : n - 1;
    while (i > 0 && memcmp(id, c->members[i - 1], 16) < 0) {
        memcpy(c->members[i], c->members[i - 1], 16);
        i--;
    }
    memcpy(c->members[i], id, 16);
    if (n < CYC_SAMPLE)
        c->nmembers++;
    if (i == 0)
        memcpy(c->workflow, g->wfs[v], 16);
}

size_t cyc_find(cyc_graph *g, cyc_component **out)
{
    *out = NULL;
    size_t nv = g->nv, ne = g->ne;
    /* CSR adjacency: the edges of v are adj[start[v] .. start[v+1]). */
    size_t *start = xcalloc(nv + 1, sizeof *start);
    for (size_t e = 0; e < ne; e++)
        start[g->from[e] + 1]++;
    for (size_t v = 0; v < nv; v++)
        start[v + 1] += start[v];
    uint32_t *adj = xmalloc((ne ? ne : 1) * sizeof *adj);
    size_t *fill = xmalloc((nv ? nv : 1) * sizeof *fill);
    memcpy(fill, start, nv * sizeof *fill);
    for (size_t e = 0; e < ne; e++)
        adj[fill[g->from[e]]++] = g->to[e];

    /* Tarjan with explicit stacks. index 0 means unvisited; indexes start at 1. */
    uint32_t *index = xcalloc(nv ? nv : 1, sizeof *index);
    uint32_t *low = xmalloc((nv ? nv : 1) * sizeof *low);
    uint8_t *onstack = xcalloc(nv ? nv : 1, 1);
    uint32_t *scc = xmalloc((nv ? nv : 1) * sizeof *scc);   /* Tarjan's vertex stack */
    uint32_t *call = xmalloc((nv ? nv : 1) * sizeof *call); /* DFS path */
    size_t *next = fill;                                    /* next edge to try, per vertex */
    size_t nscc = 0, ncall = 0, found = 0, cap = 0;
    uint32_t counter = 0;
    cyc_component *res = NULL;

    for (size_t s = 0; s < nv; s++) {
        if (index[s])
            continue;
        index[s] = low[s] = ++counter;
        next[s] = start[s];
        scc[nscc++] = (uint32_t)s;
        onstack[s] = 1;
        call[ncall++] = (uint32_t)s;
        while (ncall) {
            uint32_t v = call[ncall - 1];
            if (next[v] < start[v + 1]) {
                uint32_t w = adj[next[v]++];
                if (!index[w]) {
                    index[w] = low[w] = ++counter;
                    next[w] = start[w];
                    scc[nscc++] = w;
                    onstack[w] = 1;
                    call[ncall++] = w;
                } else if (onstack[w] && index[w] < low[v])
                    low[v] = index[w];
                continue;
            }
            ncall--;
            if (ncall) {
                uint32_t p = call[ncall - 1];
                if (low[v] < low[p])
                    low[p] = low[v];
            }
            if (low[v] != index[v])
                continue;
            /* v is the root of a component: the vertices above it on the stack. */
            size_t top = nscc;
            while (scc[nscc - 1] != v)
                nscc--;
            nscc--;
            bool cyclic = top - nscc > 1;
            if (!cyclic)
                for (size_t e = start[v]; e < start[v + 1] && !cyclic; e++)
                    cyclic = adj[e] == v;
            if (cyclic) {
                if (found == cap) {
                    cap = cap ? cap * 2 : 8;
                    res = xrealloc(res, cap * sizeof *res);
                }
                cyc_component *c = &res[found++];
                memset(c, 0, sizeof *c);
                for (size_t i = nscc; i < top; i++)
                    component_add(c, g, scc[i]);
            }
            for (size_t i = nscc; i < top; i++)
                onstack[scc[i]] = 0;
        }
    }
    free(start);
    free(adj);
    free(fill);
    free(index);
    free(low);
    free(onstack);
    free(scc);
    free(call);
    if (found > 1)
        qsort(res, found, sizeof *res, cmp_component);
    *out = res;
    return found;
}

/* PQgetCopyData without blocking in libpq: poll the socket, so that a cancel request (Ctrl-C,
 * db_request_cancel) reaches the server while the rows stream. */
static int next_copy_row(PGconn *pg, char **buf, bool *cancel_sent)
{
    for (;;) {
        int n = PQgetCopyData(pg, buf, 1);
        if (n != 0)
            return n;
        if (db_cancel_requested() && !*cancel_sent) {
            PGcancel *cn = PQgetCancel(pg);
            char eb[256];
            if (cn) {
                PQcancel(cn, eb, sizeof eb);
                PQfreeCancel(cn);
            }
            *cancel_sent = true;
        }
        struct pollfd pf = {PQsocket(pg), POLLIN, 0};
        if (poll(&pf, 1, 100) < 0 && errno != EINTR)
            return -2;
        if (!PQconsumeInput(pg))
            return -2;
    }
}

int cyc_load_copy(db_conn *db, const char *copy_sql, cyc_graph *g, db_error *err)
{
    PGconn *pg = db_pg(db);
    if (!PQsendQuery(pg, copy_sql)) {
        db_error_from_result(err, pg, NULL);
        return -1;
    }
    int rc = 0, bstate = 0;
    bool started = false, binary = false, cancel_sent = false;
    PGresult *r;
    while ((r = PQgetResult(pg)) != NULL) {
        ExecStatusType st = PQresultStatus(r);
        if (st == PGRES_COPY_OUT && !started) {
            started = true;
            binary = PQbinaryTuples(r) != 0;
            char *buf;
            int n;
            while ((n = next_copy_row(pg, &buf, &cancel_sent)) > 0) {
                int bad = binary ? cyc_add_binary(g, buf, (size_t)n, &bstate)
                                 : cyc_add_line(g, buf, (size_t)n);
                if (rc == 0 && bad) {
                    db_error_set(err, "task_dependency_cycles: a malformed COPY %s row (the rule "
                                      "must COPY three uuid columns, none NULL)",
                                 binary ? "binary" : "text");
                    rc = -1; /* keep reading: the connection must drain the COPY */
                }
                PQfreemem(buf);
            }
            if (n == -2 && rc == 0) {
                db_error_from_result(err, pg, NULL);
                rc = -1;
            }
        } else if (st != PGRES_COMMAND_OK && st != PGRES_COPY_OUT && rc == 0) {
            db_error_from_result(err, pg, r);
            rc = -1;
        }
        PQclear(r);
        if (PQstatus(pg) == CONNECTION_BAD)
            break;
    }
    if (PQstatus(pg) == CONNECTION_BAD) {
        if (rc == 0)
            db_error_from_result(err, pg, NULL);
        err->conn_lost = true;
        rc = -1;
    }
    return rc;
}
