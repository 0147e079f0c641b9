/* test_json_cmd.c: 'json show' end to end through the real binary: text and json output, PATH,
 * server-side jsonpath, and clear errors with the right exit code for every bad name or value. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "util.h"

#define DB "json_cmd"
#define T1 "11111111-1111-1111-1111-111111111111"
#define T2 "22222222-2222-2222-2222-222222222222"
#define NOPE "99999999-9999-9999-9999-999999999999"

static const char fixture[] =
    "INSERT INTO projects (id, name) VALUES ('aaaaaaaa-0000-0000-0000-000000000001', 'p');"
    "INSERT INTO workflows (id, project_id, user_prompt) VALUES "
    "  ('bbbbbbbb-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001', 'w');"
    "INSERT INTO tasks (id, workflow_id, type, input, feedback_notes) VALUES "
    "  ('" T1 "', 'bbbbbbbb-0000-0000-0000-000000000001', 'research', '{\"q\": 1}', "
    "   '{\"verdict\": \"reject\", \"runs\": [{\"run\": 1, \"status\": \"pass\"}, "
    "     {\"run\": 2, \"status\": \"fail\", \"log\": \"bad\\u001b[31m\\nline\"}], "
    "     \"odd key\": [\"x\", {\"a,b\": true}]}'),"
    "  ('" T2 "', 'bbbbbbbb-0000-0000-0000-000000000001', 'research', '{\"q\": 2}', NULL);";

static int setup(void **state)
{
    (void)state;
    return th_fixture_db(DB, fixture);
}

static int teardown(void **state)
{
    (void)state;
    th_done_db(NULL, DB);
    return 0;
}

static th_run show(const char *line) { return th_agentdb(DB, NULL, NULL, "-c", line, NULL); }

static void test_text_output(void **state)
{
    (void)state;
    th_run r = show("json show tasks " T1 " feedback_notes");
    assert_status(r, 0);
    assert_contains(r.out, "{\n  \"runs\": [\n    {\n      \"run\": 1,\n      \"status\": \"pass\"\n    },\n");
    assert_contains(r.out, "\"log\": \"bad\\x1B[31m\\nline\",");
    assert_contains(r.out, "  \"odd key\": [\n    \"x\",\n    {\n      \"a,b\": true\n    }\n  ],\n");
    assert_null(strchr(r.out, '\x1b'));
    th_run_free(&r);
}

static void test_json_output_matches_server(void **state)
{
    (void)state;
    PGconn *c = th_connect(DB);
    char *want = th_value(c, "SELECT feedback_notes::text FROM tasks WHERE id = '" T1 "'");
    PQfinish(c);
    th_run r = show("json show tasks " T1 " feedback_notes --format=json");
    assert_status(r, 0);
    char *w = xasprintf("%s\n", want);
    assert_string_equal(r.out, w);
    free(w);
    free(want);
    th_run_free(&r);
    r = show("json show tasks " T1 " input --format=json");
    assert_status(r, 0);
    assert_string_equal(r.out, "{\"q\": 1}\n");
    th_run_free(&r);
}

static void test_path(void **state)
{
    (void)state;
    th_run r = show("json show tasks " T1 " feedback_notes {runs,1,status}");
    assert_status(r, 0);
    assert_string_equal(r.out, "\"fail\"\n");
    th_run_free(&r);
    r = show("json show tasks " T1 " feedback_notes '{\"odd key\",1,\"a,b\"}' --format=json");
    assert_status(r, 0);
    assert_string_equal(r.out, "true\n");
    th_run_free(&r);
    r = show("json show tasks " T1 " feedback_notes {runs,7}");
    assert_status(r, 3);
    assert_contains(r.err, "no value at path {runs,7}");
    assert_string_equal(r.out, "");
    th_run_free(&r);
    r = show("json show tasks " T1 " feedback_notes '{runs'");
    assert_status(r, 1);
    assert_contains(r.err, "is not a PostgreSQL text array");
    th_run_free(&r);
    r = show("json show tasks " T1 " feedback_notes '{{a},{b}}'");
    assert_status(r, 1);
    assert_contains(r.err, "more than one dimension");
    th_run_free(&r);
}

static void test_jsonpath(void **state)
{
    (void)state;
    th_run r = show("json show tasks " T1 " feedback_notes '--jsonpath=$.runs[*] ? (@.status == \"fail\").run' "
                    "--format=json");
    assert_status(r, 0);
    assert_string_equal(r.out, "[2]\n");
    assert_contains(r.err, "(1 match)");
    th_run_free(&r);
    r = show("json show tasks " T1 " feedback_notes '--jsonpath=$.runs[*].status'");
    assert_status(r, 0);
    assert_string_equal(r.out, "\"pass\"\n\"fail\"\n");
    assert_contains(r.err, "(2 matches)");
    th_run_free(&r);
    /* with a PATH first: the jsonpath applies to the value there */
    r = show("json show tasks " T1 " feedback_notes {runs} '--jsonpath=$[0].run' --format=json");
    assert_status(r, 0);
    assert_string_equal(r.out, "[1]\n");
    th_run_free(&r);
    r = show("json show tasks " T1 " feedback_notes '--jsonpath=$.nothing' --format=json");
    assert_status(r, 0);
    assert_string_equal(r.out, "[]\n");
    assert_contains(r.err, "(0 matches)");
    th_run_free(&r);
}

static void test_invalid_jsonpath(void **state)
{
    (void)state;
    th_run r = show("json show tasks " T1 " feedback_notes '--jsonpath=$.runs[*' --format=json");
    assert_status(r, 1);
    assert_contains(r.err, "invalid --jsonpath '$.runs[*'");
    assert_contains(r.err, "PostgreSQL's SQL/JSON path");
    assert_string_equal(r.out, "");
    th_run_free(&r);
    /* a strict-mode error at run time is a failed command */
    r = show("json show tasks " T1 " feedback_notes '--jsonpath=strict $.missing'");
    assert_status(r, 3);
    assert_contains(r.err, "ERROR");
    th_run_free(&r);
}

static void test_unknown_names_and_ids(void **state)
{
    (void)state;
    th_run r = show("json show taskz " T1 " feedback_notes");
    assert_status(r, 1);
    assert_contains(r.err, "unknown table 'taskz'");
    assert_contains(r.err, "tasks");
    assert_contains(r.err, "experiences");
    th_run_free(&r);
    r = show("json show tasks " T1 " title");
    assert_status(r, 1);
    assert_contains(r.err, "has no JSONB column 'title'");
    assert_contains(r.err, "feedback_notes");
    th_run_free(&r);
    r = show("json show tasks " NOPE " feedback_notes");
    assert_status(r, 3);
    assert_contains(r.err, "no row in tasks with id " NOPE);
    th_run_free(&r);
    r = show("json show tasks not-a-uuid feedback_notes");
    assert_status(r, 1);
    assert_contains(r.err, "ID 'not-a-uuid' is not a valid uuid");
    th_run_free(&r);
    r = show("json show tasks " T2 " feedback_notes");
    assert_status(r, 3);
    assert_contains(r.err, "feedback_notes of " T2 " is NULL");
    th_run_free(&r);
    r = show("json show tasks " T1 " feedback_notes --format=csv");
    assert_status(r, 1);
    assert_contains(r.err, "--format=text");
    th_run_free(&r);
    r = show("json show tasks");
    assert_status(r, 1);
    th_run_free(&r);
}

static void test_hostile_names(void **state)
{
    (void)state;
    th_run r = show("json show 'tasks; DROP TABLE tasks' " T1 " feedback_notes");
    assert_status(r, 1);
    th_run_free(&r);
    r = show("json show tasks " T1 " 'feedback_notes FROM tasks; --'");
    assert_status(r, 1);
    assert_contains(r.err, "has no JSONB column");
    th_run_free(&r);
    r = show("json show tasks \"' OR 1=1 --\" feedback_notes");
    assert_status(r, 1);
    th_run_free(&r);
    PGconn *c = th_connect(DB);
    assert_int_equal(th_long(c, "SELECT count(*) FROM tasks"), 2);
    PQfinish(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_output),     cmocka_unit_test(test_json_output_matches_server),
        cmocka_unit_test(test_path),            cmocka_unit_test(test_jsonpath),
        cmocka_unit_test(test_invalid_jsonpath), cmocka_unit_test(test_unknown_names_and_ids),
        cmocka_unit_test(test_hostile_names),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
