/* test_console_workflows.c: the Workflows screen's page queries on demo data: newest first and every
 * other sort order (reward through its own per-direction queries), both ways, with and without a filter, page through every matching workflow
 * exactly once and in the documented order, and the task count of each row is exact. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "harness.h"
#include "util.h"

#define DB "console_workflows"

static PGconn *conn; /* owned here */

static int setup(void **state)
{
    (void)state;
    /* 300 workflows: more than one 200-row page */
    conn = th_migrated_db(DB, "--scale=0.03 --seed=5");
    if (!conn)
        return -1;
    th_exec(conn, "ANALYZE");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    th_done_db(conn, DB);
    conn = NULL;
    return 0;
}

/* The ids in the reference order, '\n'-joined (malloc'd). */
static char *reference(const char *order, const char *status)
{
    char *sql = xasprintf("SELECT coalesce(string_agg(id::text, E'\\n' ORDER BY %s), '') "
                          "FROM workflows WHERE $1::text IS NULL OR status = $1",
                          order);
    const char *p[1] = {status};
    PGresult *r = PQexecParams(conn, sql, 1, NULL, p, NULL, NULL, 0);
    free(sql);
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    char *ids = xstrdup(PQgetvalue(r, 0, 0));
    PQclear(r);
    return ids;
}

/* Page through the screen's query as the screen does and return the ids it showed, in order,
 * '\n'-joined (malloc'd); checks each row's task count on the way. sort NULL: newest first. */
static char *walk(const char *sort, const char *dir, const char *status, int *pages_out)
{
    strbuf ids = STRBUF_INIT;
    sb_append(&ids, "");
    char *k1 = NULL, *k2 = NULL;
    int pages = 0;
    for (; pages < 100; pages++) {
        const char *p[7] = {status, NULL, NULL, k1, k2, sort, dir};
        /* the file the screen picks: reward has its own per direction */
        bool reward = sort && strcmp(sort, "reward") == 0;
        const char *path = reward ? (strcmp(dir, "asc") == 0 ? "queries/console/workflows_reward_asc.sql"
                                                             : "queries/console/workflows_reward_desc.sql")
                           : sort ? "queries/console/workflows_sorted.sql"
                                  : "queries/console/workflows_page.sql";
        PGresult *r = PQexecParams(conn, bundle_sql(path), sort && !reward ? 7 : 5, NULL, p, NULL, NULL, 0);
        if (PQresultStatus(r) != PGRES_TUPLES_OK)
            fail_msg("%s %s: %s", sort ? sort : "newest", dir ? dir : "", PQerrorMessage(conn));
        int rows = PQntuples(r), idc = PQfnumber(r, "id"), kc = PQfnumber(r, "k_created"),
            tc = PQfnumber(r, "tasks");
        assert_true(idc >= 0 && kc >= 0 && tc >= 0);
        assert_true(rows <= 200);
        for (int i = 0; i < rows; i++) {
            sb_printf(&ids, "%s%s", ids.len ? "\n" : "", PQgetvalue(r, i, idc));
            const char *cp[1] = {PQgetvalue(r, i, idc)};
            PGresult *c = PQexecParams(conn, "SELECT count(*) FROM tasks WHERE workflow_id = $1::uuid",
                                       1, NULL, cp, NULL, NULL, 0);
            assert_string_equal(PQgetvalue(c, 0, 0), PQgetvalue(r, i, tc));
            PQclear(c);
        }
        free(k1);
        free(k2);
        k1 = k2 = NULL;
        if (rows == 0) {
            PQclear(r);
            break;
        }
        /* the next page starts after this page's last row, keyed as the screen keys it */
        const char *last = PQgetvalue(r, rows - 1, kc);
        if (sort) {
            const char *tab = strrchr(last, '\t');
            assert_non_null(tab);
            k1 = xstrndup(last, (size_t)(tab - last));
            k2 = xstrdup(tab + 1);
        } else {
            k1 = xstrdup(last);
            k2 = xstrdup(PQgetvalue(r, rows - 1, idc));
        }
        PQclear(r);
    }
    free(k1);
    free(k2);
    *pages_out = pages;
    return sb_steal(&ids);
}

static void check(const char *sort, const char *dir, const char *status, const char *order)
{
    int pages = 0;
    char *got = walk(sort, dir, status, &pages);
    char *want = reference(order, status);
    if (strcmp(got, want) != 0)
        fail_msg("%s %s (status %s): the pages differ from ORDER BY %s", sort ? sort : "newest",
                 dir ? dir : "", status ? status : "any", order);
    printf("  %s %s, status %s: %d pages, same rows and order as ORDER BY %s\n",
           sort ? sort : "newest first", dir ? dir : "", status ? status : "any", pages, order);
    free(got);
    free(want);
}

static void test_newest_first(void **state)
{
    (void)state;
    check(NULL, NULL, NULL, "created_at DESC, id DESC");
    check(NULL, NULL, "completed", "created_at DESC, id DESC");
}

static void test_sorted(void **state)
{
    (void)state;
    check("created", "desc", NULL, "created_at DESC, id DESC");
    check("created", "asc", NULL, "created_at, id");
    check("reward", "desc", NULL, "coalesce(total_reward, -1e9) DESC, id DESC");
    check("reward", "asc", NULL, "coalesce(total_reward, -1e9), id");
    check("status", "desc", NULL, "status DESC, created_at DESC, id DESC");
    check("status", "asc", NULL, "status, created_at, id");
    check("reward", "desc", "completed", "coalesce(total_reward, -1e9) DESC, id DESC");
    check("reward", "asc", "failed", "coalesce(total_reward, -1e9), id");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_newest_first),
        cmocka_unit_test(test_sorted),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
