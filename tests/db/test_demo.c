/* test_demo.c: 'demo load': the same seed gives identical data (aggregate checksums of every
 * table), bad scales and existing data are refused, --append/--replace/--if-empty behave. */
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

#define EPOCH "--epoch=2026-01-01T00:00:00Z"

static int run(const char *db, const char *cmd, char **err_out)
{
    th_run r = th_agentdb(db, NULL, NULL, "-c", cmd, NULL);
    int st = r.status;
    if (err_out)
        *err_out = xstrdup(r.err);
    else if (st != 0)
        fprintf(stderr, "'%s' exited %d: %s\n", cmd, st, r.err);
    th_run_free(&r);
    return st;
}

/* md5 over every public table's rows (order-independent), one line per table. Tables seeded by
 * the migrations themselves (their rows carry the migration's time) are not the generator's.
 * pgp_sym_encrypt salts every ciphertext at random, so the encrypted decision rationale is
 * compared by its plaintext (the generator's demo key). */
static char *checksums(const char *db)
{
    PGconn *c = th_connect(db);
    PGresult *t = PQexec(c, "SELECT quote_ident(tablename), "
                            "       EXISTS (SELECT 1 FROM pg_attribute a "
                            "                WHERE a.attrelid = format('public.%I', tablename)::regclass "
                            "                  AND a.attname = 'decision_rationale_enc' "
                            "                  AND NOT a.attisdropped) "
                            "FROM pg_tables "
                            "WHERE schemaname = 'public' AND tablename NOT IN "
                            "('task_types', 'retention_policies', 'schema_change_log') "
                            "ORDER BY tablename");
    strbuf sb = STRBUF_INIT;
    for (int i = 0; i < PQntuples(t); i++) {
        const char *row = strcmp(PQgetvalue(t, i, 1), "t") == 0
                              ? "(to_jsonb(t) - 'decision_rationale_enc')::text || "
                                "coalesce(pgp_sym_decrypt(t.decision_rationale_enc, 'demo-key'), '')"
                              : "t::text";
        char *q = xasprintf("SELECT count(*) || ':' || coalesce(md5(string_agg(x, '' ORDER BY x)), '-') "
                            "FROM (SELECT md5(%s) AS x FROM %s t) s", row, PQgetvalue(t, i, 0));
        char *v = th_value(c, q);
        sb_printf(&sb, "%s %s\n", PQgetvalue(t, i, 0), v ? v : "NULL");
        free(v);
        free(q);
    }
    PQclear(t);
    PQfinish(c);
    return sb_steal(&sb);
}

static void test_same_seed_same_data(void **state)
{
    (void)state;
    th_create_db("demo_a", NULL);
    th_create_db("demo_b", NULL);
    th_create_db("demo_c", NULL);
    const char *load = "demo load --scale=0.005 --seed=7 " EPOCH;
    assert_int_equal(run("demo_a", "migrate up", NULL), 0);
    assert_int_equal(run("demo_b", "migrate up", NULL), 0);
    assert_int_equal(run("demo_c", "migrate up", NULL), 0);
    char *err = NULL;
    assert_int_equal(run("demo_a", load, &err), 0);
    /* progress goes to stderr, step by step */
    assert_non_null(strstr(err, "demo: [1/"));
    assert_non_null(strstr(err, "loaded in"));
    free(err);
    assert_int_equal(run("demo_b", load, NULL), 0);
    assert_int_equal(run("demo_c", "demo load --scale=0.005 --seed=8 " EPOCH, NULL), 0);
    char *a = checksums("demo_a"), *b = checksums("demo_b"), *c = checksums("demo_c");
    assert_string_equal(a, b);
    assert_string_not_equal(a, c);
    /* the data is really there */
    PGconn *pc = th_connect("demo_a");
    assert_true(th_long(pc, "SELECT count(*) FROM workflows") >= 10);
    assert_true(th_long(pc, "SELECT count(*) FROM tasks") > th_long(pc, "SELECT count(*) FROM workflows"));
    assert_true(th_long(pc, "SELECT count(*) FROM task_dependencies") > 0);
    /* rules still hold on generated rows: every edge stays in its workflow, timestamps ordered,
     * rewards in range (the CHECKs applied during the load) */
    assert_int_equal(th_long(pc, "SELECT count(*) FROM task_dependencies d JOIN tasks a ON a.id = d.task_id "
                                 "JOIN tasks b ON b.id = d.depends_on_task_id WHERE a.workflow_id <> b.workflow_id"),
                     0);
    assert_int_equal(th_long(pc, "SELECT count(*) FROM tasks t JOIN task_types y ON y.name = t.type "
                                 "WHERE NOT t.input ?& y.required_input_keys"),
                     0);
    /* what the bulk load's skipped foreign keys and triggers would have enforced; each counts
     * offending rows */
    static const char *const rules[] = {
        /* every foreign key (MATCH SIMPLE), through dynamic SQL */
        "SELECT coalesce(sum((xpath('/row/n/text()', query_to_xml(f.q, false, true, '')))[1]::text::bigint), 0) "
        "FROM (SELECT format('SELECT count(*) AS n FROM %s c WHERE %s AND NOT EXISTS "
        "                     (SELECT 1 FROM %s p WHERE (%s) = (%s))', con.conrelid::regclass, "
        "         (SELECT string_agg(format('c.%I IS NOT NULL', a.attname), ' AND ') FROM unnest(con.conkey) k "
        "            JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k), "
        "         con.confrelid::regclass, "
        "         (SELECT string_agg(format('p.%I', a.attname), ', ' ORDER BY u.o) "
        "            FROM unnest(con.confkey) WITH ORDINALITY u(k, o) "
        "            JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = u.k), "
        "         (SELECT string_agg(format('c.%I', a.attname), ', ' ORDER BY u.o) "
        "            FROM unnest(con.conkey) WITH ORDINALITY u(k, o) "
        "            JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = u.k)) AS q "
        "        FROM pg_constraint con WHERE con.contype = 'f' AND con.conparentid = 0 "
        "         AND con.connamespace = 'public'::regnamespace) f",
        /* no row in a DEFAULT partition */
        "SELECT CASE WHEN to_regproc('public.partition_create') IS NULL THEN 0 ELSE ("
        "SELECT coalesce(sum((xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %s', "
        "       partdefid::regclass), false, true, '')))[1]::text::bigint), 0) "
        "FROM pg_partitioned_table WHERE partdefid <> 0) END",
        /* the audit trail: the latest event is the task's status and version */
        "SELECT count(*) FROM tasks t LEFT JOIN LATERAL (SELECT e.new_status, e.task_version FROM task_events e "
        "       WHERE e.task_id = t.id ORDER BY e.id DESC LIMIT 1) l ON true "
        "WHERE l.new_status IS DISTINCT FROM t.status OR l.task_version IS DISTINCT FROM t.version",
        /* ... and replays the state machine from an insert */
        "SELECT count(*) FROM (SELECT e.event, e.old_status, e.new_status, "
        "       lag(e.new_status) OVER (PARTITION BY e.task_id ORDER BY e.id) AS prev FROM task_events e) x "
        "WHERE (x.prev IS NULL) <> (x.event = 'insert') OR (x.prev IS NOT NULL AND "
        "      (x.old_status <> x.prev OR NOT x.new_status = ANY (task_status_next(x.prev))))",
        /* one execution per attempt, run by the task's agent */
        "SELECT count(*) FROM tasks t LEFT JOIN (SELECT task_id, count(*) AS n, "
        "       bool_and(agent_id IS NOT DISTINCT FROM (SELECT agent_id FROM tasks WHERE id = task_id)) AS same "
        "       FROM task_executions GROUP BY 1) x ON x.task_id = t.id "
        "WHERE coalesce(x.n, 0) <> CASE WHEN t.status IN ('running', 'completed', 'failed') THEN t.retry_count + 1 "
        "                               WHEN t.status = 'queued' THEN 1 ELSE 0 END OR NOT x.same",
        /* experiences: the episode's workflow, project and tasks; steps 0..steps-1, one terminal */
        "SELECT count(*) FROM experiences x LEFT JOIN learning_episodes e ON e.id = x.episode_id "
        "LEFT JOIN tasks t ON t.id = x.task_id WHERE e.id IS NULL OR x.workflow_id <> e.workflow_id "
        "OR x.project_id <> e.project_id OR (x.task_id IS NOT NULL AND t.workflow_id IS DISTINCT FROM x.workflow_id)",
        "SELECT count(*) FROM learning_episodes e LEFT JOIN (SELECT episode_id, count(*) AS n, max(step) AS mx, "
        "       count(DISTINCT step) AS d, count(*) FILTER (WHERE terminal) AS te FROM experiences GROUP BY 1) s "
        "    ON s.episode_id = e.id "
        "WHERE s.n IS DISTINCT FROM e.steps::bigint OR s.mx <> e.steps - 1 OR s.d <> s.n OR s.te <> 1",
        /* trust history chains from L0 and ends at the agent's level */
        "SELECT count(*) FROM (SELECT t.previous_level, "
        "       lag(t.new_level, 1, 0) OVER (PARTITION BY t.agent_id ORDER BY t.recorded_at, t.id) AS prior "
        "       FROM trust_metrics t WHERE t.metric_type = 'trust_level') c WHERE c.previous_level <> c.prior",
        "SELECT count(*) FROM agents a WHERE a.trust_level <> coalesce((SELECT t.new_level FROM trust_metrics t "
        "WHERE t.agent_id = a.id AND t.metric_type = 'trust_level' ORDER BY t.recorded_at DESC LIMIT 1), 0)",
        /* a session's children are in its project; the rationale is stored encrypted */
        "SELECT (SELECT count(*) FROM agent_decisions d JOIN agent_sessions s ON s.id = d.session_id "
        "        WHERE d.project_id <> s.project_id OR d.decision_rationale IS NOT NULL "
        "           OR pgp_sym_decrypt(d.decision_rationale_enc, 'demo-key') = '') "
        "     + (SELECT count(*) FROM conversation_history m JOIN agent_sessions s ON s.id = m.session_id "
        "        WHERE m.project_id <> s.project_id) "
        "     + (SELECT count(*) FROM agent_audit_log l JOIN agent_sessions s ON s.id = l.session_id "
        "        WHERE l.project_id <> s.project_id)",
    };
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        long bad = th_long(pc, rules[i]);
        if (bad != 0)
            fprintf(stderr, "%ld rows break: %s\n", bad, rules[i]);
        assert_int_equal(bad, 0);
    }
    PQfinish(pc);
    free(a);
    free(b);
    free(c);
    th_drop_db("demo_b");
    th_drop_db("demo_c");
}

static void test_refusals_and_modes(void **state)
{
    (void)state;
    const char *db = "demo_a"; /* loaded by the previous test */
    char *err = NULL;
    const char *bad[] = {"demo load --scale=0", "demo load --scale=-1", "demo load --scale=abc",
                         "demo load --scale=1e400", "demo load", "demo load --scale=0.01 --seed=-3"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(run(db, bad[i], &err), 1);
        assert_non_null(strstr(err, "--s"));
        free(err);
    }
    /* more than the disk can hold */
    assert_int_equal(run(db, "demo load --scale=100", &err), 1);
    assert_non_null(strstr(err, "free"));
    free(err);
    /* existing data: refused without --append or --replace */
    assert_int_equal(run(db, "demo load --scale=0.005 " EPOCH, &err), 4);
    assert_non_null(strstr(err, "--append"));
    assert_non_null(strstr(err, "--replace"));
    free(err);
    assert_int_equal(run(db, "demo load --scale=0.005 --append --replace", &err), 1);
    free(err);
    PGconn *c = th_connect(db);
    long wf = th_long(c, "SELECT count(*) FROM workflows");
    long tasks = th_long(c, "SELECT count(*) FROM tasks");
    assert_int_equal(run(db, "demo load --scale=0.005 --if-empty", NULL), 0);
    assert_int_equal(th_long(c, "SELECT count(*) FROM workflows"), wf);
    /* append: new ids, twice the rows */
    assert_int_equal(run(db, "demo load --scale=0.005 --seed=7 --append " EPOCH, NULL), 0);
    assert_int_equal(th_long(c, "SELECT count(*) FROM workflows"), 2 * wf);
    assert_int_equal(th_long(c, "SELECT count(*) FROM tasks"), 2 * tasks);
    /* replace: back to one load's worth */
    assert_int_equal(run(db, "demo load --scale=0.005 --seed=7 --replace " EPOCH, NULL), 0);
    assert_int_equal(th_long(c, "SELECT count(*) FROM workflows"), wf);
    assert_int_equal(th_long(c, "SELECT count(*) FROM task_types"), 13);
    PQfinish(c);
    /* an unmigrated database */
    th_create_db("demo_empty", NULL);
    assert_int_equal(run("demo_empty", "demo load --scale=0.005", &err), 3);
    assert_non_null(strstr(err, "migrate up"));
    free(err);
    th_drop_db("demo_empty");
    th_drop_db("demo_a");
}

/* md5 of every row of the tables that 0001-0008 create, read through their parents (so rows
 * moved between partitions count the same), one line per table (malloc'd). */
static char *core_checksums(PGconn *c)
{
    return th_value(c,
                    "SELECT string_agg(t.relname || ' ' || (xpath('/row/s/text()', query_to_xml("
                    "  format('SELECT count(*) || '':'' || coalesce(md5(string_agg(md5(x::text), "
                    "          '''' ORDER BY md5(x::text))), ''-'') AS s FROM %I x', t.relname), "
                    "  false, true, '')))[1]::text, E'\\n' ORDER BY t.relname) "
                    "FROM pg_class t WHERE t.relnamespace = 'public'::regnamespace "
                    " AND t.relkind IN ('r', 'p') AND NOT t.relispartition "
                    " AND t.relname NOT IN ('retention_policies', 'trust_metrics_daily', "
                    "                       'project_members', 'task_types', 'schema_change_log')");
}

/* migrations.md: a round trip over data keeps it. Down to 0008 (0009 moves the rows of dated
 * partitions back into the DEFAULT ones, 0010 and 0011 drop policies, views and empty tables)
 * and up again: every row of every table 0001-0008 made is still there, unchanged. */
static void test_round_trip_keeps_data(void **state)
{
    (void)state;
    th_create_db("demo_rt", NULL);
    assert_int_equal(run("demo_rt", "migrate up", NULL), 0);
    assert_int_equal(run("demo_rt", "demo load --scale=0.003 --seed=5 " EPOCH, NULL), 0);
    PGconn *c = th_connect("demo_rt");
    char *before = core_checksums(c);
    assert_non_null(before);
    assert_true(th_long(c, "SELECT count(*) FROM pg_inherits") > 20); /* dated partitions exist */
    PQfinish(c);
    assert_int_equal(run("demo_rt", "migrate down 8 --confirm=8", NULL), 0);
    c = th_connect("demo_rt");
    char *down = core_checksums(c);
    PQfinish(c);
    assert_int_equal(run("demo_rt", "migrate up", NULL), 0);
    c = th_connect("demo_rt");
    char *after = core_checksums(c);
    PQfinish(c);
    assert_string_equal(down, before);
    assert_string_equal(after, before);
    free(before);
    free(down);
    free(after);
    th_drop_db("demo_rt");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_seed_same_data),
        cmocka_unit_test(test_round_trip_keeps_data),
        cmocka_unit_test(test_refusals_and_modes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
