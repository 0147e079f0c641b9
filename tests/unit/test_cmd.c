/* test_cmd.c: unit tests for cmd.c: word splitting and quoting, parsing every command in the
 * table, the one-line "did you mean" errors, option handling, usage text, psql aliases,
 * completion candidates and synopsis lines. No database. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "util.h"

/* ---- helpers -------------------------------------------------------------------------- */

/* Split and check the words; expected is NULL-terminated. */
static void split_is(const char *line, const char *const *expected)
{
    char **w = NULL;
    int n = -1;
    char *err = NULL;
    assert_int_equal(cmd_split(line, &w, &n, &err), 0);
    assert_null(err);
    int k = 0;
    while (expected[k])
        k++;
    if (n != k)
        fail_msg("'%s': %d words, expected %d", line, n, k);
    for (int i = 0; i < n; i++)
        assert_string_equal(w[i], expected[i]);
    cmd_words_free(w, n);
}

static void split_fails(const char *line, const char *msg_part)
{
    char **w = NULL;
    int n = -1;
    char *err = NULL;
    assert_int_equal(cmd_split(line, &w, &n, &err), -1);
    assert_non_null(err);
    if (!strstr(err, msg_part))
        fail_msg("'%s': error '%s' lacks '%s'", line, err, msg_part);
    free(err);
}

/* Parse a line that must fail; returns the error (caller frees) after checking it is one line
 * and contains each given fragment (NULL-terminated). */
static char *parse_err(const char *line, ...)
{
    cmd_call call;
    char *err = NULL;
    int rc = cmd_parse(line, &call, &err);
    if (rc != -1)
        fail_msg("'%s' parsed (rc %d), expected an error", line, rc);
    assert_non_null(err);
    assert_null(strchr(err, '\n'));
    /* a failed parse leaves nothing to free */
    assert_null(call.def);
    assert_int_equal(call.argc, 0);
    assert_null(call.argv);
    assert_null(call.format);
    va_list ap;
    va_start(ap, line);
    const char *part;
    while ((part = va_arg(ap, const char *)) != NULL)
        if (!strstr(err, part))
            fail_msg("'%s': error '%s' lacks '%s'", line, err, part);
    va_end(ap);
    return err;
}

static void expect_err(const char *line, const char *part1, const char *part2)
{
    char *e = parse_err(line, part1, part2, NULL);
    free(e);
}

static void parse_ok(const char *line, cmd_call *call)
{
    char *err = NULL;
    int rc = cmd_parse(line, call, &err);
    if (rc != 0)
        fail_msg("'%s' failed to parse (rc %d): %s", line, rc, err ? err : "");
    assert_null(err);
    assert_non_null(call->def);
}

static size_t count_strv(char **v)
{
    size_t n = 0;
    while (v[n])
        n++;
    return n;
}

static bool strv_has(char **v, const char *s)
{
    for (size_t i = 0; v[i]; i++)
        if (strcmp(v[i], s) == 0)
            return true;
    return false;
}

static void strv_free(char **v)
{
    for (size_t i = 0; v[i]; i++)
        free(v[i]);
    free(v);
}

/* Completion of prefix after the words of `before` (split from a string). */
static char **complete_after(const char *before, const char *prefix)
{
    char **w = NULL;
    int n = 0;
    char *err = NULL;
    assert_int_equal(cmd_split(before, &w, &n, &err), 0);
    char **v = cmd_complete(w, n, prefix);
    cmd_words_free(w, n);
    assert_non_null(v);
    return v;
}

/* ---- cmd_split ------------------------------------------------------------------------ */

static void test_split_whitespace(void **state)
{
    (void)state;
    split_is("migrate up", (const char *[]){"migrate", "up", NULL});
    split_is("  \tmigrate \t  up  \r\n", (const char *[]){"migrate", "up", NULL});
    split_is("", (const char *[]){NULL});
    split_is("   \t\n", (const char *[]){NULL});
    split_is("a b c d e f g h i j", /* more than the initial capacity of 8 */
             (const char *[]){"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", NULL});
}

static void test_split_single_quotes(void **state)
{
    (void)state;
    split_is("set x 'a b  c'", (const char *[]){"set", "x", "a b  c", NULL});
    /* literal: backslashes and double quotes are kept as they are */
    split_is("'a\\b\"c'", (const char *[]){"a\\b\"c", NULL});
    split_is("''", (const char *[]){"", NULL});
    /* quotes join with the surrounding text into one word */
    split_is("--reason='two words'x", (const char *[]){"--reason=two wordsx", NULL});
    split_is("'#not a comment'", (const char *[]){"#not a comment", NULL});
}

static void test_split_double_quotes(void **state)
{
    (void)state;
    split_is("\"a b\"", (const char *[]){"a b", NULL});
    split_is("\"say \\\"hi\\\"\"", (const char *[]){"say \"hi\"", NULL});
    split_is("\"back\\\\slash\"", (const char *[]){"back\\slash", NULL});
    /* other backslashes inside double quotes stay */
    split_is("\"a\\nb\"", (const char *[]){"a\\nb", NULL});
    split_is("\"it's\"", (const char *[]){"it's", NULL});
    split_is("x\"\"y", (const char *[]){"xy", NULL});
}

static void test_split_backslash(void **state)
{
    (void)state;
    split_is("a\\ b c", (const char *[]){"a b", "c", NULL});
    split_is("\\'x", (const char *[]){"'x", NULL});
    split_is("\\\"x", (const char *[]){"\"x", NULL});
    split_is("a\\\\b", (const char *[]){"a\\b", NULL});
    /* a trailing backslash has nothing to escape and stays */
    split_is("abc\\", (const char *[]){"abc\\", NULL});
}

static void test_split_comment(void **state)
{
    (void)state;
    split_is("# all comment", (const char *[]){NULL});
    split_is("migrate up # apply everything", (const char *[]){"migrate", "up", NULL});
    split_is("   #indented", (const char *[]){NULL});
    /* '#' inside a word is not a comment */
    split_is("a#b c", (const char *[]){"a#b", "c", NULL});
    split_is("\\#x", (const char *[]){"#x", NULL});
}

static void test_split_unterminated(void **state)
{
    (void)state;
    split_fails("set x 'abc", "unterminated single quote");
    split_fails("set x \"abc", "unterminated double quote");
    split_fails("\"abc\\\"", "unterminated double quote");
    split_fails("a b 'c d' \"e", "unterminated double quote");
    split_fails("'", "unterminated single quote");
}

/* ---- cmd_parse: the table ------------------------------------------------------------- */

static void test_parse_every_command(void **state)
{
    (void)state;
    assert_true(cmd_count >= 10);
    for (size_t i = 0; i < cmd_count; i++) {
        const cmd_def *d = &cmd_table[i];
        assert_non_null(d->noun);
        assert_non_null(d->summary);
        assert_non_null(d->run);
        assert_true(d->min_args >= 0);
        assert_true(d->max_args < 0 || d->max_args >= d->min_args);
        strbuf sb = STRBUF_INIT;
        sb_append(&sb, d->noun);
        if (d->verb)
            sb_printf(&sb, " %s", d->verb);
        for (int k = 0; k < d->min_args; k++)
            sb_printf(&sb, " %d", k + 1);
        cmd_call call;
        parse_ok(sb_str(&sb), &call);
        assert_ptr_equal(call.def, d);
        assert_int_equal(call.argc, d->min_args);
        for (int k = 0; k < d->min_args; k++) {
            char want[16];
            snprintf(want, sizeof want, "%d", k + 1);
            assert_string_equal(call.argv[k], want);
        }
        assert_int_equal(call.nopts, 0);
        assert_null(call.format);
        cmd_call_free(&call);
        assert_null(call.def);

        /* every command takes --format, and each of its own options parses */
        sb_append(&sb, " --format=json");
        for (const cmd_opt *o = d->opts; o && o->name; o++)
            sb_printf(&sb, o->kind == OPT_FLAG ? " --%s" : " --%s=7", o->name);
        parse_ok(sb_str(&sb), &call);
        assert_ptr_equal(call.def, d);
        assert_string_equal(call.format, "json");
        for (const cmd_opt *o = d->opts; o && o->name; o++) {
            const char *v = cmd_option(&call, o->name);
            assert_non_null(v);
            assert_string_equal(v, o->kind == OPT_FLAG ? "" : "7");
        }
        cmd_call_free(&call);

        /* one argument too many names the usage */
        if (d->max_args >= 0) {
            strbuf many = STRBUF_INIT;
            sb_append(&many, d->noun);
            if (d->verb)
                sb_printf(&many, " %s", d->verb);
            for (int k = 0; k <= d->max_args; k++)
                sb_append(&many, " 1");
            char *syn = cmd_synopsis(d);
            char *e = parse_err(sb_str(&many), "takes at most", "usage: ", syn, NULL);
            free(e);
            free(syn);
            sb_free(&many);
        }
        sb_free(&sb);
    }
}

static void test_parse_lookup(void **state)
{
    (void)state;
    const cmd_def *d = cmd_find("migrate", "down");
    assert_non_null(d);
    assert_string_equal(d->noun, "migrate");
    assert_string_equal(d->verb, "down");
    assert_true(d->flags & CMD_DESTRUCTIVE);
    assert_true(d->flags & CMD_WRITES);
    assert_null(cmd_find("migrate", NULL));
    assert_null(cmd_find("migrate", "nope"));
    assert_non_null(cmd_find("help", NULL));
    assert_null(cmd_find("help", "x"));
    assert_true(cmd_noun_exists("migrate"));
    assert_false(cmd_noun_exists("migrat"));
    char *full = cmd_fullname(d);
    assert_string_equal(full, "migrate down");
    free(full);
    full = cmd_fullname(cmd_find("quit", NULL));
    assert_string_equal(full, "quit");
    free(full);
}

static void test_parse_empty(void **state)
{
    (void)state;
    const char *lines[] = {"", "   ", "\t\n", "# just a comment", "   # indented comment\n"};
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
        cmd_call call;
        char *err = (char *)"sentinel";
        assert_int_equal(cmd_parse(lines[i], &call, &err), 1);
        assert_null(err);
        assert_null(call.def);
        assert_int_equal(call.argc, 0);
    }
}

static void test_parse_args_and_options(void **state)
{
    (void)state;
    cmd_call call;
    parse_ok("migrate down 2 --confirm=2 --backup /tmp/b", &call);
    assert_string_equal(call.def->verb, "down");
    assert_int_equal(call.argc, 1);
    assert_string_equal(call.argv[0], "2");
    assert_int_equal(call.nopts, 2);
    assert_string_equal(cmd_option(&call, "confirm"), "2");
    assert_string_equal(cmd_option(&call, "backup"), "/tmp/b");
    assert_null(cmd_option(&call, "lock-timeout"));
    assert_null(cmd_option(&call, "format"));
    cmd_call_free(&call);

    /* options before the argument, quoted values */
    parse_ok("migrate repair --reason 'file was reformatted' 3", &call);
    assert_int_equal(call.argc, 1);
    assert_string_equal(call.argv[0], "3");
    assert_string_equal(cmd_option(&call, "reason"), "file was reformatted");
    cmd_call_free(&call);

    parse_ok("migrate up --lock-wait=30 --lock-timeout 2s", &call);
    assert_int_equal(call.argc, 0);
    assert_string_equal(cmd_option(&call, "lock-wait"), "30");
    assert_string_equal(cmd_option(&call, "lock-timeout"), "2s");
    cmd_call_free(&call);

    /* an empty value after '=' is a value */
    parse_ok("migrate repair 1 --reason=", &call);
    assert_string_equal(cmd_option(&call, "reason"), "");
    cmd_call_free(&call);

    /* a lone '-' is an argument, not an option */
    parse_ok("help -", &call);
    assert_int_equal(call.argc, 1);
    assert_string_equal(call.argv[0], "-");
    cmd_call_free(&call);
}

static void test_parse_format(void **state)
{
    (void)state;
    cmd_call call;
    parse_ok("migrate status --format=json", &call);
    assert_string_equal(call.format, "json");
    assert_int_equal(call.nopts, 0); /* --format is not among the command's options */
    assert_null(cmd_option(&call, "format"));
    cmd_call_free(&call);
    parse_ok("migrate status --format csv", &call);
    assert_string_equal(call.format, "csv");
    cmd_call_free(&call);
    /* the value is not checked here (app_format does that) */
    parse_ok("help --format=xml", &call);
    assert_string_equal(call.format, "xml");
    cmd_call_free(&call);
    expect_err("migrate status --format=json --format=csv", "'--format' given twice", NULL);
    expect_err("migrate status --format", "'--format' needs a value", "--format=FMT");
}

static void test_parse_double_dash(void **state)
{
    (void)state;
    cmd_call call;
    parse_ok("help -- --confirm", &call);
    assert_int_equal(call.argc, 1);
    assert_string_equal(call.argv[0], "--confirm");
    assert_int_equal(call.nopts, 0);
    cmd_call_free(&call);
    parse_ok("migrate repair --reason=r -- --5", &call);
    assert_int_equal(call.argc, 1);
    assert_string_equal(call.argv[0], "--5");
    assert_string_equal(cmd_option(&call, "reason"), "r");
    cmd_call_free(&call);
    /* only the first "--" ends options; a second is an argument */
    parse_ok("help -- --", &call);
    assert_int_equal(call.argc, 1);
    assert_string_equal(call.argv[0], "--");
    cmd_call_free(&call);
}

/* ---- cmd_parse: errors ---------------------------------------------------------------- */

static void test_unknown_noun(void **state)
{
    (void)state;
    char *e = parse_err("migrat", "unknown command 'migrat'", "did you mean 'migrate'", NULL);
    assert_string_equal(e, "unknown command 'migrat'; did you mean 'migrate'?");
    free(e);
    expect_err("hlep", "did you mean 'help'", NULL);
    expect_err("migrat status --format=json", "did you mean 'migrate'", NULL);
    /* nothing near: point at help */
    expect_err("frobnicate", "unknown command 'frobnicate'", "'help' lists the commands");
}

static void test_unknown_verb(void **state)
{
    (void)state;
    char *e = parse_err("migrate upp", "unknown subcommand 'migrate upp'",
                        "did you mean 'migrate up'", NULL);
    assert_string_equal(e, "unknown subcommand 'migrate upp'; did you mean 'migrate up'?");
    free(e);
    expect_err("migrate stauts", "did you mean 'migrate status'", NULL);
    expect_err("migrate baseln 3", "did you mean 'migrate baseline'", NULL);
    /* nothing near: list the subcommands */
    expect_err("migrate xyzzyxyzzy", "one of: status, plan, up, down", NULL);
}

static void test_missing_verb(void **state)
{
    (void)state;
    expect_err("migrate", "'migrate' needs a subcommand", "status, plan, up, down, verify");
    expect_err("migrate --format=json", "'migrate' needs a subcommand", NULL);
    expect_err("  migrate  # nothing else", "'migrate' needs a subcommand", NULL);
}

static void test_unknown_option(void **state)
{
    (void)state;
    char *e = parse_err("migrate down 0 --confim=0", "unknown option '--confim'",
                        "did you mean '--confirm'", NULL);
    assert_string_equal(e, "unknown option '--confim' for 'migrate down'; did you mean "
                           "'--confirm'?");
    free(e);
    expect_err("migrate up --lock-wiat=3", "did you mean '--lock-wait'", NULL);
    expect_err("migrate status --formt=json", "did you mean '--format'", NULL);
    /* an option another command has is still unknown here */
    expect_err("migrate up --confirm=1", "unknown option '--confirm' for 'migrate up'", NULL);
    expect_err("migrate status --zzzzzzzzzz", "'help migrate status' lists its options", NULL);
    expect_err("quit --now", "unknown option '--now' for 'quit'", NULL);
}

static void test_option_values(void **state)
{
    (void)state;
    /* a string option with no value */
    expect_err("migrate down 0 --confirm", "'--confirm' needs a value", "--confirm=TARGET");
    expect_err("migrate repair 1 --reason", "'--reason' needs a value", "--reason=TEXT");
    /* integers are checked */
    expect_err("migrate up --lock-wait=abc", "'--lock-wait' needs an integer, not 'abc'", NULL);
    expect_err("migrate up --lock-wait=12x", "needs an integer, not '12x'", NULL);
    expect_err("migrate up --lock-wait=", "needs an integer, not ''", NULL);
    expect_err("migrate up --lock-wait 1.5", "needs an integer, not '1.5'", NULL);
    cmd_call call;
    parse_ok("migrate up --lock-wait 15", &call);
    assert_string_equal(cmd_option(&call, "lock-wait"), "15");
    cmd_call_free(&call);
    /* given twice, in either spelling */
    expect_err("migrate down 0 --confirm=0 --confirm=0", "option '--confirm' given twice", NULL);
    expect_err("migrate up --lock-wait 1 --lock-wait=2", "option '--lock-wait' given twice", NULL);
}

static void test_flag_with_value(void **state)
{
    (void)state;
    /* the table has no command flags yet; exercise the rule through any OPT_FLAG option */
    const cmd_def *withflag = NULL;
    const cmd_opt *flag = NULL;
    for (size_t i = 0; i < cmd_count && !flag; i++)
        for (const cmd_opt *o = cmd_table[i].opts; o && o->name; o++)
            if (o->kind == OPT_FLAG) {
                withflag = &cmd_table[i];
                flag = o;
                break;
            }
    /* the counterpart: a string option without '=' takes the next word, even one that looks
     * like an option, so only flags can stand alone */
    cmd_call call;
    parse_ok("migrate repair 1 --reason --x", &call);
    assert_string_equal(cmd_option(&call, "reason"), "--x");
    assert_int_equal(call.argc, 1);
    cmd_call_free(&call);
    if (!flag)
        return; /* the table has no flag options yet: nothing more to check */
    strbuf sb = STRBUF_INIT;
    sb_append(&sb, withflag->noun);
    if (withflag->verb)
        sb_printf(&sb, " %s", withflag->verb);
    for (int k = 0; k < withflag->min_args; k++)
        sb_append(&sb, " 1");
    sb_printf(&sb, " --%s=yes", flag->name);
    char *want = xasprintf("option '--%s' takes no value", flag->name);
    expect_err(sb_str(&sb), want, NULL);
    free(want);
    sb_free(&sb);
}

static void test_arg_counts(void **state)
{
    (void)state;
    char *e = parse_err("migrate down", "'migrate down' is missing an argument",
                        "usage: migrate down TARGET [--confirm=TARGET]", NULL);
    free(e);
    expect_err("migrate repair --reason=x", "'migrate repair' is missing an argument",
               "usage: migrate repair VERSION [--reason=TEXT]");
    expect_err("migrate down 1 2", "'migrate down' takes at most 1 argument;",
               "usage: migrate down TARGET");
    expect_err("migrate status extra", "'migrate status' takes at most 0 arguments",
               "usage: migrate status");
    expect_err("quit now", "'quit' takes at most 0 arguments", "usage: quit");
    expect_err("help a b c", "'help' takes at most 2 arguments", "usage: help [COMMAND]");
}

static void test_aliases(void **state)
{
    (void)state;
    const cmd_def *quit = cmd_find("quit", NULL), *help = cmd_find("help", NULL);
    assert_non_null(quit);
    assert_non_null(help);
    const char *quits[] = {"\\q", "  \\q  ", "exit", "\\q # bye"};
    for (size_t i = 0; i < sizeof quits / sizeof *quits; i++) {
        cmd_call call;
        parse_ok(quits[i], &call);
        assert_ptr_equal(call.def, quit);
        assert_int_equal(call.argc, 0);
        cmd_call_free(&call);
    }
    const char *helps[] = {"\\?", "?"};
    for (size_t i = 0; i < sizeof helps / sizeof *helps; i++) {
        cmd_call call;
        parse_ok(helps[i], &call);
        assert_ptr_equal(call.def, help);
        assert_int_equal(call.argc, 0);
        cmd_call_free(&call);
    }
    cmd_call call;
    parse_ok("\\? migrate up", &call);
    assert_ptr_equal(call.def, help);
    assert_int_equal(call.argc, 2);
    assert_string_equal(call.argv[0], "migrate");
    assert_string_equal(call.argv[1], "up");
    cmd_call_free(&call);
    /* \quit is not \q */
    expect_err("\\qx", "unknown command", NULL);
}

static void test_parse_split_error(void **state)
{
    (void)state;
    expect_err("migrate repair 1 --reason='oops", "unterminated single quote", NULL);
    expect_err("help \"x", "unterminated double quote", NULL);
}

/* ---- synopsis and completion ---------------------------------------------------------- */

static void test_synopsis(void **state)
{
    (void)state;
    char *s = cmd_synopsis(cmd_find("migrate", "down"));
    assert_string_equal(s, "migrate down TARGET [--confirm=TARGET] [--backup=DIR] "
                           "[--lock-timeout=DURATION]");
    free(s);
    s = cmd_synopsis(cmd_find("migrate", "status"));
    assert_string_equal(s, "migrate status");
    free(s);
    s = cmd_synopsis(cmd_find("migrate", "up"));
    assert_string_equal(s, "migrate up [TARGET] [--lock-wait=SECONDS] [--lock-timeout=DURATION]");
    free(s);
    s = cmd_synopsis(cmd_find("help", NULL));
    assert_string_equal(s, "help [COMMAND]");
    free(s);
}

static void test_complete_nouns(void **state)
{
    (void)state;
    char **v = cmd_complete(NULL, 0, "");
    assert_true(strv_has(v, "help"));
    assert_true(strv_has(v, "quit"));
    assert_true(strv_has(v, "set"));
    assert_true(strv_has(v, "migrate"));
    /* each noun once, though migrate has many verbs; nothing hidden */
    size_t nouns = 0;
    for (size_t i = 0; i < cmd_count; i++) {
        bool seen = false;
        for (size_t j = 0; j < i; j++)
            seen = seen || strcmp(cmd_table[j].noun, cmd_table[i].noun) == 0;
        bool visible = false;
        for (size_t j = 0; j < cmd_count; j++)
            visible = visible || (strcmp(cmd_table[j].noun, cmd_table[i].noun) == 0 &&
                                  !(cmd_table[j].flags & CMD_HIDDEN));
        nouns += !seen && visible;
    }
    assert_int_equal(count_strv(v), nouns);
    strv_free(v);

    v = cmd_complete(NULL, 0, "mi");
    assert_int_equal(count_strv(v), 1);
    assert_string_equal(v[0], "migrate");
    strv_free(v);

    v = cmd_complete(NULL, 0, "zz");
    assert_int_equal(count_strv(v), 0);
    assert_null(v[0]);
    strv_free(v);
}

static void test_complete_verbs(void **state)
{
    (void)state;
    char **v = complete_after("migrate", "");
    const char *verbs[] = {"status", "plan", "up", "down", "verify", "repair", "baseline"};
    for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++)
        assert_true(strv_has(v, verbs[i]));
    assert_int_equal(count_strv(v), sizeof verbs / sizeof *verbs);
    strv_free(v);

    v = complete_after("migrate", "re");
    assert_int_equal(count_strv(v), 1);
    assert_string_equal(v[0], "repair");
    strv_free(v);

    v = complete_after("migrate", "s");
    assert_int_equal(count_strv(v), 1);
    assert_string_equal(v[0], "status");
    strv_free(v);
}

static void test_complete_options(void **state)
{
    (void)state;
    char **v = complete_after("migrate down", "--c");
    assert_int_equal(count_strv(v), 1);
    assert_string_equal(v[0], "--confirm=");
    strv_free(v);

    v = complete_after("migrate down 0", "--");
    assert_true(strv_has(v, "--confirm="));
    assert_true(strv_has(v, "--backup="));
    assert_true(strv_has(v, "--lock-timeout="));
    assert_true(strv_has(v, "--format="));
    assert_int_equal(count_strv(v), 4);
    strv_free(v);

    v = complete_after("migrate status", "--f");
    assert_int_equal(count_strv(v), 1);
    assert_string_equal(v[0], "--format=");
    strv_free(v);

    /* a word that is not an option gets nothing; neither does an unknown command */
    v = complete_after("migrate down", "1");
    assert_int_equal(count_strv(v), 0);
    strv_free(v);
    v = complete_after("bogus", "--");
    assert_int_equal(count_strv(v), 0);
    strv_free(v);
    v = complete_after("migrate bogus", "--");
    assert_int_equal(count_strv(v), 0);
    strv_free(v);
}

static void test_complete_help(void **state)
{
    (void)state;
    char **v = complete_after("help", "");
    assert_true(strv_has(v, "migrate"));
    assert_true(strv_has(v, "set"));
    assert_true(strv_has(v, "help"));
    strv_free(v);

    v = complete_after("help", "m");
    assert_int_equal(count_strv(v), 1);
    assert_string_equal(v[0], "migrate");
    strv_free(v);

    v = complete_after("help migrate", "d");
    assert_int_equal(count_strv(v), 1);
    assert_string_equal(v[0], "down");
    strv_free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split_whitespace),
        cmocka_unit_test(test_split_single_quotes),
        cmocka_unit_test(test_split_double_quotes),
        cmocka_unit_test(test_split_backslash),
        cmocka_unit_test(test_split_comment),
        cmocka_unit_test(test_split_unterminated),
        cmocka_unit_test(test_parse_every_command),
        cmocka_unit_test(test_parse_lookup),
        cmocka_unit_test(test_parse_empty),
        cmocka_unit_test(test_parse_args_and_options),
        cmocka_unit_test(test_parse_format),
        cmocka_unit_test(test_parse_double_dash),
        cmocka_unit_test(test_unknown_noun),
        cmocka_unit_test(test_unknown_verb),
        cmocka_unit_test(test_missing_verb),
        cmocka_unit_test(test_unknown_option),
        cmocka_unit_test(test_option_values),
        cmocka_unit_test(test_flag_with_value),
        cmocka_unit_test(test_arg_counts),
        cmocka_unit_test(test_aliases),
        cmocka_unit_test(test_parse_split_error),
        cmocka_unit_test(test_synopsis),
        cmocka_unit_test(test_complete_nouns),
        cmocka_unit_test(test_complete_verbs),
        cmocka_unit_test(test_complete_options),
        cmocka_unit_test(test_complete_help),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
