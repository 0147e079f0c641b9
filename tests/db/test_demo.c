/* test_demo.c: 'demo load': the same seed gives identical data (aggregate checksums of every
 * table), bad scales and existing data are refused, --append/--replace/--if-empty behave. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

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
 * the migrations themselves (their rows carry the migration's time) are not the generator's. */
static char *checksums(const char *db)
{
    PGconn *c = th_connect(db);
    PGresult *t = PQexec(c, "SELECT quote_ident(tablename) FROM pg_tables "
                            "WHERE schemaname = 'public' AND tablename NOT IN "
                            "('task_types', 'retention_policies', 'schema_change_log') "
                            "ORDER BY tablename");
    strbuf sb = STRBUF_INIT;
    for (int i = 0; i < PQntuples(t); i++) {
        char *q = xasprintf("SELECT count(*) || ':' || coalesce(md5(string_agg(x, '' ORDER BY x)), '-') "
                            "FROM (SELECT md5(t::text) AS x FROM %s t) s", PQgetvalue(t, i, 0));
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_seed_same_data),
        cmocka_unit_test(test_refusals_and_modes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
