/* tui_draw.h: safe text output for screens: every string is sanitised (control characters and
 * escape sequences shown as visible escapes) and clipped by display width; line drawing and colours. */
#ifndef AGENTDB_TUI_DRAW_H
#define AGENTDB_TUI_DRAW_H

#include <stdbool.h>

/* Colour/attribute roles. */
typedef enum {
    TC_NORMAL, TC_TITLE, TC_STATUS, TC_SELECTED, TC_HEADER, TC_DIM, TC_ERROR, TC_OK, TC_WARN,
    TC_RUNNING, TC_BANNER, TC_COUNT
} tui_color;

/* Write text at (row, col), at most width cells, padded with spaces to width when pad is set.
 * Returns the number of cells written. */
int tui_text(int row, int col, int width, const char *text, tui_color c, bool pad);
/* Like tui_text for right-aligned numbers. */
int tui_text_right(int row, int col, int width, const char *text, tui_color c);
/* Horizontal rule of width cells (Unicode, ACS or ASCII per the terminal). */
void tui_hline(int row, int col, int width, tui_color c);
/* Colour for a task or workflow status. */
tui_color tui_status_color(const char *status);
/* Glyph for a status ("✓", "✗", "▶" ... or ASCII). */
const char *tui_status_glyph(const char *status);
/* Sparkline of values (NULL entries skipped) into a malloc'd string of n cells. */
char *tui_sparkline(const double *v, int n);
/* Display width of a string after sanitising. */
int tui_width(const char *text);

/* Set by the engine. */
void tui_draw_init(bool unicode, bool ascii, bool color);
bool tui_draw_unicode(void);

#endif
