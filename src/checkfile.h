/* checkfile.h: the integrity rules of sql/checks: one rule per file, a header of "-- key: value"
 * lines (check, severity, description, implementation) and a query returning offending rows. */
#ifndef AGENTDB_CHECKFILE_H
#define AGENTDB_CHECKFILE_H

#include <stddef.h>

typedef enum { CHECK_SEV_ERROR, CHECK_SEV_WARNING } check_severity;

/* A parsed rule file. Every string is owned (checkfile_free releases them). */
typedef struct checkfile {
    char *name;              /* the check: value, equal to the file's base name */
    check_severity severity;
    char *description;       /* one line */
    char *impl;              /* "sql" (default) or "c:NAME" for a rule computed in C */
    char *sql;               /* the text after the header, trailing ';' and blanks removed */
} checkfile;

/* Parse the text of PATH (only its base name is used). The header is the run of lines at the top
 * of the form "-- key: value"; it ends at the first other line. Required keys: check (the file's
 * base name, [a-z][a-z0-9_]{0,62}), severity (error or warning), description; optional:
 * implementation (sql or c:cycles). Unknown and repeated keys are errors. Returns 0, or -1 with
 * *err (malloc'd, "path:line: message"). */
int checkfile_parse(const char *path, const char *text, size_t len, checkfile *out, char **err);
void checkfile_free(checkfile *c);
const char *checkfile_severity_name(check_severity s);

#endif
