/* test_dag_cmd.c: `dag show` end to end on a real database: text, JSON (checked with jq) and DOT
 * (rendered by Graphviz dot -Tsvg) outputs, versions, focus, filters, cycles and clear errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "util.h"

#define DB "dag_cmd"
#define P "'00000000-0000-0000-0000-0000000000a1'"
#define W "10000000-0000-0000-0000-000000000001"
#define T(n) "20000000-0000-0000-0000-00000000000" #n
#define Q(x) "'" x "'"

/* A planned workflow: A fans out to B and C, both feed D, D feeds F. D failed; version 2
 * replaced it with E (fed by B and C, feeding F). C's title is hostile. */
static const char fixture[] =
    "INSERT INTO projects (id, name) VALUES (" P ", 'dag project');"
    "INSERT INTO workflows (id, project_id, user_prompt, status, current_version, created_at) VALUES"
    "  (" Q(W) ", " P ", 'build the report', 'running', 2, '2026-01-01 00:00:00+00');"
    "INSERT INTO tasks (id, workflow_id, type, input, title, status, retry_count, max_retries,"
    "                   created_at, started_at, completed_at) VALUES"
    "  (" Q(T(1)) ", " Q(W) ", 'research', '{\"q\": 1}', 'plan the report', 'completed', 0, 3,"
    "   '2026-01-01 00:00:01+00', '2026-01-01 00:00:02+00', '2026-01-01 00:00:12+00'),"
    "  (" Q(T(2)) ", " Q(W) ", 'research', '{\"q\": 2}', 'fetch sales', 'completed', 1, 3,"
    "   '2026-01-01 00:00:02+00', '2026-01-01 00:00:12+00', '2026-01-01 00:01:12+00'),"
    "  (" Q(T(3)) ", " Q(W) ", 'research', '{\"q\": 3}', E'evil \\x1b[2J \"quoted\" \\\\ title',"
    "   'completed', 0, 3,"
    "   '2026-01-01 00:00:03+00', '2026-01-01 00:00:12+00', '2026-01-01 00:00:20+00'),"
    "  (" Q(T(4)) ", " Q(W) ", 'research', '{\"q\": 4}', 'merge figures', 'failed', 3, 3,"
    "   '2026-01-01 00:00:04+00', '2026-01-01 00:01:12+00', '2026-01-01 00:01:20+00'),"
    "  (" Q(T(5)) ", " Q(W) ", 'research', '{\"q\": 5}', 'merge figures again', 'running', 0, 3,"
    "   '2026-01-01 00:00:05+00', '2026-01-01 00:02:00+00', NULL),"
    "  (" Q(T(6)) ", " Q(W) ", 'research', '{\"q\": 6}', 'write the report', 'pending', 0, 3,"
    "   '2026-01-01 00:00:06+00', NULL, NULL);"
    "INSERT INTO task_dependencies (task_id, depends_on_task_id) VALUES"
    "  (" Q(T(2)) ", " Q(T(1)) "), (" Q(T(3)) ", " Q(T(1)) "),"
    "  (" Q(T(4)) ", " Q(T(2)) "), (" Q(T(4)) ", " Q(T(3)) "), (" Q(T(6)) ", " Q(T(4)) "),"
    "  (" Q(T(5)) ", " Q(T(2)) "), (" Q(T(5)) ", " Q(T(3)) "), (" Q(T(6)) ", " Q(T(5)) ");"
    "INSERT INTO workflow_versions (workflow_id, version_no, reason, added_task_ids,"
    "                               removed_task_ids) VALUES"
    "  (" Q(W) ", 1, 'initial plan', ARRAY[" Q(T(1)) ", " Q(T(2)) ", " Q(T(3)) ", " Q(T(4)) ", "
    Q(T(6)) "]::uuid[], '{}'),"
    "  (" Q(W) ", 2, 'correction of merge figures', ARRAY[" Q(T(5)) "]::uuid[], ARRAY[" Q(T(4)) "]::uuid[]);";

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

static th_run dag(const char *cmd)
{
    const char *env[] = {"LC_ALL=C.UTF-8", NULL};
    return th_agentdb(DB, env, NULL, "-c", cmd, NULL);
}

static char *write_tmp(const char *name, const char *text)
{
    char *path = th_tmpfile(name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_true(fputs(text, f) >= 0);
    assert_int_equal(fclose(f), 0);
    return path;
}

static bool jq_ok(const char *text, const char *filter)
{
    static int seq;
    char name[32];
    snprintf(name, sizeof name, "dag-%d.json", seq++);
    char *path = write_tmp(name, text);
    char *cmd = xasprintf("jq -e '%s' '%s' >/dev/null 2>&1", filter, path);
    int rc = system(cmd);
    free(cmd);
    unlink(path);
    free(path);
    return rc == 0;
}

static int count_str(const char *hay, const char *needle)
{
    int k = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        k++;
    return k;
}

static void test_text(void **state)
{
    (void)state;
    th_run r = dag("dag show " W " --ascii");
    assert_status(r, 0);
    assert_contains(r.out, "DAG version 2 of 2: 6 tasks, 8 edges");
    assert_contains(r.out, "+ plan the report");
    assert_contains(r.out, "10.0s  try 0/3");
    assert_contains(r.out, "> merge figures a~");
    assert_contains(r.out, "X merge figures");
    assert_contains(r.out, "added");
    assert_contains(r.out, "removed");
    assert_contains(r.out, "evil ?[2J \"quot~"); /* escape shown, cut with ~ */
    assert_null(strchr(r.out, '\x1b'));
    assert_int_equal(count_str(r.out, "v\n") + count_str(r.out, "v "), 8); /* arrowheads: one per edge */
    th_run_free(&r);
    /* Unicode drawing under a UTF-8 locale */
    r = dag("dag show " W);
    assert_status(r, 0);
    assert_contains(r.out, "\u2713 plan the report");
    assert_contains(r.out, "\u25bc");
    assert_contains(r.out, "\u2502");
    th_run_free(&r);
    /* version 1: the original plan, nothing added */
    r = dag("dag show " W " --version=1 --ascii");
    assert_status(r, 0);
    assert_contains(r.out, "DAG version 1 of 2: 5 tasks, 5 edges");
    assert_null(strstr(r.out, "again"));
    assert_null(strstr(r.out, "added"));
    th_run_free(&r);
}

static void test_json(void **state)
{
    (void)state;
    th_run r = dag("dag show " W " --format=json");
    assert_status(r, 0);
    assert_true(jq_ok(r.out, ".workflow == \"" W "\" and .version == 2"));
    assert_true(jq_ok(r.out, ".graph.nodes | length == 6"));
    assert_true(jq_ok(r.out, ".graph.edges | length == 8"));
    assert_true(jq_ok(r.out, "[.graph.nodes[] | select(.removed)] | map(.label) == [\"merge figures\"]"));
    assert_true(jq_ok(r.out, "[.graph.nodes[] | select(.added)] | map(.label) == [\"merge figures again\"]"));
    assert_true(jq_ok(r.out, ".graph.nodes[0].duration == 10 and .graph.nodes[0].status == \"completed\""));
    assert_true(jq_ok(r.out, "all(.graph.edges[]; .reversed == false and (.points | length) >= 2)"));
    /* the critical path: plan (10) > fetch sales (60) > merge figures (8) > write the report */
    assert_true(jq_ok(r.out, "[.graph.nodes[] | select(.critical) | .label] == "
                             "[\"plan the report\", \"fetch sales\", \"merge figures\", \"write the report\"]"));
    assert_true(jq_ok(r.out, ".critical_seconds == 78"));
    /* every box lies within the layout, boxes in one layer do not overlap */
    assert_true(jq_ok(r.out, ".graph.layout as $l | all(.graph.nodes[]; .box.x >= 0 and .box.x + .box.w <= $l.width)"));
    assert_true(jq_ok(r.out, "[.graph.nodes[].box] | group_by(.layer) | all(.[]; sort_by(.x) as $b | "
                             "all(range(1; $b | length); $b[.].x > $b[. - 1].x + $b[. - 1].w))"));
    th_run_free(&r);
    /* focus on the replacement, one hop: fetch sales, evil, again, write; plan hidden upstream */
    r = dag("dag show " W " --format=json --focus=" T(5) " --hops=1");
    assert_status(r, 0);
    assert_true(jq_ok(r.out, ".graph.nodes | length == 4"));
    assert_true(jq_ok(r.out, ".hidden_upstream == 1 and .hidden_downstream == 0 and .hidden_other == 1"));
    th_run_free(&r);
    /* status filter and collapse */
    r = dag("dag show " W " --format=json --status=completed");
    assert_status(r, 0);
    assert_true(jq_ok(r.out, ".graph.nodes | length == 3 and all(.[]; .status == \"completed\")"));
    assert_true(jq_ok(r.out, ".graph.edges | length == 2"));
    th_run_free(&r);
}

static void test_dot(void **state)
{
    (void)state;
    th_run r = dag("dag show " W " --format=dot");
    assert_status(r, 0);
    assert_contains(r.out, "digraph \"" W "\"");
    assert_null(strchr(r.out, '\x1b'));
    char *path = write_tmp("dag.dot", r.out);
    char *svg = th_tmpfile("dag.svg");
    char *cmd = xasprintf("dot -Tsvg '%s' -o '%s' 2>&1", path, svg);
    int rc = system(cmd);
    assert_int_equal(rc, 0);
    size_t len = 0;
    char *text = read_file(svg, &len);
    assert_non_null(text);
    assert_non_null(strstr(text, "<svg"));
    assert_non_null(strstr(text, "merge figures again"));
    assert_non_null(strstr(text, "&quot;quoted&quot;"));
    free(text);
    free(cmd);
    unlink(path);
    unlink(svg);
    free(path);
    free(svg);
    th_run_free(&r);
}

static void test_cycle(void **state)
{
    (void)state;
    /* bad data: a cycle the triggers would refuse, written with them off */
    PGconn *c = th_connect(DB);
    th_exec(c, "SET session_replication_role = replica;"
               "INSERT INTO task_dependencies (task_id, depends_on_task_id, workflow_id) VALUES"
               "  (" Q(T(1)) ", " Q(T(6)) ", " Q(W) ");"
               "SET session_replication_role = origin;");
    th_run r = dag("dag show " W " --ascii");
    assert_status(r, 0);
    assert_contains(r.out, "9 edges, 1 in cycles (drawn upward)");
    assert_contains(r.out, "^");
    th_run_free(&r);
    r = dag("dag show " W " --format=json");
    assert_status(r, 0);
    assert_true(jq_ok(r.out, "[.graph.edges[] | select(.reversed)] | length == 1"));
    th_run_free(&r);
    th_exec(c, "DELETE FROM task_dependencies WHERE task_id = " Q(T(1)));
    PQfinish(c);
}

/* A workflow without tasks (nor version rows) draws as such in every format. */
static void test_empty(void **state)
{
    (void)state;
    PGconn *c = th_connect(DB);
    th_exec(c, "INSERT INTO workflows (id, project_id, user_prompt) VALUES"
               "  ('10000000-0000-0000-0000-000000000002', " P ", 'nothing yet')");
    PQfinish(c);
    th_run r = dag("dag show 10000000-0000-0000-0000-000000000002");
    assert_status(r, 0);
    assert_contains(r.out, "DAG version 1 of 1: 0 tasks, 0 edges");
    assert_contains(r.out, "(no tasks)");
    th_run_free(&r);
    r = dag("dag show 10000000-0000-0000-0000-000000000002 --format=json");
    assert_status(r, 0);
    assert_true(jq_ok(r.out, ".graph.nodes == [] and .graph.edges == [] and .graph.layout.width == 0"));
    th_run_free(&r);
    r = dag("dag show 10000000-0000-0000-0000-000000000002 --format=dot");
    assert_status(r, 0);
    char *path = write_tmp("empty.dot", r.out);
    char *cmd = xasprintf("dot -Tsvg '%s' -o /dev/null", path);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    unlink(path);
    free(path);
    th_run_free(&r);
}

static void test_errors(void **state)
{
    (void)state;
    th_run r = dag("dag show 10000000-0000-0000-0000-00000000dead");
    assert_status(r, 3);
    assert_contains(r.err, "no workflow 10000000-0000-0000-0000-00000000dead");
    assert_int_equal(r.out[0], '\0');
    th_run_free(&r);
    r = dag("dag show 'x; DROP TABLE tasks'");
    assert_status(r, 1);
    assert_contains(r.err, "is not a workflow id");
    th_run_free(&r);
    r = dag("dag show " W " --version=9");
    assert_status(r, 3);
    assert_contains(r.err, "has DAG versions 1 to 2, not 9");
    th_run_free(&r);
    r = dag("dag show " W " --version=0");
    assert_status(r, 1);
    th_run_free(&r);
    r = dag("dag show " W " --format=csv");
    assert_status(r, 1);
    assert_contains(r.err, "text, dot or json");
    th_run_free(&r);
    r = dag("dag show " W " --hops=2");
    assert_status(r, 1);
    assert_contains(r.err, "--hops needs --focus");
    th_run_free(&r);
    r = dag("dag show " W " --focus=" T(9) " --hops=1");
    assert_status(r, 3);
    assert_contains(r.err, "is not in version 2");
    th_run_free(&r);
    r = dag("dag show " W " --status=done");
    assert_status(r, 1);
    assert_contains(r.err, "not 'done'");
    th_run_free(&r);
    r = dag("dag show");
    assert_status(r, 1);
    th_run_free(&r);
    /* a hostile argument is quoted back visibly and cut short */
    char *line = xasprintf("dag show \"\x1b]52;c;evil\x07 %0500d\"", 0);
    r = dag(line);
    free(line);
    assert_status(r, 1);
    assert_null(strchr(r.err, '\x1b'));
    assert_contains(r.err, "\\x1B]52;c;evil\\x07");
    assert_true(strlen(r.err) < 200);
    th_run_free(&r);
    /* without a UTF-8 locale the drawing is ASCII */
    const char *cenv[] = {"LC_ALL=C", NULL};
    r = th_agentdb(DB, cenv, NULL, "-c", "dag show " W, NULL);
    assert_status(r, 0);
    for (const char *p = r.out; *p; p++)
        assert_true((unsigned char)*p < 0x80);
    assert_contains(r.out, "+ plan the report");
    th_run_free(&r);
    PGconn *c = th_connect(DB);
    assert_int_equal(th_long(c, "SELECT count(*) FROM tasks"), 6);
    PQfinish(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text),  cmocka_unit_test(test_json),   cmocka_unit_test(test_dot),
        cmocka_unit_test(test_cycle), cmocka_unit_test(test_empty),  cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
