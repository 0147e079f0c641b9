/* test_reports.c: migration 0011 on demo data: the reward function against hand-computed
 * examples, the materialized reports refreshed concurrently (readers not blocked) and equal to
 * their definitions, and every report view commented and runnable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "util.h"

#define DB "reports"
#define WF "'00000000-0000-0000-0000-00000000f0c1'"

static PGconn *conn; /* owned here */

static int setup(void **state)
{
    (void)state;
    conn = th_migrated_db(DB, "--scale=0.005 --seed=5");
    if (!conn)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    th_done_db(conn, DB);
    conn = NULL;
    return 0;
}

static double dvalue(const char *sql)
{
    char *v = th_value(conn, sql);
    assert_non_null(v);
    double d = strtod(v, NULL);
    free(v);
    return d;
}

/* reward * 0.9^correction_generation * 0.95^retry_count for final, scored tasks; worked by hand:
 *   1.0, completed, no retry, generation 0            -> 1.0
 *   0.5, completed, 2 retries, generation 1            -> 0.5 * 0.9 * 0.9025 = 0.406125
 *  -1.0, failed with no retry left (3 of 3), gen. 0    -> -1.0 * 0.857375   = -0.857375
 * and no share for a failed task with retries left, a running one, or one without a reward. */
static void test_reward_function(void **state)
{
    (void)state;
    assert_true(fabs(dvalue("SELECT task_reward_contribution(1.0, 'completed', 0, 3, 0)") - 1.0) <
                1e-12);
    assert_true(fabs(dvalue("SELECT task_reward_contribution(0.5, 'completed', 2, 3, 1)") -
                     0.406125) < 1e-12);
    assert_true(fabs(dvalue("SELECT task_reward_contribution(-1.0, 'failed', 3, 3, 0)") -
                     -0.857375) < 1e-12);
    assert_null(th_value(conn, "SELECT task_reward_contribution(1.0, 'failed', 1, 3, 0)"));
    assert_null(th_value(conn, "SELECT task_reward_contribution(1.0, 'running', 0, 3, 0)"));
    assert_null(th_value(conn, "SELECT task_reward_contribution(NULL, 'completed', 0, 3, 0)"));

    /* A workflow with those three tasks (and a running one): 1.0 + 0.406125 - 0.857375. The
     * tasks are written as a migrating owner would, with the state machine's path. */
    th_exec(conn,
            "BEGIN;"
            "INSERT INTO workflows (id, project_id, user_prompt) "
            "  SELECT " WF ", id, 'reward example' FROM projects ORDER BY id LIMIT 1;"
            "INSERT INTO tasks (workflow_id, type, input, max_retries, correction_generation) VALUES"
            "  (" WF ", 'research', '{\"q\": 1}', 3, 0), (" WF ", 'research', '{\"q\": 2}', 3, 1),"
            "  (" WF ", 'research', '{\"q\": 3}', 3, 0), (" WF ", 'research', '{\"q\": 4}', 3, 0);"
            "UPDATE tasks SET status = 'queued' WHERE workflow_id = " WF ";"
            "UPDATE tasks SET status = 'running' WHERE workflow_id = " WF ";"
            "UPDATE tasks SET retry_count = 2 WHERE workflow_id = " WF " AND input->>'q' = '2';"
            "UPDATE tasks SET retry_count = 3 WHERE workflow_id = " WF " AND input->>'q' = '3';"
            "UPDATE tasks SET status = 'completed', reward = 1.0 "
            "  WHERE workflow_id = " WF " AND input->>'q' = '1';"
            "UPDATE tasks SET status = 'completed', reward = 0.5 "
            "  WHERE workflow_id = " WF " AND input->>'q' = '2';"
            "UPDATE tasks SET status = 'failed', reward = -1.0, error_message = 'boom' "
            "  WHERE workflow_id = " WF " AND input->>'q' = '3';"
            "UPDATE tasks SET reward = 0.7 WHERE workflow_id = " WF " AND input->>'q' = '4';"
            "COMMIT;");
    assert_true(fabs(dvalue("SELECT workflow_reward(" WF ")") - 0.54875) < 1e-12);
    th_exec(conn, "CALL refresh_workflow_rewards(" WF ")");
    assert_true(fabs(dvalue("SELECT total_reward FROM workflows WHERE id = " WF) - 0.54875) <
                1e-9);
    /* The batched form updates only what changed: nothing, after the demo set every total. */
    assert_int_equal(th_long(conn, "CALL refresh_workflow_rewards(NULL, NULL, NULL)"), 0);
    assert_string_equal(th_fail(conn, "CALL refresh_workflow_rewards(NULL, 0, NULL)"), "22023");
}

/* Every materialized report has a unique index, and REFRESH ... CONCURRENTLY runs while another
 * session reads it (a plain REFRESH would wait: it needs ACCESS EXCLUSIVE, shown with a
 * lock_timeout). After the refresh each holds exactly what its definition returns now. */
static void test_materialized_reports_refresh_concurrently(void **state)
{
    (void)state;
    PGresult *mvs = PQexec(conn, "SELECT c.relname, rtrim(pg_get_viewdef(c.oid), ';'), "
                                 "  EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid "
                                 "          AND i.indisunique AND i.indpred IS NULL) "
                                 "FROM pg_class c WHERE c.relkind = 'm' "
                                 "AND c.relnamespace = 'public'::regnamespace ORDER BY 1");
    assert_int_equal(PQresultStatus(mvs), PGRES_TUPLES_OK);
    assert_int_equal(PQntuples(mvs), 4);
    PGconn *reader = th_connect(DB);
    /* New tasks change what the reports show. */
    th_exec(conn, "UPDATE tasks SET reward = reward / 2 WHERE reward IS NOT NULL AND id IN "
                  "(SELECT id FROM tasks WHERE reward IS NOT NULL ORDER BY id LIMIT 50)");
    for (int i = 0; i < PQntuples(mvs); i++) {
        const char *mv = PQgetvalue(mvs, i, 0);
        assert_string_equal(PQgetvalue(mvs, i, 2), "t");
        char *read = xasprintf("BEGIN; SELECT count(*) FROM %s", mv);
        th_exec(reader, read);
        char *conc = xasprintf("SET lock_timeout = '2s'; REFRESH MATERIALIZED VIEW CONCURRENTLY %s",
                               mv);
        th_exec(conn, conc);
        char *plain = xasprintf("SET lock_timeout = '50ms'; REFRESH MATERIALIZED VIEW %s", mv);
        assert_string_equal(th_fail(conn, plain), "55P03");
        th_exec(reader, "COMMIT");
        th_exec(conn, "RESET lock_timeout");
        char *diff = xasprintf("SELECT count(*) FROM ((TABLE %s EXCEPT ALL (%s)) UNION ALL "
                               "((%s) EXCEPT ALL TABLE %s)) d", mv, PQgetvalue(mvs, i, 1),
                               PQgetvalue(mvs, i, 1), mv);
        assert_int_equal(th_long(conn, diff), 0);
        char *rows = xasprintf("SELECT count(*) FROM %s", mv);
        assert_true(th_long(conn, rows) > 0);
        free(read);
        free(conc);
        free(plain);
        free(diff);
        free(rows);
    }
    PQfinish(reader);
    PQclear(mvs);
    /* refresh_reports() refreshes all four, concurrently since they are populated. */
    assert_int_equal(th_long(conn, "SELECT count(*) FROM refresh_reports() "
                                   "WHERE refreshed_concurrently"), 4);
}

/* Every report_ view has a COMMENT (line 1: what it shows) and runs on demo data; most have rows
 * (a report of an empty data set would not show the view works). */
static void test_report_views(void **state)
{
    (void)state;
    PGresult *r = PQexec(conn, "SELECT c.relname, coalesce(obj_description(c.oid, 'pg_class'), '') "
                               "FROM pg_class c WHERE c.relkind = 'v' "
                               "AND c.relnamespace = 'public'::regnamespace "
                               "AND c.relname LIKE 'report\\_%' ORDER BY 1");
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    assert_true(PQntuples(r) >= 9);
    int with_rows = 0;
    strbuf bad = STRBUF_INIT;
    for (int i = 0; i < PQntuples(r); i++) {
        const char *v = PQgetvalue(r, i, 0);
        if (strlen(PQgetvalue(r, i, 1)) < 20)
            sb_printf(&bad, "  %s has no COMMENT describing it\n", v);
        char *q = xasprintf("SELECT count(*) FROM %s", v);
        PGresult *c = PQexec(conn, q);
        if (PQresultStatus(c) != PGRES_TUPLES_OK)
            sb_printf(&bad, "  %s: %s", v, PQresultErrorMessage(c));
        else if (atol(PQgetvalue(c, 0, 0)) > 0)
            with_rows++;
        PQclear(c);
        free(q);
    }
    int n = PQntuples(r);
    PQclear(r);
    if (bad.len)
        fail_msg("report views:\n%s", sb_str(&bad));
    sb_free(&bad);
    printf("  %d report views, each commented; %d with rows on the demo data\n", n, with_rows);
    assert_true(with_rows >= n - 2);
}

/* report_failure_rates against a hand-counted fixture: a task type of its own with five tasks
 * (completed first try, completed after a retry, failed, timed out, cancelled). */
static void test_failure_rates_by_hand(void **state)
{
    (void)state;
    th_exec(conn,
            "BEGIN;"
            "INSERT INTO task_types (name, description, agent_type) "
            "  VALUES ('report_probe', 'test type', 'Agent');"
            "INSERT INTO tasks (workflow_id, type, input, max_retries) "
            "  SELECT " WF ", 'report_probe', jsonb_build_object('n', n), 3 "
            "    FROM generate_series(1, 5) n;"
            "UPDATE tasks SET status = 'queued' WHERE type = 'report_probe' AND input->>'n' <> '5';"
            "UPDATE tasks SET status = 'running' WHERE type = 'report_probe' AND input->>'n' <> '5';"
            "UPDATE tasks SET retry_count = 1 WHERE type = 'report_probe' AND input->>'n' = '2';"
            "UPDATE tasks SET status = 'completed' WHERE type = 'report_probe' "
            "  AND input->>'n' IN ('1', '2');"
            "UPDATE tasks SET status = 'failed', error_message = 'x' WHERE type = 'report_probe' "
            "  AND input->>'n' = '3';"
            "UPDATE tasks SET status = 'timeout' WHERE type = 'report_probe' AND input->>'n' = '4';"
            "UPDATE tasks SET status = 'cancelled' WHERE type = 'report_probe' AND input->>'n' = '5';"
            "COMMIT;"
            "SELECT count(*) FROM refresh_reports();");
    char *row = th_value(conn, "SELECT concat_ws(' ', tasks, with_outcome, completed, failed, "
                               "timed_out, cancelled, failure_rate, retry_rate, "
                               "first_try_success_rate, avg_retries) FROM report_failure_rates "
                               "WHERE task_type = 'report_probe'");
    assert_non_null(row);
    /* 4 with an outcome; failure (failed + timeout) 2/4; retried 1/4; first-try success 1/4;
     * mean retries over the 4: 0.25. */
    assert_string_equal(row, "5 4 2 1 1 1 0.5000 0.2500 0.2500 0.25");
    free(row);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reward_function),
        cmocka_unit_test(test_materialized_reports_refresh_concurrently),
        cmocka_unit_test(test_report_views),
        cmocka_unit_test(test_failure_rates_by_hand),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
