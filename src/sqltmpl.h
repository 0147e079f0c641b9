/* sqltmpl.h: the markers of bundled COPY statements ({name}) replaced by text that is already
 * safe SQL (a PQescapeLiteral/PQescapeIdentifier result or NULL), in one pass. */
#ifndef AGENTDB_SQLTMPL_H
#define AGENTDB_SQLTMPL_H

/* Replace each {name} of tmpl by the value of the same index (names[i] -> vals[i], n pairs).
 * One pass: inserted text is never scanned again, so a value holding "{query}" stays as it is.
 * A marker with no matching name, and any other brace, is copied unchanged. Returns malloc'd
 * text (caller frees). */
char *sqltmpl_fill(const char *tmpl, const char *const *names, const char *const *vals, int n);

#endif
