/* test_checkfile.c: unit tests for the integrity rule files: the header parser (checkfile.c), the
 * bundled rules all parse, and Tab completion offers check names after 'check run' and 'show'. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "checkfile.h"
#include "cmd.h"

/* The rule file header (checkfile.c). */
static void test_checkfile_header(void **state)
{
    (void)state;
    checkfile c;
    char *err;
    const char *ok = "-- check: some_rule\n-- severity: warning\n-- description: rows that x\n"
                     "--\n-- notes\nSELECT 1 AS id;\n\n";
    assert_int_equal(checkfile_parse("sql/checks/some_rule.sql", ok, strlen(ok), &c, &err), 0);
    assert_string_equal(c.name, "some_rule");
    assert_int_equal(c.severity, CHECK_SEV_WARNING);
    assert_string_equal(c.description, "rows that x");
    assert_string_equal(c.impl, "sql");
    assert_string_equal(c.sql, "--\n-- notes\nSELECT 1 AS id");
    checkfile_free(&c);

    const char *cimpl = "-- check: cyc\n-- severity: error\n-- description: d\n"
                        "-- implementation: c:cycles\nCOPY x TO STDOUT\n";
    assert_int_equal(checkfile_parse("cyc.sql", cimpl, strlen(cimpl), &c, &err), 0);
    assert_string_equal(c.impl, "c:cycles");
    assert_int_equal(c.severity, CHECK_SEV_ERROR);
    checkfile_free(&c);

    static const struct {
        const char *text, *want;
    } bad[] = {
        {"-- check: other\n-- severity: error\n-- description: d\nSELECT 1\n", "base name"},
        {"-- check: r\n-- severity: fatal\n-- description: d\nSELECT 1\n", "error or warning"},
        {"-- check: r\n-- severity: error\nSELECT 1\n", "the header needs"},
        {"-- check: r\n-- severity: error\n-- description: d\n-- colour: red\nSELECT 1\n",
         "unknown header key"},
        {"-- check: r\n-- check: r\n-- severity: error\n-- description: d\nSELECT 1\n",
         "repeated"},
        {"-- check: r\n-- severity: error\n-- description: d\n-- implementation: c:x\nS\n",
         "unknown implementation"},
        {"-- check: r\n-- severity: error\n-- description: d\n--\n-- only comments\n;\n",
         "no query"},
        {"SELECT 1\n", "the header needs"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(checkfile_parse("x/r.sql", bad[i].text, strlen(bad[i].text), &c, &err),
                         -1);
        if (!strstr(err, bad[i].want))
            fail_msg("case %zu: '%s' lacks '%s'", i, err, bad[i].want);
        assert_true(strncmp(err, "x/r.sql:", 8) == 0);
        free(err);
    }
}

/* Every bundled rule parses, names are unique and sorted, and the cycle rule is the C one. */
static void test_bundled_rules(void **state)
{
    (void)state;
    check_set s;
    char *err = NULL;
    assert_int_equal(check_load(&s, &err), 0);
    assert_true(s.n >= 20);
    for (int i = 1; i < s.n; i++)
        assert_true(strcmp(s.rules[i - 1].name, s.rules[i].name) < 0);
    const checkfile *c = check_find(&s, "task_dependency_cycles");
    assert_non_null(c);
    assert_string_equal(c->impl, "c:cycles");
    assert_non_null(strstr(c->sql, "COPY"));
    assert_null(check_find(&s, "no_such_check"));
    assert_string_equal(check_nearest(&s, "task_dependency_cycle"), "task_dependency_cycles");
    check_set_free(&s);
}

static int count_cands(char **v, const char *want, int *found)
{
    int n = 0;
    *found = 0;
    for (; v[n]; n++)
        *found += strcmp(v[n], want) == 0;
    return n;
}

static void free_cands(char **v)
{
    for (int i = 0; v[i]; i++)
        free(v[i]);
    free(v);
}

static void test_complete_check_names(void **state)
{
    (void)state;
    char *run[] = {"check", "run"};
    char **v = cmd_complete(run, 2, "task_dep");
    int found;
    assert_int_equal(count_cands(v, "task_dependency_cycles", &found), 2);
    assert_int_equal(found, 1);
    free_cands(v);
    char *show[] = {"check", "show"};
    v = cmd_complete(show, 2, "");
    assert_true(count_cands(v, "invalid_indexes", &found) >= 20);
    assert_int_equal(found, 1);
    free_cands(v);
    v = cmd_complete(show, 2, "--");
    count_cands(v, "--limit=", &found);
    assert_int_equal(found, 1);
    free_cands(v);
    char *list[] = {"check", "list"};
    v = cmd_complete(list, 2, "inv");
    assert_null(v[0]);
    free_cands(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_checkfile_header),
        cmocka_unit_test(test_bundled_rules),
        cmocka_unit_test(test_complete_check_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
