/* migfile.h: parser for migration files (sql/migrations/NNNN_name.sql): header marks and the
 * up, down and verify sections. Pure text processing; used by the engine and the build. */
#ifndef AGENTDB_MIGFILE_H
#define AGENTDB_MIGFILE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * File format (documented in agentdb(1) and sql/README.md):
 *
 *   -- Free comment lines describing the migration.
 *   -- @no-transaction            (optional header marks, before the first section)
 *   -- @lock-timeout 5s
 *   -- @statement-timeout 10min
 *   -- @irreversible
 *   -- @up
 *   CREATE TABLE ...;
 *   -- @down
 *   DROP TABLE ...;
 *   -- @verify
 *   SELECT ...;   -- each statement must succeed; a row whose first column is false fails
 *
 * A mark is a line whose first non-blank characters are "-- @". Marks are only recognised
 * at the start of a line outside any quote, dollar quote or block comment.
 */
typedef struct migfile {
    int version;            /* from the file name: NNNN */
    char *name;             /* from the file name, without number and .sql (owned) */
    char *description;      /* leading free comment lines joined by ' ' (owned, may be "") */
    bool no_transaction;
    bool irreversible;
    char *lock_timeout;     /* owned, NULL when not given (engine default applies) */
    char *statement_timeout;/* owned, NULL when not given */
    char *up;               /* owned section texts, "" when absent */
    char *down;
    char *verify;
    int up_line, down_line, verify_line; /* 1-based line where each section's text starts */
} migfile;

/* Parse a migration file. path is the file's path or bundle name (used for the version and name
 * and in messages: "sql/migrations/0002_core.sql"). On success fills *m (free with migfile_free)
 * and returns 0. On error returns -1 and sets *err (malloc'd, caller frees), formatted as
 * "PATH:LINE: message". Errors: bad file name, unknown mark, mark after a section started,
 * duplicate section, missing up section, missing down section without @irreversible,
 * an unsplittable section, and a statement that needs no transaction (CREATE INDEX
 * CONCURRENTLY, ...) in a file without @no-transaction (message names the statement kind). */
int migfile_parse(const char *path, const char *text, size_t len, migfile *m, char **err);
void migfile_free(migfile *m);

#endif
