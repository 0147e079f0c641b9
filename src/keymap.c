/* keymap.c: key binding files: "bind SCREEN KEY ACTION" and "unbind SCREEN KEY" lines, key names
 * both ways, and lookup with screen-specific bindings taking precedence over "*". */
#include "keymap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static const struct {
    const char *name;
    int key;
} named[] = {
    {"Up", KEYC_UP},       {"Down", KEYC_DOWN},     {"Left", KEYC_LEFT},   {"Right", KEYC_RIGHT},
    {"PgUp", KEYC_PGUP},   {"PgDn", KEYC_PGDN},     {"Home", KEYC_HOME},   {"End", KEYC_END},
    {"Enter", KEYC_ENTER}, {"Esc", KEYC_ESC},       {"Tab", KEYC_TAB},     {"BTab", KEYC_BTAB},
    {"Backspace", KEYC_BACKSPACE}, {"Delete", KEYC_DELETE}, {"Insert", KEYC_INSERT},
    {"Space", ' '},
};

const char *keymap_key_name(int key, char buf[16])
{
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (named[i].key == key)
            return named[i].name;
    if (key >= KEYC_F1 && key < KEYC_F1 + 12) {
        snprintf(buf, 16, "F%d", key - KEYC_F1 + 1);
        return buf;
    }
    if (key >= 1 && key <= 26) {
        snprintf(buf, 16, "^%c", 'A' + key - 1);
        return buf;
    }
    if (key > 32 && key < 127) {
        buf[0] = (char)key;
        buf[1] = '\0';
        return buf;
    }
    if (key >= 0xa0 && key < 0x110000) {
        /* UTF-8 encode */
        int n = 0;
        if (key < 0x800) {
            buf[n++] = (char)(0xc0 | (key >> 6));
        } else if (key < 0x10000) {
            buf[n++] = (char)(0xe0 | (key >> 12));
            buf[n++] = (char)(0x80 | ((key >> 6) & 0x3f));
        } else {
            buf[n++] = (char)(0xf0 | (key >> 18));
            buf[n++] = (char)(0x80 | ((key >> 12) & 0x3f));
            buf[n++] = (char)(0x80 | ((key >> 6) & 0x3f));
        }
        buf[n++] = (char)(0x80 | (key & 0x3f));
        buf[n] = '\0';
        return buf;
    }
    snprintf(buf, 16, "<%d>", key);
    return buf;
}

bool keymap_key_parse(const char *name, int *key)
{
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (strcmp(named[i].name, name) == 0) {
            *key = named[i].key;
            return true;
        }
    size_t len = strlen(name);
    if (len >= 2 && len <= 3 && name[0] == 'F') {
        long f;
        if (parse_uint(name + 1, 12, &f) && f >= 1) {
            *key = KEYC_F1 + (int)f - 1;
            return true;
        }
    }
    if (len == 2 && name[0] == '^' && ((name[1] >= 'A' && name[1] <= 'Z') || (name[1] >= 'a' && name[1] <= 'z'))) {
        *key = (name[1] | 0x20) - 'a' + 1;
        return true;
    }
    if (len == 1 && name[0] > 32 && name[0] < 127) {
        *key = name[0];
        return true;
    }
    /* one UTF-8 encoded character */
    const unsigned char *u = (const unsigned char *)name;
    int cp = -1;
    if (len == 2 && (u[0] & 0xe0) == 0xc0 && (u[1] & 0xc0) == 0x80)
        cp = ((u[0] & 0x1f) << 6) | (u[1] & 0x3f);
    else if (len == 3 && (u[0] & 0xf0) == 0xe0 && (u[1] & 0xc0) == 0x80 && (u[2] & 0xc0) == 0x80)
        cp = ((u[0] & 0x0f) << 12) | ((u[1] & 0x3f) << 6) | (u[2] & 0x3f);
    if (cp >= 0xa0 && !(cp >= 0xd800 && cp <= 0xdfff)) {
        *key = cp;
        return true;
    }
    return false;
}

/* Only the first KEYMAP_MAX_SHOWN errors are spelled out; the rest are counted (a file of garbage
   should give a screenful that names the problem, not a message per line). */
#define KEYMAP_MAX_SHOWN 20

static void add_error(strbuf *errs, int *nerr, const char *origin, int line, const char *fmt, const char *arg)
{
    if ((*nerr)++ >= KEYMAP_MAX_SHOWN)
        return;
    sb_printf(errs, "%s:%d: ", origin, line);
    /* never echo control characters from a hostile file into a message */
    char *msg = xasprintf(fmt, arg);
    for (char *p = msg; *p; p++)
        sb_appendc(errs, ((unsigned char)*p < 32 || *p == 127) ? '?' : *p);
    free(msg);
    sb_appendc(errs, '\n');
}

static bool valid_screen(const char *s)
{
    if (strcmp(s, "*") == 0)
        return true;
    if (!*s || strlen(s) > 32)
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || *p == '-' || *p == '_'))
            return false;
    return true;
}

int keymap_parse(keymap *km, const char *text, size_t len, const char *origin,
                 keymap_action_lookup lookup, char **errors)
{
    strbuf errs = STRBUF_INIT;
    int nerr = 0, lineno = 0;
    size_t pos = 0;
    while (pos < len) {
        size_t end = pos;
        while (end < len && text[end] != '\n')
            end++;
        lineno++;
        size_t start = pos;
        pos = end + 1;
        if (memchr(text + start, '\0', end - start)) {
            add_error(&errs, &nerr, origin, lineno, "%s", "the line holds a NUL byte");
            continue;
        }
        char *line = xstrndup(text + start, end - start);
        char *words[5] = {0};
        int nw = 0;
        char *save = NULL;
        for (char *w = strtok_r(line, " \t\r", &save); w && nw < 5; w = strtok_r(NULL, " \t\r", &save))
            words[nw++] = w;
        if (nw == 0 || words[0][0] == '#') {
            free(line);
            continue;
        }
        bool bind = strcmp(words[0], "bind") == 0, unbind = strcmp(words[0], "unbind") == 0;
        int key = 0, action = -1;
        if (!bind && !unbind)
            add_error(&errs, &nerr, origin, lineno, "unknown directive '%.40s' (use bind or unbind)", words[0]);
        else if (nw != (bind ? 4 : 3))
            add_error(&errs, &nerr, origin, lineno, "%s", bind ? "usage: bind SCREEN KEY ACTION" : "usage: unbind SCREEN KEY");
        else if (!valid_screen(words[1]))
            add_error(&errs, &nerr, origin, lineno, "bad screen name '%.40s'", words[1]);
        else if (!keymap_key_parse(words[2], &key))
            add_error(&errs, &nerr, origin, lineno, "unknown key '%.40s'", words[2]);
        else if (bind && (!lookup || !lookup(words[3], &action)))
            add_error(&errs, &nerr, origin, lineno, "unknown action '%.40s'", words[3]);
        else {
            if (km->n == km->cap) {
                km->cap = km->cap ? km->cap * 2 : 64;
                km->binds = xrealloc(km->binds, sizeof *km->binds * km->cap);
            }
            keybind *b = &km->binds[km->n++];
            b->screen = xstrdup(words[1]);
            b->key = key;
            b->action = bind ? action : -1; /* -1 masks earlier bindings */
            b->line = lineno;
        }
        free(line);
    }
    if (nerr > KEYMAP_MAX_SHOWN)
        sb_printf(&errs, "%s: %d more errors not shown\n", origin, nerr - KEYMAP_MAX_SHOWN);
    if (errors)
        *errors = errs.len ? sb_steal(&errs) : NULL;
    sb_free(&errs);
    return nerr;
}

int keymap_lookup(const keymap *km, const char *screen, int key)
{
    /* the last matching line wins; a screen-specific one beats "*" */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = km->n; i-- > 0;) {
            const keybind *b = &km->binds[i];
            if (b->key != key)
                continue;
            if (pass == 0 ? (screen && strcmp(b->screen, screen) == 0) : strcmp(b->screen, "*") == 0)
                return b->action;
        }
    return -1;
}

void keymap_free(keymap *km)
{
    for (size_t i = 0; i < km->n; i++)
        free(km->binds[i].screen);
    free(km->binds);
    memset(km, 0, sizeof *km);
}
