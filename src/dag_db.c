/* dag_db.c: build a dag_graph from the task and edge rows of sql/queries/dag/ (used by the
 * `dag show` command and the DAG screen alike). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "dag_db.h"

static const char *cell(const PGresult *r, int row, int col)
{
    return col < 0 || PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

dag_graph *dagdb_build(const PGresult *tasks, const PGresult *edges)
{
    dag_graph *g = dag_new();
    int c_id = PQfnumber(tasks, "id"), c_title = PQfnumber(tasks, "title"),
        c_type = PQfnumber(tasks, "type"), c_status = PQfnumber(tasks, "status"),
        c_dur = PQfnumber(tasks, "duration"), c_try = PQfnumber(tasks, "retry_count"),
        c_max = PQfnumber(tasks, "max_retries"), c_add = PQfnumber(tasks, "added"),
        c_rem = PQfnumber(tasks, "removed");
    for (int i = 0; i < PQntuples(tasks); i++) {
        dag_status st = DAG_PENDING;
        const char *s = cell(tasks, i, c_status);
        if (s)
            dag_status_parse(s, &st);
        const char *dur = cell(tasks, i, c_dur), *tn = cell(tasks, i, c_try), *tm = cell(tasks, i, c_max);
        int k = dag_add_node(g, cell(tasks, i, c_id), cell(tasks, i, c_title), cell(tasks, i, c_type),
                             st, dur ? strtod(dur, NULL) : -1, tn ? atoi(tn) : 0, tm ? atoi(tm) : 0);
        if (k < 0)
            continue;
        const char *a = cell(tasks, i, c_add), *r = cell(tasks, i, c_rem);
        if (a && *a == 't')
            g->nodes[k].flags |= DAG_NODE_ADDED;
        if (r && *r == 't')
            g->nodes[k].flags |= DAG_NODE_REMOVED;
    }
    dagdb_add_edges(g, edges);
    dag_finish(g);
    return g;
}

void dagdb_add_edges(dag_graph *g, const PGresult *edges)
{
    if (edges) {
        int c_up = PQfnumber(edges, "upstream"), c_down = PQfnumber(edges, "downstream"),
            c_kind = PQfnumber(edges, "dependency_type");
        for (int i = 0; i < PQntuples(edges); i++) {
            int a = dag_find(g, cell(edges, i, c_up)), b = dag_find(g, cell(edges, i, c_down));
            dag_edge_kind kind = DAG_EDGE_BLOCKING;
            const char *ks = cell(edges, i, c_kind);
            if (ks)
                dag_edge_kind_parse(ks, &kind);
            if (a >= 0 && b >= 0)
                dag_add_edge(g, a, b, kind);
        }
    }
    dag_finish(g);
}

bool dagdb_valid_uuid(const char *s)
{
    static const int groups[] = {8, 4, 4, 4, 12};
    for (int g = 0; g < 5; g++) {
        for (int i = 0; i < groups[g]; i++, s++)
            if (!isxdigit((unsigned char)*s))
                return false;
        if (g < 4 && *s++ != '-')
            return false;
    }
    return *s == '\0';
}
