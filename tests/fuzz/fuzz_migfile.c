/* fuzz_migfile.c: the migration file parser (sections, marks, statement checks) on any bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "migfile.h"

int fuzz_migfile_one(const uint8_t *data, size_t size)
{
    migfile m;
    char *err = NULL;
    if (migfile_parse("sql/migrations/0042_fuzz.sql", (const char *)data, size, &m, &err) == 0)
        migfile_free(&m);
    free(err);
    return 0;
}

#ifdef AGENTDB_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_migfile_one(data, size); }
#endif
