/* test_bundle.c: unit tests for bundle line-ending normalisation and sha256 (bundle_hash.c).
 * Links only bundle_hash.c, not bundle.c, which needs the generated table. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "bundle.h"

static void test_normalise(void **state)
{
    (void)state;
    size_t n = 99;
    char *out = bundle_normalise("a\r\nb\rc\n", 7, &n);
    assert_int_equal(n, 6);
    assert_string_equal(out, "a\nb\nc\n");
    free(out);

    out = bundle_normalise("\r\r\n\n\r", 5, &n);
    assert_int_equal(n, 4);
    assert_memory_equal(out, "\n\n\n\n", 5);
    free(out);

    out = bundle_normalise("", 0, &n);
    assert_int_equal(n, 0);
    assert_string_equal(out, "");
    free(out);

    /* Embedded NUL bytes survive; len is what counts. */
    out = bundle_normalise("a\0b\r\n", 5, &n);
    assert_int_equal(n, 4);
    assert_memory_equal(out, "a\0b\n", 4);
    free(out);
}

static void test_sha256_known(void **state)
{
    (void)state;
    char hex[65];
    bundle_sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    bundle_sha256_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_int_equal(strlen(hex), 64);
}

static void test_line_endings_keep_hash(void **state)
{
    (void)state;
    const char *lf = "-- @up\nCREATE TABLE t (a int);\n-- @down\nDROP TABLE t;\n";
    const char *crlf = "-- @up\r\nCREATE TABLE t (a int);\r\n-- @down\r\nDROP TABLE t;\r\n";
    size_t n1, n2;
    char *a = bundle_normalise(lf, strlen(lf), &n1);
    char *b = bundle_normalise(crlf, strlen(crlf), &n2);
    char h1[65], h2[65], h3[65];
    bundle_sha256_hex(a, n1, h1);
    bundle_sha256_hex(b, n2, h2);
    assert_string_equal(h1, h2);
    /* A real change does alter it. */
    bundle_sha256_hex("-- @up\nCREATE TABLE t (a bigint);\n", 34, h3);
    assert_string_not_equal(h1, h3);
    free(a);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalise),
        cmocka_unit_test(test_sha256_known),
        cmocka_unit_test(test_line_endings_keep_hash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
