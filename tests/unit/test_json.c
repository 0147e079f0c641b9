/* test_json.c: unit tests for the JSON index: structure, paths in jq/JSONPath/PostgreSQL syntax,
 * folding and visible lines, search with hits in folded nodes, deep nesting, bad UTF-8, diff, tables. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "util.h"

static json_doc *parse_ok(const char *text)
{
    char *err = NULL;
    json_doc *d = json_parse(text, strlen(text), &err);
    if (!d)
        fail_msg("parse failed: %s", err);
    return d;
}

/* The node reached by following child positions from the root; -1 ends the list. */
static uint32_t at(const json_doc *d, ...)
{
    va_list ap;
    va_start(ap, d);
    uint32_t i = 0;
    for (int k = va_arg(ap, int); k >= 0; k = va_arg(ap, int)) {
        i = json_first_child(d, i);
        for (int s = 0; s < k && i != JSON_NONE; s++)
            i = json_next_sibling(d, i);
        assert_int_not_equal(i, JSON_NONE);
    }
    va_end(ap);
    return i;
}

static void assert_path(const json_doc *d, uint32_t i, json_path_kind kind, const char *want)
{
    strbuf sb = STRBUF_INIT;
    json_path(d, i, kind, &sb);
    assert_string_equal(sb_str(&sb), want);
    sb_free(&sb);
}

static void assert_line(const json_doc *d, json_line l, const char *want)
{
    strbuf sb = STRBUF_INIT;
    json_line_text(d, l, &sb);
    assert_string_equal(sb_str(&sb), want);
    sb_free(&sb);
}

static const char *DOC = "{\"a\": [1, {\"b\": \"x\"}, [true, null]], \"c\": {\"d\": 2.5e3, \"e\": \"hello\"}, "
                         "\"f\": \"\\u00e9\\n\", \"g\": {}}";

static void test_structure(void **state)
{
    (void)state;
    json_doc *d = parse_ok(DOC);
    /* root, a, 1, {b}, "x", [true,null], true, null, c, 2.5e3, "hello", f, g */
    assert_int_equal(d->n, 13);
    assert_int_equal(json_type_of(d, 0), JSON_OBJECT);
    assert_int_equal(json_nchildren(d, 0), 4);
    assert_int_equal(d->nodes[0].len, strlen(DOC));
    uint32_t a = at(d, 0, -1);
    assert_int_equal(json_type_of(d, a), JSON_ARRAY);
    assert_int_equal(json_nchildren(d, a), 3);
    assert_int_equal(d->nodes[a].end, 8);
    assert_int_equal(json_next_sibling(d, a), 8);
    uint32_t b = at(d, 0, 1, 0, -1);
    strbuf sb = STRBUF_INIT;
    assert_true(json_key(d, b, &sb));
    assert_string_equal(sb_str(&sb), "b");
    sb_reset(&sb);
    assert_true(json_scalar(d, b, &sb));
    assert_string_equal(sb_str(&sb), "x");
    sb_reset(&sb);
    assert_false(json_key(d, at(d, 0, 0, -1), &sb));
    assert_true(json_scalar(d, at(d, 1, 0, -1), &sb));
    assert_string_equal(sb_str(&sb), "2.5e3");
    sb_reset(&sb);
    json_scalar(d, at(d, 2, -1), &sb);
    assert_string_equal(sb_str(&sb), "\xc3\xa9\n");
    sb_free(&sb);
    assert_int_equal(json_depth(d, at(d, 0, 2, 1, -1)), 3);
    assert_int_equal(json_child_pos(d, at(d, 0, 2, -1)), 2);
    json_free(d);
}

static void test_scalar_root_and_errors(void **state)
{
    (void)state;
    json_doc *d = parse_ok("  42  ");
    assert_int_equal(d->n, 1);
    strbuf sb = STRBUF_INIT;
    json_scalar(d, 0, &sb);
    assert_string_equal(sb_str(&sb), "42");
    sb_free(&sb);
    assert_path(d, 0, JSON_PATH_JQ, ".");
    assert_path(d, 0, JSON_PATH_JSONPATH, "$");
    assert_path(d, 0, JSON_PATH_PG, "{}");
    json_free(d);

    const char *bad[] = {"", "   ", "{", "[1,]", "{\"a\" 1}", "[1] x", "nul", "\"abc"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        char *err = NULL;
        json_doc *x = json_parse(bad[k], strlen(bad[k]), &err);
        assert_null(x);
        assert_non_null(err);
        assert_true(strlen(err) > 0);
        free(err);
    }
    char *err = NULL;
    char *owned = xstrdup("[1, 2");
    assert_null(json_parse_owned(owned, strlen(owned), &err)); /* frees owned */
    assert_non_null(strstr(err, "invalid JSON"));
    free(err);
}

static void test_paths(void **state)
{
    (void)state;
    const char *text = "{\"a\": [0, {\"b\": 1}], \"odd key\": {\"it's\": {\"x,y\": [{\"\": 5, \"NULL\": 6, "
                       "\"q\\\"b\\\\s\": 7, \"a{b}\": 8, \"_ok9\": 9, \"9no\": 10}]}}}";
    json_doc *d = parse_ok(text);
    uint32_t b = at(d, 0, 1, 0, -1);
    assert_path(d, b, JSON_PATH_JQ, ".a[1].b");
    assert_path(d, b, JSON_PATH_JSONPATH, "$.a[1].b");
    assert_path(d, b, JSON_PATH_PG, "{a,1,b}");
    assert_path(d, b, JSON_PATH_PG_SQL, "#>'{a,1,b}'");
    assert_path(d, 0, JSON_PATH_JQ, ".");
    assert_path(d, 0, JSON_PATH_PG, "{}");

    uint32_t xy = at(d, 1, 0, 0, -1);
    assert_path(d, xy, JSON_PATH_JQ, ".\"odd key\".\"it's\".\"x,y\"");
    assert_path(d, xy, JSON_PATH_JSONPATH, "$['odd key']['it\\'s']['x,y']");
    assert_path(d, xy, JSON_PATH_PG, "{\"odd key\",it's,\"x,y\"}");
    assert_path(d, xy, JSON_PATH_PG_SQL, "#>'{\"odd key\",it''s,\"x,y\"}'");

    uint32_t el = at(d, 1, 0, 0, 0, -1);
    assert_path(d, at(d, 1, 0, 0, 0, 0, -1), JSON_PATH_JQ, ".\"odd key\".\"it's\".\"x,y\"[0].\"\"");
    assert_path(d, at(d, 1, 0, 0, 0, 0, -1), JSON_PATH_PG, "{\"odd key\",it's,\"x,y\",0,\"\"}");
    assert_path(d, at(d, 1, 0, 0, 0, 1, -1), JSON_PATH_PG, "{\"odd key\",it's,\"x,y\",0,\"NULL\"}");
    assert_path(d, at(d, 1, 0, 0, 0, 2, -1), JSON_PATH_JQ, ".\"odd key\".\"it's\".\"x,y\"[0].\"q\\\"b\\\\s\"");
    assert_path(d, at(d, 1, 0, 0, 0, 2, -1), JSON_PATH_JSONPATH, "$['odd key']['it\\'s']['x,y'][0]['q\"b\\\\s']");
    assert_path(d, at(d, 1, 0, 0, 0, 2, -1), JSON_PATH_PG, "{\"odd key\",it's,\"x,y\",0,\"q\\\"b\\\\s\"}");
    assert_path(d, at(d, 1, 0, 0, 0, 3, -1), JSON_PATH_PG, "{\"odd key\",it's,\"x,y\",0,\"a{b}\"}");
    assert_path(d, at(d, 1, 0, 0, 0, 4, -1), JSON_PATH_JQ, ".\"odd key\".\"it's\".\"x,y\"[0]._ok9");
    assert_path(d, at(d, 1, 0, 0, 0, 5, -1), JSON_PATH_JSONPATH, "$['odd key']['it\\'s']['x,y'][0]['9no']");
    (void)el;
    json_free(d);

    d = parse_ok("[[1, [2, 3]]]");
    assert_path(d, at(d, 0, 1, 1, -1), JSON_PATH_JQ, ".[0][1][1]");
    assert_path(d, at(d, 0, 1, 1, -1), JSON_PATH_JSONPATH, "$[0][1][1]");
    assert_path(d, at(d, 0, 1, 1, -1), JSON_PATH_PG, "{0,1,1}");
    json_free(d);

    /* keys with escapes and control characters */
    d = parse_ok("{\"tab\\there\": {\"\\u00e9t\\u00e9\": 1}}");
    assert_path(d, at(d, 0, 0, -1), JSON_PATH_JQ, ".\"tab\\there\".\"\xc3\xa9t\xc3\xa9\"");
    assert_path(d, at(d, 0, 0, -1), JSON_PATH_PG, "{\"tab\there\",\xc3\xa9t\xc3\xa9}");
    json_free(d);
}

static size_t count_by_iteration(const json_doc *d)
{
    size_t k = 1;
    json_line l = json_line_first(d);
    while (json_line_next(d, &l))
        k++;
    return k;
}

static size_t count_backwards(const json_doc *d)
{
    size_t k = 1;
    json_line l = json_line_last(d);
    while (json_line_prev(d, &l))
        k++;
    return k;
}

static void test_fold_and_lines(void **state)
{
    (void)state;
    json_doc *d = parse_ok(DOC);
    /* expanded: 13 nodes + closes of root, a, {b}, [true,null], c ({} has none) = 18 */
    assert_int_equal(json_visible_count(d), 18);
    assert_int_equal(count_by_iteration(d), 18);
    assert_int_equal(count_backwards(d), 18);
    assert_int_equal(json_fold_count(d), 0);

    json_line l = json_line_first(d);
    assert_line(d, l, "{");
    json_line_next(d, &l);
    assert_line(d, l, "\"a\": [");
    json_line_next(d, &l);
    assert_line(d, l, "1,");
    json_line_next(d, &l);
    assert_line(d, l, "{");
    json_line_next(d, &l);
    assert_line(d, l, "\"b\": \"x\"");
    json_line_next(d, &l);
    assert_true(l.close);
    assert_line(d, l, "},");

    uint32_t a = at(d, 0, -1);
    json_fold(d, a, true);
    assert_int_equal(json_fold_count(d), 1);
    assert_int_equal(json_visible_count(d), 18 - 9);
    assert_int_equal(count_by_iteration(d), 9);
    assert_int_equal(count_backwards(d), 9);
    strbuf sb = STRBUF_INIT;
    json_line_text(d, (json_line){a, false}, &sb);
    assert_string_equal(sb_str(&sb), "\"a\": [...] 3 items, 29 B  [1, {...}, [...]]");
    sb_free(&sb);
    assert_int_equal(json_visible_node(d, at(d, 0, 1, 0, -1)), a);
    json_reveal(d, at(d, 0, 1, 0, -1));
    assert_int_equal(json_fold_count(d), 0);

    json_fold_all(d);
    assert_int_equal(json_fold_count(d), 5); /* a, {b}, [true,null], c and the empty g */
    assert_int_equal(json_visible_count(d), 6);
    json_fold_level(d, 2);
    /* root and its children open: root, a(open), 1, {b}f, [..]f, a-close, c(open), d, e, c-close, f, g, root-close */
    assert_int_equal(json_visible_count(d), 13);
    assert_int_equal(count_by_iteration(d), 13);
    assert_int_equal(count_backwards(d), 13);
    json_fold_level(d, 0);
    assert_int_equal(json_visible_count(d), 1);
    json_unfold_all(d);
    assert_int_equal(json_visible_count(d), 18);
    json_toggle(d, 0);
    assert_int_equal(json_visible_count(d), 1);
    json_toggle(d, 0);
    json_fold(d, at(d, 0, 0, -1), true); /* a scalar does not fold */
    assert_int_equal(json_fold_count(d), 0);
    json_free(d);
}

static void test_summary(void **state)
{
    (void)state;
    json_doc *d = parse_ok("{\"runs\": [{\"name\": \"schema\", \"status\": \"pass\", \"ms\": 12, \"log\": "
                           "\"a very long log line that goes on and on and on and on and on and on\"}]}");
    uint32_t obj = at(d, 0, 0, -1);
    strbuf sb = STRBUF_INIT;
    json_summary(d, obj, 30, &sb);
    assert_non_null(strstr(sb_str(&sb), "{...} 4 keys, "));
    assert_non_null(strstr(sb_str(&sb), "\"name\": \"schema\""));
    assert_non_null(strstr(sb_str(&sb), "...}"));
    assert_null(strstr(sb_str(&sb), "on and on and on and on"));
    sb_reset(&sb);
    json_size_text(10 * 1024 * 1024 + 512 * 1024, &sb);
    assert_string_equal(sb_str(&sb), "10.5 MB");
    sb_reset(&sb);
    json_size_text(812, &sb);
    assert_string_equal(sb_str(&sb), "812 B");
    sb_free(&sb);
    json_free(d);
}

static void test_search(void **state)
{
    (void)state;
    json_doc *d = parse_ok("{\"error\": \"timeout\", \"runs\": [{\"status\": \"fail\", \"error\": null}, "
                           "{\"status\": \"pass\", \"note\": \"no error here\"}], \"Errors\": 3}");
    json_hits h = {0};
    char *err = NULL;
    assert_int_equal(json_search(d, "error", JSON_SEARCH_KEYS, false, &h, &err), 0);
    assert_int_equal(h.n, 2);
    assert_int_equal(json_search(d, "error", JSON_SEARCH_VALUES, false, &h, &err), 0);
    assert_int_equal(h.n, 1);
    assert_int_equal(json_search(d, "error", JSON_SEARCH_BOTH, false, &h, &err), 0);
    assert_int_equal(h.n, 3);
    assert_int_equal(json_search(d, "error", JSON_SEARCH_BOTH, true, &h, &err), 0);
    assert_int_equal(h.n, 4);
    assert_int_equal(json_search(d, "^(fail|pass)$", JSON_SEARCH_VALUES, false, &h, &err), 0);
    assert_int_equal(h.n, 2);
    /* hits inside a folded node */
    uint32_t runs = at(d, 1, -1);
    json_fold(d, runs, true);
    assert_int_equal(json_hits_in(d, &h, runs), 2);
    assert_int_equal(json_hits_in(d, &h, at(d, 1, 0, -1)), 1);
    assert_int_equal(json_hits_in(d, &h, 0), 2);
    assert_int_equal(json_hits_in(d, &h, at(d, 0, -1)), 0);
    /* next / previous wrap around */
    uint32_t first = json_hit_next(&h, JSON_NONE);
    assert_int_equal(first, at(d, 1, 0, 0, -1));
    uint32_t second = json_hit_next(&h, first);
    assert_int_equal(second, at(d, 1, 1, 0, -1));
    assert_int_equal(json_hit_next(&h, second), first);
    assert_int_equal(json_hit_prev(&h, first), second);
    assert_int_equal(json_hit_prev(&h, second), first);
    /* revealing a hit unfolds its ancestors */
    json_reveal(d, second);
    assert_false(json_folded(d, runs));
    /* numbers, booleans, null match as written */
    assert_int_equal(json_search(d, "^null$", JSON_SEARCH_VALUES, false, &h, &err), 0);
    assert_int_equal(h.n, 1);
    assert_int_equal(json_search(d, "(", JSON_SEARCH_BOTH, false, &h, &err), -1);
    assert_non_null(err);
    assert_int_equal(h.n, 0);
    free(err);
    json_hits_free(&h);
    json_free(d);
}

static void test_deep_nesting(void **state)
{
    (void)state;
    const size_t depth = 100000;
    char *t = xmalloc(2 * depth + 3);
    size_t n = 0;
    for (size_t k = 0; k < depth; k++)
        t[n++] = '[';
    t[n++] = '1';
    for (size_t k = 0; k < depth; k++)
        t[n++] = ']';
    char *err = NULL;
    json_doc *d = json_parse_owned(t, n, &err);
    assert_non_null(d);
    assert_int_equal(d->n, depth + 1);
    assert_int_equal(json_depth(d, depth), depth);
    assert_int_equal(json_visible_count(d), 2 * depth + 1);
    assert_int_equal(count_backwards(d), 2 * depth + 1);
    strbuf sb = STRBUF_INIT;
    json_path(d, (uint32_t)depth, JSON_PATH_PG, &sb);
    assert_int_equal(sb.len, 2 + depth * 2 - 1);
    sb_free(&sb);
    json_fold_level(d, 50000);
    assert_int_equal(json_visible_count(d), 2 * 50000 + 1);
    json_hits h = {0};
    assert_int_equal(json_search(d, "^1$", JSON_SEARCH_VALUES, false, &h, &err), 0);
    assert_int_equal(json_hits_in(d, &h, 0), 1);
    json_hits_free(&h);
    /* deep diff and equality are iterative too */
    json_diff df;
    json_diff_run(d, d, &df);
    assert_int_equal(df.n, 0);
    json_diff_free(&df);

    /* pretty text output stays linear in size: indentation stops at JSON_PRETTY_MAX_INDENT */
    {
        char *out = NULL;
        size_t outlen = 0;
        FILE *f = open_memstream(&out, &outlen);
        json_unfold_all(d);
        json_write_pretty(d, f);
        fclose(f);
        assert_true(outlen < (2 * depth + 1) * (2 * JSON_PRETTY_MAX_INDENT + 16));
        assert_non_null(strstr(out, "<100000> 1\n"));
        assert_non_null(strstr(out, "\n  [\n"));
        free(out);
    }
    json_free(d);

    /* deep objects: {"k":{"k":...}} */
    strbuf o = STRBUF_INIT;
    for (size_t k = 0; k < depth; k++)
        sb_append(&o, "{\"k\":");
    sb_append(&o, "null");
    for (size_t k = 0; k < depth; k++)
        sb_appendc(&o, '}');
    d = json_parse(sb_str(&o), o.len, &err);
    assert_non_null(d);
    assert_int_equal(d->n, depth + 1);
    sb_reset(&o);
    json_path(d, 3, JSON_PATH_JQ, &o);
    assert_string_equal(sb_str(&o), ".k.k.k");
    json_free(d);
    sb_free(&o);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    /* raw invalid bytes (0xFF, a lone continuation 0x80, a truncated sequence) and a lone surrogate */
    const char text[] = "{\"k\\u0001\xff\": \"a\xff" "b\x80\xe2\x82\", \"s\": \"\\ud800x\", \"z\": \"\\u0000\\u001b[31m\"}";
    json_doc *d = parse_ok(text);
    assert_int_equal(d->n, 4);
    strbuf sb = STRBUF_INIT;
    json_line_text(d, (json_line){1, false}, &sb);
    assert_string_equal(sb_str(&sb), "\"k\\x01\\xFF\": \"a\\xFFb\\x80\\xE2\\x82\",");
    sb_reset(&sb);
    json_line_text(d, (json_line){2, false}, &sb);
    assert_string_equal(sb_str(&sb), "\"s\": \"\xef\xbf\xbdx\",");
    sb_reset(&sb);
    json_line_text(d, (json_line){3, false}, &sb);
    assert_string_equal(sb_str(&sb), "\"z\": \"\\u0000\\x1B[31m\"");
    sb_reset(&sb);
    json_summary(d, 0, 200, &sb);
    assert_null(strchr(sb_str(&sb), '\x1b'));
    assert_null(strstr(sb_str(&sb), "\xff"));
    sb_free(&sb);
    json_hits h = {0};
    char *err = NULL;
    assert_int_equal(json_search(d, "b", JSON_SEARCH_BOTH, false, &h, &err), 0);
    assert_int_equal(h.n, 1);
    json_hits_free(&h);
    json_free(d);
}

static void test_diff(void **state)
{
    (void)state;
    json_doc *a = parse_ok("{\"keep\": 1, \"gone\": true, \"num\": 1.0, \"s\": \"x\", "
                           "\"arr\": [1, 2, 3], \"obj\": {\"in\": \"a\"}, \"t\": [1]}");
    json_doc *b = parse_ok("{\"s\": \"y\", \"keep\": 1, \"num\": 1, \"arr\": [1, 5], "
                           "\"obj\": {\"in\": \"a\", \"new\": null}, \"t\": {\"0\": 1}, \"added\": []}");
    json_diff df;
    json_diff_run(a, b, &df);
    const struct {
        json_diff_kind kind;
        const char *path;
    } want[] = {
        {JSON_DIFF_REMOVED, ".gone"}, {JSON_DIFF_CHANGED, ".s"},      {JSON_DIFF_CHANGED, ".arr[1]"},
        {JSON_DIFF_REMOVED, ".arr[2]"}, {JSON_DIFF_ADDED, ".obj.new"}, {JSON_DIFF_CHANGED, ".t"},
        {JSON_DIFF_ADDED, ".added"},
    };
    assert_int_equal(df.n, sizeof want / sizeof want[0]);
    for (size_t k = 0; k < df.n; k++) {
        assert_int_equal(df.e[k].kind, want[k].kind);
        strbuf p = STRBUF_INIT;
        if (df.e[k].kind == JSON_DIFF_ADDED) {
            assert_int_equal(df.e[k].a, JSON_NONE);
            json_path(b, df.e[k].b, JSON_PATH_JQ, &p);
        } else
            json_path(a, df.e[k].a, JSON_PATH_JQ, &p);
        assert_string_equal(sb_str(&p), want[k].path);
        sb_free(&p);
    }
    json_diff_free(&df);
    assert_false(json_equal(a, 0, b, 0));
    assert_true(json_equal(a, at(a, 5, 0, -1), b, at(b, 4, 0, -1)));
    assert_false(json_equal(a, at(a, 5, -1), b, at(b, 4, -1)));
    json_free(a);
    json_free(b);

    /* identical documents with different key order and spacing */
    a = parse_ok("{\"x\": [1, {\"y\": \"\\u0041\"}], \"z\": null}");
    b = parse_ok("{\"z\":null,\"x\":[1,{\"y\":\"A\"}]}");
    json_diff_run(a, b, &df);
    assert_int_equal(df.n, 0);
    json_diff_free(&df);
    assert_true(json_equal(a, 0, b, 0));
    json_free(a);
    json_free(b);

    /* keys holding NUL are compared by their whole length */
    a = parse_ok("{\"k\\u0000x\": 1, \"k\\u0000y\": 2}");
    b = parse_ok("{\"k\\u0000y\": 2, \"k\\u0000x\": 3}");
    json_diff_run(a, b, &df);
    assert_int_equal(df.n, 1);
    assert_int_equal(df.e[0].kind, JSON_DIFF_CHANGED);
    assert_int_equal(df.e[0].a, 1);
    json_diff_free(&df);
    json_free(a);
    json_free(b);

    /* differing roots */
    a = parse_ok("1");
    b = parse_ok("[1]");
    json_diff_run(a, b, &df);
    assert_int_equal(df.n, 1);
    assert_int_equal(df.e[0].kind, JSON_DIFF_CHANGED);
    json_diff_free(&df);
    json_free(a);
    json_free(b);
}

static void test_empty_strings_and_structure_in_strings(void **state)
{
    (void)state;
    /* empty keys and values, and strings holding the characters that shape JSON */
    json_doc *d = parse_ok("{\"\": \"\", \"a,[{\": \"]},\\\"x\\\\\", \"e\": [], \"o\": {}}");
    assert_int_equal(d->n, 5);
    strbuf sb = STRBUF_INIT;
    assert_true(json_key(d, 1, &sb));
    assert_int_equal(sb.len, 0);
    assert_string_equal(sb_str(&sb), "");
    json_line_text(d, (json_line){1, false}, &sb);
    assert_string_equal(sb_str(&sb), "\"\": \"\",");
    sb_reset(&sb);
    json_line_text(d, (json_line){2, false}, &sb);
    assert_string_equal(sb_str(&sb), "\"a,[{\": \"]},\\\"x\\\\\",");
    sb_reset(&sb);
    json_summary(d, 0, 100, &sb);
    assert_string_equal(sb_str(&sb), "{...} 4 keys, 46 B  {\"\": \"\", \"a,[{\": \"]},\\\"x\\\\\", \"e\": [...], \"o\": {...}}");
    sb_free(&sb);
    assert_int_equal(json_nchildren(d, 0), 4);
    /* a long string shows cut at display_max, on a character boundary, with its size */
    json_doc *l = parse_ok("[\"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\"]");
    l->display_max = 5;
    strbuf c = STRBUF_INIT;
    json_line_text(l, (json_line){1, false}, &c);
    assert_string_equal(sb_str(&c), "\"\xc3\xa9\xc3\xa9...\" (12 B)");
    sb_reset(&c);
    json_scalar(l, 1, &c);
    assert_int_equal(c.len, 12);
    sb_free(&c);
    json_free(l);
    assert_int_equal(json_nchildren(d, 3), 0);
    assert_false(json_has_close(d, 3));
    assert_int_equal(json_visible_count(d), 6);
    assert_path(d, 1, JSON_PATH_JQ, ".\"\"");
    assert_path(d, 1, JSON_PATH_JSONPATH, "$['']");
    assert_path(d, 2, JSON_PATH_PG, "{\"a,[{\"}");
    json_free(d);
}

static void test_table(void **state)
{
    (void)state;
    json_doc *d = parse_ok("{\"rows\": [{\"name\": \"schema\", \"ms\": 3}, {\"ms\": 5, \"failed\": [\"t1\", \"t2\"]}, "
                           "7, {\"name\": \"li\\nnt\", \"name\": \"dup\"}], \"scalars\": [1, 2]}");
    json_table t;
    assert_false(json_table_build(d, 0, &t));
    assert_false(json_table_build(d, at(d, 1, -1), &t));
    assert_true(json_table_build(d, at(d, 0, -1), &t));
    assert_int_equal(t.ncols, 3);
    assert_string_equal(t.cols[0], "name");
    assert_string_equal(t.cols[1], "ms");
    assert_string_equal(t.cols[2], "failed");
    assert_int_equal(t.nrows, 4);
    const char *want[4][3] = {
        {"schema", "3", ""}, {"", "5", "[]2"}, {"", "", ""}, {"li\\nnt", "", ""},
    };
    for (uint32_t r = 0; r < t.nrows; r++)
        for (uint32_t c = 0; c < t.ncols; c++) {
            strbuf sb = STRBUF_INIT;
            json_cell_text(d, t.cells[r * t.ncols + c], &sb);
            assert_string_equal(sb_str(&sb), want[r][c]);
            sb_free(&sb);
        }
    json_table_free(&t);
    json_free(d);
}

int main(void)
{
    if (!setlocale(LC_ALL, "C.UTF-8")) {
        fputs("test_json: the C.UTF-8 locale is required\n", stderr);
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_structure),    cmocka_unit_test(test_scalar_root_and_errors),
        cmocka_unit_test(test_paths),        cmocka_unit_test(test_fold_and_lines),
        cmocka_unit_test(test_summary),      cmocka_unit_test(test_search),
        cmocka_unit_test(test_deep_nesting), cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_diff),         cmocka_unit_test(test_table),
        cmocka_unit_test(test_empty_strings_and_structure_in_strings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
