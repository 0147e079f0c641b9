/* fuzz_sqlsplit.c: the SQL statement splitter and the no-transaction classifier on any bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "sqlsplit.h"

int fuzz_sqlsplit_one(const uint8_t *data, size_t size)
{
    sql_stmt *st = NULL;
    char *err = NULL;
    int n = sqlsplit((const char *)data, size, &st, &err);
    for (int i = 0; i < n; i++) {
        const char *text = (const char *)data + st[i].off;
        (void)sqlsplit_needs_no_transaction(text, st[i].len);
        free(sqlsplit_concurrent_index_name(text, st[i].len));
    }
    free(st);
    free(err);
    return 0;
}

#ifdef AGENTDB_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_sqlsplit_one(data, size); }
#endif
