/* sqlview.c: a scrollable, syntax-highlighted view of SQL text (a migration's up, down and
 * verify sections): keywords, strings, comments and quoted names coloured by the SQL lexer. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "screens.h"
#include "sqllex.h"
#include "tui_draw.h"
#include "util.h"

typedef struct {
    char *text;          /* owned */
    unsigned char *color;/* owned: a tui_color per byte of text */
    size_t *starts;      /* owned: offset of each line */
    int nlines, top;
} sqlview_state;

static const char *const keywords[] = {
    "add", "alter", "and", "as", "begin", "by", "cascade", "case", "check", "column", "comment",
    "commit", "concurrently", "constraint", "create", "declare", "default", "delete", "desc",
    "do", "drop", "else", "end", "exception", "execute", "exists", "for", "foreign", "from",
    "function", "grant", "if", "in", "index", "insert", "into", "is", "join", "key", "language",
    "loop", "materialized", "not", "null", "on", "or", "order", "partition", "policy", "primary",
    "procedure", "raise", "references", "restrict", "return", "returns", "revoke", "security",
    "select", "set", "table", "then", "to", "trigger", "unique", "update", "using", "values",
    "view", "when", "where", "with",
};

static bool is_keyword(const char *text, const sqltok *tok)
{
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
        if (sqltok_is(text, tok, keywords[i]))
            return true;
    return false;
}

static void sqlview_open(tui *t, tui_view *v, void *st, const char *arg)
{
    (void)t;
    (void)v;
    sqlview_state *s = st;
    if (!arg || s->text)
        return;
    s->text = xstrdup(arg);
    size_t len = strlen(s->text);
    s->color = xcalloc(len + 1, 1);
    sqllex lx;
    sqllex_init(&lx, s->text, len, 1);
    sqltok tok;
    while (sqllex_next(&lx, &tok) != SQLTOK_END) {
        tui_color c = TC_NORMAL;
        switch (tok.kind) {
        case SQLTOK_LINE_COMMENT:
        case SQLTOK_BLOCK_COMMENT: c = TC_DIM; break;
        case SQLTOK_STRING: c = TC_OK; break;
        case SQLTOK_QIDENT: c = TC_WARN; break;
        case SQLTOK_WORD: c = is_keyword(s->text, &tok) ? TC_HEADER : TC_NORMAL; break;
        case SQLTOK_ERROR: c = TC_ERROR; break;
        default: break;
        }
        memset(s->color + tok.off, (int)c, tok.len);
        if (tok.kind == SQLTOK_ERROR) {
            memset(s->color + tok.off, (int)TC_ERROR, len - tok.off);
            break;
        }
    }
    s->starts = xcalloc(1, sizeof *s->starts);
    s->nlines = 1;
    for (size_t i = 0; i < len; i++)
        if (s->text[i] == '\n' && i + 1 < len) {
            s->starts = xrealloc(s->starts, sizeof *s->starts * (size_t)(s->nlines + 1));
            s->starts[s->nlines++] = i + 1;
        }
}

static void sqlview_draw(tui *t, tui_view *v, void *st, int top, int rows, int cols)
{
    (void)t;
    (void)v;
    sqlview_state *s = st;
    if (!s->text)
        return;
    for (int r = 0; r < rows && s->top + r < s->nlines; r++) {
        size_t from = s->starts[s->top + r];
        size_t to = from;
        while (s->text[to] && s->text[to] != '\n')
            to++;
        int col = 0;
        /* one tui_text per run of one colour (tui_text sanitises and clips) */
        for (size_t i = from; i < to && col < cols;) {
            size_t j = i;
            while (j < to && s->color[j] == s->color[i])
                j++;
            char *seg = xstrndup(s->text + i, j - i);
            col += tui_text(top + r, col, cols - col, seg, (tui_color)s->color[i], false);
            free(seg);
            i = j;
        }
    }
}

static bool sqlview_action(tui *t, tui_view *v, void *st, tui_action a)
{
    (void)t;
    (void)v;
    sqlview_state *s = st;
    int last = s->nlines ? s->nlines - 1 : 0;
    switch (a) {
    case TA_DOWN: if (s->top < last) s->top++; return true;
    case TA_UP: if (s->top > 0) s->top--; return true;
    case TA_PAGE_DOWN: s->top = s->top + 10 < last ? s->top + 10 : last; return true;
    case TA_PAGE_UP: s->top = s->top > 10 ? s->top - 10 : 0; return true;
    case TA_FIRST: s->top = 0; return true;
    case TA_LAST: s->top = last; return true;
    case TA_COPY:
        if (s->text)
            tui_copy(t, s->text);
        return true;
    default: return false;
    }
}

static void sqlview_close(void *st)
{
    sqlview_state *s = st;
    free(s->text);
    free(s->color);
    free(s->starts);
}

const tui_screen screen_sqlview = {
    "sqlview", "SQL", sizeof(sqlview_state), sqlview_open, NULL, sqlview_draw, sqlview_action,
    sqlview_close, false,
};
