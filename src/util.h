/* util.h: allocation that never returns NULL, a growable string buffer, and small helpers.
 * Every module uses these; nothing here knows of the database or the terminal. */
#ifndef AGENTDB_UTIL_H
#define AGENTDB_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Exit codes (ux.md). */
enum {
    EXIT_OK = 0,        /* success */
    EXIT_USAGE = 1,     /* usage or local error */
    EXIT_CONN = 2,      /* could not connect, or the connection was lost */
    EXIT_FAIL = 3,      /* a command failed */
    EXIT_REFUSED = 4,   /* read-only, standby, or missing confirmation */
    EXIT_VIOLATIONS = 5 /* check run found violations */
};

/* Allocation: abort with a message on out-of-memory. Caller owns the result. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap);

/* Growable NUL-terminated buffer. The struct owns buf; sb_free releases it,
 * sb_steal hands it to the caller (who frees it) and resets the buffer. */
typedef struct strbuf {
    char *buf;
    size_t len;
    size_t cap;
} strbuf;

#define STRBUF_INIT {NULL, 0, 0}
void sb_grow(strbuf *sb, size_t extra);
void sb_append(strbuf *sb, const char *s);
void sb_appendn(strbuf *sb, const char *s, size_t n);
void sb_appendc(strbuf *sb, char c);
void sb_printf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_reset(strbuf *sb);
char *sb_steal(strbuf *sb);
void sb_free(strbuf *sb);
static inline const char *sb_str(const strbuf *sb) { return sb->buf ? sb->buf : ""; }

/* Read a whole file (or stdin for "-"). Returns malloc'd text (caller frees) and sets *len,
 * or NULL with errno set. */
char *read_file(const char *path, size_t *len);

/* Levenshtein edit distance, for "did you mean" suggestions. */
int edit_distance(const char *a, const char *b);

/* Make a directory and its parents with the given mode. 0 on success, -1 with errno. */
int mkdir_p(const char *path, int mode);

/* $XDG_*_HOME with the standard fallbacks under $HOME. Returns malloc'd path. */
char *xdg_dir(const char *env, const char *fallback_under_home);

/* Monotonic time in milliseconds. */
double now_ms(void);

/* Parse a non-negative decimal integer strictly (no sign, no junk, no overflow past max). */
bool parse_uint(const char *s, long max, long *out);

#endif
