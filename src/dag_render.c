/* dag_render.c: draw a laid-out DAG into a window of character cells (boxes, Unicode or ASCII
 * lines, arrows), and print the whole drawing as text; shared by the DAG screen and `dag show`. */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "dag.h"
#include "util.h"

enum { DIR_U = 1, DIR_D = 2, DIR_L = 4, DIR_R = 8 };

int dag_utf8_put(uint32_t cp, char *buf)
{
    if (cp < 0x80) {
        buf[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        buf[0] = (char)(0xc0 | (cp >> 6));
        buf[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        buf[0] = (char)(0xe0 | (cp >> 12));
        buf[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        buf[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    buf[0] = (char)(0xf0 | (cp >> 18));
    buf[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    buf[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    buf[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

/* Decode one UTF-8 character at *s (advancing it); invalid bytes give 0xFFFD one byte at a time. */
static uint32_t utf8_next(const unsigned char **s)
{
    const unsigned char *p = *s;
    uint32_t c = p[0];
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0) {
        *s = p + 1;
        return 0xfffd;
    }
    if (len == 1) {
        *s = p + 1;
        return c;
    }
    uint32_t cp = c & (0x3f >> (len - 1));
    for (int i = 1; i < len; i++) {
        if ((p[i] & 0xc0) != 0x80) {
            *s = p + 1;
            return 0xfffd;
        }
        cp = (cp << 6) | (p[i] & 0x3f);
    }
    static const uint32_t minv[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < minv[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        *s = p + 1;
        return 0xfffd;
    }
    *s = p + len;
    return cp;
}

/* A code point safe to show in one cell, or '?'. */
static uint32_t safe_cp(uint32_t cp, bool ascii)
{
    if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
        return '?';
    if (cp < 0x80)
        return cp;
    if (ascii || cp == 0xfffd || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
        (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff)
        return '?';
    return wcwidth((wchar_t)cp) == 1 ? cp : '?';
}

typedef struct canvas {
    int x0, y0, w, h;
    dag_cell *c;
    unsigned char *mask;
} canvas;

static dag_cell *cell_at(canvas *cv, int x, int y)
{
    x -= cv->x0;
    y -= cv->y0;
    if (x < 0 || y < 0 || x >= cv->w || y >= cv->h)
        return NULL;
    return &cv->c[(size_t)y * (size_t)cv->w + (size_t)x];
}

static void put_cp(canvas *cv, int x, int y, uint32_t cp, uint16_t attr)
{
    dag_cell *c = cell_at(cv, x, y);
    if (c)
        *c = (dag_cell){cp, attr};
}

/* Write text from x, at most maxw cells; a longer text ends in an ellipsis. Returns cells used.
 * own: text made here from our own glyphs (one cell each), not sanitised through wcwidth. */
static int put_text_x(canvas *cv, int x, int y, int maxw, const char *text, uint16_t attr,
                      bool ascii, bool own)
{
    if (maxw <= 0)
        return 0;
    const unsigned char *s = (const unsigned char *)text;
    int used = 0;
    while (*s) {
        uint32_t cp = utf8_next(&s);
        if (!own || cp < 0x20)
            cp = safe_cp(cp, ascii);
        if (used == maxw - 1 && *s) { /* the last cell and more to come */
            put_cp(cv, x + used, y, ascii ? '~' : 0x2026, attr);
            return maxw;
        }
        put_cp(cv, x + used, y, cp, attr);
        if (++used == maxw)
            break;
    }
    return used;
}

static int put_text(canvas *cv, int x, int y, int maxw, const char *text, uint16_t attr, bool ascii)
{
    return put_text_x(cv, x, y, maxw, text, attr, ascii, false);
}

static void mask_set(canvas *cv, int x, int y, unsigned char bits, uint16_t attr)
{
    x -= cv->x0;
    y -= cv->y0;
    if (x < 0 || y < 0 || x >= cv->w || y >= cv->h)
        return;
    size_t i = (size_t)y * (size_t)cv->w + (size_t)x;
    cv->mask[i] |= bits;
    cv->c[i].attr |= attr;
}

static void draw_segment(canvas *cv, dag_point a, dag_point b, uint16_t attr)
{
    if (a.x == b.x) {
        int y1 = a.y < b.y ? a.y : b.y, y2 = a.y < b.y ? b.y : a.y;
        if (y2 < cv->y0 || y1 >= cv->y0 + cv->h || a.x < cv->x0 || a.x >= cv->x0 + cv->w)
            return;
        if (y1 < cv->y0 - 1)
            y1 = cv->y0 - 1;
        if (y2 > cv->y0 + cv->h)
            y2 = cv->y0 + cv->h;
        for (int y = y1; y <= y2; y++)
            mask_set(cv, a.x, y, (y > y1 ? DIR_U : 0) | (y < y2 ? DIR_D : 0), attr);
    } else if (a.y == b.y) {
        int x1 = a.x < b.x ? a.x : b.x, x2 = a.x < b.x ? b.x : a.x;
        if (x2 < cv->x0 || x1 >= cv->x0 + cv->w || a.y < cv->y0 || a.y >= cv->y0 + cv->h)
            return;
        if (x1 < cv->x0 - 1)
            x1 = cv->x0 - 1;
        if (x2 > cv->x0 + cv->w)
            x2 = cv->x0 + cv->w;
        for (int x = x1; x <= x2; x++)
            mask_set(cv, x, a.y, (x > x1 ? DIR_L : 0) | (x < x2 ? DIR_R : 0), attr);
    }
}

static uint32_t line_char(unsigned char m, bool ascii)
{
    if (ascii) {
        bool v = m & (DIR_U | DIR_D), hz = m & (DIR_L | DIR_R);
        return v && hz ? '+' : v ? '|' : '-';
    }
    static const uint32_t tab[16] = {
        [0] = ' ',
        [DIR_U] = 0x2502,
        [DIR_D] = 0x2502,
        [DIR_U | DIR_D] = 0x2502,
        [DIR_L] = 0x2500,
        [DIR_R] = 0x2500,
        [DIR_L | DIR_R] = 0x2500,
        [DIR_D | DIR_R] = 0x250c,
        [DIR_D | DIR_L] = 0x2510,
        [DIR_U | DIR_R] = 0x2514,
        [DIR_U | DIR_L] = 0x2518,
        [DIR_U | DIR_D | DIR_R] = 0x251c,
        [DIR_U | DIR_D | DIR_L] = 0x2524,
        [DIR_D | DIR_L | DIR_R] = 0x252c,
        [DIR_U | DIR_L | DIR_R] = 0x2534,
        [DIR_U | DIR_D | DIR_L | DIR_R] = 0x253c,
    };
    return tab[m & 15];
}

static void fmt_duration(char *buf, size_t n, double s)
{
    if (s < 0)
        snprintf(buf, n, "-");
    else if (s < 60)
        snprintf(buf, n, "%.1fs", s);
    else if (s < 3600)
        snprintf(buf, n, "%dm%02ds", (int)(s / 60), (int)s % 60);
    else if (s < 360000)
        snprintf(buf, n, "%dh%02dm", (int)(s / 3600), (int)(s / 60) % 60);
    else if (s < 1e9)
        snprintf(buf, n, "%dd", (int)(s / 86400));
    else
        snprintf(buf, n, ">30y");
}

static void draw_box(canvas *cv, const dag_node *nd, const dag_box *b, uint16_t mark, bool ascii)
{
    uint16_t attr = (uint16_t)(DAG_ATTR_BOX | mark | ((nd->status + 1) & DAG_ATTR_STATUS_MASK));
    if (nd->flags & DAG_NODE_REMOVED)
        attr |= DAG_ATTR_DIM;
    if (nd->flags & DAG_NODE_ADDED)
        attr |= DAG_ATTR_ADDED;
    int x1 = b->x, y1 = b->y, x2 = b->x + b->w - 1, y2 = b->y + b->h - 1;
    bool group = nd->count > 1;
    /* borders: light for a task, double for a collapsed group, heavy for the selection */
    int style = (mark & DAG_ATTR_SELECTED) ? 2 : group ? 1 : 0;
    static const uint32_t uni[3][6] = {
        {0x2500, 0x2502, 0x250c, 0x2510, 0x2514, 0x2518},
        {0x2550, 0x2551, 0x2554, 0x2557, 0x255a, 0x255d},
        {0x2501, 0x2503, 0x250f, 0x2513, 0x2517, 0x251b},
    };
    static const uint32_t asc[3][6] = {
        {'-', '|', '+', '+', '+', '+'},
        {'=', '|', '+', '+', '+', '+'},
        {'=', '#', '#', '#', '#', '#'},
    };
    const uint32_t *bc = ascii ? asc[style] : uni[style];
    uint32_t hz = bc[0], vt = bc[1], tl = bc[2], tr = bc[3], bl = bc[4], br = bc[5];
    for (int y = y1; y <= y2; y++)
        for (int x = x1; x <= x2; x++) {
            uint32_t ch = ' ';
            if (y == y1 || y == y2)
                ch = x == x1 ? (y == y1 ? tl : bl) : x == x2 ? (y == y1 ? tr : br) : hz;
            else if (x == x1 || x == x2)
                ch = vt;
            put_cp(cv, x, y, ch, attr);
        }
    /* border notes: hidden neighbours, version changes */
    char note[64];
    int nx = x1 + 1;
    if (nd->hidden_up > 0) {
        snprintf(note, sizeof note, "%s%d", ascii ? "^" : "\u2191", nd->hidden_up);
        nx += put_text_x(cv, nx, y1, x2 - nx, note, attr, ascii, true) + 1;
    }
    if (nd->flags & (DAG_NODE_ADDED | DAG_NODE_REMOVED))
        nx += put_text(cv, nx, y1, x2 - nx, nd->flags & DAG_NODE_ADDED ? "added" : "removed", attr,
                       ascii) + 1;
    /* the highlights also show as words, for monochrome terminals and text dumps */
    if (mark & DAG_ATTR_CRITICAL)
        nx += put_text(cv, nx, y1, x2 - nx, "critical", attr, ascii) + 1;
    if (mark & DAG_ATTR_BLOCKER)
        put_text(cv, nx, y1, x2 - nx, "blocker", attr, ascii);
    if (nd->hidden_down > 0 && y2 > y1) {
        snprintf(note, sizeof note, "%s%d", ascii ? "v" : "\u2193", nd->hidden_down);
        put_text_x(cv, x1 + 1, y2, x2 - x1 - 1, note, attr, ascii, true);
    }
    int inner = b->w - 4; /* "│ " ... " │" */
    if (b->h < 3 || inner < 1)
        return;
    const unsigned char *gl = (const unsigned char *)dag_status_glyph(nd->status, ascii);
    put_cp(cv, x1 + 2, y1 + 1, utf8_next(&gl), attr); /* our own glyph: one cell by choice */
    char *count = group ? xasprintf("%d%s ", nd->count, ascii ? "x" : "\u00d7") : xstrdup("");
    char *line1 = xstrdup(group ? nd->type : nd->label[0] ? nd->label : nd->type);
    char dur[32];
    fmt_duration(dur, sizeof dur, nd->duration);
    char *line2 = group ? dag_hist_text(nd, ascii)
                        : (nd->try_max > 0 || nd->try_n > 0
                               ? xasprintf("%s  try %d/%d", dur, nd->try_n, nd->try_max)
                               : xstrdup(dur));
    if (b->h == 3) {
        char *one = xasprintf("%s%s %s", count, line1, line2);
        put_text(cv, x1 + 4, y1 + 1, inner - 2, one, attr, ascii);
        free(one);
    } else {
        int cw = put_text_x(cv, x1 + 4, y1 + 1, inner - 2, count, attr, ascii, true);
        put_text(cv, x1 + 4 + cw, y1 + 1, inner - 2 - cw, line1, attr, ascii);
        put_text_x(cv, x1 + 2, y1 + 2, inner, line2, attr, ascii, true); /* numbers and glyphs */
    }
    free(count);
    free(line1);
    free(line2);
}

/* A border cell where an edge leaves or enters: ┴ ┬ (╧ ╤ on double, ┷ ┯ on heavy borders).
 * Cells holding text (a border note) are left alone. */
static uint32_t tee(uint32_t ch, bool top, bool ascii)
{
    if (ch == '-' || ch == '=')
        return '+';
    if (ascii)
        return ch;
    switch (ch) {
    case 0x2500: return top ? 0x2534 : 0x252c;
    case 0x2550: return top ? 0x2567 : 0x2564;
    case 0x2501: return top ? 0x2537 : 0x252f;
    default: return ch;
    }
}

void dag_render(const dag_graph *g, const dag_layout *l, const dag_marks *mk, int x0, int y0, int w,
                int h, bool ascii, dag_cell *cells)
{
    if (w <= 0 || h <= 0)
        return;
    size_t ncell = (size_t)w * (size_t)h;
    for (size_t i = 0; i < ncell; i++)
        cells[i] = (dag_cell){' ', 0};
    canvas cv = {x0, y0, w, h, cells, xcalloc(ncell, 1)};
    for (int e = 0; e < l->m && e < g->m; e++) {
        const dag_path *p = &l->paths[e];
        if (p->npts < 1)
            continue;
        uint16_t attr = (uint16_t)(DAG_ATTR_EDGE | (mk && mk->edge ? mk->edge[e] : 0));
        const dag_point *pt = &l->pts[p->first];
        for (int i = 0; i + 1 < p->npts; i++)
            draw_segment(&cv, pt[i], pt[i + 1], attr);
        /* the line leaves its upstream box through the border next to its first point */
        dag_point s = pt[0];
        int by = p->reversed ? s.y + 1 : s.y - 1;
        mask_set(&cv, s.x, s.y, p->reversed ? DIR_D : DIR_U, attr);
        mask_set(&cv, s.x, by, p->reversed ? DIR_U : DIR_D, attr);
        if (p->npts == 1)
            draw_segment(&cv, s, s, attr);
    }
    for (size_t i = 0; i < ncell; i++)
        if (cv.mask[i])
            cells[i].ch = line_char(cv.mask[i], ascii);
    /* arrowheads, drawn after the lines so they win */
    for (int e = 0; e < l->m && e < g->m; e++) {
        const dag_path *p = &l->paths[e];
        if (p->npts < 1)
            continue;
        dag_point t = l->pts[p->first + p->npts - 1];
        uint16_t attr = (uint16_t)(DAG_ATTR_EDGE | (mk && mk->edge ? mk->edge[e] : 0));
        dag_cell *c = cell_at(&cv, t.x, t.y);
        if (c)
            *c = (dag_cell){p->reversed ? (ascii ? '^' : 0x25b2) : (ascii ? 'v' : 0x25bc),
                            (uint16_t)(c->attr | attr)};
    }
    for (int v = 0; v < g->n && v < l->n; v++) {
        const dag_box *b = &l->boxes[v];
        if (b->x + b->w <= x0 || b->x >= x0 + w || b->y + b->h <= y0 || b->y >= y0 + h)
            continue;
        /* keep the line junctions that the mask put on this box's border */
        unsigned char *m = cv.mask;
        draw_box(&cv, &g->nodes[v], b, mk && mk->node ? mk->node[v] : 0, ascii);
        for (int x = b->x + 1; x < b->x + b->w - 1; x++) {
            dag_cell *top = cell_at(&cv, x, b->y), *bot = cell_at(&cv, x, b->y + b->h - 1);
            if (top && (m[(size_t)(b->y - y0) * (size_t)w + (size_t)(x - x0)] & DIR_U))
                top->ch = tee(top->ch, true, ascii);
            if (bot && (m[(size_t)(b->y + b->h - 1 - y0) * (size_t)w + (size_t)(x - x0)] & DIR_D))
                bot->ch = tee(bot->ch, false, ascii);
        }
    }
    free(cv.mask);
}

void dag_render_text(FILE *f, const dag_graph *g, const dag_layout *l, const dag_marks *mk, bool ascii)
{
    int w = l->width > 0 ? l->width : 1;
    int band = (int)(4000000 / w);
    if (band < 1)
        band = 1;
    dag_cell *cells = xmalloc((size_t)w * (size_t)band * sizeof(dag_cell));
    char buf[4];
    for (int y0 = 0; y0 < l->height; y0 += band) {
        int h = l->height - y0 < band ? l->height - y0 : band;
        dag_render(g, l, mk, 0, y0, w, h, ascii, cells);
        for (int y = 0; y < h; y++) {
            const dag_cell *row = &cells[(size_t)y * (size_t)w];
            int end = w;
            while (end > 0 && row[end - 1].ch == ' ')
                end--;
            for (int x = 0; x < end; x++) {
                int k = dag_utf8_put(row[x].ch, buf);
                fwrite(buf, 1, (size_t)k, f);
            }
            fputc('\n', f);
        }
    }
    free(cells);
}
