/* bundle.c: lookup into the table of SQL files that tools/bundlegen compiled into the binary.
 * The table is sorted by path (strcmp order), so lookup is a binary search. */
#include "bundle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const bundle_file *bundle_get(const char *path)
{
    size_t lo = 0, hi = bundle_nfiles;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(path, bundle_files[mid].path);
        if (c == 0)
            return &bundle_files[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const char *bundle_sql(const char *path)
{
    const bundle_file *f = bundle_get(path);
    if (!f) {
        fprintf(stderr, "agentdb: bundled file '%s' is missing (build defect)\n", path);
        abort();
    }
    return f->text;
}
