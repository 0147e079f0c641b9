/* test_health.c: 'health' on a migrated database: every section in its JSON, healthy exit 0,
 * and exit 5 for a planted idle-in-transaction session, a missing partition ahead and a pending
 * migration, each named in the problems section; the other formats and option errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "util.h"

#define DB "health"

static PGconn *conn; /* owned here */

static int setup(void **state)
{
    (void)state;
    conn = th_migrated_db(DB, NULL);
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

static th_run run1(const char *line)
{
    return th_agentdb(DB, NULL, NULL, "-c", line, NULL);
}

/* jq -e FILTER over text (with --arg v VALUE when value is not NULL): true when it holds. */
static bool jq(const char *text, const char *filter, const char *value)
{
    static int seq;
    char name[32];
    snprintf(name, sizeof name, "health-%d.json", seq++);
    char *path = th_tmpfile(name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    char *cmd = xasprintf("jq -e %s%s%s '%s' '%s' > /dev/null 2>&1", value ? "--arg v '" : "",
                          value ? value : "", value ? "'" : "", filter, path);
    int rc = system(cmd);
    free(cmd);
    unlink(path);
    free(path);
    return WIFEXITED(rc) && WEXITSTATUS(rc) == 0;
}

#define assert_jq(text, filter, value)                                                          \
    do {                                                                                         \
        if (!jq((text), (filter), (value)))                                                      \
            fail_msg("jq -e '%s' does not hold for:\n%.3000s", (filter), (text));                \
    } while (0)

/* Healthy right after 'migrate up': every section is there, in one JSON object. */
static void test_sections_json(void **state)
{
    (void)state;
    th_run r = run1("health --format=json");
    assert_status(r, 0);
    assert_jq(r.out, ". as $o | type == \"object\" and ([\"server\", \"connections\", "
                     "\"replication\", \"migrations\", \"transactions\", \"tables\", "
                     "\"partitions\", \"problems\"] | all(. as $k | $o[$k] | type == \"array\"))",
              NULL);
    assert_jq(r.out, ".healthy == true and (.problems | length) == 0", NULL);
    assert_jq(r.out, ".server[0].role == \"primary\" and (.server[0].latency_ms | type) == "
                     "\"number\" and .server[0].latency_ms >= 0 and .server[0].size_bytes > 0 "
                     "and (.server[0].version | startswith(\"15\"))", NULL);
    assert_jq(r.out, ".connections | any(.state == \"total\" and .connections >= 1)", NULL);
    assert_jq(r.out, ".replication[0].state == \"no replicas\"", NULL);
    char *latest = th_value(conn, "SELECT max(version)::text FROM agentdb.schema_versions");
    assert_jq(r.out, ".migrations[0].pending == 0 and .migrations[0].drifted == 0 and "
                     "(.migrations[0].current | tostring) == $v", latest);
    free(latest);
    char *npol = th_value(conn, "SELECT count(*)::text FROM retention_policies");
    assert_jq(r.out, "(.partitions | length | tostring) == $v and "
                     "(.partitions | all(.missing == 0 and .ahead >= .premake))", npol);
    free(npol);
    assert_jq(r.out, "(.tables | length) > 0 and (.tables | all(has(\"dead_rows\")))", NULL);
    th_run_free(&r);
}

/* A second session left idle in a transaction: reported with threshold 0s (exit 5), not with
 * 1h (exit 0), and gone once it commits. */
static void test_idle_in_transaction(void **state)
{
    (void)state;
    PGconn *idle = th_connect(DB);
    th_exec(idle, "BEGIN; SELECT 1");
    char *pid = xasprintf("%d", PQbackendPID(idle));

    th_run r = run1("health --format=json --idle-xact=0s");
    assert_status(r, 5);
    assert_jq(r.out, ".transactions | any((.pid | tostring) == $v and "
                     ".state == \"idle in transaction\")", pid);
    assert_jq(r.out, ".healthy == false and (.problems | any(.area == \"transactions\" and "
                     "(.problem | contains(\"idle in transaction\"))))", NULL);
    assert_contains(r.err, "problem");
    th_run_free(&r);

    r = run1("health --idle-xact=0s");
    assert_status(r, 5);
    assert_contains(r.out, "Long and idle transactions");
    assert_contains(r.out, "idle in transaction for");
    assert_contains(r.out, "Needs attention.");
    th_run_free(&r);

    r = run1("health --format=json --idle-xact=1h");
    assert_status(r, 0);
    assert_jq(r.out, ".healthy == true", NULL);
    th_run_free(&r);

    th_exec(idle, "COMMIT");
    r = run1("health --format=json --idle-xact=0s");
    assert_status(r, 0);
    assert_jq(r.out, ".transactions | all((.pid | tostring) != $v)", pid);
    th_run_free(&r);
    PQfinish(idle);
    free(pid);
}

/* The last partition ahead of experiences dropped: exit 5 naming experiences; partition_maintain
 * puts it back and health is 0 again. */
static void test_missing_partition(void **state)
{
    (void)state;
    char *part = th_value(conn, "SELECT partition::text FROM partition_ranges('experiences') "
                                "WHERE NOT is_default ORDER BY range_from DESC LIMIT 1");
    assert_non_null(part);
    char *drop = xasprintf("DROP TABLE %s", part);
    th_exec(conn, drop);
    th_run r = run1("health --format=json");
    assert_status(r, 5);
    assert_jq(r.out, ".partitions | any(.table_name == \"experiences\" and .missing == 1 and "
                     ".problem != null)", NULL);
    assert_jq(r.out, ".problems | any(.area == \"partitions\" and "
                     "(.problem | startswith(\"experiences:\")))", NULL);
    th_run_free(&r);
    th_exec(conn, "SELECT count(*) FROM partition_maintain()");
    r = run1("health --format=json");
    assert_status(r, 0);
    th_run_free(&r);
    free(drop);
    free(part);
}

/* One migration rolled back: pending 1, exit 5; up again: 0. */
static void test_pending_migration(void **state)
{
    (void)state;
    long latest = th_long(conn, "SELECT max(version) FROM agentdb.schema_versions");
    char *down = xasprintf("migrate down %ld --confirm=%ld", latest - 1, latest - 1);
    th_run r = run1(down);
    assert_status(r, 0);
    th_run_free(&r);
    r = run1("health --format=json");
    assert_status(r, 5);
    assert_jq(r.out, ".migrations[0].pending == 1 and "
                     "(.problems | any(.area == \"migrations\"))", NULL);
    th_run_free(&r);
    r = run1("migrate up");
    assert_status(r, 0);
    th_run_free(&r);
    r = run1("health --format=json");
    assert_status(r, 0);
    th_run_free(&r);
    free(down);
}

/* Table titles, CSV and JSONL rows tagged with their section, --top, and option errors. */
static void test_formats_and_options(void **state)
{
    (void)state;
    th_run r = run1("health");
    assert_status(r, 0);
    static const char *const titles[] = {"Server\n", "Connections\n", "Replication\n",
                                         "Migrations\n", "Long and idle transactions\n",
                                         "Largest tables and partitions\n",
                                         "Partitions ahead\n", "Problems\n", "Healthy.\n"};
    for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++)
        assert_contains(r.out, titles[i]);
    th_run_free(&r);

    r = run1("health --format=csv");
    assert_status(r, 0);
    assert_true(strncmp(r.out, "section,version,latency_ms,", 27) == 0);
    assert_contains(r.out, "\nsection,table_name,period,premake,ahead,");
    th_run_free(&r);

    r = run1("health --format=jsonl --top=3");
    assert_status(r, 0);
    char *path = th_tmpfile("health.jsonl");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(r.out, f);
    fclose(f);
    char *cmd = xasprintf("jq -e -s 'all(.[]; .section | type == \"string\") and "
                          "([.[] | select(.section == \"tables\")] | length) == 3' '%s' "
                          "> /dev/null", path);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(path);
    th_run_free(&r);

    static const struct {
        const char *line, *message;
    } bad[] = {
        {"health --long-xact=forever", "--long-xact takes a duration"},
        {"health --idle-xact=-5s", "--idle-xact takes a duration of 0 or more"},
        {"health --top=0", "--top takes a number from 1 to 1000"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        r = run1(bad[i].line);
        assert_status(r, 1);
        assert_contains(r.err, bad[i].message);
        assert_string_equal(r.out, "");
        th_run_free(&r);
    }
}

/* A role that may not read the migration history: that section shows the error, the rest is
 * there, and health exits 3 (a command failed) rather than claiming health or a problem. */
static void test_unreadable_section(void **state)
{
    (void)state;
    th_exec(conn, "DROP ROLE IF EXISTS health_probe; "
                  "CREATE ROLE health_probe LOGIN IN ROLE agentdb_readonly");
    char *ci = th_conninfo(DB);
    char *as_probe = xasprintf("%s user=health_probe", ci); /* the last user= wins */
    th_run r = th_agentdb(NULL, NULL, NULL, as_probe, "-c", "health --format=json", NULL);
    assert_status(r, 3);
    assert_contains(r.err, "permission denied for schema agentdb");
    assert_jq(r.out, ".healthy == false and (.migrations[0].error | contains(\"permission\")) "
                     "and (.server | length) == 1 and (.partitions | length) > 0 and "
                     "(.problems | any(.area == \"migrations\"))", NULL);
    th_run_free(&r);
    th_exec(conn, "DROP ROLE health_probe");
    free(as_probe);
    free(ci);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sections_json),
        cmocka_unit_test(test_idle_in_transaction),
        cmocka_unit_test(test_missing_partition),
        cmocka_unit_test(test_pending_migration),
        cmocka_unit_test(test_formats_and_options),
        cmocka_unit_test(test_unreadable_section),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
