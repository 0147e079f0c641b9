/* test_faults.c: faults while agentdb works, each checked for a clean failure and nothing
 * half-written: the server restarted while 'demo load' runs (exit 2, every table as it was
 * before, and the next load works), a backend terminated under a running command (exit 2), and
 * a report cancelled by the server's statement_timeout (exit 3 with the reason and what to do).
 * The disk filling up during a load is test_diskfull.c; the console across a restart is
 * tests/screens/restart.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "util.h"

#define DB "faults"

static PGconn *conn; /* owned here; reopened after a restart */

static int setup(void **state)
{
    (void)state;
    conn = th_migrated_db(DB, NULL);
    return conn ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    th_done_db(conn, DB);
    conn = NULL;
    return 0;
}

static void nap_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Wait (a bounded number of polls) until a backend of DB runs a query matching pattern, and
 * with writer set, in a transaction that has written (it holds a transaction id). */
static bool wait_for_backend(const char *pattern, bool writer)
{
    PGconn *c = th_connect("postgres");
    const char *p[3] = {DB, pattern, writer ? "t" : "f"};
    bool seen = false;
    for (int i = 0; i < 600 && !seen; i++) {
        PGresult *r = PQexecParams(c, "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 "
                                      "AND state = 'active' AND query ~ $2 "
                                      "AND (NOT $3::boolean OR backend_xid IS NOT NULL)",
                                   3, NULL, p, NULL, NULL, 0);
        seen = PQresultStatus(r) == PGRES_TUPLES_OK && atol(PQgetvalue(r, 0, 0)) > 0;
        PQclear(r);
        if (!seen)
            nap_ms(50);
    }
    PQfinish(c);
    return seen;
}

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "r");
    strbuf sb = STRBUF_INIT;
    sb_append(&sb, "");
    char buf[4096];
    size_t n;
    while (f && (n = fread(buf, 1, sizeof buf, f)) > 0)
        sb_appendn(&sb, buf, n);
    if (f)
        fclose(f);
    return sb_steal(&sb);
}

/* Restart the test cluster (fast shutdown, then start) the way with-cluster.sh runs it. */
static void restart_server(void)
{
    const char *dir = getenv("AGENTDB_TEST_DIR"), *bin = getenv("AGENTDB_BIN");
    assert_non_null(dir);
    assert_non_null(bin);
    char *stop = xasprintf("'%s' --local-dir='%s' --local-stop >/dev/null 2>&1", bin, dir);
    char *start = xasprintf("'%s' --local-dir='%s' -c help >/dev/null 2>&1", bin, dir);
    assert_int_equal(system(stop), 0);
    assert_int_equal(system(start), 0);
    free(stop);
    free(start);
}

static void test_restart_during_demo_load(void **state)
{
    (void)state;
    char *out = th_tmpfile("load.out"), *err = th_tmpfile("load.err");
    char *before = th_table_digest(conn);
    const char *args[] = {"-c", "demo load --scale=0.05 --seed=2", NULL};
    int pid = th_spawn(DB, NULL, out, err, args);
    /* the load is one transaction: wait until it has written rows and is writing tasks, then
     * restart the server under it */
    assert_true(wait_for_backend("INSERT|tasks|experiences", true));
    PQfinish(conn);
    conn = NULL;
    restart_server();
    int st = th_wait(pid);
    char *msg = read_all(err);
    if (st != 2)
        fail_msg("demo load during a restart: exit %d, expected 2:\n%s", st, msg);
    assert_non_null(strstr(msg, "nothing was loaded"));
    conn = th_connect(DB);
    assert_int_equal(th_long(conn, "SELECT count(*) FROM workflows"), 0);
    assert_int_equal(th_long(conn, "SELECT count(*) FROM tasks"), 0);
    assert_int_equal(th_long(conn, "SELECT count(*) FROM agentdb.demo_loads"), 0);
    /* nothing half-written anywhere: every table holds exactly what it held before */
    char *after = th_table_digest(conn);
    assert_string_equal(after, before);
    free(before);
    free(after);
    /* and the next load works */
    th_run r = th_agentdb(DB, NULL, NULL, "-c", "demo load --scale=0.001 --seed=2", NULL);
    assert_int_equal(r.status, 0);
    th_run_free(&r);
    assert_true(th_long(conn, "SELECT count(*) FROM workflows") > 0);
    free(msg);
    free(out);
    free(err);
}

static void test_backend_terminated_under_a_command(void **state)
{
    (void)state;
    char *out = th_tmpfile("sleep.out"), *err = th_tmpfile("sleep.err");
    const char *args[] = {"-c", "sql \"SELECT pg_sleep(30)\"", NULL};
    int pid = th_spawn(DB, NULL, out, err, args);
    assert_true(wait_for_backend("pg_sleep", false));
    PGconn *c = th_connect("postgres");
    th_exec(c, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
               "WHERE datname = 'faults' AND query ~ 'pg_sleep' AND pid <> pg_backend_pid()");
    PQfinish(c);
    int st = th_wait(pid);
    char *msg = read_all(err);
    if (st != 2)
        fail_msg("a terminated backend: exit %d, expected 2:\n%s", st, msg);
    free(msg);
    free(out);
    free(err);
}

static void test_statement_timeout_on_a_report(void **state)
{
    (void)state;
    th_exec(conn, "CREATE VIEW public.report_slow AS SELECT pg_sleep(2)::text AS slept;"
                  "COMMENT ON VIEW public.report_slow IS 'A slow report (test)'");
    const char *env[] = {"PGOPTIONS=-c statement_timeout=100", NULL};
    th_run r = th_agentdb(DB, env, NULL, "-c", "report run slow", NULL);
    assert_int_equal(r.status, 3);
    assert_non_null(strstr(r.err, "statement timeout"));
    assert_non_null(strstr(r.err, "57014"));
    assert_non_null(strstr(r.err, "statement_timeout"));
    th_run_free(&r);
    th_exec(conn, "DROP VIEW public.report_slow");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_statement_timeout_on_a_report),
        cmocka_unit_test(test_backend_terminated_under_a_command),
        cmocka_unit_test(test_restart_during_demo_load),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
