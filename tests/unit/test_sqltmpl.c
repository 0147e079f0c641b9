/* test_sqltmpl.c: unit tests for sqltmpl_fill: markers replaced, inserted text never rescanned,
 * unknown markers and stray braces kept. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "sqltmpl.h"

static void test_replaces_each_marker(void **state)
{
    (void)state;
    const char *names[] = {"since", "until"};
    const char *vals[] = {"'2026-01-01T00:00:00.000000Z'", "NULL"};
    char *s = sqltmpl_fill("a >= {since}::timestamptz AND ({until} IS NULL OR b < {until})",
                           names, vals, 2);
    assert_string_equal(s, "a >= '2026-01-01T00:00:00.000000Z'::timestamptz AND (NULL IS NULL "
                           "OR b < NULL)");
    free(s);
}

static void test_inserted_text_not_rescanned(void **state)
{
    (void)state;
    /* A value that looks like a marker (say, a quoted identifier of a view named so) stays. */
    const char *names[] = {"query", "report"};
    const char *vals[] = {"SELECT * FROM \"report_{query}\" -- {report}", "x"};
    char *s = sqltmpl_fill("COPY ({query}) TO STDOUT", names, vals, 2);
    assert_string_equal(s, "COPY (SELECT * FROM \"report_{query}\" -- {report}) TO STDOUT");
    free(s);
}

static void test_unknown_and_stray_braces(void **state)
{
    (void)state;
    const char *names[] = {"since"};
    const char *vals[] = {"NULL"};
    char *s = sqltmpl_fill("{since}{sinc}{since {} {{since}} }{", names, vals, 1);
    assert_string_equal(s, "NULL{sinc}{since {} {NULL} }{");
    free(s);
    s = sqltmpl_fill("", names, vals, 1);
    assert_string_equal(s, "");
    free(s);
    s = sqltmpl_fill("no markers", NULL, NULL, 0);
    assert_string_equal(s, "no markers");
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_replaces_each_marker),
        cmocka_unit_test(test_inserted_text_not_rescanned),
        cmocka_unit_test(test_unknown_and_stray_braces),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
