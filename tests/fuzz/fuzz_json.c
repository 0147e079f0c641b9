/* fuzz_json.c: libFuzzer target for the JSON index: any bytes are parsed, and a valid document is
 * walked every way the viewer walks it (lines both ways, folds, paths, summaries, search, diff, table). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

int fuzz_json_one(const uint8_t *data, size_t size)
{
    char *err = NULL;
    json_doc *d = json_parse((const char *)data, size, &err);
    if (!d) {
        free(err);
        return 0;
    }
    strbuf sb = STRBUF_INIT;
    size_t fwd = 1, back = 1;
    json_line l = json_line_first(d);
    while (json_line_next(d, &l))
        fwd++;
    l = json_line_last(d);
    while (json_line_prev(d, &l))
        back++;
    if (fwd != back || fwd != json_visible_count(d))
        abort();
    uint32_t step = d->n / 64 + 1;
    for (uint32_t i = 0; i < d->n; i += step) {
        for (int k = JSON_PATH_JQ; k <= JSON_PATH_PG_SQL; k++)
            json_path(d, i, (json_path_kind)k, &sb);
        json_line_text(d, (json_line){i, false}, &sb);
        json_summary(d, i, 40, &sb);
        json_cell_text(d, i, &sb);
        json_key(d, i, &sb);
        json_scalar(d, i, &sb);
        sb_reset(&sb);
    }
    json_fold_level(d, 2);
    json_visible_count(d);
    json_fold_all(d);
    json_visible_count(d);
    json_hits h = {0};
    if (json_search(d, "a|1", JSON_SEARCH_BOTH, true, &h, &err) == 0 && h.n) {
        json_hits_in(d, &h, 0);
        json_reveal(d, json_hit_next(&h, 0));
    }
    free(err);
    json_hits_free(&h);
    json_diff df;
    json_diff_run(d, d, &df);
    if (df.n)
        abort();
    json_diff_free(&df);
    json_table t;
    if (json_table_build(d, 0, &t))
        json_table_free(&t);
    sb_free(&sb);
    json_free(d);
    return 0;
}

#ifdef AGENTDB_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_json_one(data, size); }
#endif
