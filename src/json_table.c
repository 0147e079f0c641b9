/* json_table.c: table mode for an array of objects: the union of member keys (first-seen order)
 * as columns, one row per element, cells pointing at index nodes. */
#include "json.h"

#include <stdlib.h>
#include <string.h>

void json_table_free(json_table *t)
{
    for (uint32_t c = 0; c < t->ncols; c++)
        free(t->cols[c]);
    free(t->cols);
    free(t->rows);
    free(t->cells);
    memset(t, 0, sizeof *t);
}

/* Column index of key (len bytes), adding it when new. Linear: tables are for human-sized
 * key sets; the column list is scanned once per member. */
static uint32_t column(json_table *t, uint32_t *cap, const char *key, size_t len)
{
    for (uint32_t c = 0; c < t->ncols; c++)
        if (strlen(t->cols[c]) == len && memcmp(t->cols[c], key, len) == 0)
            return c;
    if (t->ncols == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        t->cols = xrealloc(t->cols, (size_t)*cap * sizeof *t->cols);
    }
    t->cols[t->ncols] = xstrndup(key, len);
    return t->ncols++;
}

bool json_table_build(const json_doc *d, uint32_t i, json_table *t)
{
    if (json_type_of(d, i) != JSON_ARRAY)
        return false;
    bool any = false;
    for (uint32_t e = json_first_child(d, i); e != JSON_NONE && !any; e = json_next_sibling(d, e))
        any = json_type_of(d, e) == JSON_OBJECT;
    if (!any)
        return false;
    json_table r = {0};
    uint32_t cap = 0;
    strbuf k = STRBUF_INIT;
    /* pass 1: columns */
    for (uint32_t e = json_first_child(d, i); e != JSON_NONE; e = json_next_sibling(d, e))
        if (json_type_of(d, e) == JSON_OBJECT)
            for (uint32_t m = json_first_child(d, e); m != JSON_NONE; m = json_next_sibling(d, m)) {
                sb_reset(&k);
                json_key(d, m, &k);
                column(&r, &cap, sb_str(&k), strlen(sb_str(&k)));
            }
    r.nrows = json_nchildren(d, i);
    r.rows = xmalloc((size_t)(r.nrows ? r.nrows : 1) * sizeof *r.rows);
    r.cells = xmalloc((size_t)(r.nrows ? r.nrows : 1) * (r.ncols ? r.ncols : 1) * sizeof *r.cells);
    uint32_t row = 0;
    for (uint32_t e = json_first_child(d, i); e != JSON_NONE; e = json_next_sibling(d, e), row++) {
        r.rows[row] = e;
        uint32_t *cells = r.cells + (size_t)row * r.ncols;
        for (uint32_t c = 0; c < r.ncols; c++)
            cells[c] = JSON_NONE;
        if (json_type_of(d, e) != JSON_OBJECT)
            continue;
        for (uint32_t m = json_first_child(d, e); m != JSON_NONE; m = json_next_sibling(d, m)) {
            sb_reset(&k);
            json_key(d, m, &k);
            uint32_t c = column(&r, &cap, sb_str(&k), strlen(sb_str(&k)));
            if (cells[c] == JSON_NONE) /* a duplicate key keeps its first value */
                cells[c] = m;
        }
    }
    sb_free(&k);
    *t = r;
    return true;
}
