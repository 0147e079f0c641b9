/* result.c: a scrollable screen showing the output of a ':' command (a table, JSON, plan SQL). */
#include <stdlib.h>
#include <string.h>

#include "screens.h"
#include "tui_draw.h"
#include "util.h"

typedef struct {
    char **lines;  /* owned */
    int nlines, top, left;
} result_state;

static void result_open(tui *t, tui_view *v, void *st, const char *arg)
{
    (void)t;
    (void)v;
    result_state *s = st;
    if (!arg || s->nlines)
        return;
    const char *p = arg;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        s->lines = xrealloc(s->lines, sizeof *s->lines * (size_t)(s->nlines + 1));
        s->lines[s->nlines++] = xstrndup(p, n);
        p += n + (nl ? 1 : 0);
    }
}

static void result_draw(tui *t, tui_view *v, void *st, int top, int rows, int cols)
{
    (void)t;
    (void)v;
    result_state *s = st;
    for (int r = 0; r < rows && s->top + r < s->nlines; r++) {
        const char *line = s->lines[s->top + r];
        size_t len = strlen(line);
        tui_text(top + r, 0, cols, (size_t)s->left < len ? line + s->left : "", TC_NORMAL, false);
    }
}

static bool result_action(tui *t, tui_view *v, void *st, tui_action a)
{
    (void)t;
    (void)v;
    result_state *s = st;
    switch (a) {
    case TA_DOWN: if (s->top < s->nlines - 1) s->top++; return true;
    case TA_UP: if (s->top > 0) s->top--; return true;
    case TA_PAGE_DOWN: s->top = s->top + 10 < s->nlines ? s->top + 10 : (s->nlines ? s->nlines - 1 : 0); return true;
    case TA_PAGE_UP: s->top = s->top > 10 ? s->top - 10 : 0; return true;
    case TA_FIRST: s->top = 0; return true;
    case TA_LAST: s->top = s->nlines ? s->nlines - 1 : 0; return true;
    case TA_RIGHT: s->left += 8; return true;
    case TA_LEFT: s->left = s->left > 8 ? s->left - 8 : 0; return true;
    default: return false;
    }
}

static void result_close(void *st)
{
    result_state *s = st;
    for (int i = 0; i < s->nlines; i++)
        free(s->lines[i]);
    free(s->lines);
}

const tui_screen screen_result = {
    "result", "Result", sizeof(result_state), result_open, NULL, result_draw, result_action, result_close, false,
};
