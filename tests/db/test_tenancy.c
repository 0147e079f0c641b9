/* test_tenancy.c: row-level security by project (migration 0010) on demo data. A role bound to
 * project A sees every row of A and none of project B in every tenant table, cannot write B's rows
 * or move a row into B, a read-only role writes nothing, an admin sees everything, and the
 * materialized reports (which cross projects) are closed to members. */
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

#define DB "tenancy"
#define READER "agentdb_test_tenancy_reader"
#define OPERATOR "agentdb_test_tenancy_operator"
#define ADMIN "agentdb_test_tenancy_admin"

static PGconn *conn;           /* the owner (superuser) connection; owned here */
static char *project_a;        /* the project the test roles are bound to (malloc'd) */
static char *project_b;        /* another project with rows in every tenant table (malloc'd) */

/* Tables whose rows with a NULL project are shared by every member (0010's 'shared' kind). */
static bool shared_table(const char *t)
{
    return strcmp(t, "agent_knowledge") == 0 || strcmp(t, "metrics") == 0;
}

/* The condition "the row belongs to project $1" for table t (malloc'd), and in *direct the same
 * condition without a join, its parameter being what *param_sql (run by the owner with $1 = the
 * project) returns: tables without a project_id belong to their workflow's project, and a join to
 * workflows would itself be filtered for a member. */
static char *belongs_to(PGconn *c, const char *t, char **direct, const char **param_sql)
{
    *param_sql = "SELECT $1::text";
    if (strcmp(t, "projects") == 0) {
        *direct = xstrdup("id = $1::uuid");
        return xstrdup("id = $1::uuid");
    }
    char *q = xasprintf("SELECT count(*) FROM pg_attribute WHERE attrelid = 'public.%s'::regclass "
                        "AND attname = 'project_id' AND NOT attisdropped", t);
    long has = th_long(c, q);
    free(q);
    if (has) {
        *direct = xstrdup("project_id = $1::uuid");
        return xstrdup("project_id = $1::uuid");
    }
    *param_sql = "SELECT array_agg(id)::text FROM public.workflows WHERE project_id = $1::uuid";
    *direct = xstrdup("workflow_id = ANY ($1::uuid[])");
    return xstrdup("workflow_id IN (SELECT w.id FROM public.workflows w "
                   "WHERE w.project_id = $1::uuid)");
}

/* The text value of a one-parameter query run by the owner (malloc'd). */
static char *value_p(PGconn *c, const char *sql, const char *param)
{
    const char *p[1] = {param};
    PGresult *r = PQexecParams(c, sql, 1, NULL, p, NULL, NULL, 0);
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    char *v = xstrdup(PQgetvalue(r, 0, 0));
    PQclear(r);
    return v;
}

/* One value of a one-parameter query (count), or -1 with the error message printed. */
static long count_p(PGconn *c, const char *sql, const char *param)
{
    const char *p[1] = {param};
    PGresult *r = PQexecParams(c, sql, param ? 1 : 0, NULL, p, NULL, NULL, 0);
    long v = -1;
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
        v = atol(PQgetvalue(r, 0, 0));
    else
        fprintf(stderr, "%s: %s", sql, PQresultErrorMessage(r));
    PQclear(r);
    return v;
}

/* The tenant tables: those with 0010's member_select policy, project_members aside. */
static PGresult *tenant_tables(void)
{
    PGresult *r = PQexec(conn, "SELECT tablename FROM pg_policies WHERE schemaname = 'public' "
                               "AND policyname = 'member_select' AND tablename <> 'project_members' "
                               "ORDER BY tablename");
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    assert_true(PQntuples(r) >= 17);
    return r;
}

static void drop_roles(PGconn *c)
{
    th_exec(c, "DROP ROLE IF EXISTS " READER ";"
               "DROP ROLE IF EXISTS " OPERATOR ";"
               "DROP ROLE IF EXISTS " ADMIN ";");
}

static int setup(void **state)
{
    (void)state;
    conn = th_migrated_db(DB, "--scale=0.01 --seed=3");
    if (!conn)
        return -1;
    drop_roles(conn);
    th_exec(conn, "CREATE ROLE " READER " NOLOGIN IN ROLE agentdb_readonly;"
                  "CREATE ROLE " OPERATOR " NOLOGIN IN ROLE agentdb_operator;"
                  "CREATE ROLE " ADMIN " NOLOGIN IN ROLE agentdb_admin;");
    /* A: the project with the most workflows; B: the next. */
    project_a = th_value(conn, "SELECT project_id FROM workflows GROUP BY 1 "
                               "ORDER BY count(*) DESC, 1 LIMIT 1");
    project_b = th_value(conn, "SELECT project_id FROM workflows GROUP BY 1 "
                               "ORDER BY count(*) DESC, 1 OFFSET 1 LIMIT 1");
    if (!project_a || !project_b)
        return -1;
    const char *p[2] = {READER, project_a};
    const char *sql = "INSERT INTO project_members (role_name, project_id) VALUES ($1, $2::uuid)";
    PQclear(PQexecParams(conn, sql, 2, NULL, p, NULL, NULL, 0));
    p[0] = OPERATOR;
    PGresult *res = PQexecParams(conn, sql, 2, NULL, p, NULL, NULL, 0);
    int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    return ok ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    if (conn) {
        th_exec(conn, "RESET ROLE");
        PQfinish(conn);
    }
    conn = NULL;
    th_drop_db(DB);
    PGconn *c = th_connect("postgres");
    drop_roles(c);
    PQfinish(c);
    free(project_a);
    free(project_b);
    return 0;
}

/* Every tenant table has rows of B (else the test proves nothing); a reader bound to A counts
 * exactly A's rows (plus the shared NULL-project rows) and zero of B's. */
static void test_member_sees_only_its_project(void **state)
{
    (void)state;
    PGresult *tables = tenant_tables();
    strbuf bad = STRBUF_INIT;
    for (int i = 0; i < PQntuples(tables); i++) {
        const char *t = PQgetvalue(tables, i, 0);
        char *direct;
        const char *param_sql;
        char *cond = belongs_to(conn, t, &direct, &param_sql);
        char *q_of = xasprintf("SELECT count(*) FROM public.%s WHERE %s", t, cond);
        char *q_vis = xasprintf("SELECT count(*) FROM public.%s WHERE %s%s", t, cond,
                                shared_table(t) ? " OR project_id IS NULL" : "");
        char *q_all = xasprintf("SELECT count(*) FROM public.%s", t);
        char *q_direct = xasprintf("SELECT count(*) FROM public.%s WHERE %s", t, direct);
        long b_rows = count_p(conn, q_of, project_b);
        long expected = count_p(conn, q_vis, project_a);
        char *b_param = value_p(conn, param_sql, project_b);
        th_exec(conn, "SET ROLE " READER);
        long seen = count_p(conn, q_all, NULL);
        long seen_b = count_p(conn, q_direct, b_param);
        th_exec(conn, "RESET ROLE");
        if (b_rows <= 0)
            sb_printf(&bad, "  %s: no rows of project B in the demo data\n", t);
        if (seen != expected || seen_b != 0)
            sb_printf(&bad, "  %s: reader saw %ld rows (%ld of B), expected %ld (0 of B)\n", t,
                      seen, seen_b, expected);
        free(cond);
        free(q_of);
        free(q_vis);
        free(q_all);
        free(q_direct);
        free(direct);
        free(b_param);
    }
    int n = PQntuples(tables);
    PQclear(tables);
    if (bad.len)
        fail_msg("row-level security:\n%s", sb_str(&bad));
    printf("  %d tenant tables: the reader sees all of project A and none of B\n", n);
    sb_free(&bad);
}

/* As role, in a transaction that is rolled back, run sql with $1 = param; returns the SQLSTATE
 * ("" on success) and puts the number of rows it touched into *rows. */
static const char *as_role(const char *role, const char *sql, const char *param, long *rows)
{
    static char state[6];
    char *set = xasprintf("BEGIN; SET LOCAL ROLE %s", role);
    th_exec(conn, set);
    free(set);
    const char *p[1] = {param};
    PGresult *r = PQexecParams(conn, sql, param ? 1 : 0, NULL, p, NULL, NULL, 0);
    ExecStatusType st = PQresultStatus(r);
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
        state[0] = '\0';
        if (rows)
            *rows = atol(PQcmdTuples(r));
    } else {
        const char *s = PQresultErrorField(r, PG_DIAG_SQLSTATE);
        snprintf(state, sizeof state, "%s", s ? s : "?????");
    }
    PQclear(r);
    th_exec(conn, "ROLLBACK");
    return state;
}

/* An operator bound to A updates and deletes none of B's rows in any tenant table (they are
 * invisible to it), and cannot insert a row into B or move one of A's rows into B. */
static void test_operator_cannot_write_other_project(void **state)
{
    (void)state;
    PGresult *tables = tenant_tables();
    strbuf bad = STRBUF_INIT;
    for (int i = 0; i < PQntuples(tables); i++) {
        const char *t = PQgetvalue(tables, i, 0);
        char *direct;
        const char *param_sql;
        free(belongs_to(conn, t, &direct, &param_sql));
        char *b_param = value_p(conn, param_sql, project_b);
        char *colq = xasprintf("SELECT quote_ident(column_name) FROM information_schema.columns "
                               "WHERE table_schema = 'public' AND table_name = '%s' "
                               "AND is_generated = 'NEVER' AND is_identity = 'NO' "
                               "ORDER BY ordinal_position DESC LIMIT 1", t);
        char *col = th_value(conn, colq);
        char *upd = xasprintf("UPDATE public.%s SET %s = %s WHERE %s", t, col, col, direct);
        char *del = xasprintf("DELETE FROM public.%s WHERE %s", t, direct);
        long n_upd = -1, n_del = -1;
        const char *st = as_role(OPERATOR, upd, b_param, &n_upd);
        if (*st || n_upd != 0)
            sb_printf(&bad, "  UPDATE %s (B's rows): %s, %ld rows\n", t, *st ? st : "ok", n_upd);
        st = as_role(OPERATOR, del, b_param, &n_del);
        if (*st || n_del != 0)
            sb_printf(&bad, "  DELETE %s (B's rows): %s, %ld rows\n", t, *st ? st : "ok", n_del);
        free(direct);
        free(b_param);
        free(colq);
        free(col);
        free(upd);
        free(del);
    }
    PQclear(tables);

    /* Writes into B: refused by the policies' WITH CHECK (42501). */
    char *b_workflow = value_p(conn, "SELECT min(id::text) FROM workflows WHERE project_id = $1::uuid",
                               project_b);
    char *a_workflow = value_p(conn, "SELECT min(id::text) FROM workflows WHERE project_id = $1::uuid",
                               project_a);
    struct { const char *what, *sql, *param, *expected; } writes[] = {
        {"insert a workflow into B",
         "INSERT INTO workflows (project_id, user_prompt) VALUES ($1::uuid, 'x')", project_b, "42501"},
        /* B's workflow is invisible to the operator, so tasks_inherit_project reports it as
         * missing (fk_tasks_workflow), before the policy would refuse the row. */
        {"insert a task into B's workflow",
         "INSERT INTO tasks (workflow_id, type, input) VALUES ($1::uuid, 'research', '{\"q\": 1}')",
         b_workflow, "23503"},
        {"move A's workflow to B",
         "UPDATE workflows SET project_id = $1::uuid WHERE id = (SELECT id FROM workflows "
         "ORDER BY id LIMIT 1)", project_b, "42501"},
        {"insert an audit row into B",
         "INSERT INTO agent_audit_log (project_id, agent_id, action_type, action_details) "
         "SELECT $1::uuid, id, 'file.read', '{}' FROM agents ORDER BY id LIMIT 1", project_b,
         "42501"},
        {"insert a shared (NULL project) metric",
         "INSERT INTO metrics (name, value) SELECT 'task.duration_seconds', 1 WHERE $1 <> ''",
         project_b, "42501"},
        /* Controls: the same writes into A succeed. */
        {"insert a workflow into A",
         "INSERT INTO workflows (project_id, user_prompt) VALUES ($1::uuid, 'x')", project_a, ""},
        {"insert a task into A's workflow",
         "INSERT INTO tasks (workflow_id, type, input) VALUES ($1::uuid, 'research', '{\"q\": 1}')",
         a_workflow, ""},
        {"insert an audit row into A",
         "INSERT INTO agent_audit_log (project_id, agent_id, action_type, action_details) "
         "SELECT $1::uuid, id, 'file.read', '{}' FROM agents ORDER BY id LIMIT 1", project_a, ""},
    };
    for (size_t i = 0; i < sizeof writes / sizeof writes[0]; i++) {
        long rows = -1;
        const char *st = as_role(OPERATOR, writes[i].sql, writes[i].param, &rows);
        if (strcmp(st, writes[i].expected) != 0)
            sb_printf(&bad, "  operator: %s: got %s, expected %s\n", writes[i].what,
                      *st ? st : "success", *writes[i].expected ? writes[i].expected : "success");
    }
    /* The reader writes nothing, even in its own project. */
    long rows = -1;
    const char *st = as_role(READER, "INSERT INTO workflows (project_id, user_prompt) "
                                     "VALUES ($1::uuid, 'x')", project_a, &rows);
    if (strcmp(st, "42501") != 0)
        sb_printf(&bad, "  reader: insert a workflow into A: got %s, expected 42501\n",
                  *st ? st : "success");
    st = as_role(READER, "DELETE FROM workflows WHERE project_id = $1::uuid", project_a, &rows);
    if (strcmp(st, "42501") != 0)
        sb_printf(&bad, "  reader: delete A's workflows: got %s, expected 42501\n",
                  *st ? st : "success");
    free(a_workflow);
    free(b_workflow);
    if (bad.len)
        fail_msg("writes across projects:\n%s", sb_str(&bad));
    sb_free(&bad);
}

/* agentdb_admin sees every row; members see their own project_members rows only; the
 * materialized reports (every project's aggregates) are closed to members and open to admin. */
static void test_admin_and_reports(void **state)
{
    (void)state;
    PGresult *tables = tenant_tables();
    strbuf bad = STRBUF_INIT;
    for (int i = 0; i < PQntuples(tables); i++) {
        const char *t = PQgetvalue(tables, i, 0);
        char *q = xasprintf("SELECT count(*) FROM public.%s", t);
        long all = count_p(conn, q, NULL);
        th_exec(conn, "SET ROLE " ADMIN);
        long seen = count_p(conn, q, NULL);
        th_exec(conn, "RESET ROLE");
        if (seen != all)
            sb_printf(&bad, "  %s: admin saw %ld of %ld rows\n", t, seen, all);
        free(q);
    }
    PQclear(tables);
    th_exec(conn, "SET ROLE " READER);
    long members = count_p(conn, "SELECT count(*) FROM project_members", NULL);
    th_exec(conn, "RESET ROLE");
    if (members != 1)
        sb_printf(&bad, "  reader saw %ld project_members rows, expected its own 1\n", members);
    long rows;
    const char *st = as_role(READER, "SELECT * FROM report_reward_by_agent", NULL, &rows);
    if (strcmp(st, "42501") != 0)
        sb_printf(&bad, "  reader read report_reward_by_agent: %s\n", *st ? st : "success");
    st = as_role(ADMIN, "SELECT * FROM report_reward_by_agent", NULL, &rows);
    if (*st)
        sb_printf(&bad, "  admin could not read report_reward_by_agent: %s\n", st);
    st = as_role(READER, "SELECT * FROM active_tasks", NULL, &rows);
    if (*st)
        sb_printf(&bad, "  reader could not read active_tasks: %s\n", st);
    if (bad.len)
        fail_msg("%s", sb_str(&bad));
    sb_free(&bad);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_member_sees_only_its_project),
        cmocka_unit_test(test_operator_cannot_write_other_project),
        cmocka_unit_test(test_admin_and_reports),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
