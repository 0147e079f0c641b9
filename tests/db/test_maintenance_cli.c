/* test_maintenance_cli.c: the 'report' and 'retention' commands through the real binary on demo
 * data: listing and running reports with filters, refusing bad names and filters, refreshing the
 * materialized reports; retention plan equal to retention_plan(), apply refused without
 * --confirm (nothing changes) and carried out in batches with it. */
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

#define DB "maintenance_cli"

static PGconn *conn; /* owned here */

static th_run run(const char *cmd)
{
    return th_agentdb(DB, NULL, NULL, "-c", cmd, NULL);
}

static int setup(void **state)
{
    (void)state;
    conn = th_migrated_db(DB, "--scale=0.003 --seed=9");
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

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void test_report_list_and_run(void **state)
{
    (void)state;
    th_run r = th_agentdb(DB, NULL, NULL, "--format=csv", "-c", "report list", NULL);
    assert_int_equal(r.status, 0);
    /* a header and one line per report view */
    assert_int_equal(count_lines(r.out),
                     1 + th_long(conn, "SELECT count(*) FROM pg_views WHERE schemaname = 'public' "
                                       "AND viewname LIKE 'report\\_%'"));
    assert_non_null(strstr(r.out, "report_reward_by_agent,materialized,true,\"Reward by agent"));
    th_run_free(&r);

    /* Filters become parameters: the rows equal the same filter in SQL. */
    char *agent = th_value(conn, "SELECT agent_name FROM report_reward_by_agent "
                                 "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1");
    assert_non_null(agent);
    char *cmd = xasprintf("report run reward_by_agent --agent=%s --from=2025-12-01 --to=2026-01-01 "
                          "--format=jsonl", agent);
    r = run(cmd);
    assert_int_equal(r.status, 0);
    const char *p[1] = {agent};
    PGresult *x = PQexecParams(conn, "SELECT count(*) FROM report_reward_by_agent WHERE "
                                     "agent_name = $1 AND day >= '2025-12-01' AND day < '2026-01-01'",
                               1, NULL, p, NULL, NULL, 0);
    long want = atol(PQgetvalue(x, 0, 0));
    PQclear(x);
    assert_true(want > 0);
    assert_int_equal(count_lines(r.out), want);
    th_run_free(&r);
    free(cmd);

    /* Hostile values stay values: a quote in --agent matches nothing and breaks nothing. */
    r = run("report run reward_by_agent --agent=\"x' OR '1'='1\"");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "(0 rows)"));
    th_run_free(&r);

    r = run("report run failure_rates --limit=2 --format=csv");
    assert_int_equal(r.status, 0);
    assert_int_equal(count_lines(r.out), 3);
    th_run_free(&r);
    free(agent);
}

static void test_report_bad_input(void **state)
{
    (void)state;
    struct { const char *cmd, *msg; int status; } bad[] = {
        {"report run nosuch", "no report named 'report_nosuch'", 1},
        {"report run 'Robert; DROP TABLE tasks'", "is not a report name", 1},
        {"report run failure_rates --agent=a", "has no agent_name or agent_id column", 1},
        {"report run dag_churn --from=2026-01-01", "has no date or time column", 1},
        {"report run reward_by_agent --from=soon", "--from takes a time", 1},
        {"report refresh dag_churn", "is not a materialized report", 1},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        th_run r = run(bad[i].cmd);
        if (r.status != bad[i].status || !strstr(r.err, bad[i].msg))
            fail_msg("'%s': exit %d, stderr: %s", bad[i].cmd, r.status, r.err);
        th_run_free(&r);
    }
    assert_true(th_long(conn, "SELECT count(*) FROM tasks") > 0);
}

static void test_report_refresh(void **state)
{
    (void)state;
    /* Change the data under a report; refresh makes it show the change. */
    th_exec(conn, "UPDATE tasks SET reward = 1 WHERE reward IS NOT NULL");
    long before = th_long(conn, "SELECT count(*) FROM report_reward_by_agent WHERE reward_avg <> 1");
    assert_true(before > 0);
    th_run r = run("report refresh --format=csv");
    assert_int_equal(r.status, 0);
    assert_int_equal(count_lines(r.out), 1 + 4);
    assert_non_null(strstr(r.out, "mv_report_reward_by_agent,true,"));
    assert_non_null(strstr(r.err, "[4/4]"));
    th_run_free(&r);
    assert_int_equal(th_long(conn, "SELECT count(*) FROM report_reward_by_agent "
                                   "WHERE reward_avg <> 1"), 0);
    r = run("report refresh reward_by_task_type --format=csv");
    assert_int_equal(r.status, 0);
    assert_int_equal(count_lines(r.out), 2);
    th_run_free(&r);
}

static void test_retention_plan_and_apply(void **state)
{
    (void)state;
    long planned = th_long(conn, "SELECT count(*) FROM retention_plan(now())");
    long acting = th_long(conn, "SELECT count(*) FROM retention_plan(now()) WHERE action <> 'create'");
    /* The demo's data is dated 2025 (its epoch): its old partitions are past their periods. */
    assert_true(acting > 0);
    th_run r = run("retention plan --format=csv");
    assert_int_equal(r.status, 0);
    assert_int_equal(count_lines(r.out), 1 + planned);
    th_run_free(&r);

    /* Without --confirm: the plan on stderr, exit 4, nothing changed. */
    const char *parts = "SELECT count(*) FROM pg_inherits";
    long parts_before = th_long(conn, parts);
    r = run("retention apply");
    assert_int_equal(r.status, 4);
    assert_non_null(strstr(r.err, "add --confirm"));
    th_run_free(&r);
    assert_int_equal(th_long(conn, parts), parts_before);

    r = run("retention apply --confirm --batch=3 --format=csv");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "batch 2:"));
    th_run_free(&r);
    /* Done: at this time nothing is past its period any more. */
    assert_int_equal(th_long(conn, "SELECT count(*) FROM retention_plan(now()) "
                                   "WHERE action <> 'create' "),
                     0);
    r = run("retention apply --batch=0");
    assert_int_equal(r.status, 1);
    th_run_free(&r);
    r = run("retention plan --at=whenever");
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "--at takes a time"));
    th_run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_list_and_run),
        cmocka_unit_test(test_report_bad_input),
        cmocka_unit_test(test_report_refresh),
        cmocka_unit_test(test_retention_plan_and_apply),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
