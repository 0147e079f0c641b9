/* test_hostile.c: hostile input walked over the whole command table, through the real binary.
 * Every command gets each hostile value in each positional argument slot and in each of its
 * options: SQL injection strings, invalid UUIDs, a 1 MB argument, invalid UTF-8, control and
 * escape characters, bidi controls, negative, huge and non-numbers, format directives. Each run
 * must end with an exit status (no signal, no hang), say something on stderr when it fails, never
 * echo a raw escape character, and leave the database exactly as it was. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "harness.h"
#include "util.h"

#define DB "hostile"

static PGconn *conn; /* owned here */
static char *big;    /* a 1 MB argument (owned) */

static const char *const values[] = {
    "'; DROP TABLE tasks; --",
    "1; DELETE FROM workflows",
    "00000000-0000-0000-0000-00000000000g",
    "\xff\xfe\xc3(",
    "\x1b[31mred\x1b[0m\x07",
    "\xe2\x80\xae" "evil",
    "-1",
    "99999999999999999999999",
    "1e400",
    "NaN",
    "",
    "%s%n%x",
    "../../../../etc/passwd",
    NULL, /* the 1 MB argument goes here */
};
#define NVALUES (sizeof values / sizeof values[0])

/* The value quoted for the command-line splitter: '...' with each ' as '\'' (malloc'd). */
static char *quote(const char *v)
{
    strbuf sb = STRBUF_INIT;
    sb_appendc(&sb, '\'');
    for (const char *p = v; *p; p++) {
        if (*p == '\'')
            sb_append(&sb, "'\\''");
        else
            sb_appendc(&sb, *p);
    }
    sb_appendc(&sb, '\'');
    return sb_steal(&sb);
}

/* What must not change: the relations, the migration history and the rows of the main tables. */
static char *fingerprint(void)
{
    return th_value(conn,
                    "SELECT md5(concat_ws('|', "
                    " (SELECT string_agg(c.relname::text || c.relkind::text, ',' ORDER BY c.relname) FROM pg_class c "
                    "   WHERE c.relnamespace IN ('public'::regnamespace, 'agentdb'::regnamespace)), "
                    " (SELECT count(*) FROM agentdb.schema_version_events), "
                    " (SELECT count(*) FROM agentdb.demo_loads), "
                    " (SELECT count(*) || ':' || coalesce(sum(hashtext(t::text)), 0) FROM tasks t), "
                    " (SELECT count(*) || ':' || coalesce(sum(hashtext(w::text)), 0) FROM workflows w), "
                    " (SELECT count(*) FROM retention_policies), "
                    " (SELECT count(*) FROM pg_inherits)))");
}

static int setup(void **state)
{
    (void)state;
    conn = th_migrated_db(DB, "--scale=0.001 --seed=13");
    if (!conn)
        return -1;
    big = xcalloc(1024 * 1024 + 1, 1);
    memset(big, 'A', 1024 * 1024);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    if (conn)
        PQfinish(conn);
    conn = NULL;
    free(big);
    th_drop_db(DB);
    return 0;
}

/* Run one line; record a problem in bad. */
static void try_line(const char *line, strbuf *bad, int *runs)
{
    th_run r = th_agentdb(DB, NULL, NULL, "-c", line, NULL);
    (*runs)++;
    char shown[80];
    snprintf(shown, sizeof shown, "%.60s", line);
    for (char *p = shown; *p; p++)
        if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
            *p = '?';
    if (r.status >= 128 || r.status == 2)
        sb_printf(bad, "  '%s': exit %d (signal or lost connection)\n", shown, r.status);
    else if (r.status != 0 && !r.err[0])
        sb_printf(bad, "  '%s': exit %d with nothing on stderr\n", shown, r.status);
    if (strchr(r.err, '\x1b') || strchr(r.out, '\x1b'))
        sb_printf(bad, "  '%s': a raw escape character reached the output\n", shown);
    th_run_free(&r);
}

static void test_every_command_every_value(void **state)
{
    (void)state;
    char *before = fingerprint();
    strbuf bad = STRBUF_INIT;
    int runs = 0;
    for (size_t c = 0; c < cmd_count; c++) {
        const cmd_def *d = &cmd_table[c];
        if (d->flags & CMD_HIDDEN)
            continue;
        char *name = cmd_fullname(d);
        int slots = d->max_args < 0 ? 2 : d->max_args;
        for (size_t v = 0; v < NVALUES; v++) {
            const char *val = values[v] ? values[v] : big;
            char *q = quote(val);
            /* each positional slot, the others filled with a harmless 1 */
            for (int s = 0; s < slots; s++) {
                strbuf line = STRBUF_INIT;
                sb_append(&line, name);
                for (int k = 0; k < slots && k < (s + 1 > d->min_args ? s + 1 : d->min_args); k++)
                    sb_printf(&line, " %s", k == s ? q : "1");
                try_line(sb_str(&line), &bad, &runs);
                sb_free(&line);
            }
            /* each option (required positionals given as 1) */
            for (const cmd_opt *o = d->opts; o && o->name; o++) {
                strbuf line = STRBUF_INIT;
                sb_append(&line, name);
                for (int k = 0; k < d->min_args; k++)
                    sb_append(&line, " 1");
                if (o->kind == OPT_FLAG)
                    sb_printf(&line, " --%s=%s", o->name, q);
                else
                    sb_printf(&line, " --%s=%s", o->name, q);
                try_line(sb_str(&line), &bad, &runs);
                sb_free(&line);
            }
            /* and the universal --format */
            strbuf line = STRBUF_INIT;
            sb_append(&line, name);
            for (int k = 0; k < d->min_args; k++)
                sb_append(&line, " 1");
            sb_printf(&line, " --format=%s", q);
            try_line(sb_str(&line), &bad, &runs);
            sb_free(&line);
            free(q);
        }
        free(name);
    }
    char *after = fingerprint();
    if (strcmp(before, after) != 0)
        sb_printf(&bad, "  the database changed (fingerprint %s -> %s)\n", before, after);
    printf("  %d runs of hostile input over the command table\n", runs);
    free(before);
    free(after);
    if (bad.len)
        fail_msg("hostile input:\n%s", sb_str(&bad));
    sb_free(&bad);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_command_every_value),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
