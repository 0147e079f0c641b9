/* dag.h: the task DAG model (nodes, edges, analyses such as critical path, blockers, focus, collapse,
 * status filter) and its layered layout onto a character-cell grid. No curses, no database. */
#ifndef AGENTDB_DAG_H
#define AGENTDB_DAG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Task statuses, in the order of the schema's chk_status_valid. */
typedef enum {
    DAG_PENDING,
    DAG_QUEUED,
    DAG_RUNNING,
    DAG_COMPLETED,
    DAG_FAILED,
    DAG_CANCELLED,
    DAG_TIMEOUT,
    DAG_RETRYING,
    DAG_NSTATUS
} dag_status;

/* Edge kinds: task_dependencies.dependency_type. */
typedef enum { DAG_EDGE_BLOCKING, DAG_EDGE_DATA, DAG_EDGE_SOFT } dag_edge_kind;

/* Node flags. */
enum {
    DAG_NODE_ADDED = 1u << 0,   /* added by the version shown */
    DAG_NODE_REMOVED = 1u << 1  /* removed by the version shown (drawn as a ghost) */
};

typedef struct dag_node {
    char *id;          /* owned: task uuid, or for a collapsed group the first member's id */
    char *label;       /* owned: title, or type when there is no title */
    char *type;        /* owned */
    dag_status status; /* a group's most urgent member status (see dag_status_rank) */
    double duration;   /* seconds; negative when unknown (not started or not finished) */
    int try_n, try_max;
    unsigned flags;    /* DAG_NODE_* */
    int count;         /* tasks this node stands for: 1, or a collapsed group's size */
    int hist[DAG_NSTATUS]; /* members per status (a plain node has 1 in its own status) */
    int orig;          /* index of the node in the graph this one was derived from, or -1 */
    int hidden_up;     /* upstream neighbours left out of this (derived) graph */
    int hidden_down;   /* downstream neighbours left out of this (derived) graph */
} dag_node;

/* from is the upstream task (depends_on_task_id), to the task that depends on it. */
typedef struct dag_edge {
    int from, to;
    dag_edge_kind kind;
} dag_edge;

/* A graph. Owns its nodes (and their strings), edges and adjacency. After the last add, call
 * dag_finish() before any analysis or layout; adding again makes it unfinished. */
typedef struct dag_graph {
    int n, m;
    dag_node *nodes;
    dag_edge *edges;
    int ncap, mcap;
    /* adjacency (dag_finish): edge indices out of node v are out_e[out_off[v] .. out_off[v+1]),
     * into v are in_e[in_off[v] .. in_off[v+1]) */
    int *out_off, *out_e, *in_off, *in_e;
    /* id lookup: open addressing over node indices (-1 empty) */
    int *hash;
    int hcap;
    bool finished;
} dag_graph;

dag_graph *dag_new(void);
void dag_free(dag_graph *g);
/* Add a node; strings are copied (NULL label or type become ""). Returns its index, or -1 when a
 * node with this id exists already. duration < 0: unknown. */
int dag_add_node(dag_graph *g, const char *id, const char *label, const char *type,
                 dag_status status, double duration, int try_n, int try_max);
/* Add an edge between node indices. Returns the edge index, or -1 for a self loop or an index out
 * of range (the schema forbids both; bad data is skipped rather than drawn wrong). */
int dag_add_edge(dag_graph *g, int from, int to, dag_edge_kind kind);
/* Build adjacency. Idempotent. */
void dag_finish(dag_graph *g);
/* Node index by id, or -1. Works before dag_finish too. */
int dag_find(const dag_graph *g, const char *id);

/* Status names ("completed") and parsing; dag_status_parse returns false for unknown text. */
const char *dag_status_name(dag_status s);
bool dag_status_parse(const char *s, dag_status *out);
/* Parse "pending,failed" into a bit set (1u << status). false with *bad set to the offending word
 * start (within s) on an unknown status. */
bool dag_status_set_parse(const char *s, unsigned *set, const char **bad);
/* One-cell status glyph: Unicode (UTF-8) or ASCII. */
const char *dag_status_glyph(dag_status s, bool ascii);
/* How urgently an operator needs to see a status; a collapsed group shows its most urgent one. */
int dag_status_rank(dag_status s);
bool dag_edge_kind_parse(const char *s, dag_edge_kind *out);
const char *dag_edge_kind_name(dag_edge_kind k);

/* ---- analyses (graph must be finished); all tolerate cycles ---- */

/* Critical path: the chain with the largest sum of durations (unknown counts 0), following edges
 * that do not close a cycle. Writes node indices from upstream to downstream into path (malloc'd,
 * caller frees; may be NULL when the graph is empty) and returns its length. *total gets the sum. */
int dag_critical_path(const dag_graph *g, int **path, double *total);

/* What blocks node v: every ancestor (transitively upstream) that is not completed. For a soft
 * edge only a non-final upstream (pending, queued, running, retrying) blocks. mark[] (g->n entries,
 * caller's) is set to 1 for blockers, 0 elsewhere. Returns the number of blockers. */
int dag_blockers(const dag_graph *g, int v, unsigned char *mark);

/* Focus: v with its ancestors and descendants up to hops edges away. keep[] (g->n, caller's) gets
 * 1 for kept nodes. Counts of what is left out are returned in *c. */
typedef struct dag_focus_counts {
    int shown;        /* nodes kept */
    int hidden_up;    /* ancestors further than hops */
    int hidden_down;  /* descendants further than hops */
    int hidden_other; /* nodes neither upstream nor downstream of v */
} dag_focus_counts;
void dag_focus(const dag_graph *g, int v, int hops, unsigned char *keep, dag_focus_counts *c);

/* Induced subgraph of the nodes with keep[i] != 0, in the same order. Each new node's orig is its
 * index in g, and hidden_up/hidden_down count its neighbours that were left out. Caller frees the
 * result with dag_free. The result is finished. */
dag_graph *dag_subgraph(const dag_graph *g, const unsigned char *keep);
/* Keep the nodes whose status is in set (1u << status); a convenience over dag_subgraph. */
dag_graph *dag_filter_status(const dag_graph *g, unsigned set);

/* Collapse fan-out groups: nodes with the same type and the same set of upstream nodes, at least
 * min_size of them, become one node (count, hist[] filled, label "N× type"). Edges are merged.
 * Each new node's orig is the index in g of its first member; group_of[] (g->n entries, caller's,
 * may be NULL) gets each old node's new index. Caller frees the result. The result is finished. */
dag_graph *dag_collapse(const dag_graph *g, int min_size, int *group_of);
/* A group's histogram as text, e.g. "✓812 ✗3 ▶40" (most urgent first, zero counts left out).
 * Returns a malloc'd string the caller frees. */
char *dag_hist_text(const dag_node *nd, bool ascii);

/* ---- layout ---- */

typedef struct dag_layout_opts {
    int box_w;      /* box width in cells (>= 8); default 22 */
    int box_h;      /* box height in cells (3 or 4); default 4 */
    int hgap;       /* columns between neighbouring boxes (>= 1); default 2 */
    int vgap;       /* rows between layers (>= 3); default 3: a stub row, vgap-2 channels, an arrow row */
    int sweeps;     /* crossing-reduction iterations (each one down and one up); default 4 */
} dag_layout_opts;
void dag_layout_defaults(dag_layout_opts *o);

typedef struct dag_point {
    int x, y;
} dag_point;

typedef struct dag_box {
    int x, y, w, h;   /* top-left cell and size */
    int layer;
    int order;        /* position within its layer, dummies included */
} dag_box;

/* The polyline of edge e: npts points pts[first .. first+npts), orthogonal segments, from the
 * cell below the upstream box to the cell above the downstream box. A reversed edge (one that
 * closed a cycle and was turned round for layering) runs from the cell above the upstream box up
 * to the cell below the downstream box. */
typedef struct dag_path {
    int first, npts;
    bool reversed;
} dag_path;

/* Owns all arrays. boxes[] is indexed like g->nodes and paths[] like g->edges. */
typedef struct dag_layout {
    int n, m;
    dag_box *boxes;
    dag_path *paths;
    dag_point *pts;
    int npts;
    int width, height;   /* bounding size in cells, origin 0,0 */
    int nlayers;
    int ndummies;
    int nreversed;
    long crossings;      /* after crossing reduction, counted between adjacent layers */
    long crossings_initial; /* with the initial (input) order, for comparison */
    dag_layout_opts opts;
} dag_layout;

/* Lay out a finished graph. Never fails (an empty graph gives an empty layout); caller frees with
 * dag_layout_free. O((V + D + E) log) with D the dummy nodes. */
dag_layout *dag_layout_compute(const dag_graph *g, const dag_layout_opts *opts);
void dag_layout_free(dag_layout *l);

/* ---- rendering to a cell grid ---- */

/* Cell attributes: the low 4 bits hold a status + 1 (0 none) for colouring, the rest flags. */
enum {
    DAG_ATTR_STATUS_MASK = 0x0f,
    DAG_ATTR_BOX = 1u << 4,       /* part of a box */
    DAG_ATTR_EDGE = 1u << 5,      /* part of an edge */
    DAG_ATTR_SELECTED = 1u << 6,  /* the selected node */
    DAG_ATTR_CRITICAL = 1u << 7,  /* on the critical path */
    DAG_ATTR_BLOCKER = 1u << 8,   /* a blocker of the selection */
    DAG_ATTR_DIM = 1u << 9,       /* removed by this version */
    DAG_ATTR_ADDED = 1u << 10     /* added by this version */
};

typedef struct dag_cell {
    uint32_t ch;      /* Unicode code point; ' ' when empty */
    uint16_t attr;
} dag_cell;

/* Marks for rendering: per node (g->n) and per edge (g->m) DAG_ATTR_* flags; either may be NULL. */
typedef struct dag_marks {
    const uint16_t *node;
    const uint16_t *edge;
} dag_marks;

/* Render the window x0,y0 (layout cells) of size w x h into cells[w*h] (caller's). ascii: only
 * ASCII characters. Labels are sanitised: control and bidi characters and characters not one
 * cell wide (per wcwidth in the current locale) show as '?'. */
void dag_render(const dag_graph *g, const dag_layout *l, const dag_marks *mk, int x0, int y0, int w,
                int h, bool ascii, dag_cell *cells);
/* Write the whole drawing as text lines (trailing blanks trimmed) to f, rendering in bands so
 * memory stays bounded. */
void dag_render_text(FILE *f, const dag_graph *g, const dag_layout *l, const dag_marks *mk, bool ascii);
/* Encode a code point as UTF-8 into buf[4]; returns the byte count. */
int dag_utf8_put(uint32_t cp, char *buf);

/* ---- export ---- */

/* Graphviz DOT: one node per task (label with glyph, name, duration, tries; colour by status),
 * soft edges dashed, critical-path marks bold when mk is given. */
void dag_write_dot(FILE *f, const dag_graph *g, const char *name, const dag_marks *mk);
/* JSON: {"nodes":[...], "edges":[...], "layout":{...}} with the boxes and polylines. */
void dag_write_json(FILE *f, const dag_graph *g, const dag_layout *l, const dag_marks *mk);

#endif
