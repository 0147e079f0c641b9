/* report_query.h: the SQL of one report run, shared by 'report run' and the Report screen: the
 * filters (time range, agent, task type) on the report's own columns, values as $n parameters. */
#ifndef AGENTDB_REPORT_QUERY_H
#define AGENTDB_REPORT_QUERY_H

#include <libpq-fe.h>

/* The filters; NULL members are not applied. All borrowed. */
typedef struct report_filters {
    const char *from, *to;    /* on the report's first date/time column */
    const char *agent;        /* on agent_name, else agent_id */
    const char *task_type;    /* on task_type */
    const char *limit;        /* LIMIT, a row count */
} report_filters;

/* Build "SELECT * FROM public.<report> WHERE ..." from cols (the rows of
 * queries/report/columns.sql, borrowed). params receives borrowed pointers to the filter values
 * (room for 5), *nparams their count. Returns the SQL (malloc'd), or NULL with *missing set to
 * what the report lacks for a filter given (static text). */
char *report_query_build(const PGresult *cols, const report_filters *f, const char **params,
                         int *nparams, const char **missing);

#endif
