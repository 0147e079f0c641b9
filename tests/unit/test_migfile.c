/* test_migfile.c: unit tests for the migration file parser (marks, sections, file names,
 * and the build-time check that CONCURRENTLY statements sit in a no-transaction file). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "migfile.h"
#include "util.h"

#define PATH "sql/migrations/0002_core.sql"

/* Parse text expecting success; the caller frees *m with migfile_free. */
static void parse_ok(const char *path, const char *text, migfile *m)
{
    char *err = NULL;
    int rc = migfile_parse(path, text, strlen(text), m, &err);
    if (rc != 0)
        fail_msg("unexpected error: %s", err);
    assert_null(err);
}

/* Parse text expecting failure; returns the message (caller frees). */
static char *parse_err(const char *path, const char *text)
{
    migfile m;
    char *err = NULL;
    int rc = migfile_parse(path, text, strlen(text), &m, &err);
    assert_int_equal(rc, -1);
    assert_non_null(err);
    assert_null(m.name);
    assert_null(m.up);
    return err;
}

static void expect_err(const char *path, const char *text, const char *want)
{
    char *err = parse_err(path, text);
    assert_string_equal(err, want);
    free(err);
}

static void test_full_file(void **state)
{
    (void)state;
    const char *text = "-- Core tables for agents.\n"          /* 1 */
                       "--   Second line of description.  \n" /* 2 */
                       "--\n"                                  /* 3 */
                       "-- @no-transaction\n"                  /* 4 */
                       "-- @lock-timeout 5s\n"                 /* 5 */
                       "  -- @statement-timeout=10min\n"       /* 6 */
                       "-- @irreversible\n"                    /* 7 */
                       "\n"                                    /* 8 */
                       "-- @up\n"                              /* 9 */
                       "CREATE TABLE a (id int);\n"            /* 10 */
                       "CREATE INDEX CONCURRENTLY a_id ON a (id);\n"
                       "-- @down\n"                            /* 12 */
                       "DROP TABLE a;\n"                       /* 13 */
                       "-- @verify\n"                          /* 14 */
                       "SELECT count(*) = 0 FROM a;\n";        /* 15 */
    migfile m;
    parse_ok(PATH, text, &m);
    assert_int_equal(m.version, 2);
    assert_string_equal(m.name, "core");
    assert_string_equal(m.description, "Core tables for agents. Second line of description.");
    assert_true(m.no_transaction);
    assert_true(m.irreversible);
    assert_string_equal(m.lock_timeout, "5s");
    assert_string_equal(m.statement_timeout, "10min");
    assert_string_equal(m.up, "CREATE TABLE a (id int);\nCREATE INDEX CONCURRENTLY a_id ON a (id);\n");
    assert_string_equal(m.down, "DROP TABLE a;\n");
    assert_string_equal(m.verify, "SELECT count(*) = 0 FROM a;\n");
    assert_int_equal(m.up_line, 10);
    assert_int_equal(m.down_line, 13);
    assert_int_equal(m.verify_line, 15);
    migfile_free(&m);
    assert_null(m.name);
}

static void test_minimal_defaults(void **state)
{
    (void)state;
    migfile m;
    parse_ok("0001_init.sql", "-- @up\nSELECT 1;\n-- @down\n", &m);
    assert_int_equal(m.version, 1);
    assert_string_equal(m.name, "init");
    assert_string_equal(m.description, "");
    assert_false(m.no_transaction);
    assert_false(m.irreversible);
    assert_null(m.lock_timeout);
    assert_null(m.statement_timeout);
    assert_string_equal(m.up, "SELECT 1;\n");
    assert_string_equal(m.down, "");
    assert_string_equal(m.verify, "");
    assert_int_equal(m.up_line, 2);
    assert_int_equal(m.down_line, 4);
    assert_int_equal(m.verify_line, 0);
    migfile_free(&m);
}

static void test_crlf(void **state)
{
    (void)state;
    migfile m;
    parse_ok(PATH, "-- Hello\r\n-- @lock-timeout 2s\r\n-- @up\r\nSELECT 1;\r\n-- @down\r\nSELECT 2;\r\n",
             &m);
    assert_string_equal(m.description, "Hello");
    assert_string_equal(m.lock_timeout, "2s");
    assert_string_equal(m.up, "SELECT 1;\r\n");
    assert_string_equal(m.down, "SELECT 2;\r\n");
    migfile_free(&m);
}

static void test_missing_sections(void **state)
{
    (void)state;
    expect_err(PATH, "-- nothing\n", PATH ":1: missing '-- @up' section");
    expect_err(PATH, "-- @down\nSELECT 1;\n", PATH ":1: missing '-- @up' section");
    expect_err(PATH, "-- @up\nSELECT 1;\n",
               PATH ":1: missing '-- @down' section; add one, or mark the file "
                    "'-- @irreversible' in the header");
    expect_err(PATH, "-- @up\n-- just a comment\n-- @down\n",
               PATH ":1: the up section has no statements");

    migfile m;
    parse_ok(PATH, "-- @irreversible\n-- @up\nSELECT 1;\n", &m);
    assert_true(m.irreversible);
    assert_string_equal(m.down, "");
    assert_int_equal(m.down_line, 0);
    migfile_free(&m);
}

static void test_bad_marks(void **state)
{
    (void)state;
    expect_err(PATH, "-- @up\nSELECT 1;\n-- @dwon\n",
               PATH ":3: unknown mark '-- @dwon'; did you mean '-- @down'?");
    expect_err(PATH, "-- @frobnicate\n-- @up\nSELECT 1;\n-- @down\n",
               PATH ":1: unknown mark '-- @frobnicate'; marks are @up, @down, @verify, "
                    "@no-transaction, @irreversible, @lock-timeout and @statement-timeout");
    expect_err(PATH, "-- @up\nSELECT 1;\n-- @down\nSELECT 2;\n\n-- @up\nSELECT 3;\n",
               PATH ":6: duplicate '-- @up' section (first at line 1)");
    expect_err(PATH, "-- @up\nSELECT 1;\n-- @no-transaction\n-- @down\n",
               PATH ":3: header mark '-- @no-transaction' after a section started; move it "
                    "above '-- @up'");
    expect_err(PATH, "-- @irreversible\n-- @irreversible\n-- @up\nSELECT 1;\n",
               PATH ":2: duplicate mark '-- @irreversible'");
    expect_err(PATH, "-- @up please\nSELECT 1;\n-- @down\n",
               PATH ":1: mark '-- @up' takes no value");
    expect_err(PATH, "-- @lock-timeout\n-- @up\nSELECT 1;\n-- @down\n",
               PATH ":1: mark '-- @lock-timeout' needs a value, e.g. '-- @lock-timeout 5s'");
    expect_err(PATH, "SELECT 1;\n-- @up\nSELECT 1;\n-- @down\n",
               PATH ":1: SQL before the first section; statements belong after '-- @up'");
}

static void test_timeout_values(void **state)
{
    (void)state;
    const char *good[] = {"0", "250", "100ms", "5s", "10min", "1h", "2147483647ms"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        char *text = xasprintf("-- @lock-timeout %s\n-- @up\nSELECT 1;\n-- @down\n", good[i]);
        migfile m;
        parse_ok(PATH, text, &m);
        assert_string_equal(m.lock_timeout, good[i]);
        migfile_free(&m);
        free(text);
    }
    expect_err(PATH, "-- @lock-timeout 5 s\n-- @up\nSELECT 1;\n-- @down\n",
               PATH ":1: bad lock-timeout value '5 s'; expected digits with an optional unit ms, "
                    "s, min or h (e.g. 5s)");
    const char *bad[] = {"abc", "5sec", "-1", "1.5s", "5d", "s", "2147483648", "600h"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *text =
            xasprintf("-- @statement-timeout %s\n-- @up\nSELECT 1;\n-- @down\n", bad[i]);
        char *err = parse_err(PATH, text);
        free(text);
        assert_non_null(strstr(err, PATH ":1: bad statement-timeout value '"));
        assert_non_null(strstr(err, bad[i]));
        free(err);
    }
}

static void test_marks_inside_quotes(void **state)
{
    (void)state;
    const char *text = "-- @up\n"
                       "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$\n"
                       "BEGIN\n"
                       "-- @down\n"
                       "  RETURN 1;\n"
                       "END $$;\n"
                       "/* a comment\n"
                       "-- @verify\n"
                       "*/\n"
                       "SELECT '\n"
                       "-- @frob\n"
                       "';\n"
                       "-- @down\n"
                       "DROP FUNCTION f();\n";
    migfile m;
    parse_ok(PATH, text, &m);
    assert_non_null(strstr(m.up, "-- @down\n  RETURN 1;"));
    assert_non_null(strstr(m.up, "-- @verify"));
    assert_non_null(strstr(m.up, "-- @frob"));
    assert_string_equal(m.down, "DROP FUNCTION f();\n");
    assert_int_equal(m.down_line, 14);
    assert_string_equal(m.verify, "");
    migfile_free(&m);

    expect_err(PATH, "-- @up\nSELECT 1;\n\nSELECT $x$ open\n-- @down\n",
               PATH ":4: unterminated dollar-quoted string");
}

static void test_file_names(void **state)
{
    (void)state;
    migfile m;
    parse_ok("a/b/0123_add_index_2.sql", "-- @up\nSELECT 1;\n-- @down\n", &m);
    assert_int_equal(m.version, 123);
    assert_string_equal(m.name, "add_index_2");
    migfile_free(&m);
    parse_ok("12345_x.sql", "-- @up\nSELECT 1;\n-- @down\n", &m);
    assert_int_equal(m.version, 12345);
    migfile_free(&m);

    const char *bad[] = {"001_core.sql", "0001-core.sql", "0001_Core.sql", "0001_core.SQL",
                         "0001_.sql",    "0001_core",     "core.sql",      "0001_co re.sql",
                         "sql/0001_core.sql.bak", "99999999999_big.sql"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *err = parse_err(bad[i], "-- @up\nSELECT 1;\n-- @down\n");
        assert_non_null(strstr(err, ":1: bad migration file name '"));
        assert_int_equal(strncmp(err, bad[i], strlen(bad[i])), 0);
        free(err);
    }
}

static void test_concurrently_needs_mark(void **state)
{
    (void)state;
    const char *body = "-- @up\n"                                      /* 1 or 2 */
                       "CREATE TABLE t (a int);\n"
                       "\n"
                       "CREATE INDEX\n"
                       "  CONCURRENTLY t_a ON t (a);\n"
                       "-- @down\n"
                       "DROP INDEX CONCURRENTLY t_a;\n";
    expect_err(PATH, body,
               PATH ":4: CREATE INDEX CONCURRENTLY cannot run inside a transaction; add "
                    "'-- @no-transaction' to the file header");

    expect_err(PATH, "-- @up\nALTER TYPE mood ADD VALUE 'ok';\n-- @down\n",
               PATH ":2: ALTER TYPE ... ADD VALUE cannot run inside a transaction; add "
                    "'-- @no-transaction' to the file header");
    /* The down section is checked too, with the line counted from the top of the file. */
    expect_err(PATH, "-- @up\nSELECT 1;\n-- @down\nSELECT 2;\nDROP INDEX CONCURRENTLY i;\n",
               PATH ":5: DROP INDEX CONCURRENTLY cannot run inside a transaction; add "
                    "'-- @no-transaction' to the file header");

    char *text = xasprintf("-- @no-transaction\n%s", body);
    migfile m;
    parse_ok(PATH, text, &m);
    free(text);
    assert_true(m.no_transaction);
    assert_int_equal(m.up_line, 3);
    migfile_free(&m);

    /* Text that merely mentions it is fine. */
    parse_ok(PATH, "-- @up\nSELECT 'CREATE INDEX CONCURRENTLY x';\n-- @down\n", &m);
    migfile_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_file),
        cmocka_unit_test(test_minimal_defaults),
        cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_missing_sections),
        cmocka_unit_test(test_bad_marks),
        cmocka_unit_test(test_timeout_values),
        cmocka_unit_test(test_marks_inside_quotes),
        cmocka_unit_test(test_file_names),
        cmocka_unit_test(test_concurrently_needs_mark),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
