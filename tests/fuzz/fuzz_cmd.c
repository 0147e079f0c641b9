/* fuzz_cmd.c: the command parser on any bytes: split, parse against the command table, and the
 * completion that the REPL and the ':' prompt run on partial lines. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

int fuzz_cmd_one(const uint8_t *data, size_t size)
{
    char *line = malloc(size + 1);
    if (!line)
        return 0;
    memcpy(line, data, size);
    line[size] = '\0';
    char **w = NULL, *err = NULL;
    int n = 0;
    if (cmd_split(line, &w, &n, &err) == 0) {
        /* complete the last word against what came before it */
        char **c = cmd_complete(w, n > 0 ? n - 1 : 0, n > 0 ? w[n - 1] : "");
        for (char **p = c; p && *p; p++)
            free(*p);
        free(c);
        cmd_words_free(w, n);
    }
    free(err);
    err = NULL;
    cmd_call call;
    if (cmd_parse(line, &call, &err) == 0)
        cmd_call_free(&call);
    free(err);
    free(line);
    return 0;
}

#ifdef AGENTDB_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_cmd_one(data, size); }
#endif
