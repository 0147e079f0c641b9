/* sqlsplit.h: split SQL text into statements the way the server's lexer would see them:
 * single quotes, E'' strings, quoted identifiers, dollar quotes, -- and nested block comments. */
#ifndef AGENTDB_SQLSPLIT_H
#define AGENTDB_SQLSPLIT_H

#include <stddef.h>

typedef struct sql_stmt {
    size_t off;   /* byte offset of the statement's first significant character */
    size_t len;   /* length up to but excluding the terminating ';' (trailing space trimmed) */
    int line;     /* 1-based line of the first significant character */
} sql_stmt;

/* Split text[0..len). Statements holding only whitespace and comments are dropped.
 * A final statement without ';' is kept. BEGIN ATOMIC ... END bodies are kept whole.
 * On success returns the count and sets *out to a malloc'd array (caller frees; NULL when 0).
 * On error (unterminated quote, dollar quote or comment) returns -1 and sets *err to a
 * malloc'd message naming the line where the construct started (caller frees). */
int sqlsplit(const char *text, size_t len, sql_stmt **out, char **err);

/* Classify a statement (text of one statement as returned above) for the migration engine:
 * returns a static name such as "CREATE INDEX CONCURRENTLY" when the statement cannot run inside
 * a transaction block, else NULL. Comments and case are ignored. Detects CREATE/DROP INDEX
 * CONCURRENTLY, REINDEX ... CONCURRENTLY, ALTER TYPE ... ADD VALUE, VACUUM, CREATE/DROP DATABASE,
 * CREATE/DROP TABLESPACE, ALTER SYSTEM, and DETACH PARTITION ... CONCURRENTLY. */
const char *sqlsplit_needs_no_transaction(const char *stmt, size_t len);

/* If the statement is CREATE [UNIQUE] INDEX CONCURRENTLY [IF NOT EXISTS] name ..., return the
 * index name (malloc'd, unquoted, caller frees) so the engine can drop an invalid leftover.
 * Otherwise NULL. */
char *sqlsplit_concurrent_index_name(const char *stmt, size_t len);

#endif
