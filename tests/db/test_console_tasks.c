/* test_console_tasks.c: the Tasks screen's queries on demo data: every sort order, both ways, pages
 * through every matching task exactly once; the plans read the task indexes; bad filters fail. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "harness.h"
#include "util.h"

#define DB "console_tasks"

static PGconn *conn;

static int setup(void **state)
{
    (void)state;
    conn = th_migrated_db(DB, "--scale=0.005 --seed=11");
    if (!conn)
        return -1;
    th_exec(conn, "ANALYZE");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    PQfinish(conn);
    th_drop_db(DB);
    return 0;
}

typedef struct {
    const char *path;
    int nkey; /* keyset parts after the five filters */
} query;

static const query q_created = {"queries/console/tasks_page.sql", 2};
static const query q_status = {"queries/console/tasks_by_status.sql", 3};
static const query q_reward = {"queries/console/tasks_by_reward.sql", 2};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Page through everything as the screen does (the k column of a page's last row is the next
 * key) and return the number of rows; fails the test on a duplicate or an error. */
static long walk(const query *q, const char *dir, const char *const filters[5])
{
    char *key[3] = {NULL, NULL, NULL};
    char **ids = NULL;
    long n = 0;
    for (int pages = 0; pages < 10000; pages++) {
        const char *p[9];
        for (int i = 0; i < 5; i++)
            p[i] = filters[i];
        for (int i = 0; i < q->nkey; i++)
            p[5 + i] = key[i];
        p[5 + q->nkey] = dir;
        PGresult *res = PQexecParams(conn, bundle_sql(q->path), 6 + q->nkey, NULL, p, NULL, NULL, 0);
        if (PQresultStatus(res) != PGRES_TUPLES_OK)
            fail_msg("%s %s: %s", q->path, dir, PQerrorMessage(conn));
        int rows = PQntuples(res), idc = PQfnumber(res, "id"), kc = PQfnumber(res, "k");
        assert_true(idc >= 0 && kc >= 0);
        assert_true(rows <= 200);
        ids = xrealloc(ids, sizeof *ids * (size_t)(n + rows + 1));
        for (int i = 0; i < rows; i++)
            ids[n++] = xstrdup(PQgetvalue(res, i, idc));
        for (int i = 0; i < 3; i++) {
            free(key[i]);
            key[i] = NULL;
        }
        if (rows > 0) {
            /* "a\tb" or "a\tb\tc" */
            char *k = xstrdup(PQgetvalue(res, rows - 1, kc)), *save = NULL;
            int i = 0;
            for (char *w = strtok_r(k, "\t", &save); w && i < 3; w = strtok_r(NULL, "\t", &save))
                key[i++] = xstrdup(w);
            assert_int_equal(i, q->nkey);
            free(k);
        }
        PQclear(res);
        if (rows < 200)
            break;
    }
    qsort(ids, (size_t)n, sizeof *ids, cmp_str);
    for (long i = 1; i < n; i++)
        if (strcmp(ids[i - 1], ids[i]) == 0)
            fail_msg("%s %s: task %s appears twice", q->path, dir, ids[i]);
    for (long i = 0; i < n; i++)
        free(ids[i]);
    free(ids);
    for (int i = 0; i < 3; i++)
        free(key[i]);
    return n;
}

static const char *const no_filter[5] = {NULL, NULL, NULL, NULL, NULL};

static void test_every_order_pages_through_every_task(void **state)
{
    (void)state;
    long all = th_long(conn, "SELECT count(*) FROM tasks");
    long rewarded = th_long(conn, "SELECT count(*) FROM tasks WHERE reward IS NOT NULL");
    assert_true(all > 1000); /* several pages */
    assert_true(rewarded > 200 && rewarded < all);
    assert_int_equal(walk(&q_created, "desc", no_filter), all);
    assert_int_equal(walk(&q_created, "asc", no_filter), all);
    assert_int_equal(walk(&q_status, "asc", no_filter), all);
    assert_int_equal(walk(&q_status, "desc", no_filter), all);
    assert_int_equal(walk(&q_reward, "desc", no_filter), rewarded);
    assert_int_equal(walk(&q_reward, "asc", no_filter), rewarded);
}

static void test_filters(void **state)
{
    (void)state;
    char *agent = th_value(conn, "SELECT a.name FROM tasks t JOIN agents a ON a.id = t.agent_id "
                                 "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1");
    char *agent_id = th_value(conn, "SELECT a.id::text FROM tasks t JOIN agents a ON a.id = t.agent_id "
                                    "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1");
    assert_non_null(agent);
    const char *f1[5] = {"completed", NULL, agent, NULL, "analysis|#1"};
    char *sql = xasprintf("SELECT count(*) FROM tasks t JOIN agents a ON a.id = t.agent_id "
                          "WHERE t.status = 'completed' AND a.name = '%s' "
                          "AND (t.title ~* 'analysis|#1' OR t.description ~* 'analysis|#1')", agent);
    long want = th_long(conn, sql);
    free(sql);
    assert_true(want > 0);
    assert_int_equal(walk(&q_created, "desc", f1), want);
    assert_int_equal(walk(&q_status, "desc", f1), want);
    /* by id too */
    const char *f2[5] = {"completed", NULL, agent_id, NULL, "analysis|#1"};
    assert_int_equal(walk(&q_created, "asc", f2), want);
    /* type and since */
    const char *f3[5] = {NULL, "research", NULL, "2025-12-01", NULL};
    want = th_long(conn, "SELECT count(*) FROM tasks WHERE type = 'research' AND created_at >= '2025-12-01'");
    assert_true(want > 0);
    assert_int_equal(walk(&q_status, "asc", f3), want);
    assert_int_equal(walk(&q_created, "desc", f3), want);
    want = th_long(conn, "SELECT count(*) FROM tasks WHERE type = 'research' AND created_at >= '2025-12-01' "
                         "AND reward IS NOT NULL");
    assert_int_equal(walk(&q_reward, "desc", f3), want);
    /* the count query agrees */
    const char *cp[5] = {NULL, "research", NULL, "2025-12-01", NULL};
    PGresult *res = PQexecParams(conn, bundle_sql("queries/console/tasks_count.sql"), 5, NULL, cp, NULL,
                                 NULL, 0);
    assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
    assert_int_equal(strtol(PQgetvalue(res, 0, 0), NULL, 10),
                     th_long(conn, "SELECT count(*) FROM tasks WHERE type = 'research' AND created_at >= '2025-12-01'"));
    assert_string_equal(PQgetvalue(res, 0, 1), "f");
    PQclear(res);
    /* an unknown agent matches nothing */
    const char *f4[5] = {NULL, NULL, "nobody", NULL, NULL};
    assert_int_equal(walk(&q_created, "desc", f4), 0);
    free(agent);
    free(agent_id);
}

/* An invalid regex is an error even when no row would be read (status filter matching nothing). */
static void test_bad_regex_fails(void **state)
{
    (void)state;
    const query *qs[] = {&q_created, &q_status, &q_reward};
    for (int i = 0; i < 3; i++) {
        const char *p[9] = {"timeout", NULL, NULL, NULL, "([unclosed", NULL, NULL, NULL, NULL};
        p[5 + qs[i]->nkey] = "desc";
        PGresult *res = PQexecParams(conn, bundle_sql(qs[i]->path), 6 + qs[i]->nkey, NULL, p, NULL, NULL, 0);
        assert_int_equal(PQresultStatus(res), PGRES_FATAL_ERROR);
        assert_string_equal(PQresultErrorField(res, PG_DIAG_SQLSTATE), "2201B");
        PQclear(res);
    }
}

/* The plan of a first and a later page reads the index that gives the order, and never scans the
 * whole tasks table. */
static void check_plan(const query *q, const char *dir, const char *const keys[3], const char *index)
{
    const char *p[9] = {NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    for (int i = 0; i < q->nkey; i++)
        p[5 + i] = keys ? keys[i] : NULL;
    p[5 + q->nkey] = dir;
    char *sql = xasprintf("EXPLAIN %s", bundle_sql(q->path));
    PGresult *res = PQexecParams(conn, sql, 6 + q->nkey, NULL, p, NULL, NULL, 0);
    free(sql);
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        fail_msg("EXPLAIN %s: %s", q->path, PQerrorMessage(conn));
    strbuf plan = STRBUF_INIT;
    for (int i = 0; i < PQntuples(res); i++)
        sb_printf(&plan, "%s\n", PQgetvalue(res, i, 0));
    PQclear(res);
    if (!strstr(plan.buf, index) || strstr(plan.buf, "Seq Scan on tasks"))
        fail_msg("%s %s: expected a scan of %s and no sequential scan of tasks:\n%s", q->path, dir,
                 index, plan.buf);
    sb_free(&plan);
}

static void test_plans_use_indexes(void **state)
{
    (void)state;
    char *created = th_value(conn, "SELECT created_at::text FROM tasks ORDER BY created_at DESC LIMIT 1 OFFSET 300");
    char *id = th_value(conn, "SELECT id::text FROM tasks ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET 300");
    const char *k2[3] = {created, id, NULL};
    const char *k3[3] = {"completed", created, id};
    const char *kr[3] = {"0.5", id, NULL};
    check_plan(&q_created, "desc", NULL, "idx_tasks_status_created");
    check_plan(&q_created, "asc", k2, "idx_tasks_status_created");
    check_plan(&q_status, "asc", k3, "idx_tasks_status_created");
    check_plan(&q_status, "desc", NULL, "idx_tasks_status_created");
    check_plan(&q_reward, "desc", kr, "idx_tasks_reward");
    check_plan(&q_reward, "asc", NULL, "idx_tasks_reward");
    free(created);
    free(id);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_order_pages_through_every_task),
        cmocka_unit_test(test_filters),
        cmocka_unit_test(test_bad_regex_fails),
        cmocka_unit_test(test_plans_use_indexes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
