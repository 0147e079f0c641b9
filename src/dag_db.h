/* dag_db.h: turn the rows of sql/queries/dag/tasks.sql and edges.sql into a dag_graph. Knows
 * libpq results and the column names of those two queries; no curses, no connection. */
#ifndef AGENTDB_DAG_DB_H
#define AGENTDB_DAG_DB_H

#include <libpq-fe.h>

#include "dag.h"

/* Build a finished graph from the two results (borrowed). Edges whose ends are not among the
 * tasks (another version's tasks) are skipped, as are self loops. Caller frees with dag_free. */
dag_graph *dagdb_build(const PGresult *tasks, const PGresult *edges);

/* Add the edges of an edges.sql result to g (built from tasks alone) and finish it again. */
void dagdb_add_edges(dag_graph *g, const PGresult *edges);

/* A task or workflow id as PostgreSQL's uuid input accepts it in its canonical form
 * (8-4-4-4-12 hex digits). Checked before a query so bad input gets a clear message. */
bool dagdb_valid_uuid(const char *s);

#endif
