/* test_chart.c: bars and columns in eighth blocks and ASCII, and bucketing long series. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"

#define FULL "\xe2\x96\x88"
#define HALF "\xe2\x96\x8c"

static void test_hbar(void **state)
{
    (void)state;
    char *b = chart_hbar(5, 10, 4, true); /* half of 4 cells: 2 full */
    assert_string_equal(b, FULL FULL);
    free(b);
    b = chart_hbar(2.5, 10, 2, true); /* a quarter of 2 cells: half a cell */
    assert_string_equal(b, HALF);
    free(b);
    b = chart_hbar(20, 10, 3, true); /* clipped at max */
    assert_string_equal(b, FULL FULL FULL);
    free(b);
    b = chart_hbar(0.0001, 10, 3, true); /* any positive value shows */
    assert_string_equal(b, "\xe2\x96\x8f");
    free(b);
    b = chart_hbar(-1, 10, 3, true);
    assert_string_equal(b, "");
    free(b);
    b = chart_hbar(5, 0, 3, true);
    assert_string_equal(b, "");
    free(b);
    b = chart_hbar(5, 10, 6, false);
    assert_string_equal(b, "###");
    free(b);
}

static void test_columns(void **state)
{
    (void)state;
    double v[] = {0, 4, 8};
    char **rows = chart_columns(v, 3, 2, false);
    /* The baseline is an eighth of a cell below the lowest value, so the lowest shows as a
     * sliver (a blank in ASCII). */
    assert_int_equal((int)strlen(rows[0]), 3);
    assert_int_equal((int)strlen(rows[1]), 3);
    assert_int_equal(rows[0][2], '#'); /* the highest fills both rows */
    assert_int_equal(rows[1][2], '#');
    assert_int_equal(rows[0][0], ' '); /* the lowest stays at the bottom */
    chart_free_rows(rows, 2);
    /* Unicode: every row has one glyph per value; the top of the highest column is full. */
    rows = chart_columns(v, 3, 3, true);
    assert_non_null(strstr(rows[0], FULL));
    chart_free_rows(rows, 3);
    /* All equal: drawn as full columns, not as nothing (and no division by zero). */
    double same[] = {3, 3};
    rows = chart_columns(same, 2, 1, false);
    assert_string_equal(rows[0], "##");
    chart_free_rows(rows, 1);
    /* Negative values chart on the same scale (rewards can be negative). */
    double neg[] = {-1, -0.5, 1};
    rows = chart_columns(neg, 3, 2, false);
    assert_int_equal(rows[0][2], '#');
    assert_int_equal(rows[1][1], '.'); /* -0.5: five eighths of the bottom cell */
    assert_int_equal(rows[0][0], ' ');
    chart_free_rows(rows, 2);
    /* NaN is skipped (an empty column). */
    double gap[] = {1, NAN, 2};
    rows = chart_columns(gap, 3, 1, false);
    assert_int_equal(rows[0][1], ' ');
    chart_free_rows(rows, 1);
}

static void test_bucket(void **state)
{
    (void)state;
    double v[10], out[10];
    for (int i = 0; i < 10; i++)
        v[i] = i;
    assert_int_equal(chart_bucket(v, 10, out, 5), 5);
    assert_true(fabs(out[0] - 0.5) < 1e-12);
    assert_true(fabs(out[4] - 8.5) < 1e-12);
    assert_int_equal(chart_bucket(v, 10, out, 20), 10);
    assert_true(fabs(out[9] - 9) < 1e-12);
    assert_int_equal(chart_bucket(v, 0, out, 5), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hbar),
        cmocka_unit_test(test_columns),
        cmocka_unit_test(test_bucket),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
