/* db_ident.c: fill a bundled SQL template's @TABLE@ and @COLUMN@ markers with identifiers quoted by
 * PQescapeIdentifier. Callers pass only names they have first found in the catalog (a closed list). */
#include <string.h>

#include "db.h"
#include "util.h"

char *db_fill_idents(db_conn *c, const char *sql, const char *table, const char *column, db_error *err)
{
    PGconn *pg = db_pg(c);
    char *tq = table ? PQescapeIdentifier(pg, table, strlen(table)) : NULL;
    char *cq = column ? PQescapeIdentifier(pg, column, strlen(column)) : NULL;
    if ((table && !tq) || (column && !cq)) {
        db_error_set(err, "could not quote an identifier: %s", PQerrorMessage(pg));
        PQfreemem(tq);
        PQfreemem(cq);
        return NULL;
    }
    strbuf sb = STRBUF_INIT;
    for (const char *p = sql; *p;) {
        if (tq && strncmp(p, "@TABLE@", 7) == 0) {
            sb_append(&sb, tq);
            p += 7;
        } else if (cq && strncmp(p, "@COLUMN@", 8) == 0) {
            sb_append(&sb, cq);
            p += 8;
        } else
            sb_appendc(&sb, *p++);
    }
    PQfreemem(tq);
    PQfreemem(cq);
    return sb_steal(&sb);
}
