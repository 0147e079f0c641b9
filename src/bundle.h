/* bundle.h: the SQL files under sql/, compiled into the binary by tools/bundlegen with their
 * text normalised to LF and a sha256 computed at build time. The program never reads sql/. */
#ifndef AGENTDB_BUNDLE_H
#define AGENTDB_BUNDLE_H

#include <stddef.h>

typedef struct bundle_file {
    const char *path;    /* relative to sql/, e.g. "migrations/0001_core.sql" */
    const char *text;    /* LF-normalised text, NUL-terminated */
    size_t len;
    const char *sha256;  /* 64 lowercase hex digits of the normalised text */
} bundle_file;

/* Generated table, sorted by path. */
extern const bundle_file bundle_files[];
extern const size_t bundle_nfiles;

/* Exact lookup; NULL when absent. */
const bundle_file *bundle_get(const char *path);
/* The text of a file that must exist (a query the program itself runs); aborts if missing,
 * which can only be a build defect. */
const char *bundle_sql(const char *path);

/* Normalise line endings (CRLF and lone CR become LF) into a malloc'd buffer (caller frees),
 * setting *outlen. Used by the generator, and by tests to prove an LF-only change keeps the hash. */
char *bundle_normalise(const char *text, size_t len, size_t *outlen);
/* sha256 of data as 64 lowercase hex digits into hex[65]. */
void bundle_sha256_hex(const void *data, size_t len, char hex[65]);

#endif
