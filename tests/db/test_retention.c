/* test_retention.c: partition maintenance and retention (migration 0009) on generated old data,
 * at a fixed "now": retention_plan lists exactly the partitions past their period, and
 * retention_apply drops (metrics, agent_audit_log), detaches into archives and later drops them
 * (conversation_history), and aggregates (trust_metrics into trust_metrics_daily), in batches. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "util.h"

#define DB "retention"
#define NOW "'2026-06-15 12:00:00+00'"
#define PROJECT "'00000000-0000-0000-0000-00000000e0a1'"
#define USER_ID "'00000000-0000-0000-0000-00000000e0b1'"
#define AGENT "'00000000-0000-0000-0000-00000000e0c1'"
#define SESSION "'00000000-0000-0000-0000-00000000e0d1'"

static PGconn *conn; /* owned here */

static int setup(void **state)
{
    (void)state;
    conn = th_migrated_db(DB, NULL);
    if (!conn)
        return -1;
    th_exec(conn,
            "INSERT INTO projects (id, name) VALUES (" PROJECT ", 'p');"
            "INSERT INTO users (id, name, email) VALUES (" USER_ID ", 'u', 'u@example.com');"
            "INSERT INTO agents (id, name, persona_type, agent_type) VALUES (" AGENT
            ", 'dev-1', 'developer', 'CodeAgent');"
            "INSERT INTO agent_sessions (id, agent_id, user_id, project_id) VALUES (" SESSION
            ", " AGENT ", " USER_ID ", " PROJECT ");");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    th_done_db(conn, DB);
    conn = NULL;
    return 0;
}

/* Names of the partitions retention_plan(now) would act on for table with action (one
 * comma-separated string, ordered; malloc'd, NULL when none). */
static char *planned(const char *now, const char *table, const char *action)
{
    char *q = xasprintf("SELECT string_agg(partition_name, ',' ORDER BY partition_name) "
                        "FROM retention_plan(%s) WHERE table_name = '%s' AND action = '%s'",
                        now, table, action);
    char *v = th_value(conn, q);
    free(q);
    return v;
}

/* The expected names: table_pYYYYMM(DD) for each period start in [from, to) (SQL literals),
 * step '1 day' or '1 month' (malloc'd). */
static char *names(const char *table, const char *from, const char *to, const char *step)
{
    const char *fmt = strcmp(step, "1 day") == 0 ? "YYYYMMDD" : "YYYYMM";
    char *q = xasprintf("SELECT string_agg('%s_p' || to_char(d AT TIME ZONE 'UTC', '%s'), ',' "
                        "ORDER BY d) FROM generate_series(%s::timestamptz, %s::timestamptz - "
                        "interval '%s', interval '%s') d",
                        table, fmt, from, to, step, step);
    char *v = th_value(conn, q);
    free(q);
    return v;
}

/* Run retention_apply(now, batch) until a batch does nothing; returns the number of calls and
 * adds the steps done per action to *drops, *detaches, *aggregates. */
static int apply_all(const char *now, int batch, long *drops, long *detaches, long *aggregates)
{
    int calls = 0;
    for (;;) {
        char *q = xasprintf("SELECT count(*) FILTER (WHERE status = 'done'), "
                            "count(*) FILTER (WHERE status = 'done' AND action = 'drop'), "
                            "count(*) FILTER (WHERE status = 'done' AND action = 'detach'), "
                            "count(*) FILTER (WHERE status = 'done' AND action = 'aggregate') "
                            "FROM retention_apply(%s, %d)", now, batch);
        PGresult *r = PQexec(conn, q);
        free(q);
        assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
        long done = atol(PQgetvalue(r, 0, 0));
        *drops += atol(PQgetvalue(r, 0, 1));
        *detaches += atol(PQgetvalue(r, 0, 2));
        *aggregates += atol(PQgetvalue(r, 0, 3));
        PQclear(r);
        calls++;
        assert_true(done <= batch);
        if (done == 0)
            return calls;
        assert_true(calls < 1000);
    }
}

/* metrics (daily, 30 days, drop) and agent_audit_log (monthly, 3 years, drop): exactly the
 * partitions whose whole range is older than keep_active go, with their rows; the rest stay. */
static void test_drop_past_period(void **state)
{
    (void)state;
    th_exec(conn,
            "SELECT partition_create('metrics', '2026-04-01', '2026-06-20');"
            "INSERT INTO metrics (recorded_at, name, value) "
            "  SELECT d + interval '12 hours', 'task.duration_seconds', 1 "
            "    FROM generate_series('2026-04-01'::timestamptz, '2026-06-19', '1 day') d;"
            "SELECT partition_create('agent_audit_log', '2022-01-01', '2024-01-01');"
            "INSERT INTO agent_audit_log (occurred_at, agent_id, action_type, action_details) "
            "  SELECT d + interval '2 days', " AGENT ", 'file.read', '{}' "
            "    FROM generate_series('2022-01-01'::timestamptz, '2023-12-01', '1 month') d;");
    /* now - 30 days = 2026-05-16 12:00: days up to 05-15 are past it; now - 3 years =
     * 2023-06-15 12:00: months up to 2023-05. */
    char *want_m = names("metrics", "'2026-04-01'", "'2026-05-16'", "1 day");
    char *want_a = names("agent_audit_log", "'2022-01-01'", "'2023-06-01'", "1 month");
    char *got_m = planned(NOW, "metrics", "drop");
    char *got_a = planned(NOW, "agent_audit_log", "drop");
    assert_non_null(got_m);
    assert_non_null(got_a);
    assert_string_equal(got_m, want_m);
    assert_string_equal(got_a, want_a);
    assert_null(planned(NOW, "metrics", "detach"));

    long drops = 0, detaches = 0, aggregates = 0;
    int calls = apply_all(NOW, 10, &drops, &detaches, &aggregates);
    assert_int_equal(drops, 45 + 17);
    assert_int_equal(detaches, 0);
    assert_true(calls >= 7); /* 62 drops and the creates ahead, 10 per call */
    assert_int_equal(th_long(conn, "SELECT count(*) FROM metrics"), 35); /* 05-16 .. 06-19 */
    assert_int_equal(th_long(conn, "SELECT count(*) FROM agent_audit_log"), 7); /* 2023-06 .. 12 */
    assert_int_equal(th_long(conn, "SELECT count(*) FROM metrics WHERE recorded_at < "
                                   "'2026-05-16'"), 0);
    assert_int_equal(th_long(conn, "SELECT count(*) FROM pg_class WHERE relname IN "
                                   "('metrics_p20260515', 'agent_audit_log_p202305')"), 0);
    assert_int_equal(th_long(conn, "SELECT count(*) FROM pg_inherits WHERE inhrelid IN "
                                   "('metrics_p20260516'::regclass, "
                                   "'agent_audit_log_p202306'::regclass)"), 2);
    /* Nothing is left to do at that time. */
    assert_null(planned(NOW, "metrics", "drop"));
    assert_null(planned(NOW, "agent_audit_log", "drop"));
    /* The audit log still refuses DELETE: only whole partitions leave it, by retention. */
    assert_string_equal(th_fail(conn, "DELETE FROM agent_audit_log"), "23514");
    free(want_m);
    free(want_a);
    free(got_m);
    free(got_a);
}

/* conversation_history (monthly, 90 days live, archived to 1 year): months past 90 days are
 * detached into archive tables that keep their rows, months also past a year are dropped at once,
 * and the archives are dropped once a year old. */
static void test_detach_then_drop_archives(void **state)
{
    (void)state;
    th_exec(conn,
            "SELECT partition_create('conversation_history', '2025-01-01', '2026-07-01');"
            "INSERT INTO conversation_history (created_at, session_id, role, content) "
            "  SELECT d + interval '3 days', " SESSION ", 'user', 'hello ' || n "
            "    FROM generate_series('2025-01-01'::timestamptz, '2026-06-01', '1 month') d, "
            "         generate_series(1, 2) n;");
    /* now - 90 days = 2026-03-17: months to 2026-02; now - 1 year = 2025-06-15: to 2025-05. */
    char *want_drop = names("conversation_history", "'2025-01-01'", "'2025-06-01'", "1 month");
    char *want_detach = names("conversation_history", "'2025-06-01'", "'2026-03-01'", "1 month");
    char *got_drop = planned(NOW, "conversation_history", "drop");
    char *got_detach = planned(NOW, "conversation_history", "detach");
    assert_non_null(got_drop);
    assert_non_null(got_detach);
    assert_string_equal(got_drop, want_drop);
    assert_string_equal(got_detach, want_detach);

    long drops = 0, detaches = 0, aggregates = 0;
    apply_all(NOW, 4, &drops, &detaches, &aggregates);
    assert_int_equal(drops, 5);
    assert_int_equal(detaches, 9);
    /* Live: 2026-03 .. 2026-06, two rows each. Archives: standalone, commented, rows kept. */
    assert_int_equal(th_long(conn, "SELECT count(*) FROM conversation_history"), 8);
    assert_int_equal(
        th_long(conn, "SELECT count(*) FROM pg_class c WHERE c.relname ~ "
                      "'^conversation_history_p2025(0[6-9]|1[0-2])$|^conversation_history_p20260[12]$' "
                      "AND NOT c.relispartition AND obj_description(c.oid, 'pg_class') "
                      "LIKE 'Retention archive of conversation_history %'"),
        9);
    assert_int_equal(th_long(conn, "SELECT count(*) FROM conversation_history_p202506"), 2);
    assert_int_equal(th_long(conn, "SELECT count(*) FROM pg_class WHERE relname = "
                                   "'conversation_history_p202505'"), 0);
    /* A year after the last archived month ends (2026-03-01), every archive goes. */
    char *later = planned("'2027-03-02 00:00:00+00'", "conversation_history", "drop");
    char *want_later = names("conversation_history", "'2025-06-01'", "'2026-03-01'", "1 month");
    assert_non_null(later);
    /* At that time the live months 2026-03 .. 2026-06 are past keep_active and not yet past
     * keep_archived: detached, not dropped. */
    assert_string_equal(later, want_later);
    free(want_drop);
    free(want_detach);
    free(got_drop);
    free(got_detach);
    free(later);
    free(want_later);
}

/* trust_metrics (monthly, 30 days, aggregate): a month past 30 days is summarised per agent,
 * metric type and day into trust_metrics_daily, exactly as a GROUP BY over its rows, and dropped. */
static void test_aggregate_trust_metrics(void **state)
{
    (void)state;
    th_exec(conn,
            "SELECT partition_create('trust_metrics', '2026-04-01', '2026-06-01');"
            "INSERT INTO trust_metrics (recorded_at, agent_id, metric_type, metric_value) "
            "  SELECT '2026-04-01'::timestamptz + (n * interval '7 hours'), " AGENT ", "
            "         'accuracy', (n * 37) % 101 "
            "    FROM generate_series(0, 200) n;"
            "CREATE TEMP TABLE expected_daily AS "
            "  SELECT (recorded_at AT TIME ZONE 'UTC')::date AS day, count(*) AS samples, "
            "         sum(metric_value) AS s, min(metric_value) AS lo, max(metric_value) AS hi "
            "    FROM trust_metrics WHERE recorded_at < '2026-05-01' GROUP BY 1;");
    long may_rows = th_long(conn, "SELECT count(*) FROM trust_metrics WHERE recorded_at >= "
                                  "'2026-05-01' AND recorded_at < '2026-06-01'");
    assert_true(may_rows > 0);
    char *got = planned(NOW, "trust_metrics", "aggregate");
    assert_non_null(got);
    assert_string_equal(got, "trust_metrics_p202604");
    long drops = 0, detaches = 0, aggregates = 0;
    apply_all(NOW, 100, &drops, &detaches, &aggregates);
    assert_int_equal(aggregates, 1);
    assert_int_equal(th_long(conn, "SELECT count(*) FROM trust_metrics_daily"),
                     th_long(conn, "SELECT count(*) FROM expected_daily"));
    assert_int_equal(th_long(conn, "SELECT count(*) FROM expected_daily e FULL JOIN "
                                   "trust_metrics_daily d USING (day) WHERE d.samples IS DISTINCT "
                                   "FROM e.samples OR d.value_sum IS DISTINCT FROM e.s OR "
                                   "d.value_min IS DISTINCT FROM e.lo OR d.value_max IS DISTINCT "
                                   "FROM e.hi OR d.agent_id IS DISTINCT FROM " AGENT),
                     0);
    assert_int_equal(th_long(conn, "SELECT count(*) FROM pg_class WHERE relname = "
                                   "'trust_metrics_p202604'"), 0);
    assert_int_equal(th_long(conn, "SELECT count(*) FROM trust_metrics"), may_rows);
    free(got);
}

/* A bad batch size is refused with a clear error, and nothing is done. */
static void test_bad_limit(void **state)
{
    (void)state;
    assert_string_equal(th_fail(conn, "SELECT * FROM retention_apply(now(), 0)"), "22023");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_drop_past_period),
        cmocka_unit_test(test_detach_then_drop_archives),
        cmocka_unit_test(test_aggregate_trust_metrics),
        cmocka_unit_test(test_bad_limit),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
