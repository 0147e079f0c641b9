/* help.c: the help screen, generated from the key bindings in force for the screen it was opened
 * from, plus the actions and the ':' commands. */
#include <stdlib.h>
#include <string.h>

#include "keymap.h"
#include "screens.h"
#include "tui_draw.h"
#include "util.h"

const keymap *tui_keymap(const tui *t);

typedef struct {
    char *for_screen;  /* owned */
    char **lines;      /* owned */
    int nlines, top;
} help_state;

static void add(help_state *s, char *line)
{
    s->lines = xrealloc(s->lines, sizeof *s->lines * (size_t)(s->nlines + 1));
    s->lines[s->nlines++] = line;
}

static void help_open(tui *t, tui_view *v, void *st, const char *arg)
{
    (void)v;
    help_state *s = st;
    if (s->nlines)
        return;
    s->for_screen = xstrdup(arg ? arg : "dashboard");
    add(s, xasprintf("Keys on the %s screen (bindings in force; rebind in $XDG_CONFIG_HOME/agentdb/keys):",
                     s->for_screen));
    const keymap *km = tui_keymap(t);
    for (int a = 1; a < TA_COUNT; a++) {
        strbuf keys = STRBUF_INIT;
        /* every key whose lookup on this screen gives this action */
        for (size_t i = 0; i < km->n; i++) {
            const keybind *b = &km->binds[i];
            if (keymap_lookup(km, s->for_screen, b->key) != a)
                continue;
            bool seen = false; /* the same key bound again (another screen, or overridden) */
            for (size_t j = 0; j < i && !seen; j++)
                seen = km->binds[j].key == b->key;
            if (seen)
                continue;
            char buf[16];
            const char *name = keymap_key_name(b->key, buf);
            if (!strstr(sb_str(&keys), name) || strlen(name) > 1)
                sb_printf(&keys, "%s%s", keys.len ? " " : "", name);
        }
        if (keys.len)
            add(s, xasprintf("  %-14s %-14s %s", sb_str(&keys), tui_action_name((tui_action)a),
                             tui_action_help((tui_action)a)));
        sb_free(&keys);
    }
    add(s, xstrdup("  ^C             cancel         cancel the running query; quit when none runs"));
    add(s, xstrdup(""));
    add(s, xstrdup("':' commands: a screen (dashboard, workflows, workflow ID, task ID, agents,"));
    add(s, xstrdup("agent ID, experiences, episode ID, jsonview TABLE/ID/COLUMN), help, quit,"));
    add(s, xstrdup("dump-screen FILE, or any"));
    add(s, xstrdup("command-line command (migrate status, demo load ...), shown on a Result screen."));
}

static void help_draw(tui *t, tui_view *v, void *st, int top, int rows, int cols)
{
    (void)t;
    (void)v;
    help_state *s = st;
    for (int r = 0; r < rows && s->top + r < s->nlines; r++)
        tui_text(top + r, 0, cols, s->lines[s->top + r], r == 0 && s->top == 0 ? TC_HEADER : TC_NORMAL, false);
}

static bool help_action(tui *t, tui_view *v, void *st, tui_action a)
{
    (void)t;
    (void)v;
    help_state *s = st;
    switch (a) {
    case TA_DOWN: if (s->top < s->nlines - 1) s->top++; return true;
    case TA_UP: if (s->top > 0) s->top--; return true;
    case TA_PAGE_DOWN: s->top = s->top + 10 < s->nlines ? s->top + 10 : s->nlines - 1; return true;
    case TA_PAGE_UP: s->top = s->top > 10 ? s->top - 10 : 0; return true;
    case TA_FIRST: s->top = 0; return true;
    case TA_HELP: return true;
    default: return false;
    }
}

static void help_close(void *st)
{
    help_state *s = st;
    for (int i = 0; i < s->nlines; i++)
        free(s->lines[i]);
    free(s->lines);
    free(s->for_screen);
}

const tui_screen screen_help = {
    "help", "Help", sizeof(help_state), help_open, NULL, help_draw, help_action, help_close, false,
};
