/* test_fuzz_regressions.c: every input kept under tests/fuzz/regressions/TARGET/ (crashes the
 * fuzzers found, and the seed corpus) replayed through the same harness functions the libFuzzer
 * targets call, in the normal build (and under ASan in make check-asan). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../fuzz/fuzz_cmd.c"
#include "../fuzz/fuzz_json.c"
#include "../fuzz/fuzz_keymap.c"
#include "../fuzz/fuzz_migfile.c"
#include "../fuzz/fuzz_sqlsplit.c"
#include "util.h"

typedef int (*one_fn)(const uint8_t *, size_t);

/* Replay every file of dir; returns how many. */
static int replay(const char *dir, one_fn fn)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char *path = xasprintf("%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "rb");
        if (f) {
            uint8_t *buf = NULL;
            size_t cap = 0, len = 0, r;
            do {
                if (len + 4096 > cap)
                    buf = xrealloc(buf, cap = cap * 2 + 4096);
                r = fread(buf + len, 1, cap - len, f);
                len += r;
            } while (r > 0);
            fclose(f);
            fn(buf, len);
            free(buf);
            n++;
        }
        free(path);
    }
    closedir(d);
    return n;
}

static void run_target(const char *name, one_fn fn)
{
    char *reg = xasprintf("%s/tests/fuzz/regressions/%s", SRCDIR, name);
    char *corpus = xasprintf("%s/tests/fuzz/corpus/%s", SRCDIR, name);
    int n = replay(reg, fn) + replay(corpus, fn);
    printf("  %s: %d inputs replayed\n", name, n);
    assert_true(n > 0);
    free(reg);
    free(corpus);
}

static void test_cmd(void **state) { (void)state; run_target("cmd", fuzz_cmd_one); }
static void test_sqlsplit(void **state) { (void)state; run_target("sqlsplit", fuzz_sqlsplit_one); }
static void test_migfile(void **state) { (void)state; run_target("migfile", fuzz_migfile_one); }
static void test_keymap(void **state) { (void)state; run_target("keymap", fuzz_keymap_one); }
static void test_json(void **state) { (void)state; run_target("json", fuzz_json_one); }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cmd),
        cmocka_unit_test(test_sqlsplit),
        cmocka_unit_test(test_migfile),
        cmocka_unit_test(test_keymap),
        cmocka_unit_test(test_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
