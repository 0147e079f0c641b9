/* sqltmpl.c: one-pass marker replacement for the bundled COPY statements (see sqltmpl.h and
 * src/cmd_export.c for why COPY needs it). No libpq, no database. */
#include "sqltmpl.h"

#include <stdbool.h>
#include <string.h>

#include "util.h"

char *sqltmpl_fill(const char *tmpl, const char *const *names, const char *const *vals, int n)
{
    strbuf sb = STRBUF_INIT;
    sb_append(&sb, "");
    const char *p = tmpl;
    while (*p) {
        if (*p == '{') {
            bool done = false;
            for (int i = 0; i < n && !done; i++) {
                size_t l = strlen(names[i]);
                if (strncmp(p + 1, names[i], l) == 0 && p[1 + l] == '}') {
                    sb_append(&sb, vals[i]);
                    p += l + 2;
                    done = true;
                }
            }
            if (done)
                continue;
        }
        sb_appendc(&sb, *p++);
    }
    return sb_steal(&sb);
}
