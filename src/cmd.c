/* cmd.c: command-line grammar over the command table: word splitting with quotes, parsing into a
 * cmd_call, "did you mean" suggestions, synopsis text and completion candidates. No curses, no db. */
#include "cmd.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "util.h"

const cmd_opt cmd_common_opts[] = {
    {"format", OPT_STRING, "FMT", "output format: table, csv, json or jsonl"},
    {NULL, OPT_FLAG, NULL, NULL},
};

void cmd_words_free(char **words, int n)
{
    for (int i = 0; i < n; i++)
        free(words[i]);
    free(words);
}

int cmd_split(const char *line, char ***words, int *nwords, char **err)
{
    char **w = NULL;
    int n = 0, cap = 0;
    const char *p = line;
    *err = NULL;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        if (!*p || *p == '#')
            break;
        strbuf sb = STRBUF_INIT;
        sb_append(&sb, "");
        while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') {
            if (*p == '\'') {
                const char *end = strchr(p + 1, '\'');
                if (!end) {
                    *err = xstrdup("unterminated single quote");
                    sb_free(&sb);
                    cmd_words_free(w, n);
                    return -1;
                }
                sb_appendn(&sb, p + 1, (size_t)(end - p - 1));
                p = end + 1;
            } else if (*p == '"') {
                p++;
                while (*p && *p != '"') {
                    if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
                        p++;
                    sb_appendc(&sb, *p++);
                }
                if (*p != '"') {
                    *err = xstrdup("unterminated double quote");
                    sb_free(&sb);
                    cmd_words_free(w, n);
                    return -1;
                }
                p++;
            } else if (*p == '\\' && p[1]) {
                sb_appendc(&sb, p[1]);
                p += 2;
            } else
                sb_appendc(&sb, *p++);
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            w = xrealloc(w, sizeof *w * (size_t)cap);
        }
        w[n++] = sb_steal(&sb);
    }
    *words = w;
    *nwords = n;
    return 0;
}

bool cmd_noun_exists(const char *noun)
{
    for (size_t i = 0; i < cmd_count; i++)
        if (strcmp(cmd_table[i].noun, noun) == 0)
            return true;
    return false;
}

const cmd_def *cmd_find(const char *noun, const char *verb)
{
    for (size_t i = 0; i < cmd_count; i++) {
        const cmd_def *d = &cmd_table[i];
        if (strcmp(d->noun, noun) != 0)
            continue;
        if (!verb && !d->verb)
            return d;
        if (verb && d->verb && strcmp(d->verb, verb) == 0)
            return d;
    }
    return NULL;
}

static bool noun_has_verbs(const char *noun)
{
    for (size_t i = 0; i < cmd_count; i++)
        if (strcmp(cmd_table[i].noun, noun) == 0 && cmd_table[i].verb)
            return true;
    return false;
}

char *cmd_fullname(const cmd_def *d)
{
    return d->verb ? xasprintf("%s %s", d->noun, d->verb) : xstrdup(d->noun);
}

char *cmd_synopsis(const cmd_def *d)
{
    strbuf sb = STRBUF_INIT;
    sb_append(&sb, d->noun);
    if (d->verb)
        sb_printf(&sb, " %s", d->verb);
    if (d->args && *d->args)
        sb_printf(&sb, " %s", d->args);
    for (const cmd_opt *o = d->opts; o && o->name; o++) {
        if (o->kind == OPT_FLAG)
            sb_printf(&sb, " [--%s]", o->name);
        else
            sb_printf(&sb, " [--%s=%s]", o->name, o->metavar ? o->metavar : "VALUE");
    }
    return sb_steal(&sb);
}

/* Nearest candidate within a small edit distance, or NULL. */
static const char *nearest(const char *word, const char *const *cands, size_t n)
{
    const char *best = NULL;
    int bestd = INT_MAX;
    for (size_t i = 0; i < n; i++) {
        int d = edit_distance(word, cands[i]);
        /* a prefix of a candidate is a strong hint too */
        if (strncmp(cands[i], word, strlen(word)) == 0 && strlen(word) >= 2)
            d = d < 1 ? d : 1;
        if (d < bestd) {
            bestd = d;
            best = cands[i];
        }
    }
    int limit = (int)strlen(word) / 3 + 1;
    if (limit < 2)
        limit = 2;
    return bestd <= limit ? best : NULL;
}

static char *unknown_noun(const char *noun)
{
    const char **cands = xmalloc(sizeof *cands * cmd_count);
    size_t n = 0;
    for (size_t i = 0; i < cmd_count; i++) {
        if (cmd_table[i].flags & CMD_HIDDEN)
            continue;
        bool dup = false;
        for (size_t j = 0; j < n; j++)
            dup = dup || strcmp(cands[j], cmd_table[i].noun) == 0;
        if (!dup)
            cands[n++] = cmd_table[i].noun;
    }
    const char *s = nearest(noun, cands, n);
    char *msg = s ? xasprintf("unknown command '%s'; did you mean '%s'?", noun, s)
                  : xasprintf("unknown command '%s'; 'help' lists the commands", noun);
    free(cands);
    return msg;
}

static char *verbs_of(const char *noun, const char ***out, size_t *n)
{
    const char **v = xmalloc(sizeof *v * cmd_count);
    size_t k = 0;
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < cmd_count; i++) {
        const cmd_def *d = &cmd_table[i];
        if (strcmp(d->noun, noun) != 0 || !d->verb || (d->flags & CMD_HIDDEN))
            continue;
        v[k++] = d->verb;
        sb_printf(&sb, "%s%s", sb.len ? ", " : "", d->verb);
    }
    *out = v;
    *n = k;
    return sb_steal(&sb);
}

static const cmd_opt *find_opt(const cmd_def *d, const char *name)
{
    for (const cmd_opt *o = d->opts; o && o->name; o++)
        if (strcmp(o->name, name) == 0)
            return o;
    for (const cmd_opt *o = cmd_common_opts; o->name; o++)
        if (strcmp(o->name, name) == 0)
            return o;
    return NULL;
}

static char *unknown_opt(const cmd_def *d, const char *name)
{
    const char *cands[64];
    size_t n = 0;
    for (const cmd_opt *o = d->opts; o && o->name && n < 60; o++)
        cands[n++] = o->name;
    for (const cmd_opt *o = cmd_common_opts; o->name && n < 64; o++)
        cands[n++] = o->name;
    const char *s = nearest(name, cands, n);
    char *full = cmd_fullname(d);
    char *msg = s ? xasprintf("unknown option '--%s' for '%s'; did you mean '--%s'?", name, full, s)
                  : xasprintf("unknown option '--%s' for '%s'; 'help %s' lists its options", name,
                              full, full);
    free(full);
    return msg;
}

static bool valid_int(const char *s)
{
    if (!s || !*s)
        return false;
    errno = 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    (void)v;
    return errno == 0 && *end == '\0';
}

void cmd_call_free(cmd_call *call)
{
    for (int i = 0; i < call->argc; i++)
        free(call->argv[i]);
    free(call->argv);
    for (int i = 0; i < call->nopts; i++)
        free(call->opts[i].value);
    free(call->opts);
    free(call->format);
    memset(call, 0, sizeof *call);
}

const char *cmd_option(const cmd_call *call, const char *name)
{
    for (int i = 0; i < call->nopts; i++)
        if (strcmp(call->opts[i].opt->name, name) == 0)
            return call->opts[i].value;
    return NULL;
}

static int fail(cmd_call *call, char **words, int n, char **err, char *msg)
{
    *err = msg;
    cmd_call_free(call);
    cmd_words_free(words, n);
    return -1;
}

int cmd_parse(const char *line, cmd_call *call, char **err)
{
    memset(call, 0, sizeof *call);
    *err = NULL;
    char **w;
    int n;
    char *serr;
    /* psql's \q and \? are seen before splitting: the splitter's backslash escape would turn
     * them into "q" and "?" */
    const char *s = line + strspn(line, " \t\r\n");
    if (s[0] == '\\' && (s[1] == 'q' || s[1] == '?') &&
        (s[2] == '\0' || strchr(" \t\r\n#", s[2]) != NULL)) {
        char *alias = xasprintf("%s%s", s[1] == 'q' ? "quit" : "help", s + 2);
        int rc = cmd_parse(alias, call, err);
        free(alias);
        return rc;
    }
    if (cmd_split(line, &w, &n, &serr) != 0) {
        *err = serr;
        return -1;
    }
    if (n == 0) {
        cmd_words_free(w, n);
        return 1;
    }
    /* psql habits: \q quits, \? helps */
    if (strcmp(w[0], "\\q") == 0 || strcmp(w[0], "exit") == 0) {
        free(w[0]);
        w[0] = xstrdup("quit");
    } else if (strcmp(w[0], "\\?") == 0 || strcmp(w[0], "?") == 0) {
        free(w[0]);
        w[0] = xstrdup("help");
    }
    if (!cmd_noun_exists(w[0]))
        return fail(call, w, n, err, unknown_noun(w[0]));
    int i = 1;
    const cmd_def *d;
    if (noun_has_verbs(w[0])) {
        const char **verbs;
        size_t nv;
        char *list = verbs_of(w[0], &verbs, &nv);
        if (n < 2 || w[1][0] == '-') {
            char *msg = xasprintf("'%s' needs a subcommand: %s", w[0], list);
            free(list);
            free(verbs);
            return fail(call, w, n, err, msg);
        }
        d = cmd_find(w[0], w[1]);
        if (!d) {
            const char *s = nearest(w[1], verbs, nv);
            char *msg = s ? xasprintf("unknown subcommand '%s %s'; did you mean '%s %s'?", w[0],
                                      w[1], w[0], s)
                          : xasprintf("unknown subcommand '%s %s'; one of: %s", w[0], w[1], list);
            free(list);
            free(verbs);
            return fail(call, w, n, err, msg);
        }
        free(list);
        free(verbs);
        i = 2;
    } else
        d = cmd_find(w[0], NULL);
    call->def = d;
    call->argv = xcalloc((size_t)n, sizeof *call->argv);
    call->opts = xcalloc((size_t)n, sizeof *call->opts);
    bool opts_done = false;
    for (; i < n; i++) {
        const char *a = w[i];
        if (!opts_done && strcmp(a, "--") == 0) {
            opts_done = true;
            continue;
        }
        if (opts_done || strncmp(a, "--", 2) != 0 || a[2] == '\0') {
            call->argv[call->argc++] = xstrdup(a);
            continue;
        }
        const char *eq = strchr(a + 2, '=');
        char *name = eq ? xstrndup(a + 2, (size_t)(eq - a - 2)) : xstrdup(a + 2);
        const cmd_opt *o = find_opt(d, name);
        if (!o) {
            char *msg = unknown_opt(d, name);
            free(name);
            return fail(call, w, n, err, msg);
        }
        free(name);
        bool is_format = o == &cmd_common_opts[0];
        if (cmd_option(call, o->name) || (is_format && call->format))
            return fail(call, w, n, err, xasprintf("option '--%s' given twice", o->name));
        char *value;
        if (o->kind == OPT_FLAG) {
            if (eq)
                return fail(call, w, n, err, xasprintf("option '--%s' takes no value", o->name));
            value = xstrdup("");
        } else if (eq)
            value = xstrdup(eq + 1);
        else if (i + 1 < n)
            value = xstrdup(w[++i]);
        else
            return fail(call, w, n, err,
                        xasprintf("option '--%s' needs a value (--%s=%s)", o->name, o->name,
                                  o->metavar ? o->metavar : "VALUE"));
        if (o->kind == OPT_INT && !valid_int(value)) {
            char *msg = xasprintf("option '--%s' needs an integer, not '%s'", o->name, value);
            free(value);
            return fail(call, w, n, err, msg);
        }
        if (is_format) {
            call->format = value;
            continue;
        }
        call->opts[call->nopts].opt = o;
        call->opts[call->nopts].value = value;
        call->nopts++;
    }
    if (call->argc < d->min_args || (d->max_args >= 0 && call->argc > d->max_args)) {
        char *syn = cmd_synopsis(d);
        char *full = cmd_fullname(d);
        char *msg = call->argc < d->min_args
                        ? xasprintf("'%s' is missing an argument; usage: %s", full, syn)
                        : xasprintf("'%s' takes at most %d argument%s; usage: %s", full,
                                    d->max_args, d->max_args == 1 ? "" : "s", syn);
        free(syn);
        free(full);
        return fail(call, w, n, err, msg);
    }
    cmd_words_free(w, n);
    return 0;
}

static void add_cand(char ***v, size_t *n, size_t *cap, const char *s)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*v)[i], s) == 0)
            return;
    if (*n + 2 > *cap) {
        *cap = *cap ? *cap * 2 : 16;
        *v = xrealloc(*v, sizeof **v * *cap);
    }
    (*v)[(*n)++] = xstrdup(s);
    (*v)[*n] = NULL;
}

char **cmd_complete(char **before, int nbefore, const char *prefix)
{
    char **v = xcalloc(1, sizeof *v);
    size_t n = 0, cap = 1;
    size_t pl = strlen(prefix);
    if (nbefore == 0 || (nbefore == 1 && strcmp(before[0], "help") == 0)) {
        for (size_t i = 0; i < cmd_count; i++)
            if (!(cmd_table[i].flags & CMD_HIDDEN) && strncmp(cmd_table[i].noun, prefix, pl) == 0)
                add_cand(&v, &n, &cap, cmd_table[i].noun);
        return v;
    }
    if ((nbefore == 1 || (nbefore == 2 && strcmp(before[0], "help") == 0)) &&
        noun_has_verbs(before[nbefore - 1])) {
        for (size_t i = 0; i < cmd_count; i++) {
            const cmd_def *d = &cmd_table[i];
            if (d->verb && !(d->flags & CMD_HIDDEN) && strcmp(d->noun, before[nbefore - 1]) == 0 &&
                strncmp(d->verb, prefix, pl) == 0)
                add_cand(&v, &n, &cap, d->verb);
        }
        return v;
    }
    const cmd_def *d = noun_has_verbs(before[0])
                           ? (nbefore >= 2 ? cmd_find(before[0], before[1]) : NULL)
                           : cmd_find(before[0], NULL);
    if (d && d->verb && strcmp(d->noun, "check") == 0 && strcmp(d->verb, "list") != 0 &&
        (pl == 0 || prefix[0] != '-')) {
        /* check names: the base names of the bundled checks/NAME.sql files */
        for (size_t i = 0; i < bundle_nfiles; i++) {
            const char *path = bundle_files[i].path;
            size_t len = strlen(path);
            if (strncmp(path, "checks/", 7) != 0 || len < 12 || strcmp(path + len - 4, ".sql"))
                continue;
            char *name = xstrndup(path + 7, len - 11);
            if (strncmp(name, prefix, pl) == 0)
                add_cand(&v, &n, &cap, name);
            free(name);
        }
        return v;
    }
    if (!d || strncmp(prefix, "-", pl < 1 ? pl : 1) != 0)
        return v;
    for (int pass = 0; pass < 2; pass++)
        for (const cmd_opt *o = pass ? cmd_common_opts : d->opts; o && o->name; o++) {
            char *s = xasprintf("--%s%s", o->name, o->kind == OPT_FLAG ? "" : "=");
            if (strncmp(s, prefix, pl) == 0)
                add_cand(&v, &n, &cap, s);
            free(s);
        }
    return v;
}
