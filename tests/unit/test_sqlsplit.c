/* test_sqlsplit.c: unit tests for the SQL statement splitter and its classifiers.
 * Each case checks exact statement texts, line numbers or error messages. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "sqlsplit.h"
#include "util.h"

/* Split text and return the statements as a NULL-terminated array of owned strings
 * (caller frees with free_strs); lines (if given) receives each statement's line. */
static char **split(const char *text, int *count, int *lines)
{
    sql_stmt *st = NULL;
    char *err = NULL;
    int n = sqlsplit(text, strlen(text), &st, &err);
    if (n < 0)
        fail_msg("unexpected error: %s", err);
    char **out = xcalloc((size_t)n + 1, sizeof *out);
    for (int i = 0; i < n; i++) {
        out[i] = xstrndup(text + st[i].off, st[i].len);
        if (lines)
            lines[i] = st[i].line;
    }
    free(st);
    *count = n;
    return out;
}

static void free_strs(char **v)
{
    for (char **p = v; *p; p++)
        free(*p);
    free(v);
}

static char *split_error(const char *text)
{
    sql_stmt *st = NULL;
    char *err = NULL;
    int n = sqlsplit(text, strlen(text), &st, &err);
    assert_int_equal(n, -1);
    assert_null(st);
    assert_non_null(err);
    return err;
}

static void test_plain(void **state)
{
    (void)state;
    int n, lines[8];
    char **s = split("SELECT 1;\n  SELECT 2 ;\n\nCREATE TABLE t (a int);", &n, lines);
    assert_int_equal(n, 3);
    assert_string_equal(s[0], "SELECT 1");
    assert_string_equal(s[1], "SELECT 2");
    assert_string_equal(s[2], "CREATE TABLE t (a int)");
    assert_int_equal(lines[0], 1);
    assert_int_equal(lines[1], 2);
    assert_int_equal(lines[2], 4);
    free_strs(s);
}

static void test_empty_and_blank(void **state)
{
    (void)state;
    sql_stmt *st = (sql_stmt *)1;
    char *err = NULL;
    assert_int_equal(sqlsplit("", 0, &st, &err), 0);
    assert_null(st);
    assert_null(err);
    int n;
    char **s = split(" ;; \n ; -- only a comment\n/* and another */ ;", &n, NULL);
    assert_int_equal(n, 0);
    free_strs(s);
}

static void test_offsets(void **state)
{
    (void)state;
    const char *text = "-- lead\n  /* c */ SELECT 1 -- trailing\n;";
    sql_stmt *st = NULL;
    char *err = NULL;
    assert_int_equal(sqlsplit(text, strlen(text), &st, &err), 1);
    assert_int_equal(st[0].off, 18);
    assert_int_equal(st[0].len, 8);
    assert_int_equal(st[0].line, 2);
    free(st);
}

static void test_final_without_semicolon(void **state)
{
    (void)state;
    int n, lines[4];
    char **s = split("SELECT 1;\nSELECT 2\n\n", &n, lines);
    assert_int_equal(n, 2);
    assert_string_equal(s[1], "SELECT 2");
    assert_int_equal(lines[1], 2);
    free_strs(s);
}

static void test_strings(void **state)
{
    (void)state;
    int n, lines[4];
    char **s = split("SELECT 'a;''b';\nSELECT E'x\\';y', e'\\\\';\nSELECT U&'d;';", &n, lines);
    assert_int_equal(n, 3);
    assert_string_equal(s[0], "SELECT 'a;''b'");
    assert_string_equal(s[1], "SELECT E'x\\';y', e'\\\\'");
    assert_string_equal(s[2], "SELECT U&'d;'");
    assert_int_equal(lines[2], 3);
    free_strs(s);
    /* In a plain string a backslash is an ordinary character. */
    s = split("SELECT 'a\\'; SELECT 2", &n, NULL);
    assert_int_equal(n, 2);
    assert_string_equal(s[0], "SELECT 'a\\'");
    free_strs(s);
    /* E'' also accepts '' doubling. */
    s = split("SELECT E'it''s;'; SELECT 3", &n, NULL);
    assert_int_equal(n, 2);
    assert_string_equal(s[0], "SELECT E'it''s;'");
    free_strs(s);
}

static void test_quoted_ident(void **state)
{
    (void)state;
    int n;
    char **s = split("SELECT 1 AS \"ident;\", 2 AS \"a\"\";b\"; SELECT 2", &n, NULL);
    assert_int_equal(n, 2);
    assert_string_equal(s[0], "SELECT 1 AS \"ident;\", 2 AS \"a\"\";b\"");
    assert_string_equal(s[1], "SELECT 2");
    free_strs(s);
}

static void test_dollar_quotes(void **state)
{
    (void)state;
    const char *text = "CREATE FUNCTION f() RETURNS int AS $$\n"
                       "BEGIN RETURN 1; END;\n"
                       "$$ LANGUAGE plpgsql;\n"
                       "CREATE FUNCTION g() RETURNS text AS $fn$\n"
                       "  SELECT $x$ a;$fn $x$; -- $$ is not the end either\n"
                       "$fn$ LANGUAGE sql;\n"
                       "SELECT 1";
    int n, lines[4];
    char **s = split(text, &n, lines);
    assert_int_equal(n, 3);
    assert_string_equal(s[0], "CREATE FUNCTION f() RETURNS int AS $$\nBEGIN RETURN 1; END;\n"
                              "$$ LANGUAGE plpgsql");
    assert_int_equal(lines[1], 4);
    assert_true(strstr(s[1], "$fn$ LANGUAGE sql") != NULL);
    assert_int_equal(lines[2], 7);
    assert_string_equal(s[2], "SELECT 1");
    free_strs(s);
}

static void test_dollar_params_and_idents(void **state)
{
    (void)state;
    int n;
    /* $1 and $2 are parameters; a$b$ is one identifier; neither opens a dollar quote. */
    char **s = split("SELECT $1, $2; SELECT a$b$; SELECT 3", &n, NULL);
    assert_int_equal(n, 3);
    assert_string_equal(s[0], "SELECT $1, $2");
    assert_string_equal(s[1], "SELECT a$b$");
    free_strs(s);
    /* A tag cannot start with a digit: $1abc$ is not a delimiter. */
    s = split("SELECT $1abc; SELECT 4", &n, NULL);
    assert_int_equal(n, 2);
    free_strs(s);
    s = split("SELECT $1$; SELECT 5; SELECT $1$", &n, NULL);
    assert_int_equal(n, 3);
    assert_string_equal(s[1], "SELECT 5");
    free_strs(s);
}

static void test_comments(void **state)
{
    (void)state;
    int n, lines[4];
    char **s = split("SELECT 1 -- a; b\n, 2;\n/* x; /* nested; */ still; */ SELECT 3;", &n, lines);
    assert_int_equal(n, 2);
    assert_string_equal(s[0], "SELECT 1 -- a; b\n, 2");
    assert_string_equal(s[1], "SELECT 3");
    assert_int_equal(lines[1], 3);
    free_strs(s);
    /* Comment-only pieces between statements vanish. */
    s = split("SELECT 1; -- x;\n/* y; */;\nSELECT 2;", &n, lines);
    assert_int_equal(n, 2);
    assert_string_equal(s[1], "SELECT 2");
    assert_int_equal(lines[1], 3);
    free_strs(s);
    /* A quote inside a comment is not a quote. */
    s = split("SELECT 1 /* it's */; SELECT 2 -- don't\n;", &n, NULL);
    assert_int_equal(n, 2);
    free_strs(s);
}

static void test_begin_atomic(void **state)
{
    (void)state;
    const char *text = "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql\n"
                       "BEGIN ATOMIC\n"
                       "  SELECT CASE WHEN a > 0 THEN 1 ELSE 0 END;\n"
                       "  SELECT a;\n"
                       "END;\n"
                       "begin; select 1; end;\n"
                       "CREATE PROCEDURE p() begin /* c */ atomic insert into t values (1); end";
    int n, lines[8];
    char **s = split(text, &n, lines);
    assert_int_equal(n, 5);
    assert_true(strncmp(s[0], "CREATE FUNCTION", 15) == 0);
    assert_true(strstr(s[0], "SELECT a;\nEND") != NULL);
    assert_string_equal(s[1], "begin");
    assert_string_equal(s[2], "select 1");
    assert_string_equal(s[3], "end");
    assert_int_equal(lines[3], 6);
    assert_string_equal(s[4], "CREATE PROCEDURE p() begin /* c */ atomic insert into t values (1); end");
    free_strs(s);
}

static void test_parentheses(void **state)
{
    (void)state;
    int n;
    /* A multi-action rule keeps its inner ';' as psql does; a stray ')' does not go negative. */
    char **s = split("CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); "
                     "INSERT INTO b VALUES (2));\nSELECT 1); SELECT 2;",
                     &n, NULL);
    assert_int_equal(n, 3);
    assert_string_equal(s[0], "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); "
                              "INSERT INTO b VALUES (2))");
    assert_string_equal(s[1], "SELECT 1)");
    assert_string_equal(s[2], "SELECT 2");
    free_strs(s);
    /* Parentheses inside strings and comments do not count. */
    s = split("SELECT '(' /* ( */; SELECT \"(\"; SELECT 3", &n, NULL);
    assert_int_equal(n, 3);
    free_strs(s);
}

static void test_unterminated(void **state)
{
    (void)state;
    char *e = split_error("SELECT 1;\nSELECT 'abc;\n\n");
    assert_string_equal(e, "unterminated quoted string starting at line 2");
    free(e);
    e = split_error("SELECT 1;\n\nCREATE FUNCTION f() AS $body$\nSELECT 1; $other$\n");
    assert_string_equal(e, "unterminated dollar-quoted string starting at line 3");
    free(e);
    e = split_error("SELECT 1;\n/* a /* b */ still open\n");
    assert_string_equal(e, "unterminated block comment starting at line 2");
    free(e);
    e = split_error("SELECT \"abc");
    assert_string_equal(e, "unterminated quoted identifier starting at line 1");
    free(e);
    e = split_error("SELECT 1;\nSELECT E'\\'");
    assert_string_equal(e, "unterminated quoted string starting at line 2");
    free(e);
}

static const char *nnt(const char *s)
{
    return sqlsplit_needs_no_transaction(s, strlen(s));
}

static void test_needs_no_transaction(void **state)
{
    (void)state;
    assert_string_equal(nnt("create index concurrently i on t(a)"), "CREATE INDEX CONCURRENTLY");
    assert_string_equal(nnt("CREATE UNIQUE INDEX CONCURRENTLY i ON t(a)"),
                        "CREATE INDEX CONCURRENTLY");
    assert_string_equal(nnt("-- comment\nCREATE /* x */ INDEX\nCONCURRENTLY ON t(a)"),
                        "CREATE INDEX CONCURRENTLY");
    assert_string_equal(nnt("DROP INDEX CONCURRENTLY IF EXISTS i"), "DROP INDEX CONCURRENTLY");
    assert_string_equal(nnt("REINDEX INDEX CONCURRENTLY x"), "REINDEX CONCURRENTLY");
    assert_string_equal(nnt("reindex (verbose, concurrently) table t"), "REINDEX CONCURRENTLY");
    assert_string_equal(nnt("REINDEX SCHEMA public"), "REINDEX SCHEMA");
    assert_string_equal(nnt("ALTER TYPE t ADD VALUE 'x'"), "ALTER TYPE ... ADD VALUE");
    assert_string_equal(nnt("alter type public.mood add value if not exists 'ok' after 'sad'"),
                        "ALTER TYPE ... ADD VALUE");
    assert_string_equal(nnt("VACUUM (ANALYZE) t"), "VACUUM");
    assert_string_equal(nnt("CREATE DATABASE x"), "CREATE DATABASE");
    assert_string_equal(nnt("drop database x"), "DROP DATABASE");
    assert_string_equal(nnt("CREATE TABLESPACE ts LOCATION '/x'"), "CREATE TABLESPACE");
    assert_string_equal(nnt("DROP TABLESPACE ts"), "DROP TABLESPACE");
    assert_string_equal(nnt("ALTER SYSTEM SET work_mem = '8MB'"), "ALTER SYSTEM");
    assert_string_equal(nnt("ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY"),
                        "DETACH PARTITION CONCURRENTLY");

    assert_null(nnt("CREATE INDEX x ON t(concurrently)"));
    assert_null(nnt("CREATE INDEX x ON t(a)"));
    assert_null(nnt("SELECT 'CREATE INDEX CONCURRENTLY'"));
    assert_null(nnt("-- CREATE INDEX CONCURRENTLY\nSELECT 1"));
    assert_null(nnt("CREATE INDEX \"concurrently\" ON t(a)"));
    assert_null(nnt("ALTER TYPE t ADD ATTRIBUTE value int"));
    assert_null(nnt("ALTER TYPE t RENAME VALUE 'a' TO 'b'"));
    assert_null(nnt("ALTER TABLE p DETACH PARTITION p1"));
    assert_null(nnt("REINDEX INDEX x"));
    assert_null(nnt("REINDEX (CONCURRENTLY false) INDEX x"));
    assert_null(nnt("CREATE TABLE vacuum_log (a int)"));
    assert_null(nnt("ANALYZE t"));
    assert_null(nnt(""));
}

static void check_name(const char *stmt, const char *want)
{
    char *got = sqlsplit_concurrent_index_name(stmt, strlen(stmt));
    if (want == NULL) {
        assert_null(got);
        return;
    }
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void test_concurrent_index_name(void **state)
{
    (void)state;
    check_name("CREATE INDEX CONCURRENTLY idx_a ON t(a)", "idx_a");
    check_name("create unique index concurrently Idx_B on t(b)", "idx_b");
    check_name("CREATE INDEX CONCURRENTLY \"My \"\"Idx\" ON t(a)", "My \"Idx");
    check_name("CREATE INDEX CONCURRENTLY IF NOT EXISTS /* c */ i2 ON t(a)", "i2");
    check_name("CREATE INDEX CONCURRENTLY public.foo ON t(a)", "foo");
    check_name("CREATE INDEX CONCURRENTLY \"S\".\"Foo\" ON t(a)", "Foo");
    check_name("CREATE INDEX CONCURRENTLY ON t(a)", NULL);
    check_name("CREATE INDEX CONCURRENTLY \"on\" ON t(a)", "on");
    check_name("CREATE INDEX i ON t(a)", NULL);
    check_name("DROP INDEX CONCURRENTLY i", NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain),
        cmocka_unit_test(test_empty_and_blank),
        cmocka_unit_test(test_offsets),
        cmocka_unit_test(test_final_without_semicolon),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_quoted_ident),
        cmocka_unit_test(test_dollar_quotes),
        cmocka_unit_test(test_dollar_params_and_idents),
        cmocka_unit_test(test_comments),
        cmocka_unit_test(test_begin_atomic),
        cmocka_unit_test(test_parentheses),
        cmocka_unit_test(test_unterminated),
        cmocka_unit_test(test_needs_no_transaction),
        cmocka_unit_test(test_concurrent_index_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
