/* test_out.c: unit tests for out.c: CSV quoting, JSON escaping and typing, terminal-safe
 * table rendering, display width, the 1000-row table batching and empty results. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "util.h"

/* ---- helpers -------------------------------------------------------------------------- */

/* An in-memory FILE; mem_close returns its text (caller frees). */
typedef struct mem {
    FILE *f;
    char *buf; /* owned by the stream until mem_close, then by the caller */
    size_t len;
} mem;

static void mem_open(mem *m)
{
    m->buf = NULL;
    m->len = 0;
    m->f = open_memstream(&m->buf, &m->len);
    assert_non_null(m->f);
}

static char *mem_close(mem *m)
{
    assert_int_equal(fclose(m->f), 0);
    return m->buf;
}

/* out_json_string / out_csv_field of s as a malloc'd string (caller frees). */
static char *json_of(const char *s)
{
    mem m;
    mem_open(&m);
    out_json_string(m.f, s);
    return mem_close(&m);
}

static char *csv_of(const char *s)
{
    mem m;
    mem_open(&m);
    out_csv_field(m.f, s);
    return mem_close(&m);
}

static void check_json(const char *in, const char *want)
{
    char *got = json_of(in);
    assert_string_equal(got, want);
    free(got);
}

static void check_csv(const char *in, const char *want)
{
    char *got = csv_of(in);
    assert_string_equal(got, want);
    free(got);
}

static void check_sanitize(const char *in, const char *want)
{
    char *got = out_sanitize(in);
    assert_string_equal(got, want);
    free(got);
}

/* Run a whole result (nrows rows of ncols values, row-major; NULL entries are SQL NULLs)
 * through a sink and return the output (caller frees). */
static char *run_sink(out_format fmt, const out_col *cols, int ncols, const char *const *vals,
                      int nrows)
{
    mem m;
    mem_open(&m);
    out_sink *s = out_begin(fmt, m.f, cols, ncols);
    assert_non_null(s);
    for (int r = 0; r < nrows; r++)
        out_row(s, vals + (size_t)r * (size_t)ncols);
    out_end(s);
    return mem_close(&m);
}

static void check_sink(out_format fmt, const out_col *cols, int ncols, const char *const *vals,
                       int nrows, const char *want)
{
    char *got = run_sink(fmt, cols, ncols, vals, nrows);
    assert_string_equal(got, want);
    free(got);
}

static int count_occurrences(const char *hay, const char *needle)
{
    int n = 0;
    size_t nl = strlen(needle);
    for (const char *p = strstr(hay, needle); p; p = strstr(p + nl, needle))
        n++;
    return n;
}

/* ---- formats -------------------------------------------------------------------------- */

static void test_format_parse(void **state)
{
    (void)state;
    const char *names[] = {"table", "csv", "json", "jsonl"};
    const out_format fmts[] = {OUT_TABLE, OUT_CSV, OUT_JSON, OUT_JSONL};
    out_format f;
    for (int i = 0; i < 4; i++) {
        f = fmts[(i + 1) % 4];
        assert_true(out_format_parse(names[i], &f));
        assert_int_equal(f, fmts[i]);
        assert_string_equal(out_format_name(fmts[i]), names[i]);
    }
    f = OUT_CSV;
    assert_false(out_format_parse("", &f));
    assert_false(out_format_parse("xml", &f));
    assert_false(out_format_parse("jsonlines", &f));
    assert_false(out_format_parse("csv ", &f));
    assert_false(out_format_parse(NULL, &f));
    assert_int_equal(f, OUT_CSV); /* untouched on failure */
}

/* ---- CSV ------------------------------------------------------------------------------ */

static void test_csv_field(void **state)
{
    (void)state;
    check_csv("plain", "plain");
    check_csv("a,b", "\"a,b\"");
    check_csv("say \"hi\"", "\"say \"\"hi\"\"\"");
    check_csv("\"", "\"\"\"\"");
    check_csv("a\rb", "\"a\rb\"");
    check_csv("a\nb", "\"a\nb\"");
    check_csv(" lead", "\" lead\"");
    check_csv("trail ", "\"trail \"");
    check_csv("in side", "in side");
    check_csv("", "\"\"");
    check_csv(NULL, "");
    check_csv("tab\there", "tab\there");
    check_csv("\xe6\x97\xa5\xff", "\xe6\x97\xa5\xff"); /* bytes pass through */
}

static void test_csv_sink(void **state)
{
    (void)state;
    const out_col cols[] = {{"id", COL_NUMBER}, {"na,me", COL_TEXT}, {"v", COL_TEXT}};
    const char *vals[] = {
        "1", "alice", "",        /* empty string */
        "2", NULL, "x\"y",       /* NULL, quote */
        "3", "line1\nline2", " ", /* newline, lone space */
    };
    check_sink(OUT_CSV, cols, 3, vals, 3,
               "id,\"na,me\",v\n"
               "1,alice,\"\"\n"
               "2,,\"x\"\"y\"\n"
               "3,\"line1\nline2\",\" \"\n");
}

static void test_csv_empty(void **state)
{
    (void)state;
    const out_col cols[] = {{"a", COL_TEXT}, {"b", COL_NUMBER}};
    check_sink(OUT_CSV, cols, 2, NULL, 0, "a,b\n");
}

/* ---- JSON strings --------------------------------------------------------------------- */

static void test_json_controls(void **state)
{
    (void)state;
    /* 0x00 cannot occur inside a C string; it is the terminator, so "" is the edge case. */
    check_json("", "\"\"");
    for (int c = 0x01; c <= 0x20; c++) {
        char in[4] = {'a', (char)c, 'b', '\0'};
        char want[16];
        const char *esc;
        switch (c) {
        case 0x08: esc = "\\b"; break;
        case 0x09: esc = "\\t"; break;
        case 0x0a: esc = "\\n"; break;
        case 0x0c: esc = "\\f"; break;
        case 0x0d: esc = "\\r"; break;
        case 0x20: esc = " "; break; /* first non-control: literal */
        default: esc = NULL; break;
        }
        if (esc)
            snprintf(want, sizeof want, "\"a%sb\"", esc);
        else
            snprintf(want, sizeof want, "\"a\\u00%02xb\"", c);
        char *got = json_of(in);
        if (strcmp(got, want) != 0)
            fail_msg("control 0x%02x: got %s want %s", c, got, want);
        free(got);
    }
    check_json("\x7f", "\"\\u007f\"");
    check_json("\x1b[31mred", "\"\\u001b[31mred\"");
}

static void test_json_quote_backslash(void **state)
{
    (void)state;
    check_json("a\"b", "\"a\\\"b\"");
    check_json("a\\b", "\"a\\\\b\"");
    check_json("\\\"", "\"\\\\\\\"\"");
    check_json("a/b", "\"a/b\"");
    check_json(NULL, "null");
}

static void test_json_line_separators(void **state)
{
    (void)state;
    check_json("a\xe2\x80\xa8" "b", "\"a\\u2028b\"");
    check_json("a\xe2\x80\xa9" "b", "\"a\\u2029b\"");
    /* neighbours pass through */
    check_json("\xe2\x80\xa7\xe2\x80\xaa", "\"\xe2\x80\xa7\xe2\x80\xaa\"");
}

static void test_json_utf8_valid(void **state)
{
    (void)state;
    const char *ok[] = {
        "\xc2\x80",         /* U+0080, smallest 2-byte */
        "\xc3\xa9",         /* é */
        "\xdf\xbf",         /* U+07FF */
        "\xe0\xa0\x80",     /* U+0800, smallest 3-byte */
        "\xe2\x82\xac",     /* € */
        "\xe6\x97\xa5",     /* 日 */
        "\xed\x9f\xbf",     /* U+D7FF, just below the surrogates */
        "\xee\x80\x80",     /* U+E000, just above */
        "\xef\xbf\xbf",     /* U+FFFF */
        "\xf0\x90\x80\x80", /* U+10000, smallest 4-byte */
        "\xf0\x9f\x98\x80", /* 😀 */
        "\xf4\x8f\xbf\xbf", /* U+10FFFF */
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        char want[32];
        snprintf(want, sizeof want, "\"x%sy\"", ok[i]);
        char in[16];
        snprintf(in, sizeof in, "x%sy", ok[i]);
        char *got = json_of(in);
        if (strcmp(got, want) != 0)
            fail_msg("valid utf-8 #%zu changed: %s", i, got);
        free(got);
    }
}

static void test_json_utf8_invalid(void **state)
{
    (void)state;
#define R "\\ufffd"
    /* overlong forms */
    check_json("\xc0\x80", "\"" R R "\"");
    check_json("\xc1\xbf", "\"" R R "\"");
    check_json("\xe0\x80\xaf", "\"" R R R "\"");
    check_json("\xe0\x9f\xbf", "\"" R R R "\"");
    check_json("\xf0\x80\x80\xaf", "\"" R R R R "\"");
    check_json("\xf0\x8f\xbf\xbf", "\"" R R R R "\"");
    /* UTF-16 surrogates encoded in UTF-8 */
    check_json("\xed\xa0\x80", "\"" R R R "\"");
    check_json("\xed\xbf\xbf", "\"" R R R "\"");
    /* above U+10FFFF */
    check_json("\xf4\x90\x80\x80", "\"" R R R R "\"");
    check_json("\xf5\x80\x80\x80", "\"" R R R R "\"");
    check_json("\xf8\x88\x80\x80\x80", "\"" R R R R R "\"");
    check_json("\xfe\xff", "\"" R R "\"");
    /* truncated sequences: at end of string and before an ASCII byte */
    check_json("\xc3", "\"" R "\"");
    check_json("\xe2\x82", "\"" R R "\"");
    check_json("\xf0\x9f\x98", "\"" R R R "\"");
    check_json("a\xe2\x82z", "\"a" R R "z\"");
    check_json("\xc3\xc3\xa9", "\"" R "\xc3\xa9\"");
    /* stray continuation bytes */
    check_json("\x80", "\"" R "\"");
    check_json("a\xbf" "b", "\"a" R "b\"");
    check_json("\xe2\x82\xac\xac", "\"\xe2\x82\xac" R "\"");
#undef R
}

/* ---- JSON sinks ----------------------------------------------------------------------- */

static void test_json_number_typing(void **state)
{
    (void)state;
    const out_col cols[] = {{"n", COL_NUMBER}};
    const struct {
        const char *in, *want;
    } cases[] = {
        {"0", "0"}, {"-0", "-0"}, {"42", "42"}, {"-17", "-17"},
        {"3.25", "3.25"}, {"1e10", "1e10"}, {"1E+2", "1E+2"}, {"-2.5e-3", "-2.5e-3"},
        {"123456789012345678901234567890", "123456789012345678901234567890"},
        {"NaN", "\"NaN\""}, {"Infinity", "\"Infinity\""}, {"-Infinity", "\"-Infinity\""},
        {"1e", "\"1e\""}, {"1e+", "\"1e+\""}, {"01", "\"01\""}, {"+1", "\"+1\""},
        {".5", "\".5\""}, {"1.", "\"1.\""}, {"-", "\"-\""}, {"", "\"\""},
        {" 1", "\" 1\""}, {"1 ", "\"1 \""}, {"0x10", "\"0x10\""}, {"1,5", "\"1,5\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *vals[] = {cases[i].in};
        char want[128];
        snprintf(want, sizeof want, "{\"n\":%s}\n", cases[i].want);
        char *got = run_sink(OUT_JSONL, cols, 1, vals, 1);
        if (strcmp(got, want) != 0)
            fail_msg("number %s: got %s want %s", cases[i].in, got, want);
        free(got);
    }
}

static void test_json_typing(void **state)
{
    (void)state;
    const out_col cols[] = {
        {"t", COL_TEXT}, {"b", COL_BOOL}, {"j", COL_JSON}, {"n", COL_NUMBER},
    };
    const char *vals[] = {
        "42",    "t",     "{\"k\": [1, 2]}",   "7",
        "x",     "f",     "[1,\n 2]",          NULL,
        NULL,    "true",  "\"s\xff\"",         "NaN",
        "true",  "false", "\"\xe2\x82\xac\"",  "1",
        "\"q\"", "yes",   "{\"a\":\x01}",       "2",
        "",      NULL,    NULL,                "3",
    };
    check_sink(OUT_JSONL, cols, 4, vals, 6,
               "{\"t\":\"42\",\"b\":true,\"j\":{\"k\": [1, 2]},\"n\":7}\n"
               "{\"t\":\"x\",\"b\":false,\"j\":[1,  2],\"n\":null}\n"
               "{\"t\":null,\"b\":true,\"j\":\"\\\"s\\ufffd\\\"\",\"n\":\"NaN\"}\n"
               "{\"t\":\"true\",\"b\":false,\"j\":\"\xe2\x82\xac\",\"n\":1}\n"
               "{\"t\":\"\\\"q\\\"\",\"b\":\"yes\",\"j\":\"{\\\"a\\\":\\u0001}\",\"n\":2}\n"
               "{\"t\":\"\",\"b\":null,\"j\":null,\"n\":3}\n");
}

static void test_json_array(void **state)
{
    (void)state;
    const out_col cols[] = {{"a", COL_NUMBER}, {"b\"\n", COL_TEXT}};
    const char *vals[] = {"1", "x", "2", NULL};
    check_sink(OUT_JSON, cols, 2, vals, 2,
               "[\n{\"a\":1,\"b\\\"\\n\":\"x\"},\n{\"a\":2,\"b\\\"\\n\":null}\n]\n");
    check_sink(OUT_JSON, cols, 2, vals, 1, "[\n{\"a\":1,\"b\\\"\\n\":\"x\"}\n]\n");
}

static void test_json_empty(void **state)
{
    (void)state;
    const out_col cols[] = {{"a", COL_TEXT}};
    check_sink(OUT_JSON, cols, 1, NULL, 0, "[]\n");
    check_sink(OUT_JSONL, cols, 1, NULL, 0, "");
}

static void test_jsonl(void **state)
{
    (void)state;
    const out_col cols[] = {{"id", COL_NUMBER}, {"s", COL_TEXT}};
    const char *vals[] = {"1", "a\nb", "2", "\xe6\x97\xa5", "3", NULL};
    check_sink(OUT_JSONL, cols, 2, vals, 3,
               "{\"id\":1,\"s\":\"a\\nb\"}\n"
               "{\"id\":2,\"s\":\"\xe6\x97\xa5\"}\n"
               "{\"id\":3,\"s\":null}\n");
}

static void test_zero_columns(void **state)
{
    (void)state;
    const char *dummy[1] = {NULL};
    check_sink(OUT_JSON, NULL, 0, dummy, 1, "[\n{}\n]\n");
    check_sink(OUT_JSONL, NULL, 0, dummy, 1, "{}\n");
    check_sink(OUT_CSV, NULL, 0, dummy, 1, "\n\n");
    check_sink(OUT_TABLE, NULL, 0, dummy, 1, "--\n(1 row)\n\n");
}

/* ---- terminal-safe text --------------------------------------------------------------- */

static void test_sanitize(void **state)
{
    (void)state;
    check_sanitize("plain text", "plain text");
    check_sanitize(NULL, "");
    check_sanitize("a\nb", "a\\nb");
    check_sanitize("a\tb", "a\\tb");
    check_sanitize("a\rb", "a\\rb");
    check_sanitize("\x1b[31mred\x1b[0m", "\\x1B[31mred\\x1B[0m");
    check_sanitize("\x01\x07\x7f", "\\x01\\x07\\x7F");
    check_sanitize("back\\slash", "back\\slash");
    /* C1 controls as code points (CSI U+009B would start an escape sequence) */
    check_sanitize("\xc2\x9b" "2J", "\\u{9B}2J");
    check_sanitize("\xc2\x80\xc2\x9f\xc2\xa0", "\\u{80}\\u{9F}\xc2\xa0");
    /* bidi controls: every one, and their neighbours untouched */
    check_sanitize("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad\xe2\x80\xae",
                   "\\u{202A}\\u{202B}\\u{202C}\\u{202D}\\u{202E}");
    check_sanitize("\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9",
                   "\\u{2066}\\u{2067}\\u{2068}\\u{2069}");
    check_sanitize("\xe2\x80\xa9\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa",
                   "\xe2\x80\xa9\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa");
    /* invalid UTF-8 bytes, including a raw 8-bit CSI */
    check_sanitize("\x9b" "31m", "\\x9B31m");
    check_sanitize("a\xff\xc0\x80z", "a\\xFF\\xC0\\x80z");
    check_sanitize("\xe2\x82", "\\xE2\\x82");
    check_sanitize("\xe6\x97\xa5\xe6\x9c\xac", "\xe6\x97\xa5\xe6\x9c\xac");
}

static void test_display_width(void **state)
{
    (void)state;
    assert_int_equal(out_display_width(""), 0);
    assert_int_equal(out_display_width(NULL), 0);
    assert_int_equal(out_display_width("hello"), 5);
    assert_int_equal(out_display_width("\xc3\xa9t\xc3\xa9"), 3);           /* été */
    assert_int_equal(out_display_width("\xe6\x97\xa5\xe6\x9c\xac"), 4);     /* 日本 */
    assert_int_equal(out_display_width("e\xcc\x81"), 1);                    /* e + U+0301 */
    assert_int_equal(out_display_width("\xf0\x9f\x98\x80"), 2);             /* 😀 */
    assert_int_equal(out_display_width("\x1b"), 4);                         /* \x1B */
    assert_int_equal(out_display_width("a\nb"), 4);                         /* a\nb */
    assert_int_equal(out_display_width("\xff"), 4);                         /* \xFF */
    assert_int_equal(out_display_width("\xe2\x80\xae"), 8);                 /* \u{202E} */

    /* In a single-byte locale every byte is one cell. */
    char *saved = xstrdup(setlocale(LC_ALL, NULL));
    assert_non_null(setlocale(LC_ALL, "C"));
    assert_int_equal(out_display_width("\xe6\x97\xa5\xe6\x9c\xac"), 6);
    assert_int_equal(out_display_width("\xc3\xa9"), 2);
    assert_non_null(setlocale(LC_ALL, saved));
    free(saved);
    assert_int_equal(out_display_width("\xe6\x97\xa5\xe6\x9c\xac"), 4);
}

/* ---- table ---------------------------------------------------------------------------- */

static void test_table_basic(void **state)
{
    (void)state;
    const out_col cols[] = {{"id", COL_NUMBER}, {"name", COL_TEXT}, {"note", COL_TEXT}};
    const char *vals[] = {
        "1",  "alice", "x",
        "42", NULL,    "hello",
        NULL, "bo",    NULL,
    };
    check_sink(OUT_TABLE, cols, 3, vals, 3,
               " id | name  | note  \n"
               "----+-------+-------\n"
               "  1 | alice | x\n"
               " 42 |       | hello\n"
               "    | bo    | \n"
               "(3 rows)\n\n");
}

static void test_table_one_row_and_centering(void **state)
{
    (void)state;
    const out_col cols[] = {{"a", COL_TEXT}, {"n", COL_NUMBER}};
    const char *vals[] = {"hello", "12345"};
    check_sink(OUT_TABLE, cols, 2, vals, 1,
               "   a   |   n   \n"
               "-------+-------\n"
               " hello | 12345\n"
               "(1 row)\n\n");
    const out_col wide[] = {{"longname", COL_NUMBER}};
    const char *v2[] = {"7"};
    check_sink(OUT_TABLE, wide, 1, v2, 1,
               " longname \n"
               "----------\n"
               "        7\n"
               "(1 row)\n\n");
}

static void test_table_cjk(void **state)
{
    (void)state;
    /* 日本 is 6 bytes but 4 cells; padding must follow cells, not bytes. */
    const out_col cols[] = {{"k", COL_TEXT}, {"v", COL_NUMBER}};
    const char *vals[] = {
        "\xe6\x97\xa5\xe6\x9c\xac", "1",
        "abcde",                    "22",
        "\xc3\xa9",                 "3",
    };
    check_sink(OUT_TABLE, cols, 2, vals, 3,
               "   k   | v  \n"
               "-------+----\n"
               " \xe6\x97\xa5\xe6\x9c\xac  |  1\n"
               " abcde | 22\n"
               " \xc3\xa9     |  3\n"
               "(3 rows)\n\n");
}

static void test_table_escapes(void **state)
{
    (void)state;
    const out_col cols[] = {{"c\x1b", COL_TEXT}, {"d", COL_TEXT}};
    const char *vals[] = {
        "\x1b[31mred", "z",
        "a\nb\tc",     "\xe2\x80\xae" "abc",
    };
    char *got = run_sink(OUT_TABLE, cols, 2, vals, 2);
    assert_string_equal(got,
                        "    c\\x1B    |      d      \n"
                        "-------------+-------------\n"
                        " \\x1B[31mred | z\n"
                        " a\\nb\\tc     | \\u{202E}abc\n"
                        "(2 rows)\n\n");
    assert_null(strchr(got, '\x1b'));
    assert_null(strstr(got, "\xe2\x80\xae"));
    free(got);
}

static void test_table_empty(void **state)
{
    (void)state;
    const out_col cols[] = {{"a", COL_TEXT}, {"bb", COL_NUMBER}};
    check_sink(OUT_TABLE, cols, 2, NULL, 0,
               " a | bb \n"
               "---+----\n"
               "(0 rows)\n\n");
}

/* Feed n rows of (i, "r<i>") to a table sink and return the output (caller frees). */
static char *table_of_n(int n)
{
    const out_col cols[] = {{"i", COL_NUMBER}, {"s", COL_TEXT}};
    mem m;
    mem_open(&m);
    out_sink *s = out_begin(OUT_TABLE, m.f, cols, 2);
    for (int i = 0; i < n; i++) {
        char a[16], b[16];
        snprintf(a, sizeof a, "%d", i);
        snprintf(b, sizeof b, "r%d", i);
        const char *vals[] = {a, b};
        out_row(s, vals);
    }
    out_end(s);
    return mem_close(&m);
}

/* Lines of text starting with prefix. */
static int count_lines_starting(const char *text, const char *prefix)
{
    int n = 0;
    size_t pl = strlen(prefix);
    for (const char *p = text; *p;) {
        if (strncmp(p, prefix, pl) == 0)
            n++;
        const char *nl = strchr(p, '\n');
        if (!nl)
            break;
        p = nl + 1;
    }
    return n;
}

static void test_table_batching(void **state)
{
    (void)state;
    char *out = table_of_n(2500);
    /* Batches of 1000, 1000 and 500, each with its own header and with widths from its own
     * rows: the first batch's widest values are "999"/"r999", the others' "1999"/"r1999". */
    assert_int_equal(count_lines_starting(out, "  i "), 3);
    assert_int_equal(count_lines_starting(out, "-"), 3);
    assert_int_equal(count_occurrences(out, "  i  |  s   \n-----+------\n"), 1);
    assert_int_equal(count_occurrences(out, "  i   |   s   \n------+-------\n"), 2);
    const char *head = "  i  |  s   \n-----+------\n   0 | r0\n   1 | r1\n";
    assert_true(strncmp(out, head, strlen(head)) == 0);
    assert_non_null(strstr(out, " 999 | r999\n  i   |   s   \n------+-------\n 1000 | r1000\n"));
    assert_non_null(strstr(out, " 1999 | r1999\n  i   |   s   \n------+-------\n 2000 | r2000\n"));
    size_t len = strlen(out);
    const char *tail = " 2499 | r2499\n(2500 rows)\n\n";
    assert_true(len > strlen(tail));
    assert_string_equal(out + len - strlen(tail), tail);
    assert_int_equal(count_occurrences(out, "rows)"), 1);
    /* 2500 data lines, 3 headers of 2 lines, the footer and the blank line */
    assert_int_equal(count_occurrences(out, "\n"), 2500 + 6 + 2);
    free(out);

    /* Exactly one full batch: one header, no empty second block. */
    out = table_of_n(1000);
    assert_int_equal(count_lines_starting(out, "  i "), 1);
    assert_int_equal(count_occurrences(out, "\n"), 1000 + 2 + 2);
    assert_non_null(strstr(out, " 999 | r999\n(1000 rows)\n\n"));
    free(out);

    /* 1001 rows: a second block holding the single last row. */
    out = table_of_n(1001);
    assert_int_equal(count_lines_starting(out, "  i "), 2);
    assert_non_null(strstr(out, " 999 | r999\n  i   |   s   \n------+-------\n 1000 | r1000\n(1001 rows)\n\n"));
    free(out);
}

int main(void)
{
    if (!setlocale(LC_ALL, "C.UTF-8")) {
        fputs("test_out: the C.UTF-8 locale is required\n", stderr);
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_parse),
        cmocka_unit_test(test_csv_field),
        cmocka_unit_test(test_csv_sink),
        cmocka_unit_test(test_csv_empty),
        cmocka_unit_test(test_json_controls),
        cmocka_unit_test(test_json_quote_backslash),
        cmocka_unit_test(test_json_line_separators),
        cmocka_unit_test(test_json_utf8_valid),
        cmocka_unit_test(test_json_utf8_invalid),
        cmocka_unit_test(test_json_number_typing),
        cmocka_unit_test(test_json_typing),
        cmocka_unit_test(test_json_array),
        cmocka_unit_test(test_json_empty),
        cmocka_unit_test(test_jsonl),
        cmocka_unit_test(test_zero_columns),
        cmocka_unit_test(test_sanitize),
        cmocka_unit_test(test_display_width),
        cmocka_unit_test(test_table_basic),
        cmocka_unit_test(test_table_one_row_and_centering),
        cmocka_unit_test(test_table_cjk),
        cmocka_unit_test(test_table_escapes),
        cmocka_unit_test(test_table_empty),
        cmocka_unit_test(test_table_batching),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
