/* check.h: the integrity checks engine shared by 'check ...' and (later) the Checks screen: the
 * bundled rules of sql/checks, running one (SQL or C), its offending rows, and stored results. */
#ifndef AGENTDB_CHECK_H
#define AGENTDB_CHECK_H

#include "checkfile.h"
#include "db.h"
#include "out.h"

/* Every bundled rule, sorted by name. Owns the rules. */
typedef struct check_set {
    checkfile *rules;
    int n;
} check_set;

/* Load the rules from the bundle. 0, or -1 with *err (malloc'd; only a build defect). */
int check_load(check_set *s, char **err);
void check_set_free(check_set *s);
const checkfile *check_find(const check_set *s, const char *name);
/* The rule name nearest to name (for "did you mean"), or NULL when none is close. Borrowed. */
const char *check_nearest(const check_set *s, const char *name);

typedef enum { CHECK_PASS, CHECK_FAIL, CHECK_BROKEN } check_status;
const char *check_status_name(check_status st); /* "pass", "fail", "error" */

/* The outcome of one rule. Owns sample[] and its strings and error. */
typedef struct check_result {
    check_status status;
    long long count;        /* offending rows (0 when broken) */
    double ms;              /* time taken */
    char *table;            /* the "table" of the first offending row, or NULL */
    int nsample;
    char **sample;          /* ids of the first nsample offending rows */
    char *error;            /* why the rule could not run (CHECK_BROKEN), else NULL */
    bool conn_lost;         /* the error was a lost connection */
} check_result;

/* Run a rule, keeping up to max_sample ids. Always fills *res; returns res->status. */
check_status check_run(db_conn *db, const checkfile *rule, int max_sample, check_result *res);
void check_result_free(check_result *res);

/* Offending rows of a rule: column names and types, then nrows rows of ncols cells (NULL: SQL
 * NULL). Everything owned; check_rows_free releases it. */
typedef struct check_rows {
    int ncols;
    char **names;
    out_coltype *types;
    long nrows;
    char **cells;           /* nrows * ncols */
    bool more;              /* rows beyond the limit exist */
} check_rows;

/* At most limit rows (limit <= 0: all), in the rule's order. 0, or -1 with *err. */
int check_rows_get(db_conn *db, const checkfile *rule, long limit, check_rows *rows,
                   db_error *err);
void check_rows_free(check_rows *rows);

/* Store results (agentdb.check_results, created when missing) in one transaction, so the rows
 * of one run share ran_at. 0, or -1 with *err (e.g. no privilege: the caller warns). */
int check_store(db_conn *db, const checkfile *const *rules, const check_result *results, int n,
                db_error *err);

/* Whether row-level security limits what this connection's role sees of the checked tables (a
 * role bound to projects): its checks then cover only its projects' rows. False on any error. */
bool check_rls_limited(db_conn *db);

#endif
