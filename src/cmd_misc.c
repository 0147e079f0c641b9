/* cmd_misc.c: help (generated from the command table), quit, set, and the roff COMMANDS section
 * of the man page, also generated from the table. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "commands.h"
#include "util.h"

static void help_one(FILE *f, const cmd_def *d)
{
    char *syn = cmd_synopsis(d);
    fprintf(f, "%s\n    %s\n", syn, d->summary);
    free(syn);
    if (d->help)
        fprintf(f, "\n    %s\n", d->help);
    for (const cmd_opt *o = d->opts; o && o->name; o++) {
        char *head = o->kind == OPT_FLAG ? xasprintf("--%s", o->name)
                                         : xasprintf("--%s=%s", o->name, o->metavar);
        fprintf(f, "    %-22s %s\n", head, o->help);
        free(head);
    }
    if (d->flags & CMD_WRITES)
        fputs("    (writes: refused under --read-only and on a standby)\n", f);
}

int cmd_help(app *a, const cmd_call *call)
{
    FILE *f = a->out;
    if (call->argc == 0 && a->fmt != OUT_TABLE) {
        /* For scripts (and the tests that walk the command table): one row per command. */
        static const out_col cols[] = {
            {"command", COL_TEXT},  {"args", COL_TEXT},        {"min_args", COL_NUMBER},
            {"writes", COL_BOOL},   {"destructive", COL_BOOL}, {"report", COL_BOOL},
            {"summary", COL_TEXT}};
        out_sink *s = out_begin(a->fmt, f, cols, 7);
        for (size_t i = 0; i < cmd_count; i++) {
            const cmd_def *d = &cmd_table[i];
            if (d->flags & CMD_HIDDEN)
                continue;
            char *full = cmd_fullname(d);
            char minargs[16];
            snprintf(minargs, sizeof minargs, "%d", d->min_args);
            const char *vals[] = {full, d->args, minargs,
                                  d->flags & CMD_WRITES ? "true" : "false",
                                  d->flags & CMD_DESTRUCTIVE ? "true" : "false",
                                  d->flags & CMD_REPORT ? "true" : "false", d->summary};
            out_row(s, vals);
            free(full);
        }
        out_end(s);
        return EXIT_OK;
    }
    if (call->argc == 0) {
        fputs("Commands (noun verb [args] [--options]; 'help COMMAND' for details):\n", f);
        for (size_t i = 0; i < cmd_count; i++) {
            const cmd_def *d = &cmd_table[i];
            if (d->flags & CMD_HIDDEN)
                continue;
            char *full = cmd_fullname(d);
            char *head = d->args && *d->args ? xasprintf("%s %s", full, d->args) : xstrdup(full);
            fprintf(f, "  %-28s %s\n", head, d->summary);
            free(head);
            free(full);
        }
        fputs("Every command also takes --format=table|csv|json|jsonl.\n", f);
        return EXIT_OK;
    }
    const char *noun = call->argv[0];
    const char *verb = call->argc > 1 ? call->argv[1] : NULL;
    int shown = 0;
    for (size_t i = 0; i < cmd_count; i++) {
        const cmd_def *d = &cmd_table[i];
        if ((d->flags & CMD_HIDDEN) || strcmp(d->noun, noun) != 0)
            continue;
        if (verb && (!d->verb || strcmp(d->verb, verb) != 0))
            continue;
        if (shown++)
            fputc('\n', f);
        help_one(f, d);
    }
    if (!shown) {
        /* reuse the parser's suggestion text */
        char *line = verb ? xasprintf("%s %s", noun, verb) : xstrdup(noun);
        cmd_call tmp;
        char *err = NULL;
        if (cmd_parse(line, &tmp, &err) == 0)
            cmd_call_free(&tmp);
        app_error(a, "no help for '%s'%s%s", line, err ? ": " : "", err ? err : "");
        free(err);
        free(line);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

int cmd_quit(app *a, const cmd_call *call)
{
    (void)call;
    a->quit = true;
    return EXIT_OK;
}

int cmd_set(app *a, const cmd_call *call)
{
    if (call->argc == 0) {
        fprintf(a->out, "format = %s\ncontinue_on_error = %s\n", out_format_name(a->fmt),
                a->continue_on_error ? "on" : "off");
        return EXIT_OK;
    }
    const char *var = call->argv[0];
    const char *val = call->argc > 1 ? call->argv[1] : NULL;
    if (strcmp(var, "format") == 0) {
        out_format f;
        if (!val) {
            fprintf(a->out, "format = %s\n", out_format_name(a->fmt));
            return EXIT_OK;
        }
        if (!out_format_parse(val, &f)) {
            app_error(a, "unknown format '%s'; use table, csv, json or jsonl", val);
            return EXIT_USAGE;
        }
        a->fmt = f; /* the session default from now on */
        return EXIT_OK;
    }
    if (strcmp(var, "continue_on_error") == 0) {
        if (!val) {
            fprintf(a->out, "continue_on_error = %s\n", a->continue_on_error ? "on" : "off");
            return EXIT_OK;
        }
        if (strcmp(val, "on") == 0 || strcmp(val, "off") == 0) {
            a->continue_on_error = strcmp(val, "on") == 0;
            return EXIT_OK;
        }
        app_error(a, "continue_on_error takes on or off, not '%s'", val);
        return EXIT_USAGE;
    }
    app_error(a, "unknown setting '%s'; settings: format, continue_on_error", var);
    return EXIT_USAGE;
}

/* roff-escape: backslash and leading dot/quote. */
static void roff(FILE *f, const char *s)
{
    for (const char *p = s; *p; p++) {
        if (*p == '\\')
            fputs("\\e", f);
        else if (*p == '-')
            fputs("\\-", f);
        else
            fputc(*p, f);
    }
}

void cmd_print_man(FILE *f)
{
    /* Text lines that would start with '.' or '\'' would be read as requests: guard them. */
#define TEXT_LINE(str)                                                                             \
    do {                                                                                           \
        if ((str)[0] == '.' || (str)[0] == '\'')                                                   \
            fputs("\\&", f);                                                                       \
        roff(f, (str));                                                                            \
    } while (0)
    for (size_t i = 0; i < cmd_count; i++) {
        const cmd_def *d = &cmd_table[i];
        if (d->flags & CMD_HIDDEN)
            continue;
        fputs(".TP\n.B ", f);
        char *syn = cmd_synopsis(d);
        roff(f, syn);
        free(syn);
        fputc('\n', f);
        TEXT_LINE(d->summary);
        fputs(".\n", f);
        if (d->help) {
            fputs(".IP\n", f);
            TEXT_LINE(d->help);
            fputc('\n', f);
        }
        /* Before the options: after .RE the indent would fall back to the left margin. */
        if (d->flags & CMD_WRITES)
            fputs(".IP\nWrites: refused with exit 4 under \\-\\-read\\-only and on a standby.\n", f);
        if (d->opts && d->opts->name)
            fputs(".RS\n", f);
        for (const cmd_opt *o = d->opts; o && o->name; o++) {
            fputs(".TP\n.B ", f);
            char *head = o->kind == OPT_FLAG ? xasprintf("--%s", o->name)
                                             : xasprintf("--%s=%s", o->name, o->metavar);
            roff(f, head);
            free(head);
            fputc('\n', f);
            TEXT_LINE(o->help);
            fputc('\n', f);
        }
        if (d->opts && d->opts->name)
            fputs(".RE\n", f);
    }
#undef TEXT_LINE
}
