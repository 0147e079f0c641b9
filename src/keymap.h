/* keymap.h: key bindings: parsing the bundled defaults and the user's $XDG_CONFIG_HOME/agentdb/keys
 * ("bind SCREEN KEY ACTION" lines), key names, and lookup. No curses: fuzzable on its own. */
#ifndef AGENTDB_KEYMAP_H
#define AGENTDB_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

/* Key codes: Unicode code points for printable keys, 1..31 and 127 for control keys, and these
 * above the Unicode range for special keys. */
enum {
    KEYC_BASE = 0x110000,
    KEYC_UP, KEYC_DOWN, KEYC_LEFT, KEYC_RIGHT, KEYC_PGUP, KEYC_PGDN, KEYC_HOME, KEYC_END,
    KEYC_ENTER, KEYC_ESC, KEYC_TAB, KEYC_BACKSPACE, KEYC_DELETE, KEYC_INSERT, KEYC_BTAB,
    KEYC_F1, /* ... KEYC_F1 + 11 for F12 */
    KEYC_LAST = KEYC_F1 + 12
};

typedef struct keybind {
    char *screen;   /* owned; "*" for every screen */
    int key;
    int action;     /* a tui_action value (resolved by the caller's name table) */
    int line;       /* where it was defined (0 for built-in) */
} keybind;

typedef struct keymap {
    keybind *binds; /* owned array; later entries override earlier ones */
    size_t n, cap;
} keymap;

/* Name of a key ("j", "Enter", "^C", "F1", "PgDn", "Space"); static or per-call buffer. */
const char *keymap_key_name(int key, char buf[16]);
/* Parse a key name; false when unknown. */
bool keymap_key_parse(const char *name, int *key);

/* Action names are resolved through this callback so keymap stays independent of the engine. */
typedef bool (*keymap_action_lookup)(const char *name, int *action);

/* Parse bindings text into km (appending; later lines win). Lines: blank, "# comment",
 * "bind SCREEN KEY ACTION", "unbind SCREEN KEY". Returns the number of errors; each error message
 * ("keys:LINE: ...") is appended to *errors (malloc'd, '\n'-separated, caller frees; may be NULL
 * when there are none; past 20 errors only a count is added). Never fails on hostile input: bad
 * lines are reported and skipped. */
int keymap_parse(keymap *km, const char *text, size_t len, const char *origin,
                 keymap_action_lookup lookup, char **errors);
/* The action bound to key on screen (screen-specific bindings win over "*"); -1 when none. */
int keymap_lookup(const keymap *km, const char *screen, int key);
void keymap_free(keymap *km);

#endif
