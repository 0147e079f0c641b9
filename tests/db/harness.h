/* harness.h: helpers for database tests: a fresh database per test on the throwaway cluster that
 * tests/with-cluster.sh started (AGENTDB_TEST_DIR), libpq shortcuts, and running the real binary. */
#ifndef AGENTDB_TEST_HARNESS_H
#define AGENTDB_TEST_HARNESS_H

#include <libpq-fe.h>
#include <stdbool.h>

/* Conninfo for a database on the test cluster (malloc'd, caller frees). */
char *th_conninfo(const char *dbname);
/* Drop and create a database (optionally from a template database). Fails the test on error. */
void th_create_db(const char *dbname, const char *template_db);
void th_drop_db(const char *dbname);
/* Connect (fails the test on error). Caller PQfinish()es. */
PGconn *th_connect(const char *dbname);
/* Run SQL that must succeed. */
void th_exec(PGconn *c, const char *sql);
/* Run SQL that must fail; returns its SQLSTATE (static buffer, valid until the next call) and
 * puts the constraint name (or "") into th_last_constraint. */
const char *th_fail(PGconn *c, const char *sql);
extern char th_last_constraint[128];
/* First column of the first row (malloc'd; NULL for SQL NULL or no rows). Fails on error. */
char *th_value(PGconn *c, const char *sql);
long th_long(PGconn *c, const char *sql);

/* A fresh database migrated to the latest version by the real binary, with demo data when demo
 * is not NULL (options of 'demo load', e.g. "--scale=0.005 --seed=7"; the epoch is fixed so the
 * data is the same on every run). Returns a connection (caller frees with th_done_db) or NULL
 * after printing the binary's output. */
PGconn *th_migrated_db(const char *dbname, const char *demo);
/* A fresh migrated database holding fixture (SQL run once); 0, or -1 after a message. For a
 * cmocka group setup. */
int th_fixture_db(const char *dbname, const char *fixture);
/* PQfinish conn (may be NULL) and drop the database. */
void th_done_db(PGconn *conn, const char *dbname);

/* Result of running the agentdb binary. All strings malloc'd; free with th_run_free. */
typedef struct th_run {
    int status;    /* exit code, or 128+signal when killed */
    char *out;     /* stdout */
    char *err;     /* stderr */
} th_run;

/* Run agentdb against dbname (NULL: no connection arguments) with extra args (NULL-terminated).
 * env: "NAME=VALUE" strings to add (NULL-terminated array or NULL). stdin_text: fed to stdin
 * (NULL: /dev/null). */
th_run th_agentdb(const char *dbname, const char *const *env, const char *stdin_text, ...)
    __attribute__((sentinel));
th_run th_agentdbv(const char *dbname, const char *const *env, const char *stdin_text,
                   const char *const *args);
void th_run_free(th_run *r);

/* Start agentdb in the background; returns its pid. stdout/stderr go to the given files. */
int th_spawn(const char *dbname, const char *const *env, const char *outfile, const char *errfile,
             const char *const *args);
/* Wait for a spawned process; returns exit code or 128+signal. */
int th_wait(int pid);

/* pg_dump --schema-only of the database, normalised (comments, blank lines and SET lines removed;
 * the engine's own schema excluded). malloc'd. */
char *th_schema_dump(const char *dbname);

/* Wait until no session holds the migration advisory lock (bounded by a count, not a clock). */
bool th_wait_lock_free(PGconn *c);

/* Every table of the public and agentdb schemas (a partitioned table with its partitions' rows)
 * as "schema.table rows:md5-of-the-rows" lines: equal before and after a failure when the
 * failure wrote nothing. For small databases (it reads every row). malloc'd. */
char *th_table_digest(PGconn *c);

/* Path of a file inside a fresh per-test temp directory (malloc'd). */
char *th_tmpfile(const char *name);

/* Assertions on a th_run and its output (cmocka's fail_msg; include cmocka.h first). */
#define assert_contains(hay, needle)                                                               \
    do {                                                                                           \
        const char *h_ = (hay), *n_ = (needle);                                                    \
        if (!h_ || !strstr(h_, n_))                                                                \
            fail_msg("expected '%s' in:\n%.3000s", n_, h_ ? h_ : "(null)");                         \
    } while (0)

#define assert_status(r, want)                                                                     \
    do {                                                                                           \
        if ((r).status != (want))                                                                  \
            fail_msg("exit %d, expected %d\nstdout:\n%.3000s\nstderr:\n%.2000s", (r).status,       \
                     (want), (r).out, (r).err);                                                    \
    } while (0)

#endif
