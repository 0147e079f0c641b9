/* migfile.c: parse a migration file into its header marks and up/down/verify sections.
 * Marks are found with the SQL lexer, so a "-- @" line inside a quote or function body is text. */
#include "migfile.h"
#include "sqllex.h"
#include "sqlsplit.h"
#include "util.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum { SEC_UP, SEC_DOWN, SEC_VERIFY, SEC_COUNT };

static const char *const section_names[SEC_COUNT] = {"up", "down", "verify"};

/* Every mark, for lookup and "did you mean". */
static const char *const mark_names[] = {
    "up", "down", "verify", "no-transaction", "irreversible", "lock-timeout", "statement-timeout",
};

typedef struct section {
    bool present;
    int mark_line;   /* line of the "-- @up" mark */
    size_t off;      /* text starts here (after the mark line) */
    size_t end;
    int line;        /* line where the text starts */
} section;

typedef struct parser {
    const char *path; /* borrowed */
    const char *text; /* borrowed */
    size_t len;
    migfile *m;
    char **err;
    section sec[SEC_COUNT];
    int cur;          /* open section, -1 while in the header */
    bool seen_mark[sizeof mark_names / sizeof mark_names[0]];
    strbuf desc;
} parser;

static int fail(parser *p, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(parser *p, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    if (p->err)
        *p->err = xasprintf("%s:%d: %s", p->path, line, msg);
    free(msg);
    return -1;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* ---- file name: NNNN_name.sql ---- */

static int parse_file_name(parser *p)
{
    const char *base = strrchr(p->path, '/');
    base = base ? base + 1 : p->path;
    size_t n = strlen(base), digits = 0;
    while (digits < n && base[digits] >= '0' && base[digits] <= '9')
        digits++;
    bool ok = digits >= 4 && n > digits + 5 && base[digits] == '_' &&
              strcmp(base + n - 4, ".sql") == 0;
    for (size_t i = digits + 1; ok && i < n - 4; i++) {
        char c = base[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            ok = false;
    }
    long version = 0;
    if (ok) {
        char *num = xstrndup(base, digits);
        ok = parse_uint(num, INT_MAX, &version);
        free(num);
    }
    if (!ok)
        return fail(p, 1,
                    "bad migration file name '%s'; expected NNNN_name.sql (4 or more digits, "
                    "then lowercase letters, digits and _)",
                    base);
    p->m->version = (int)version;
    p->m->name = xstrndup(base + digits + 1, n - digits - 5);
    return 0;
}

/* ---- timeout values: digits with an optional unit ms, s, min or h ---- */

static bool valid_timeout(const char *v)
{
    size_t digits = strspn(v, "0123456789");
    if (digits == 0)
        return false;
    const char *unit = v + digits;
    long mult;
    if (*unit == '\0' || strcmp(unit, "ms") == 0)
        mult = 1;
    else if (strcmp(unit, "s") == 0)
        mult = 1000;
    else if (strcmp(unit, "min") == 0)
        mult = 60L * 1000;
    else if (strcmp(unit, "h") == 0)
        mult = 3600L * 1000;
    else
        return false;
    char *num = xstrndup(v, digits);
    long n;
    bool ok = parse_uint(num, INT_MAX, &n) && n <= INT_MAX / mult; /* the server's limit, in ms */
    free(num);
    return ok;
}

/* ---- marks ---- */

/* If the line comment tok is a mark ("--", blanks, "@"), return true. */
static bool is_mark(const parser *p, const sqltok *t)
{
    size_t i = t->off + 2, end = t->off + t->len;
    while (i < end && is_blank(p->text[i]))
        i++;
    return i < end && p->text[i] == '@';
}

/* True when only blanks precede offset off on its line. */
static bool at_line_start(const parser *p, size_t off)
{
    while (off > 0 && (p->text[off - 1] == ' ' || p->text[off - 1] == '\t'))
        off--;
    return off == 0 || p->text[off - 1] == '\n';
}

static void close_section(parser *p, size_t end)
{
    if (p->cur >= 0)
        p->sec[p->cur].end = end;
}

/* Handle one mark line. tok is the comment; line_start is the offset of its line. */
static int handle_mark(parser *p, const sqltok *t, size_t line_start)
{
    const char *s = p->text;
    size_t i = t->off + 2, end = t->off + t->len;
    while (i < end && is_blank(s[i]))
        i++;
    i++; /* '@' */
    size_t name_off = i;
    while (i < end && !is_blank(s[i]) && s[i] != '=')
        i++;
    char *name = xstrndup(s + name_off, i - name_off);
    bool has_eq = i < end && s[i] == '=';
    if (has_eq)
        i++;
    while (i < end && is_blank(s[i]))
        i++;
    size_t vend = end;
    while (vend > i && is_blank(s[vend - 1]))
        vend--;
    char *value = xstrndup(s + i, vend - i);
    int line = t->line, rc = 0;

    size_t nmarks = sizeof mark_names / sizeof mark_names[0], which = nmarks;
    for (size_t k = 0; k < nmarks; k++)
        if (strcmp(name, mark_names[k]) == 0)
            which = k;
    if (which == nmarks) {
        const char *best = NULL;
        int bestd = 3;
        for (size_t k = 0; k < nmarks; k++) {
            int d = edit_distance(name, mark_names[k]);
            if (d < bestd) {
                bestd = d;
                best = mark_names[k];
            }
        }
        if (best)
            rc = fail(p, line, "unknown mark '-- @%s'; did you mean '-- @%s'?", name, best);
        else
            rc = fail(p, line,
                      "unknown mark '-- @%s'; marks are @up, @down, @verify, @no-transaction, "
                      "@irreversible, @lock-timeout and @statement-timeout",
                      name);
        goto out;
    }
    bool takes_value = strcmp(name, "lock-timeout") == 0 || strcmp(name, "statement-timeout") == 0;
    if (!takes_value && (value[0] || has_eq)) {
        rc = fail(p, line, "mark '-- @%s' takes no value", name);
        goto out;
    }
    if (takes_value && !value[0]) {
        rc = fail(p, line, "mark '-- @%s' needs a value, e.g. '-- @%s 5s'", name, name);
        goto out;
    }

    int secno = -1;
    for (int k = 0; k < SEC_COUNT; k++)
        if (strcmp(name, section_names[k]) == 0)
            secno = k;
    if (secno >= 0) {
        section *sec = &p->sec[secno];
        if (sec->present) {
            rc = fail(p, line, "duplicate '-- @%s' section (first at line %d)", name,
                      sec->mark_line);
            goto out;
        }
        close_section(p, line_start);
        size_t next = end < p->len ? end + 1 : end; /* past the newline */
        sec->present = true;
        sec->mark_line = line;
        sec->off = next;
        sec->end = p->len;
        sec->line = line + 1;
        p->cur = secno;
        goto out;
    }

    /* A header mark. */
    if (p->cur >= 0) {
        rc = fail(p, line,
                  "header mark '-- @%s' after a section started; move it above '-- @up'", name);
        goto out;
    }
    if (p->seen_mark[which]) {
        rc = fail(p, line, "duplicate mark '-- @%s'", name);
        goto out;
    }
    p->seen_mark[which] = true;
    if (strcmp(name, "no-transaction") == 0) {
        p->m->no_transaction = true;
    } else if (strcmp(name, "irreversible") == 0) {
        p->m->irreversible = true;
    } else {
        if (!valid_timeout(value)) {
            rc = fail(p, line,
                      "bad %s value '%s'; expected digits with an optional unit ms, s, min or h "
                      "(e.g. 5s)",
                      name, value);
            goto out;
        }
        if (strcmp(name, "lock-timeout") == 0)
            p->m->lock_timeout = value;
        else
            p->m->statement_timeout = value;
        value = NULL;
    }
out:
    free(name);
    free(value);
    return rc;
}

/* A free comment line in the header: strip the dashes and blanks, add it to the description. */
static void add_description(parser *p, const sqltok *t)
{
    size_t i = t->off, end = t->off + t->len;
    while (i < end && p->text[i] == '-')
        i++;
    while (i < end && is_blank(p->text[i]))
        i++;
    while (end > i && is_blank(p->text[end - 1]))
        end--;
    if (end == i)
        return;
    if (p->desc.len)
        sb_appendc(&p->desc, ' ');
    sb_appendn(&p->desc, p->text + i, end - i);
}

/* Walk the whole file at top level: marks, the description, and stray SQL in the header. */
static int scan(parser *p)
{
    sqllex lx;
    sqllex_init(&lx, p->text, p->len, 1);
    sqltok t;
    for (;;) {
        sqltok_kind k = sqllex_next(&lx, &t);
        if (k == SQLTOK_END)
            break;
        if (k == SQLTOK_ERROR)
            return fail(p, t.line, "unterminated %s", t.what);
        if (k == SQLTOK_LINE_COMMENT && at_line_start(p, t.off)) {
            if (is_mark(p, &t)) {
                size_t line_start = t.off;
                while (line_start > 0 && p->text[line_start - 1] != '\n')
                    line_start--;
                if (handle_mark(p, &t, line_start) != 0)
                    return -1;
                continue;
            }
            if (p->cur < 0)
                add_description(p, &t);
            continue;
        }
        if (p->cur < 0 && k != SQLTOK_SPACE && k != SQLTOK_LINE_COMMENT &&
            k != SQLTOK_BLOCK_COMMENT)
            return fail(p, t.line, "SQL before the first section; statements belong after '-- @up'");
    }
    return 0;
}

/* Split one section and check that each statement may run as the file's header says. */
static int check_section(parser *p, int secno, int *nstmts)
{
    const section *sec = &p->sec[secno];
    sql_stmt *st = NULL;
    char *serr = NULL;
    int n = sqlsplit(p->text + sec->off, sec->end - sec->off, &st, &serr);
    if (n < 0) { /* cannot happen after scan() succeeded, but report it rather than trust it */
        int rc = fail(p, sec->line, "%s section: %s", section_names[secno], serr);
        free(serr);
        return rc;
    }
    *nstmts = n;
    int rc = 0;
    for (int i = 0; i < n && !p->m->no_transaction; i++) {
        const char *kind = sqlsplit_needs_no_transaction(p->text + sec->off + st[i].off, st[i].len);
        if (kind) {
            rc = fail(p, sec->line + st[i].line - 1,
                      "%s cannot run inside a transaction; add '-- @no-transaction' to the file "
                      "header",
                      kind);
            break;
        }
    }
    free(st);
    return rc;
}

int migfile_parse(const char *path, const char *text, size_t len, migfile *m, char **err)
{
    memset(m, 0, sizeof *m);
    if (err)
        *err = NULL;
    parser p;
    memset(&p, 0, sizeof p);
    p.path = path;
    p.text = text;
    p.len = len;
    p.m = m;
    p.err = err;
    p.cur = -1; /* p.desc is zeroed, which is STRBUF_INIT */

    if (parse_file_name(&p) != 0 || scan(&p) != 0)
        goto fail;
    if (!p.sec[SEC_UP].present) {
        fail(&p, 1, "missing '-- @up' section");
        goto fail;
    }
    if (!p.sec[SEC_DOWN].present && !m->irreversible) {
        fail(&p, 1,
             "missing '-- @down' section; add one, or mark the file '-- @irreversible' in the "
             "header");
        goto fail;
    }
    for (int k = 0; k < SEC_COUNT; k++) {
        int nstmts = 0;
        if (p.sec[k].present && check_section(&p, k, &nstmts) != 0)
            goto fail;
        if (k == SEC_UP && nstmts == 0) {
            fail(&p, p.sec[k].mark_line, "the up section has no statements");
            goto fail;
        }
    }

    char **texts[SEC_COUNT] = {&m->up, &m->down, &m->verify};
    int *lines[SEC_COUNT] = {&m->up_line, &m->down_line, &m->verify_line};
    for (int k = 0; k < SEC_COUNT; k++) {
        const section *sec = &p.sec[k];
        *texts[k] = sec->present ? xstrndup(text + sec->off, sec->end - sec->off) : xstrdup("");
        *lines[k] = sec->present ? sec->line : 0;
    }
    m->description = sb_steal(&p.desc);
    return 0;

fail:
    sb_free(&p.desc);
    migfile_free(m);
    return -1;
}

void migfile_free(migfile *m)
{
    free(m->name);
    free(m->description);
    free(m->lock_timeout);
    free(m->statement_timeout);
    free(m->up);
    free(m->down);
    free(m->verify);
    memset(m, 0, sizeof *m);
}
