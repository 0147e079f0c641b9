/* report_query.c: one report run's SQL: identifiers only as the catalog quoted them
 * (quote_ident in report/columns.sql), every filter value a $n parameter. */
#include <string.h>

#include "report_query.h"
#include "util.h"

/* The row of cols whose plain column name is name, or -1. */
static int find_col(const PGresult *cols, const char *name)
{
    for (int i = 0; i < PQntuples(cols); i++)
        if (strcmp(PQgetvalue(cols, i, 2), name) == 0)
            return i;
    return -1;
}

char *report_query_build(const PGresult *cols, const report_filters *f, const char **params,
                         int *nparams, const char **missing)
{
    int tcol = -1;
    for (int i = 0; i < PQntuples(cols) && tcol < 0; i++)
        if (strcmp(PQgetvalue(cols, i, 3), "D") == 0)
            tcol = i;
    int acol = find_col(cols, "agent_name");
    if (acol < 0)
        acol = find_col(cols, "agent_id");
    int kcol = find_col(cols, "task_type");
    *missing = (f->from || f->to) && tcol < 0 ? "date or time column (for --from and --to)"
               : f->agent && acol < 0          ? "agent_name or agent_id column (for --agent)"
               : f->task_type && kcol < 0      ? "task_type column (for --task-type)"
                                               : NULL;
    if (*missing || PQntuples(cols) == 0)
        return NULL;
    strbuf sql = STRBUF_INIT;
    int n = 0;
    sb_printf(&sql, "SELECT * FROM public.%s WHERE true", PQgetvalue(cols, 0, 0));
    if (f->from) {
        params[n++] = f->from;
        sb_printf(&sql, " AND %s >= $%d::timestamptz", PQgetvalue(cols, tcol, 1), n);
    }
    if (f->to) {
        params[n++] = f->to;
        sb_printf(&sql, " AND %s < $%d::timestamptz", PQgetvalue(cols, tcol, 1), n);
    }
    if (f->agent) {
        params[n++] = f->agent;
        sb_printf(&sql, " AND %s::text = $%d", PQgetvalue(cols, acol, 1), n);
    }
    if (f->task_type) {
        params[n++] = f->task_type;
        sb_printf(&sql, " AND %s = $%d", PQgetvalue(cols, kcol, 1), n);
    }
    if (f->limit) {
        params[n++] = f->limit;
        sb_printf(&sql, " LIMIT $%d::bigint", n);
    }
    *nparams = n;
    return sb_steal(&sql);
}
