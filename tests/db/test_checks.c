/* test_checks.c: the integrity checks on a migrated database with demo data: every rule passes on
 * clean data; one planted violation per rule (rolled back) fails exactly that rule and its rows
 * show the planted id; 'check run' exits 5 and 0 through the real binary; unknown names refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "check.h"
#include "harness.h"
#include "util.h"

#define DB "checks"

static PGconn *conn;  /* owned: plain libpq for setup and assertions */
static db_conn *dbc;  /* owned: the engine's connection, where violations are planted */
static check_set rules;
static char *conninfo; /* owned: the engine's connection borrows it until teardown */

static int setup(void **state)
{
    (void)state;
    conn = th_migrated_db(DB, "--scale=0.005 --seed=7");
    if (!conn)
        return -1;
    conninfo = th_conninfo(DB);
    db_params p = {0};
    p.conninfo = conninfo;
    db_error e = {0};
    dbc = db_connect(&p, &e);
    if (!dbc) {
        fprintf(stderr, "connect: %s\n", e.message);
        db_error_clear(&e);
        return -1;
    }
    char *err = NULL;
    if (check_load(&rules, &err) != 0) {
        fprintf(stderr, "check_load: %s\n", err);
        free(err);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    check_set_free(&rules);
    if (dbc)
        db_close(dbc);
    dbc = NULL;
    free(conninfo);
    conninfo = NULL;
    th_done_db(conn, DB);
    conn = NULL;
    return 0;
}

/* Run every rule on the engine connection; returns how many failed or broke, and the result of
 * the named rule in *target (caller frees). */
static int run_all(const char *name, check_result *target)
{
    int bad = 0;
    for (int i = 0; i < rules.n; i++) {
        check_result res;
        check_run(dbc, &rules.rules[i], 5, &res);
        if (res.status == CHECK_BROKEN)
            fail_msg("rule %s could not run: %s", rules.rules[i].name, res.error);
        bool is_target = name && strcmp(rules.rules[i].name, name) == 0;
        if (res.status != CHECK_PASS) {
            bad++;
            if (!is_target)
                print_message("  %s also failed (%lld rows, first %s)\n", rules.rules[i].name,
                              res.count, res.nsample ? res.sample[0] : "-");
        }
        if (is_target)
            *target = res;
        else
            check_result_free(&res);
    }
    return bad;
}

static void test_clean_demo_passes(void **state)
{
    (void)state;
    assert_true(rules.n >= 20);
    check_result none;
    assert_int_equal(run_all(NULL, &none), 0);
}

/* One planted violation per rule. Each plant runs in a transaction that is rolled back; it leaves
 * the planted row's id (and the expected count) in the temporary table planted(id, n). Triggers
 * are skipped with session_replication_role = replica (superuser) or DISABLE TRIGGER where the
 * plant needs the other triggers to run. */
static const struct plant {
    const char *rule;
    const char *sql;
} plants[] = {
    {"task_dependency_cycles",
     /* the reverse of an edge whose task depends on nothing else: the cycle is exactly the pair */
     "CREATE TEMP TABLE planted ON COMMIT DROP AS"
     "  SELECT least(d.task_id, d.depends_on_task_id)::text AS id, 1::bigint AS n,"
     "         d.task_id AS a, d.depends_on_task_id AS b, d.workflow_id"
     "    FROM task_dependencies d"
     "   WHERE (SELECT count(*) FROM task_dependencies x WHERE x.task_id = d.task_id) = 1"
     "   ORDER BY d.task_id LIMIT 1;"
     "SET LOCAL session_replication_role = replica;"
     "INSERT INTO task_dependencies (task_id, depends_on_task_id, workflow_id)"
     "  SELECT b, a, workflow_id FROM planted;"},
    {"task_dependencies_cross_workflow",
     "CREATE TEMP TABLE planted ON COMMIT DROP AS"
     "  SELECT task_id::text AS id, 1::bigint AS n, task_id, depends_on_task_id, workflow_id"
     "    FROM task_dependencies ORDER BY task_id, depends_on_task_id LIMIT 1;"
     "SET LOCAL session_replication_role = replica;"
     "UPDATE task_dependencies d SET workflow_id ="
     "  (SELECT w.id FROM workflows w WHERE w.id <> p.workflow_id ORDER BY w.id LIMIT 1)"
     "  FROM planted p"
     " WHERE d.task_id = p.task_id AND d.depends_on_task_id = p.depends_on_task_id;"},
    {"tasks_parent_other_workflow",
     "CREATE TEMP TABLE planted ON COMMIT DROP AS"
     "  SELECT t.id::text AS id, 1::bigint AS n, t.id AS task_id,"
     "         (SELECT o.id FROM tasks o WHERE o.workflow_id <> t.workflow_id ORDER BY o.id"
     "           LIMIT 1) AS parent"
     "    FROM tasks t ORDER BY t.id LIMIT 1;"
     "SET LOCAL session_replication_role = replica;"
     "UPDATE tasks t SET parent_task_id = p.parent FROM planted p WHERE t.id = p.task_id;"},
    {"tasks_status_timestamps",
     /* a running task that has also completed */
     "CREATE TEMP TABLE planted ON COMMIT DROP AS"
     "  SELECT id::text AS id, 1::bigint AS n FROM tasks WHERE status = 'running'"
     "   ORDER BY id LIMIT 1;"
     "UPDATE tasks SET completed_at = started_at + interval '1 second'"
     " WHERE id = (SELECT id::uuid FROM planted);"},
    {"workflows_status_timestamps",
     "CREATE TEMP TABLE planted ON COMMIT DROP AS"
     "  SELECT id::text AS id, 1::bigint AS n FROM workflows WHERE status = 'completed'"
     "   ORDER BY id LIMIT 1;"
     "UPDATE workflows SET completed_at = NULL WHERE id = (SELECT id::uuid FROM planted);"},
    {"workflows_finished_with_active_tasks",
     /* a running workflow with active tasks marked cancelled (with its end time) */
     "CREATE TEMP TABLE planted ON COMMIT DROP AS"
     "  SELECT (SELECT t.id::text FROM tasks t WHERE t.workflow_id = w.id"
     "            AND t.status IN ('pending', 'queued', 'running', 'retrying')"
     "          ORDER BY t.id LIMIT 1) AS id,"
     "         (SELECT count(*) FROM tasks t WHERE t.workflow_id = w.id"
     "            AND t.status IN ('pending', 'queued', 'running', 'retrying')) AS n,"
     "         w.id AS workflow_id"
     "    FROM workflows w WHERE w.status = 'running'"
     "     AND EXISTS (SELECT 1 FROM tasks t WHERE t.workflow_id = w.id AND t.status = 'pending')"
     "   ORDER BY w.id LIMIT 1;"
     "UPDATE workflows SET status = 'cancelled', completed_at = started_at + interval '1 hour'"
     " WHERE id = (SELECT workflow_id FROM planted);"},
    {"workflows_total_reward_stale",
     "CREATE TEMP TABLE planted ON COMMIT DROP AS"
     "  SELECT id::text AS id, 1::bigint AS n FROM workflows WHERE total_reward IS NOT NULL"
     "   ORDER BY id LIMIT 1;"
     "UPDATE workflows SET total_reward = total_reward + 0.25"
     " WHERE id = (SELECT id::uuid FROM planted);"},
    {"workflows_current_version_missing",
     "CREATE TEMP TABLE planted ON COMMIT DROP AS"
     "  SELECT id::text AS id, 1::bigint AS n FROM workflows ORDER BY id LIMIT 1;"
     "UPDATE workflows SET current_version = current_version + 5"
     " WHERE id = (SELECT id::uuid FROM planted);"},
    {"correction_attempts_other_workflow",
     "CREATE TEMP TABLE planted ON COMMIT DROP AS"
     "  SELECT id::text AS id, 1::bigint AS n, workflow_id FROM correction_attempts"
     "   ORDER BY id LIMIT 1;"
     "SET LOCAL session_replication_role = replica;"
     "UPDATE correction_attempts c SET workflow_id ="
     "  (SELECT w.id FROM workflows w WHERE w.id <> p.workflow_id ORDER BY w.id LIMIT 1)"
     "  FROM planted p WHERE c.id = p.id::uuid;"},
    {"experiences_orphans",
     /* the episode is deleted (a key the table cannot have) */
     "CREATE TEMP TABLE planted ON COMMIT DROP AS"
     "  SELECT x.id::text AS id, 1::bigint AS n, x.episode_id FROM experiences x"
     "   WHERE (SELECT count(*) FROM experiences y WHERE y.episode_id = x.episode_id) = 1"
     "   ORDER BY x.id LIMIT 1;"
     "INSERT INTO planted"
     "  SELECT x.id::text, 1, x.episode_id FROM experiences x"
     "   WHERE NOT EXISTS (SELECT 1 FROM planted) ORDER BY x.episode_id, x.step LIMIT 1;"
     "SET LOCAL session_replication_role = replica;"
     "UPDATE experiences SET episode_id = '00000000-0000-4000-8000-00000000e150'"
     " WHERE id = (SELECT id::uuid FROM planted);"},
    {"experiences_step_order",
     /* step 0 of an episode renumbered 1: the old step 1 repeats it */
     "CREATE TEMP TABLE planted ON COMMIT DROP AS"
     "  SELECT s1.id::text AS id, 1::bigint AS n, s0.id AS step0"
     "    FROM experiences s0 JOIN experiences s1 ON s1.episode_id = s0.episode_id"
     "   WHERE s0.step = 0 AND s1.step = 1 AND s0.occurred_at <= s1.occurred_at"
     "     AND NOT s0.terminal"
     "   ORDER BY s0.episode_id LIMIT 1;"
     "UPDATE experiences SET step = 1 WHERE id = (SELECT step0 FROM planted);"},
    {"conversation_history_orphan_parent",
     "CREATE TEMP TABLE planted ON COMMIT DROP AS"
     "  SELECT id::text AS id, 1::bigint AS n FROM conversation_history"
     "   WHERE parent_message_id IS NOT NULL ORDER BY id LIMIT 1;"
     "UPDATE conversation_history SET parent_message_id = '00000000-0000-4000-8000-0000000c0de1'"
     " WHERE id = (SELECT id::uuid FROM planted);"},
    {"conversation_history_parent_mismatch",
     /* a session's first message answers its last one */
     "CREATE TEMP TABLE planted ON COMMIT DROP AS"
     "  SELECT f.id::text AS id, 1::bigint AS n, l.id AS last_id"
     "    FROM conversation_history f"
     "    JOIN LATERAL (SELECT m.id, m.created_at FROM conversation_history m"
     "                   WHERE m.session_id = f.session_id ORDER BY m.created_at DESC, m.id"
     "                   LIMIT 1) l ON l.created_at > f.created_at"
     "   WHERE f.parent_message_id IS NULL ORDER BY f.id LIMIT 1;"
     "UPDATE conversation_history SET parent_message_id = (SELECT last_id FROM planted)"
     " WHERE id = (SELECT id::uuid FROM planted);"},
    {"transformation_events_orphan_parent",
     "CREATE TEMP TABLE planted ON COMMIT DROP AS"
     "  SELECT id::text AS id, 1::bigint AS n FROM agent_transformation_events"
     "   ORDER BY id LIMIT 1;"
     "UPDATE agent_transformation_events"
     "   SET parent_event_id = '00000000-0000-4000-8000-0000000e7e47'"
     " WHERE id = (SELECT id::uuid FROM planted);"},
    {"session_rows_project_mismatch",
     "CREATE TEMP TABLE planted ON COMMIT DROP AS"
     "  SELECT id::text AS id, 1::bigint AS n, project_id FROM agent_decisions"
     "   ORDER BY id LIMIT 1;"
     "SET LOCAL session_replication_role = replica;"
     "UPDATE agent_decisions d SET project_id ="
     "  (SELECT x.id FROM projects x WHERE x.id <> p.project_id ORDER BY x.id LIMIT 1)"
     "  FROM planted p WHERE d.id = p.id::uuid;"},
    {"trust_level_chain",
     "CREATE TEMP TABLE planted ON COMMIT DROP AS"
     "  SELECT a.id::text AS id, 1::bigint AS n FROM agents a"
     "   WHERE EXISTS (SELECT 1 FROM trust_metrics m WHERE m.agent_id = a.id"
     "                   AND m.metric_type = 'trust_level')"
     "   ORDER BY a.id LIMIT 1;"
     "UPDATE agents SET trust_level = (trust_level + 1) % 5"
     " WHERE id = (SELECT id::uuid FROM planted);"},
    {"task_events_illegal_transitions",
     /* queued back to pending, with the state-machine trigger off and the audit trigger on */
     "CREATE TEMP TABLE planted ON COMMIT DROP AS"
     "  SELECT id AS task_id, NULL::text AS id, 1::bigint AS n FROM tasks"
     "   WHERE status = 'queued' ORDER BY id LIMIT 1;"
     "ALTER TABLE tasks DISABLE TRIGGER trg_validate_status_transition;"
     "UPDATE tasks SET status = 'pending' WHERE id = (SELECT task_id FROM planted);"
     "UPDATE planted SET id = (SELECT max(e.id)::text FROM task_events e"
     "                          WHERE e.task_id = planted.task_id);"},
    {"tasks_missing_required_input_keys",
     "CREATE TEMP TABLE planted ON COMMIT DROP AS"
     "  SELECT t.id::text AS id, 1::bigint AS n FROM tasks t"
     "    JOIN task_types tt ON tt.name = t.type"
     "   WHERE cardinality(tt.required_input_keys) > 0 ORDER BY t.id LIMIT 1;"
     "SET LOCAL session_replication_role = replica;"
     "UPDATE tasks SET input = '{\"unrelated\": 1}' WHERE id = (SELECT id::uuid FROM planted);"},
    {"default_partition_rows",
     /* a point from 2100: no dated partition holds it */
     "CREATE TEMP TABLE planted (id text, n bigint) ON COMMIT DROP;"
     "WITH i AS (INSERT INTO metrics (recorded_at, name, value, unit)"
     "           VALUES ('2100-01-01T00:00:00Z', 'checks.planted', 1, 'count') RETURNING id)"
     "INSERT INTO planted SELECT id::text, 1 FROM i;"},
    {"partitions_missing_ahead",
     /* tomorrow's metrics partition is gone */
     "CREATE TEMP TABLE planted ON COMMIT DROP AS SELECT 'metrics'::text AS id, 1::bigint AS n;"
     "DO $$ BEGIN EXECUTE format('DROP TABLE %s', (SELECT r.partition FROM"
     "  partition_ranges('public.metrics') r WHERE r.range_from > now()"
     "  ORDER BY r.range_from LIMIT 1)); END $$;"},
    {"invalid_indexes",
     "CREATE TEMP TABLE planted ON COMMIT DROP AS"
     "  SELECT 'idx_tasks_reward'::text AS id, 1::bigint AS n;"
     "UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'idx_tasks_reward'::regclass;"},
    {"not_valid_constraints",
     "CREATE TEMP TABLE planted ON COMMIT DROP AS"
     "  SELECT 'chk_projects_planted'::text AS id, 1::bigint AS n;"
     "ALTER TABLE projects ADD CONSTRAINT chk_projects_planted"
     "  CHECK (char_length(name) < 1000) NOT VALID;"},
    {"materialized_reports_stale",
     /* a scored task loses its agent after the last refresh */
     "CREATE TEMP TABLE planted ON COMMIT DROP AS"
     "  SELECT 'mv_report_reward_by_agent'::text AS id, 1::bigint AS n;"
     "UPDATE tasks SET agent_id = NULL WHERE id = (SELECT id FROM tasks"
     "  WHERE reward IS NOT NULL AND agent_id IS NOT NULL AND completed_at IS NOT NULL"
     "  ORDER BY id LIMIT 1);"},
};

static void test_each_rule_planted(void **state)
{
    (void)state;
    PGconn *pg = db_pg(dbc);
    /* every rule has a plant, and every plant names a rule */
    for (int i = 0; i < rules.n; i++) {
        bool found = false;
        for (size_t k = 0; k < sizeof plants / sizeof plants[0]; k++)
            found = found || strcmp(plants[k].rule, rules.rules[i].name) == 0;
        if (!found)
            fail_msg("rule %s has no planted violation in test_checks.c", rules.rules[i].name);
    }
    for (size_t k = 0; k < sizeof plants / sizeof plants[0]; k++) {
        const checkfile *rule = check_find(&rules, plants[k].rule);
        if (!rule)
            fail_msg("plant for unknown rule %s", plants[k].rule);
        print_message("  planting %s\n", rule->name);
        th_exec(pg, "BEGIN");
        th_exec(pg, plants[k].sql);
        char *id = th_value(pg, "SELECT id FROM planted");
        long n = th_long(pg, "SELECT n FROM planted");
        if (!id)
            fail_msg("plant for %s found no row to break in the demo data", rule->name);
        check_result res = {0};
        int bad = run_all(rule->name, &res);
        if (res.status != CHECK_FAIL)
            fail_msg("%s did not fail on its planted violation (id %s)", rule->name, id);
        assert_int_equal(res.count, n);
        assert_int_equal(bad, 1);
        check_result_free(&res);
        check_rows rows;
        db_error e = {0};
        if (check_rows_get(dbc, rule, 0, &rows, &e) != 0)
            fail_msg("%s rows: %s", rule->name, e.message);
        assert_int_equal(rows.nrows, n);
        assert_string_equal(rows.names[0], "table");
        assert_string_equal(rows.names[1], "id");
        bool seen = false;
        for (long i = 0; i < rows.nrows; i++)
            seen = seen || (rows.cells[i * rows.ncols + 1] &&
                            strcmp(rows.cells[i * rows.ncols + 1], id) == 0);
        if (!seen)
            fail_msg("%s: the planted id %s is not among its rows", rule->name, id);
        check_rows_free(&rows);
        free(id);
        th_exec(pg, "ROLLBACK");
    }
}

static bool contains(const char *hay, const char *needle) { return strstr(hay, needle) != NULL; }

/* The real binary: exit 0 on clean data with every result stored, exit 5 with the id in the
 * sample and in 'check show' once a violation is committed, 0 again after the fix; usage errors. */
static void test_binary_exit_codes(void **state)
{
    (void)state;
    th_run r = th_agentdb(DB, NULL, NULL, "--format=csv", "-c", "check run", NULL);
    if (r.status != 0)
        fail_msg("clean check run exited %d:\n%s%s", r.status, r.out, r.err);
    assert_true(contains(r.err, "0 failed"));
    th_run_free(&r);
    long stored = th_long(conn, "SELECT count(*) FROM agentdb.check_results WHERE result = 'pass'");
    assert_int_equal(stored, rules.n);

    char *wf = th_value(conn, "SELECT id::text FROM workflows WHERE total_reward IS NOT NULL "
                              "ORDER BY id LIMIT 1");
    assert_non_null(wf);
    th_exec(conn, "UPDATE workflows SET total_reward = total_reward + 0.25 WHERE id = "
                  "(SELECT id FROM workflows WHERE total_reward IS NOT NULL ORDER BY id LIMIT 1)");
    r = th_agentdb(DB, NULL, NULL, "--format=csv", "-c", "check run", NULL);
    assert_int_equal(r.status, 5);
    assert_true(contains(r.out, "workflows_total_reward_stale,warning,fail,1,"));
    assert_true(contains(r.out, wf));
    assert_true(contains(r.err, "1 failed (1 offending row)"));
    th_run_free(&r);
    assert_int_equal(th_long(conn, "SELECT count(*) FROM agentdb.check_results WHERE result = "
                                   "'fail' AND check_name = 'workflows_total_reward_stale' AND "
                                   "offending = 1"),
                     1);
    r = th_agentdb(DB, NULL, NULL, "-c", "check run workflows_total_reward_stale", NULL);
    assert_int_equal(r.status, 5);
    th_run_free(&r);
    r = th_agentdb(DB, NULL, NULL, "--format=jsonl", "-c",
                   "check show workflows_total_reward_stale", NULL);
    assert_int_equal(r.status, 0);
    assert_true(contains(r.out, "\"table\":\"workflows\""));
    assert_true(contains(r.out, wf));
    th_run_free(&r);

    th_exec(conn, "CALL refresh_workflow_rewards(NULL)");
    r = th_agentdb(DB, NULL, NULL, "-c", "check run", NULL);
    if (r.status != 0)
        fail_msg("check run after the fix exited %d:\n%s%s", r.status, r.out, r.err);
    th_run_free(&r);
    free(wf);

    r = th_agentdb(DB, NULL, NULL, "-c", "check run no_such_rule", NULL);
    assert_int_equal(r.status, 1);
    assert_true(contains(r.err, "unknown check 'no_such_rule'"));
    th_run_free(&r);
    r = th_agentdb(DB, NULL, NULL, "-c", "check show workflows_total_reward", NULL);
    assert_int_equal(r.status, 1);
    assert_true(contains(r.err, "did you mean 'workflows_total_reward_stale'"));
    th_run_free(&r);
    r = th_agentdb(DB, NULL, NULL, "-c", "check show", NULL);
    assert_int_equal(r.status, 1);
    th_run_free(&r);
    r = th_agentdb(DB, NULL, NULL, "-c", "check show invalid_indexes --limit=many", NULL);
    assert_int_equal(r.status, 1);
    th_run_free(&r);
    r = th_agentdb(DB, NULL, NULL, "-c", "check run invalid_indexes --sample=101", NULL);
    assert_int_equal(r.status, 1);
    assert_true(contains(r.err, "--sample takes a whole number from 0 to 100"));
    th_run_free(&r);
    r = th_agentdb(DB, NULL, NULL, "--format=jsonl", "-c", "check list", NULL);
    assert_int_equal(r.status, 0);
    assert_true(contains(r.out, "{\"check\":\"task_dependency_cycles\",\"severity\":\"error\","
                                "\"implementation\":\"c:cycles\""));
    th_run_free(&r);
    /* read-only: runs, does not store */
    r = th_agentdb(DB, NULL, NULL, "--read-only", "-c", "check run invalid_indexes", NULL);
    assert_int_equal(r.status, 0);
    assert_true(contains(r.err, "results not stored"));
    th_run_free(&r);
}

/* The Dashboard's summary query over the stored results. */
static void test_last_result_query(void **state)
{
    (void)state;
    th_exec(conn, "UPDATE workflows SET completed_at = NULL WHERE id = "
                  "(SELECT id FROM workflows WHERE status = 'completed' ORDER BY id LIMIT 1)");
    th_run r = th_agentdb(DB, NULL, NULL, "-c", "check run", NULL);
    assert_int_equal(r.status, 5);
    th_run_free(&r);
    PGresult *res = PQexec(conn, bundle_sql("queries/check/last_result.sql"));
    assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
    assert_int_equal(PQntuples(res), 1);
    assert_int_equal(atol(PQgetvalue(res, 0, 1)), rules.n);          /* checks */
    assert_int_equal(atol(PQgetvalue(res, 0, 2)), 1);                /* failing */
    assert_int_equal(atol(PQgetvalue(res, 0, 3)), 1);                /* failing errors */
    assert_int_equal(atol(PQgetvalue(res, 0, 4)), 1);                /* offending rows */
    assert_string_equal(PQgetvalue(res, 0, 6), "workflows_status_timestamps");
    PQclear(res);
    th_exec(conn, "UPDATE workflows SET completed_at = coalesce(started_at, created_at) "
                  "WHERE status = 'completed' AND completed_at IS NULL");
}

/* An unmigrated database: a warning first, then the checks that need missing tables report an
 * error (exit 3), while the catalog checks pass. */
static void test_unmigrated_database(void **state)
{
    (void)state;
    th_create_db("checks_empty", NULL);
    th_run r = th_agentdb("checks_empty", NULL, NULL, "-c", "check run", NULL);
    assert_int_equal(r.status, 3);
    assert_true(contains(r.err, "not at the latest migration"));
    assert_true(contains(r.out, "invalid_indexes"));
    assert_true(contains(r.err, "invalid_indexes: pass"));
    assert_true(contains(r.err, "tasks_status_timestamps: error"));
    th_run_free(&r);
    th_drop_db("checks_empty");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_demo_passes),
        cmocka_unit_test(test_each_rule_planted),
        cmocka_unit_test(test_binary_exit_codes),
        cmocka_unit_test(test_last_result_query),
        cmocka_unit_test(test_unmigrated_database),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
