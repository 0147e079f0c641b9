/* cmd_sql.c: the 'sql' command: one SQL statement of the operator's own, as psql -c would run
 * it, with its rows through the output formats. The server enforces --read-only and standbys. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmd_result.h"
#include "commands.h"
#include "util.h"

int cmd_sql(app *a, const cmd_call *call)
{
    out_format fmt;
    if (!app_format(a, call, &fmt))
        return EXIT_USAGE;
    /* the words of the command line are joined back: sql SELECT 1 and sql 'SELECT 1' agree */
    strbuf text = STRBUF_INIT;
    for (int i = 0; i < call->argc; i++)
        sb_printf(&text, "%s%s", i ? " " : "", call->argv[i]);
    db_error e = {0};
    /* extended protocol: exactly one statement, so a pasted script cannot smuggle a second */
    PGresult *r = db_exec(a->db, sb_str(&text), 0, NULL, &e);
    sb_free(&text);
    if (!r) {
        int rc = app_db_error(a, &e);
        db_error_clear(&e);
        return rc;
    }
    if (PQresultStatus(r) == PGRES_TUPLES_OK)
        cmd_print_result(a->out, fmt, r);
    else {
        fprintf(a->out, "%s\n", PQcmdStatus(r));
    }
    PQclear(r);
    return EXIT_OK;
}
