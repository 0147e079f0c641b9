/* sqlsplit.c: a hand-written SQL lexer and the statement splitter and classifiers built on it.
 * It follows the server's lexer rules for strings, quoted identifiers, dollar quotes and comments. */
#include "sqlsplit.h"
#include "sqllex.h"
#include "util.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* ---- character classes (bytes >= 0x80 are identifier characters, as in the server) ---- */

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static bool is_ident_start(unsigned char c)
{
    return is_alpha(c) || c == '_' || c >= 0x80;
}

/* Characters of a dollar-quote tag after the first: like identifiers but without '$'. */
static bool is_tag_cont(unsigned char c)
{
    return is_ident_start(c) || is_digit(c);
}

static bool is_ident_cont(unsigned char c)
{
    return is_tag_cont(c) || c == '$';
}

static char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* ---- lexer ---- */

void sqllex_init(sqllex *lx, const char *text, size_t len, int first_line)
{
    lx->text = text;
    lx->len = len;
    lx->pos = 0;
    lx->line = first_line;
}

/* Skip a quoted body whose opening quote is just before p. The quote character doubles to
 * escape itself; with backslashes set (E'' strings) a backslash escapes the next byte.
 * Returns the offset after the closing quote, or (size_t)-1 when unterminated. */
static size_t skip_quoted(const char *s, size_t n, size_t p, char q, bool backslashes)
{
    while (p < n) {
        char c = s[p];
        if (backslashes && c == '\\') {
            p += 2;
            continue;
        }
        if (c == q) {
            if (p + 1 < n && s[p + 1] == q) {
                p += 2;
                continue;
            }
            return p + 1;
        }
        p++;
    }
    return (size_t)-1;
}

/* Skip a block comment starting at p ("/" "*"). Nesting is counted, not recursed.
 * Returns the offset after the final close, or (size_t)-1 when unterminated. */
static size_t skip_block_comment(const char *s, size_t n, size_t p)
{
    size_t depth = 1;
    p += 2;
    while (p < n) {
        if (s[p] == '/' && p + 1 < n && s[p + 1] == '*') {
            depth++;
            p += 2;
        } else if (s[p] == '*' && p + 1 < n && s[p + 1] == '/') {
            p += 2;
            if (--depth == 0)
                return p;
        } else {
            p++;
        }
    }
    return (size_t)-1;
}

/* At s[p] == '$': if a dollar-quote opening delimiter starts here, return its length
 * ("$$" is 2, "$tag$" is 5), else 0. "$1" is a parameter, never a delimiter. */
static size_t dollar_tag_len(const char *s, size_t n, size_t p)
{
    size_t q = p + 1;
    if (q < n && is_ident_start((unsigned char)s[q])) {
        q++;
        while (q < n && is_tag_cont((unsigned char)s[q]))
            q++;
    }
    if (q < n && s[q] == '$')
        return q - p + 1;
    return 0;
}

/* Find the closing delimiter s[tag..tag+taglen) from p on; returns the offset after it
 * or (size_t)-1. The first occurrence is the one the server's lexer stops at. */
static size_t skip_dollar_body(const char *s, size_t n, size_t p, size_t tag, size_t taglen)
{
    for (; p + taglen <= n; p++) {
        if (s[p] == '$' && memcmp(s + p, s + tag, taglen) == 0)
            return p + taglen;
    }
    return (size_t)-1;
}

sqltok_kind sqllex_next(sqllex *lx, sqltok *tok)
{
    const char *s = lx->text;
    size_t n = lx->len, p = lx->pos, end;
    tok->off = p;
    tok->line = lx->line;
    tok->what = NULL;
    tok->len = 0;
    if (p >= n) {
        tok->kind = SQLTOK_END;
        return SQLTOK_END;
    }
    unsigned char c = (unsigned char)s[p];
    unsigned char c1 = p + 1 < n ? (unsigned char)s[p + 1] : 0;
    sqltok_kind kind;
    const char *what = NULL;

    if (is_space(c)) {
        end = p + 1;
        while (end < n && is_space((unsigned char)s[end]))
            end++;
        kind = SQLTOK_SPACE;
    } else if (c == '-' && c1 == '-') {
        end = p + 2;
        while (end < n && s[end] != '\n')
            end++;
        kind = SQLTOK_LINE_COMMENT;
    } else if (c == '/' && c1 == '*') {
        end = skip_block_comment(s, n, p);
        kind = SQLTOK_BLOCK_COMMENT;
        what = "block comment";
    } else if (c == '\'') {
        end = skip_quoted(s, n, p + 1, '\'', false);
        kind = SQLTOK_STRING;
        what = "quoted string";
    } else if (c == '"') {
        end = skip_quoted(s, n, p + 1, '"', false);
        kind = SQLTOK_QIDENT;
        what = "quoted identifier";
    } else if (c == '$') {
        size_t taglen = dollar_tag_len(s, n, p);
        if (taglen > 0) {
            end = skip_dollar_body(s, n, p + taglen, p, taglen);
            kind = SQLTOK_STRING;
            what = "dollar-quoted string";
        } else {
            end = p + 1;
            while (end < n && is_digit((unsigned char)s[end]))
                end++;
            kind = SQLTOK_OTHER;
        }
    } else if (is_ident_start(c)) {
        end = p + 1;
        while (end < n && is_ident_cont((unsigned char)s[end]))
            end++;
        kind = SQLTOK_WORD;
        if (end == p + 1 && (c == 'e' || c == 'E') && c1 == '\'') {
            end = skip_quoted(s, n, p + 2, '\'', true);
            kind = SQLTOK_STRING;
            what = "quoted string";
        } else if (end == p + 1 && (c == 'u' || c == 'U') && c1 == '&' && p + 2 < n &&
                   (s[p + 2] == '\'' || s[p + 2] == '"')) {
            char q = s[p + 2];
            end = skip_quoted(s, n, p + 3, q, false);
            kind = q == '\'' ? SQLTOK_STRING : SQLTOK_QIDENT;
            what = q == '\'' ? "quoted string" : "quoted identifier";
        }
    } else if (is_digit(c)) {
        end = p + 1;
        while (end < n && (is_ident_cont((unsigned char)s[end]) || s[end] == '.') && s[end] != '$')
            end++;
        kind = SQLTOK_OTHER;
    } else if (c == ';') {
        end = p + 1;
        kind = SQLTOK_SEMI;
    } else {
        end = p + 1;
        kind = SQLTOK_OTHER;
    }

    if (end == (size_t)-1) {
        /* Unterminated: report where it started and stop lexing. */
        tok->kind = SQLTOK_ERROR;
        tok->what = what;
        tok->len = n - p;
        lx->pos = n;
        return SQLTOK_ERROR;
    }
    if (end > n) /* a trailing backslash in an E'' string cannot overrun, but be safe */
        end = n;
    for (size_t i = p; i < end; i++)
        if (s[i] == '\n')
            lx->line++;
    tok->kind = kind;
    tok->len = end - p;
    lx->pos = end;
    return kind;
}

bool sqltok_is(const char *text, const sqltok *tok, const char *kw)
{
    if (tok->kind != SQLTOK_WORD)
        return false;
    size_t n = strlen(kw);
    if (tok->len != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (ascii_lower(text[tok->off + i]) != kw[i])
            return false;
    return true;
}

/* ---- splitter ---- */

int sqlsplit(const char *text, size_t len, sql_stmt **out, char **err)
{
    *out = NULL;
    if (err)
        *err = NULL;
    sqllex lx;
    sqllex_init(&lx, text, len, 1);
    sql_stmt *arr = NULL;
    size_t count = 0, cap = 0;
    bool in_stmt = false, after_begin = false;
    size_t start = 0, end = 0;
    int line = 0;
    long depth = 0; /* BEGIN ATOMIC / CASE nesting inside the current statement */
    long parens = 0; /* ( ) nesting: CREATE RULE ... DO (a; b) keeps its ';' like psql */
    sqltok t;

    for (;;) {
        sqltok_kind k = sqllex_next(&lx, &t);
        if (k == SQLTOK_ERROR) {
            free(arr);
            if (err)
                *err = xasprintf("unterminated %s starting at line %d", t.what, t.line);
            return -1;
        }
        if (k == SQLTOK_SPACE || k == SQLTOK_LINE_COMMENT || k == SQLTOK_BLOCK_COMMENT)
            continue;
        if (k == SQLTOK_END || (k == SQLTOK_SEMI && depth == 0 && parens == 0)) {
            if (in_stmt) {
                if (count == (size_t)INT_MAX) {
                    free(arr);
                    if (err)
                        *err = xstrdup("too many statements");
                    return -1;
                }
                if (count == cap) {
                    cap = cap ? cap * 2 : 16;
                    arr = xrealloc(arr, cap * sizeof *arr);
                }
                arr[count].off = start;
                arr[count].len = end - start;
                arr[count].line = line;
                count++;
            }
            if (k == SQLTOK_END)
                break;
            in_stmt = false;
            after_begin = false;
            continue;
        }
        if (!in_stmt) {
            in_stmt = true;
            start = t.off;
            line = t.line;
            depth = 0;
            parens = 0;
        }
        end = t.off + t.len;
        if (k == SQLTOK_WORD) {
            if (after_begin && sqltok_is(text, &t, "atomic"))
                depth++;
            else if (depth > 0 && sqltok_is(text, &t, "case"))
                depth++;
            else if (depth > 0 && sqltok_is(text, &t, "end"))
                depth--;
            after_begin = sqltok_is(text, &t, "begin");
        } else {
            after_begin = false;
            if (k == SQLTOK_OTHER && t.len == 1 && text[t.off] == '(')
                parens++;
            else if (k == SQLTOK_OTHER && t.len == 1 && text[t.off] == ')' && parens > 0)
                parens--;
        }
    }
    *out = arr;
    return (int)count;
}

/* ---- classifiers: a cursor over the significant tokens of one statement ---- */

typedef struct cursor {
    sqllex lx;
    sqltok t; /* current significant token; END at the end (errors end the walk too) */
} cursor;

static void cur_next(cursor *c)
{
    for (;;) {
        sqltok_kind k = sqllex_next(&c->lx, &c->t);
        if (k == SQLTOK_ERROR) {
            c->t.kind = SQLTOK_END;
            return;
        }
        if (k != SQLTOK_SPACE && k != SQLTOK_LINE_COMMENT && k != SQLTOK_BLOCK_COMMENT)
            return;
    }
}

static void cur_init(cursor *c, const char *stmt, size_t len)
{
    sqllex_init(&c->lx, stmt, len, 1);
    cur_next(c);
}

static bool cur_is(const cursor *c, const char *kw)
{
    return sqltok_is(c->lx.text, &c->t, kw);
}

/* Accept keyword kw: advance and return true when the current token is kw. */
static bool cur_accept(cursor *c, const char *kw)
{
    if (!cur_is(c, kw))
        return false;
    cur_next(c);
    return true;
}

static bool cur_char(const cursor *c, char ch)
{
    return c->t.kind == SQLTOK_OTHER && c->t.len == 1 && c->lx.text[c->t.off] == ch;
}

/* REINDEX [ (option, ...) ] {INDEX|TABLE|SCHEMA|DATABASE|SYSTEM} [CONCURRENTLY] name */
static const char *classify_reindex(cursor *c)
{
    bool conc = false;
    if (cur_char(c, '(')) {
        long depth = 0;
        do {
            if (cur_char(c, '('))
                depth++;
            else if (cur_char(c, ')'))
                depth--;
            if (cur_is(c, "concurrently")) {
                cur_next(c);
                if (!(cur_is(c, "false") || cur_is(c, "off") ||
                      (c->t.kind == SQLTOK_OTHER && c->t.len == 1 && c->lx.text[c->t.off] == '0')))
                    conc = true;
                continue; /* the token after the option is already current */
            }
            cur_next(c);
        } while (depth > 0 && c->t.kind != SQLTOK_END);
    }
    bool whole = cur_is(c, "schema") || cur_is(c, "database") || cur_is(c, "system");
    const char *what = cur_is(c, "schema") ? "REINDEX SCHEMA"
                       : cur_is(c, "database") ? "REINDEX DATABASE"
                                               : "REINDEX SYSTEM";
    cur_next(c);
    if (cur_is(c, "concurrently"))
        conc = true;
    if (conc)
        return "REINDEX CONCURRENTLY";
    return whole ? what : NULL;
}

const char *sqlsplit_needs_no_transaction(const char *stmt, size_t len)
{
    cursor c;
    cur_init(&c, stmt, len);
    if (cur_accept(&c, "create")) {
        if (cur_is(&c, "database"))
            return "CREATE DATABASE";
        if (cur_is(&c, "tablespace"))
            return "CREATE TABLESPACE";
        cur_accept(&c, "unique");
        if (cur_accept(&c, "index") && cur_is(&c, "concurrently"))
            return "CREATE INDEX CONCURRENTLY";
        return NULL;
    }
    if (cur_accept(&c, "drop")) {
        if (cur_is(&c, "database"))
            return "DROP DATABASE";
        if (cur_is(&c, "tablespace"))
            return "DROP TABLESPACE";
        if (cur_accept(&c, "index") && cur_is(&c, "concurrently"))
            return "DROP INDEX CONCURRENTLY";
        return NULL;
    }
    if (cur_accept(&c, "reindex"))
        return classify_reindex(&c);
    if (cur_is(&c, "vacuum"))
        return "VACUUM";
    if (cur_accept(&c, "alter")) {
        if (cur_is(&c, "system"))
            return "ALTER SYSTEM";
        if (cur_accept(&c, "type")) {
            while (c.t.kind != SQLTOK_END) {
                if (cur_accept(&c, "add")) {
                    if (cur_is(&c, "value"))
                        return "ALTER TYPE ... ADD VALUE";
                    continue;
                }
                cur_next(&c);
            }
            return NULL;
        }
        if (cur_accept(&c, "table")) {
            bool detach = false;
            while (c.t.kind != SQLTOK_END) {
                if (cur_accept(&c, "detach")) {
                    if (cur_is(&c, "partition"))
                        detach = true;
                    continue;
                }
                if (detach && cur_is(&c, "concurrently"))
                    return "DETACH PARTITION CONCURRENTLY";
                cur_next(&c);
            }
        }
        return NULL;
    }
    return NULL;
}

/* The name an identifier token stands for: unquoted words fold to lower case (ASCII, as the
 * server does), quoted identifiers lose their quotes and "" doubling. Caller frees. */
static char *ident_name(const char *text, const sqltok *t)
{
    const char *s = text + t->off;
    size_t n = t->len;
    strbuf sb = STRBUF_INIT;
    if (t->kind == SQLTOK_WORD) {
        for (size_t i = 0; i < n; i++)
            sb_appendc(&sb, ascii_lower(s[i]));
        return sb_steal(&sb);
    }
    if (n > 0 && (s[0] == 'u' || s[0] == 'U')) { /* U&"..." (escapes are left as written) */
        s += 2;
        n -= 2;
    }
    for (size_t i = 1; i + 1 < n; i++) {
        sb_appendc(&sb, s[i]);
        if (s[i] == '"')
            i++; /* skip the second of a doubled quote */
    }
    return sb_steal(&sb);
}

char *sqlsplit_concurrent_index_name(const char *stmt, size_t len)
{
    cursor c;
    cur_init(&c, stmt, len);
    if (!cur_accept(&c, "create"))
        return NULL;
    cur_accept(&c, "unique");
    if (!cur_accept(&c, "index") || !cur_accept(&c, "concurrently"))
        return NULL;
    if (cur_is(&c, "if")) {
        cur_next(&c);
        if (!cur_accept(&c, "not") || !cur_accept(&c, "exists"))
            return NULL;
    }
    if (cur_is(&c, "on"))
        return NULL; /* no name given: the server picks one */
    char *name = NULL;
    while (c.t.kind == SQLTOK_WORD || c.t.kind == SQLTOK_QIDENT) {
        free(name);
        name = ident_name(stmt, &c.t);
        cur_next(&c);
        if (!cur_char(&c, '.'))
            break;
        cur_next(&c);
    }
    return name;
}
