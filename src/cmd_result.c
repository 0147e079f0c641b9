/* cmd_result.c: print a PGresult through the output sinks, typing JSON values by the columns'
 * PostgreSQL types (built-in OIDs, stable across servers). */
#include <stdlib.h>

#include "cmd_result.h"
#include "util.h"

out_coltype cmd_result_coltype(Oid type)
{
    switch (type) {
    case 20:   /* int8 */
    case 21:   /* int2 */
    case 23:   /* int4 */
    case 26:   /* oid */
    case 700:  /* float4 */
    case 701:  /* float8 */
    case 1700: /* numeric */
        return COL_NUMBER;
    case 16: /* bool */
        return COL_BOOL;
    case 114:  /* json */
    case 3802: /* jsonb */
        return COL_JSON;
    default:
        return COL_TEXT;
    }
}

void cmd_print_result(FILE *f, out_format fmt, const PGresult *res)
{
    int ncols = PQnfields(res), nrows = PQntuples(res);
    out_col *cols = xcalloc((size_t)(ncols ? ncols : 1), sizeof *cols);
    const char **vals = xcalloc((size_t)(ncols ? ncols : 1), sizeof *vals);
    for (int j = 0; j < ncols; j++) {
        cols[j].name = PQfname(res, j);
        cols[j].type = cmd_result_coltype(PQftype(res, j));
    }
    out_sink *s = out_begin(fmt, f, cols, ncols);
    for (int i = 0; i < nrows; i++) {
        for (int j = 0; j < ncols; j++) {
            vals[j] = PQgetisnull(res, i, j) ? NULL : PQgetvalue(res, i, j);
            /* The server's t and f, spelled as every format (and JSON) expects. */
            if (vals[j] && cols[j].type == COL_BOOL)
                vals[j] = vals[j][0] == 't' ? "true" : "false";
        }
        out_row(s, vals);
    }
    out_end(s);
    free(vals);
    free(cols);
}
