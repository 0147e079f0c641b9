/* cmd_result.h: print a PGresult through the output sinks (out.h), with each column's JSON type
 * taken from its PostgreSQL type. Shared by commands that show a query's rows as they are. */
#ifndef AGENTDB_CMD_RESULT_H
#define AGENTDB_CMD_RESULT_H

#include <libpq-fe.h>
#include <stdio.h>

#include "out.h"

/* The out.h column type for a PostgreSQL type OID: numbers, bool, json/jsonb, else text. The one
 * mapping of built-in type OIDs: the table widget right-aligns COL_NUMBER, 'check show' and the
 * output formats type JSON values with it. */
out_coltype cmd_result_coltype(Oid type);
/* Write every row of res (borrowed) to f in fmt. */
void cmd_print_result(FILE *f, out_format fmt, const PGresult *res);

#endif
