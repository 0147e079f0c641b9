/* dag_int.h: helpers shared by the dag_*.c files and nothing else: cycle breaking and a
 * topological order over the edges that remain. */
#ifndef AGENTDB_DAG_INT_H
#define AGENTDB_DAG_INT_H

#include "dag.h"

/* Mark back edges (back[e] = 1) found by an iterative depth-first search that starts from the
 * nodes without upstream edges, in node order, then from any node left. Removing (or reversing)
 * the marked edges leaves the graph acyclic. back[] has g->m entries (caller's). Returns the
 * number marked. g must be finished. */
int dag_back_edges(const dag_graph *g, unsigned char *back);

/* Topological order of the nodes over the edges with back[e] == 0 (Kahn, ties in node order).
 * order[] has g->n entries (caller's). */
void dag_topo_order(const dag_graph *g, const unsigned char *back, int *order);

#endif
