/* tui_draw.c: clipped, sanitised text output onto the curses screen; line drawing by capability
 * (UTF-8, ACS or ASCII); status colours and glyphs; sparklines. */
#include "tui_draw.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "out.h"
#include "util.h"

static bool g_unicode, g_ascii, g_color;

void tui_draw_init(bool unicode, bool ascii, bool color)
{
    g_unicode = unicode && !ascii;
    g_ascii = ascii;
    g_color = color;
    if (color) {
        start_color();
        use_default_colors();
        init_pair(TC_TITLE, COLOR_BLACK, COLOR_CYAN);
        init_pair(TC_STATUS, COLOR_BLACK, COLOR_WHITE);
        init_pair(TC_SELECTED, COLOR_BLACK, COLOR_YELLOW);
        init_pair(TC_HEADER, COLOR_CYAN, -1);
        init_pair(TC_DIM, COLOR_BLUE, -1);
        init_pair(TC_ERROR, COLOR_RED, -1);
        init_pair(TC_OK, COLOR_GREEN, -1);
        init_pair(TC_WARN, COLOR_YELLOW, -1);
        init_pair(TC_RUNNING, COLOR_MAGENTA, -1);
        init_pair(TC_BANNER, COLOR_WHITE, COLOR_RED);
    }
}

bool tui_draw_unicode(void) { return g_unicode; }

static attr_t attr_of(tui_color c)
{
    if (g_color && c != TC_NORMAL)
        return COLOR_PAIR(c) | (c == TC_HEADER || c == TC_BANNER ? A_BOLD : 0);
    switch (c) {
    case TC_TITLE:
    case TC_STATUS:
    case TC_SELECTED:
    case TC_BANNER: return A_REVERSE;
    case TC_HEADER: return A_BOLD;
    case TC_ERROR: return A_BOLD;
    case TC_DIM: return A_DIM;
    default: return A_NORMAL;
    }
}

int tui_width(const char *text)
{
    return out_display_width(text ? text : "");
}

int tui_text(int row, int col, int width, const char *text, tui_color c, bool pad)
{
    if (width <= 0 || row < 0 || row >= LINES || col >= COLS)
        return 0;
    if (col + width > COLS)
        width = COLS - col;
    char *safe = out_sanitize(text ? text : "");
    attr_t a = attr_of(c);
    attron(a);
    move(row, col);
    int used = 0;
    mbstate_t ms;
    memset(&ms, 0, sizeof ms);
    const char *p = safe;
    size_t left = strlen(safe);
    while (left > 0) {
        wchar_t wc;
        size_t n = mbrtowc(&wc, p, left, &ms);
        if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
            /* cannot happen after out_sanitize in a UTF-8 locale; in others, show a '?' */
            memset(&ms, 0, sizeof ms);
            if (used + 1 > width)
                break;
            addch('?');
            used++;
            p++;
            left--;
            continue;
        }
        int w = wcwidth(wc);
        if (w < 0)
            w = 1;
        if (used + w > width)
            break;
        addnstr(p, (int)n);
        used += w;
        p += n;
        left -= n;
    }
    if (pad)
        for (; used < width; used++)
            addch(' ');
    attroff(a);
    free(safe);
    return used;
}

int tui_text_right(int row, int col, int width, const char *text, tui_color c)
{
    int w = tui_width(text);
    if (w >= width)
        return tui_text(row, col, width, text, c, true);
    tui_text(row, col, width - w, "", c, true);
    return tui_text(row, col + width - w, w, text, c, false) + width - w;
}

void tui_hline(int row, int col, int width, tui_color c)
{
    if (row < 0 || row >= LINES || width <= 0)
        return;
    if (col + width > COLS)
        width = COLS - col;
    attr_t a = attr_of(c);
    attron(a);
    if (g_unicode) {
        move(row, col);
        for (int i = 0; i < width; i++)
            addstr("\xe2\x94\x80");
    } else if (g_ascii)
        mvhline(row, col, '-', width);
    else
        mvhline(row, col, ACS_HLINE, width);
    attroff(a);
}

tui_color tui_status_color(const char *s)
{
    if (!s)
        return TC_NORMAL;
    if (!strcmp(s, "completed") || !strcmp(s, "applied") || !strcmp(s, "ok") || !strcmp(s, "pass"))
        return TC_OK;
    if (!strcmp(s, "failed") || !strcmp(s, "timeout") || !strcmp(s, "drifted") || !strcmp(s, "FAIL"))
        return TC_ERROR;
    if (!strcmp(s, "running") || !strcmp(s, "queued") || !strcmp(s, "retrying"))
        return TC_RUNNING;
    if (!strcmp(s, "cancelled") || !strcmp(s, "pending"))
        return TC_DIM;
    return TC_NORMAL;
}

const char *tui_status_glyph(const char *s)
{
    static const struct {
        const char *status, *uni, *ascii;
    } g[] = {
        {"completed", "\xe2\x9c\x93", "+"}, {"failed", "\xe2\x9c\x97", "x"},
        {"running", "\xe2\x96\xb6", ">"},   {"queued", "\xe2\x80\xa6", "."},
        {"pending", "\xc2\xb7", "."},       {"cancelled", "\xe2\x88\x85", "-"},
        {"timeout", "\xe2\x8c\x9b", "T"},   {"retrying", "\xe2\x86\xbb", "r"},
    };
    for (size_t i = 0; s && i < sizeof g / sizeof g[0]; i++)
        if (!strcmp(g[i].status, s))
            return g_unicode ? g[i].uni : g[i].ascii;
    return "?";
}

char *tui_sparkline(const double *v, int n)
{
    static const char *bars[] = {"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
                                 "\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88"};
    static const char ascii[] = "_.-=+*#@";
    double lo = 0, hi = 0;
    bool any = false;
    for (int i = 0; i < n; i++) {
        if (!any || v[i] < lo)
            lo = v[i];
        if (!any || v[i] > hi)
            hi = v[i];
        any = true;
    }
    strbuf sb = STRBUF_INIT;
    sb_append(&sb, "");
    for (int i = 0; i < n; i++) {
        int level = hi > lo ? (int)((v[i] - lo) / (hi - lo) * 7.0 + 0.5) : 3;
        if (level < 0)
            level = 0;
        if (level > 7)
            level = 7;
        if (g_unicode)
            sb_append(&sb, bars[level]);
        else
            sb_appendc(&sb, ascii[level]);
    }
    return sb_steal(&sb);
}
