/* check_cycles.h: the task_dependency_cycles rule: edges streamed with COPY into a compact graph,
 * then every cycle found as a strongly connected component by an iterative Tarjan pass, O(V+E). */
#ifndef AGENTDB_CHECK_CYCLES_H
#define AGENTDB_CHECK_CYCLES_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

#define CYC_SAMPLE 10   /* members kept per cycle, lowest ids first */

typedef struct cyc_graph cyc_graph;

/* One cycle: a strongly connected component of two or more tasks, or a task depending on itself.
 * members holds the lowest min(size, CYC_SAMPLE) task ids in order; members[0] is the lowest. */
typedef struct cyc_component {
    uint8_t workflow[16];   /* the workflow of the edges that reached the lowest member */
    size_t size;            /* tasks on the component */
    size_t nmembers;
    uint8_t members[CYC_SAMPLE][16];
} cyc_component;

/* Create and free a graph (the graph owns all its memory). */
cyc_graph *cyc_new(void);
void cyc_free(cyc_graph *g);
/* "task depends on depends_on" in workflow wf; ids are 16-byte uuids. */
void cyc_add_edge(cyc_graph *g, const uint8_t wf[16], const uint8_t task[16],
                  const uint8_t depends_on[16]);
/* One COPY text line "workflow_id\ttask_id\tdepends_on_task_id[\n]". 0, or -1 when malformed. */
int cyc_add_line(cyc_graph *g, const char *line, size_t len);
/* COPY ... (FORMAT binary) data of the same three uuid columns, one CopyData message at a time:
 * the first carries the file header, each holds whole tuples, the last may be the trailer.
 * *state starts at 0 and is kept between calls (1: header seen, 2: trailer seen). 0, or -1 when
 * malformed. */
int cyc_add_binary(cyc_graph *g, const char *buf, size_t len, int *state);
size_t cyc_vertices(const cyc_graph *g);
size_t cyc_edges(const cyc_graph *g);

/* Every cycle, sorted by lowest member id. Returns the count and *out (malloc'd, caller frees;
 * NULL when none). Iterative: no recursion, whatever the depth of the graph. */
size_t cyc_find(cyc_graph *g, cyc_component **out);

/* uuid text (36 characters, any hex case) to bytes: 0, or -1 when malformed; and back (37 bytes
 * with the NUL, lower case). */
int cyc_parse_uuid(const char *s, uint8_t out[16]);
void cyc_format_uuid(const uint8_t id[16], char out[37]);

/* Run copy_sql (a COPY ... TO STDOUT of the three columns, text or binary format) and add each
 * row to g.
 * 0, or -1 with *err filled (server error, lost connection or a malformed row). */
int cyc_load_copy(db_conn *db, const char *copy_sql, cyc_graph *g, db_error *err);

#endif
