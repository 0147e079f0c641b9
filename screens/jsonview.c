/* jsonview.c: the JSON viewer screen over one JSONB value (TABLE/ID/COLUMN): fold, search, paths,
 * a server-side jsonpath filter, a diff against another row's document and a table mode. */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "json.h"
#include "screens.h"
#include "tui_draw.h"
#include "util.h"

typedef enum { M_TREE, M_TABLE, M_DIFF } jv_mode;
/* Longer strings show cut on their line (with their size); p pages through the whole string. */
#define JV_DISPLAY_MAX 4096
enum { Q_COLS, Q_DOC, Q_REPL, Q_FILTER, Q_OTHER };

typedef struct {
    char *table, *id, *column; /* owned, from the argument TABLE/ID/COLUMN */
    char **columns;            /* owned: the table's JSONB columns (from the catalog) */
    int ncolumns;
    PGresult *res;             /* owned: holds the document's text, which doc/full borrow */
    PGresult *other_res;       /* owned: holds the text of other */
    json_doc *doc;             /* owned: what is shown (the filter's matches while filtered) */
    json_doc *full;            /* owned: the whole document while a filter shows doc; else NULL */
    char *filter;              /* owned: the jsonpath in force */
    char *pending;             /* owned: the jsonpath sent, until its result arrives */
    char *status;              /* owned: "loading...", or why nothing is shown */
    char *repl_id;             /* owned: the task that replaced this one through a correction */
    json_line cur, top;
    size_t cur_idx, top_idx, nvisible;
    int left, rows;
    bool wrap;
    json_hits hits;
    jv_mode mode;
    json_table tbl;
    uint32_t tsel, ttop;
    int tcol;
    json_doc *other; /* owned: the document diffed against */
    char *other_id;  /* owned */
    json_diff diff;
    size_t dsel, dtop;
} jv_state;

/* ---- helpers ---- */

static const json_doc *base_doc(const jv_state *s) { return s->full ? s->full : s->doc; }

static void set_status(jv_state *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_status(jv_state *s, const char *fmt, ...)
{
    free(s->status);
    va_list ap;
    va_start(ap, fmt);
    s->status = xvasprintf(fmt, ap);
    va_end(ap);
}

/* Recount the visible lines and find the cursor's index after folds changed. The cursor moves
 * to the line that now shows its node. */
static void relayout(jv_state *s)
{
    if (!s->doc)
        return;
    uint32_t vis = json_visible_node(s->doc, s->cur.node);
    if (vis != s->cur.node || (s->cur.close && !json_has_close(s->doc, s->cur.node)))
        s->cur = (json_line){vis, false};
    s->nvisible = json_visible_count(s->doc);
    json_line l = json_line_first(s->doc);
    size_t k = 0;
    while (!(l.node == s->cur.node && l.close == s->cur.close) && json_line_next(s->doc, &l))
        k++;
    s->cur_idx = k;
    s->top = s->cur;
    s->top_idx = k;
    /* keep a few lines of context above the cursor */
    for (int c = 0; c < s->rows / 3 && json_line_prev(s->doc, &s->top); c++)
        s->top_idx--;
}

static void reset_view(jv_state *s)
{
    s->cur = s->top = json_line_first(s->doc);
    s->cur_idx = s->top_idx = 0;
    s->left = 0;
    s->mode = M_TREE;
    json_hits_free(&s->hits);
    s->nvisible = json_visible_count(s->doc);
}

static void go_node(jv_state *s, uint32_t node)
{
    json_reveal(s->doc, node);
    s->cur = (json_line){node, false};
    relayout(s);
}

/* Bytes of s (sanitised text) that fit in width cells. */
static size_t fit_bytes(const char *str, int width, int *used)
{
    mbstate_t ms;
    memset(&ms, 0, sizeof ms);
    size_t i = 0, n = strlen(str);
    int w = 0;
    while (i < n) {
        wchar_t wc;
        size_t k = mbrtowc(&wc, str + i, n - i, &ms);
        int cw = 1;
        if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
            k = 1;
            memset(&ms, 0, sizeof ms);
        } else {
            cw = wcwidth(wc);
            if (cw < 0)
                cw = 1;
        }
        if (w + cw > width)
            break;
        w += cw;
        i += k;
    }
    if (used)
        *used = w;
    return i;
}

/* The full display text of a line: indentation, the line, and a hit count on a folded node. */
static char *line_string(const jv_state *s, json_line l, int cols)
{
    strbuf sb = STRBUF_INIT;
    uint32_t depth = json_depth(s->doc, l.node);
    int maxind = cols / 2 > 4 ? cols / 2 : 4;
    if ((long)depth * 2 <= maxind)
        sb_printf(&sb, "%*s", (int)depth * 2, "");
    else
        sb_printf(&sb, "%*s<%u> ", maxind > 12 ? maxind - 12 : 0, "", depth);
    /* a folded node says first how many search hits it hides (its preview may be cut) */
    if (!l.close && json_folded(s->doc, l.node) && s->hits.n) {
        uint32_t h = json_hits_in(s->doc, &s->hits, l.node);
        if (h)
            sb_printf(&sb, "(%u hit%s) ", h, h == 1 ? "" : "s");
    }
    json_line_text(s->doc, l, &sb);
    return sb_steal(&sb);
}

static int line_rows(const jv_state *s, json_line l, int cols)
{
    if (!s->wrap)
        return 1;
    char *str = line_string(s, l, cols);
    int rows = 0;
    const char *p = str;
    do {
        size_t b = fit_bytes(p, cols, NULL);
        if (!b && *p)
            b = 1;
        p += b;
        rows++;
    } while (*p);
    free(str);
    return rows;
}

static void move_lines(jv_state *s, long delta)
{
    for (; delta > 0 && json_line_next(s->doc, &s->cur); delta--)
        s->cur_idx++;
    for (; delta < 0 && json_line_prev(s->doc, &s->cur); delta++)
        s->cur_idx--;
}

/* ---- loading ---- */

static void jv_open(tui *t, tui_view *v, void *st, const char *arg)
{
    jv_state *s = st;
    if (arg) {
        const char *a = strchr(arg, '/'), *b = strrchr(arg, '/');
        if (!a || a == b || a == arg || !b[1]) {
            set_status(s, "open the viewer as ':jsonview TABLE/ID/COLUMN', e.g. tasks/ID/feedback_notes");
            tui_set_message(t, true, "%s", s->status);
            return;
        }
        free(s->table), free(s->id), free(s->column);
        s->table = xstrndup(arg, (size_t)(a - arg));
        s->id = xstrndup(a + 1, (size_t)(b - a - 1));
        s->column = xstrdup(b + 1);
    }
    if (!s->table) {
        set_status(s, "open the viewer as ':jsonview TABLE/ID/COLUMN', e.g. tasks/ID/feedback_notes");
        return;
    }
    set_status(s, "loading %s.%s of %s...", s->table, s->column, s->id);
    const char *p[] = {s->table};
    tui_query(t, v, Q_COLS, "queries/json/columns.sql", 1, p);
}

/* Index the fetched document in place: the engine hands the result over, so the text is not
 * copied (a 10 MB document costs its PGresult and the index, nothing more). */
static void take_doc(tui *t, jv_state *s)
{
    PGresult *r = tui_take_result(t);
    if (!r)
        return;
    char *err = NULL;
    json_doc *d = json_parse(PQgetvalue(r, 0, 0), (size_t)PQgetlength(r, 0, 0), &err);
    if (!d) {
        set_status(s, "cannot read the document: %s", err);
        free(err);
        PQclear(r);
        return;
    }
    d->display_max = JV_DISPLAY_MAX;
    json_free(s->full);
    json_free(s->doc);
    PQclear(s->res);
    s->res = r;
    s->full = NULL;
    free(s->filter);
    s->filter = NULL;
    s->doc = d;
    reset_view(s);
    free(s->status);
    s->status = NULL;
    strbuf sz = STRBUF_INIT;
    json_size_text(d->text_len, &sz);
    tui_set_message(t, false, "%u nodes, %s", d->n, sb_str(&sz));
    sb_free(&sz);
}

static void filter_result(tui *t, jv_state *s, const PGresult *res)
{
    if (PQntuples(res) == 0 || strcmp(PQgetvalue(res, 0, 0), "t") != 0) {
        tui_set_message(t, true, "the row or its value is gone; R reloads");
        return;
    }
    int n = PQgetisnull(res, 0, 1) ? 0 : PQntuples(res);
    strbuf sb = STRBUF_INIT;
    sb_appendc(&sb, '[');
    for (int k = 0; k < n; k++) {
        if (k)
            sb_append(&sb, ",\n");
        sb_append(&sb, PQgetvalue(res, k, 1));
    }
    sb_appendc(&sb, ']');
    size_t len = sb.len;
    char *err = NULL;
    json_doc *d = json_parse_owned(sb_steal(&sb), len, &err);
    if (!d) {
        tui_set_message(t, true, "cannot read the matches: %s", err);
        free(err);
        return;
    }
    d->display_max = JV_DISPLAY_MAX;
    if (!s->full)
        s->full = s->doc;
    else
        json_free(s->doc);
    s->doc = d;
    free(s->filter);
    s->filter = s->pending;
    s->pending = NULL;
    reset_view(s);
    tui_set_message(t, false, "%d match%s; Esc shows the whole document again", n, n == 1 ? "" : "es");
}

static void other_result(tui *t, jv_state *s, const PGresult *res)
{
    if (PQntuples(res) == 0 || PQgetisnull(res, 0, 0)) {
        tui_set_message(t, true, "%s %s has no %s to diff against", s->table, s->other_id, s->column);
        return;
    }
    PGresult *r = tui_take_result(t);
    if (!r)
        return;
    char *err = NULL;
    json_doc *d = json_parse(PQgetvalue(r, 0, 0), (size_t)PQgetlength(r, 0, 0), &err);
    if (!d) {
        tui_set_message(t, true, "cannot read the other document: %s", err);
        free(err);
        PQclear(r);
        return;
    }
    json_free(s->other);
    PQclear(s->other_res);
    s->other_res = r;
    s->other = d;
    json_diff_free(&s->diff);
    json_diff_run(base_doc(s), s->other, &s->diff);
    s->mode = M_DIFF;
    s->dsel = s->dtop = 0;
    tui_set_message(t, false, "%zu difference%s against %s; Enter goes to one, Esc back", s->diff.n,
                    s->diff.n == 1 ? "" : "s", s->other_id);
}

static void jv_result(tui *t, tui_view *v, void *st, int tag, const PGresult *res, const char *err)
{
    jv_state *s = st;
    if (err) {
        if (tag == Q_DOC && strstr(err, "22P02"))
            set_status(s, "'%s' is not a valid id for %s", s->id, s->table);
        else if (tag == Q_COLS || tag == Q_DOC)
            set_status(s, "%s", err);
        else if (tag == Q_FILTER) {
            free(s->pending);
            s->pending = NULL;
            tui_set_message(t, true, "jsonpath: %s (the syntax is PostgreSQL's SQL/JSON path)", err);
        }
        return;
    }
    switch (tag) {
    case Q_COLS: {
        int n = PQntuples(res);
        bool ok = false;
        for (int k = 0; k < s->ncolumns; k++)
            free(s->columns[k]);
        free(s->columns);
        s->columns = xcalloc((size_t)n + 1, sizeof *s->columns);
        s->ncolumns = n;
        for (int k = 0; k < n; k++) {
            s->columns[k] = xstrdup(PQgetvalue(res, k, 0));
            ok = ok || strcmp(s->columns[k], s->column) == 0;
        }
        if (!n)
            set_status(s, "unknown table '%s', or it has no id and JSONB column", s->table);
        else if (!ok)
            set_status(s, "%s has no JSONB column '%s'", s->table, s->column);
        else {
            const char *p[] = {s->id, "{}"};
            /* table and column are now known to be in the catalog's closed list */
            tui_query_ident(t, v, Q_DOC, "queries/json/fetch.sql", s->table, s->column, 2, p);
            if (strcmp(s->table, "tasks") == 0) {
                const char *r[] = {s->id};
                tui_query(t, v, Q_REPL, "queries/json/replacement.sql", 1, r);
            }
        }
        break;
    }
    case Q_DOC:
        if (PQntuples(res) == 0)
            set_status(s, "no row in %s with id %s", s->table, s->id);
        else if (PQgetisnull(res, 0, 0)) {
            set_status(s, "%s.%s of %s is NULL", s->table, s->column, s->id);
            tui_set_message(t, false, "%s is NULL%s", s->column, s->ncolumns > 1 ? "; o shows the next JSONB column" : "");
        }
        else
            take_doc(t, s);
        break;
    case Q_REPL:
        free(s->repl_id);
        s->repl_id = PQntuples(res) && !PQgetisnull(res, 0, 0) ? xstrdup(PQgetvalue(res, 0, 0)) : NULL;
        break;
    case Q_FILTER: filter_result(t, s, res); break;
    case Q_OTHER: other_result(t, s, res); break;
    default: break;
    }
}

/* ---- drawing ---- */

static void draw_header(jv_state *s, int row, int cols)
{
    strbuf sb = STRBUF_INIT;
    if (s->doc) {
        json_path(s->doc, s->cur.node, JSON_PATH_JQ, &sb);
        sb_printf(&sb, "  %zu/%zu", s->cur_idx + 1, s->nvisible);
        if (s->hits.n)
            sb_printf(&sb, "  %u hits", s->hits.n);
        if (s->wrap)
            sb_append(&sb, "  wrap");
        if (s->filter)
            sb_printf(&sb, "  jsonpath %s", s->filter);
        sb_append(&sb, "  ");
    }
    sb_printf(&sb, "%s.%s %s", s->table, s->column, s->id);
    tui_text(row, 0, cols, sb_str(&sb), TC_HEADER, true);
    sb_free(&sb);
}

static void draw_tree(jv_state *s, int top, int rows, int cols)
{
    if (s->cur_idx < s->top_idx) { /* moved above the view: the cursor on the first row */
        s->top = s->cur;
        s->top_idx = s->cur_idx;
    } else if (s->cur_idx - s->top_idx >= (size_t)rows) { /* far below: on the last row */
        s->top = s->cur;
        s->top_idx = s->cur_idx;
        for (int k = 0; k < rows - 1 && json_line_prev(s->doc, &s->top); k++)
            s->top_idx--;
    }
    /* scroll down until the cursor's line fits */
    for (;;) {
        int used = 0;
        json_line l = s->top;
        size_t idx = s->top_idx;
        while (idx < s->cur_idx && json_line_next(s->doc, &l))
            used += line_rows(s, l, cols), idx++;
        used += line_rows(s, s->top, cols);
        if (used <= rows || s->top_idx == s->cur_idx)
            break;
        json_line_next(s->doc, &s->top);
        s->top_idx++;
    }
    json_line l = s->top;
    int r = 0;
    bool more = true;
    while (r < rows && more) {
        bool sel = l.node == s->cur.node && l.close == s->cur.close;
        bool hit = !l.close && s->hits.n && json_hits_in(s->doc, &s->hits, l.node) &&
                   (json_folded(s->doc, l.node) || !json_is_container(s->doc, l.node));
        tui_color c = sel ? TC_SELECTED : hit ? TC_WARN : (!l.close && json_folded(s->doc, l.node)) ? TC_DIM : TC_NORMAL;
        char *str = line_string(s, l, cols);
        if (!s->wrap) {
            const char *p = str;
            for (int k = 0; k < s->left && *p; k++) {
                p++;
                while (((unsigned char)*p & 0xC0) == 0x80)
                    p++;
            }
            tui_text(top + r++, 0, cols, p, c, sel);
        } else {
            const char *p = str;
            do {
                size_t b = fit_bytes(p, cols, NULL);
                if (!b && *p)
                    b = 1;
                char *part = xstrndup(p, b);
                tui_text(top + r++, 0, cols, part, c, sel);
                free(part);
                p += b;
            } while (*p && r < rows);
        }
        free(str);
        more = json_line_next(s->doc, &l);
    }
}

static void draw_table(jv_state *s, int top, int rows, int cols)
{
    json_table *tb = &s->tbl;
    if (s->tsel < s->ttop)
        s->ttop = s->tsel;
    if (rows > 1 && s->tsel >= s->ttop + (uint32_t)(rows - 1))
        s->ttop = s->tsel - (uint32_t)(rows - 2);
    /* column widths from the header and the visible rows, 3..30 cells */
    int *w = xcalloc(tb->ncols ? tb->ncols : 1, sizeof *w);
    strbuf sb = STRBUF_INIT;
    for (uint32_t c = 0; c < tb->ncols; c++) {
        w[c] = tui_width(tb->cols[c]);
        for (uint32_t r = s->ttop; r < tb->nrows && r < s->ttop + (uint32_t)rows; r++) {
            sb_reset(&sb);
            json_cell_text(s->doc, tb->cells[(size_t)r * tb->ncols + c], &sb);
            int cw = tui_width(sb_str(&sb));
            if (cw > w[c])
                w[c] = cw;
        }
        w[c] = w[c] < 3 ? 3 : w[c] > 30 ? 30 : w[c];
    }
    int x = 0;
    tui_text(top, 0, cols, "", TC_HEADER, true);
    for (uint32_t c = (uint32_t)s->tcol; c < tb->ncols && x < cols; c++) {
        tui_text(top, x, cols - x < w[c] ? cols - x : w[c], tb->cols[c], TC_HEADER, false);
        x += w[c] + 2;
    }
    for (int r = 1; r < rows; r++) {
        uint32_t row = s->ttop + (uint32_t)r - 1;
        if (row >= tb->nrows)
            break;
        bool sel = row == s->tsel;
        tui_text(top + r, 0, cols, "", sel ? TC_SELECTED : TC_NORMAL, true);
        x = 0;
        for (uint32_t c = (uint32_t)s->tcol; c < tb->ncols && x < cols; c++) {
            sb_reset(&sb);
            json_cell_text(s->doc, tb->cells[(size_t)row * tb->ncols + c], &sb);
            tui_text(top + r, x, cols - x < w[c] ? cols - x : w[c], sb_str(&sb), sel ? TC_SELECTED : TC_NORMAL, false);
            x += w[c] + 2;
        }
    }
    sb_free(&sb);
    free(w);
}

/* One diff entry as text: "+ .path value", "- .path value", "~ .path old -> new". */
static void diff_text(const jv_state *s, const json_diff_entry *e, strbuf *sb)
{
    const json_doc *a = base_doc(s);
    static const char mark[] = {'+', '-', '~'};
    sb_printf(sb, "%c ", mark[e->kind]);
    if (e->kind == JSON_DIFF_ADDED)
        json_path(s->other, e->b, JSON_PATH_JQ, sb);
    else
        json_path(a, e->a, JSON_PATH_JQ, sb);
    sb_append(sb, "  ");
    if (e->kind != JSON_DIFF_ADDED)
        json_cell_text(a, e->a, sb);
    if (e->kind == JSON_DIFF_CHANGED)
        sb_append(sb, " -> ");
    if (e->kind != JSON_DIFF_REMOVED)
        json_cell_text(s->other, e->b, sb);
}

static void draw_diff(jv_state *s, int top, int rows, int cols)
{
    strbuf sb = STRBUF_INIT;
    sb_printf(&sb, "diff against %s: %zu difference%s (+ added, - removed, ~ changed)", s->other_id,
              s->diff.n, s->diff.n == 1 ? "" : "s");
    tui_text(top, 0, cols, sb_str(&sb), TC_HEADER, true);
    if (s->dsel < s->dtop)
        s->dtop = s->dsel;
    if (rows > 1 && s->dsel >= s->dtop + (size_t)(rows - 1))
        s->dtop = s->dsel - (size_t)(rows - 2);
    if (!s->diff.n)
        tui_text(top + 1, 1, cols - 1, "the documents are equal", TC_OK, false);
    for (int r = 1; r < rows && s->dtop + (size_t)r - 1 < s->diff.n; r++) {
        size_t k = s->dtop + (size_t)r - 1;
        const json_diff_entry *e = &s->diff.e[k];
        sb_reset(&sb);
        diff_text(s, e, &sb);
        tui_color c = k == s->dsel ? TC_SELECTED : e->kind == JSON_DIFF_ADDED ? TC_OK
                                                 : e->kind == JSON_DIFF_REMOVED ? TC_ERROR : TC_WARN;
        tui_text(top + r, 0, cols, sb_str(&sb), c, k == s->dsel);
    }
    sb_free(&sb);
}

static void jv_draw(tui *t, tui_view *v, void *st, int top, int rows, int cols)
{
    (void)t;
    (void)v;
    jv_state *s = st;
    s->rows = rows - 1;
    if (rows < 1)
        return;
    if (!s->doc || s->status) {
        tui_text(top, 0, cols, "JSON", TC_HEADER, true);
        if (rows > 1)
            tui_text(top + 1, 1, cols - 1, s->status ? s->status : "loading...", s->doc || !s->status || strncmp(s->status, "loading", 7) ? TC_ERROR : TC_DIM, false);
        return;
    }
    draw_header(s, top, cols);
    if (rows < 2)
        return;
    if (s->mode == M_TABLE)
        draw_table(s, top + 1, rows - 1, cols);
    else if (s->mode == M_DIFF)
        draw_diff(s, top + 1, rows - 1, cols);
    else
        draw_tree(s, top + 1, rows - 1, cols);
}

/* ---- actions ---- */

static void search(tui *t, jv_state *s)
{
    char *in = tui_ask(t, "search regex (k:keys only, v:values only; lower case ignores case): ", "");
    if (!in)
        return;
    json_search_where where = JSON_SEARCH_BOTH;
    const char *pat = in;
    if (strncmp(in, "k:", 2) == 0)
        where = JSON_SEARCH_KEYS, pat = in + 2;
    else if (strncmp(in, "v:", 2) == 0)
        where = JSON_SEARCH_VALUES, pat = in + 2;
    if (!*pat) {
        json_hits_free(&s->hits);
        tui_set_message(t, false, "search cleared");
        free(in);
        return;
    }
    bool icase = true;
    for (const char *p = pat; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            icase = false;
    char *err = NULL;
    if (json_search(s->doc, pat, where, icase, &s->hits, &err) != 0) {
        tui_set_message(t, true, "%s", err);
        free(err);
    } else if (!s->hits.n)
        tui_set_message(t, false, "no match for '%s'", pat);
    else {
        uint32_t h = json_hit_next(&s->hits, s->cur.node);
        go_node(s, h);
        tui_set_message(t, false, "%u hits for '%s'; n and N move between them", s->hits.n, pat);
    }
    free(in);
}

static void next_hit(tui *t, jv_state *s, bool forward)
{
    if (!s->hits.n) {
        tui_set_message(t, false, "no search in force; / searches");
        return;
    }
    uint32_t h = forward ? json_hit_next(&s->hits, s->cur.node) : json_hit_prev(&s->hits, s->cur.node);
    go_node(s, h);
    uint32_t k = 0;
    while (k < s->hits.n && s->hits.nodes[k] != h)
        k++;
    tui_set_message(t, false, "hit %u of %u", k + 1, s->hits.n);
}

static void copy_path(tui *t, jv_state *s, json_path_kind kind)
{
    strbuf sb = STRBUF_INIT;
    json_path(s->doc, s->cur.node, kind, &sb);
    tui_copy(t, sb_str(&sb));
    tui_set_message(t, false, "copied %s%s", sb_str(&sb), s->full ? " (a path in the filter's matches)" : "");
    sb_free(&sb);
}

static void copy_value(tui *t, jv_state *s)
{
    const json_node *nd = &s->doc->nodes[s->cur.node];
    if (nd->len > 1024 * 1024) {
        tui_set_message(t, true, "the value is over 1 MB: too big to copy through the terminal");
        return;
    }
    strbuf sb = STRBUF_INIT;
    if (json_type_of(s->doc, s->cur.node) == JSON_STRING)
        json_scalar(s->doc, s->cur.node, &sb);
    else
        sb_appendn(&sb, s->doc->text + nd->start, nd->len);
    tui_copy(t, sb_str(&sb));
    tui_set_message(t, false, "copied %zu bytes", sb.len);
    sb_free(&sb);
}

static void pager(tui *t, jv_state *s)
{
    if (json_type_of(s->doc, s->cur.node) != JSON_STRING) {
        tui_set_message(t, false, "the pager shows strings; this node is no string");
        return;
    }
    strbuf sb = STRBUF_INIT;
    json_scalar(s->doc, s->cur.node, &sb);
    tui_push(t, tui_screen_find("result"), sb_str(&sb));
    sb_free(&sb);
}

static void ask_filter(tui *t, tui_view *v, jv_state *s)
{
    char *in = tui_ask(t, "jsonpath (PostgreSQL syntax, e.g. $.runs[*] ? (@.status == \"fail\"); empty clears): ",
                       s->filter ? s->filter : "");
    if (!in)
        return;
    if (!*in) {
        if (s->full) {
            json_free(s->doc);
            s->doc = s->full;
            s->full = NULL;
            reset_view(s);
        }
        free(s->filter);
        s->filter = NULL;
        free(in);
        return;
    }
    free(s->pending);
    s->pending = in;
    const char *p[] = {s->id, "{}", in};
    tui_query_ident(t, v, Q_FILTER, "queries/json/fetch_jsonpath.sql", s->table, s->column, 3, p);
    tui_set_message(t, false, "filtering on the server...");
}

static void ask_diff(tui *t, tui_view *v, jv_state *s)
{
    char *prompt = xasprintf("diff %s against the %s of %s id%s: ", s->column, s->table, s->table,
                             s->repl_id ? " (the corrected replacement is filled in)" : "");
    char *in = tui_ask(t, prompt, s->repl_id ? s->repl_id : "");
    free(prompt);
    if (!in || !*in) {
        free(in);
        return;
    }
    free(s->other_id);
    s->other_id = in;
    const char *p[] = {in, "{}"};
    tui_query_ident(t, v, Q_OTHER, "queries/json/fetch.sql", s->table, s->column, 2, p);
}

static void table_mode(tui *t, jv_state *s)
{
    /* the node under the cursor, or its nearest ancestor, that is an array of objects */
    uint32_t n = s->cur.node;
    json_table_free(&s->tbl);
    while (n != JSON_NONE && !json_table_build(s->doc, n, &s->tbl))
        n = s->doc->nodes[n].parent;
    if (n == JSON_NONE) {
        tui_set_message(t, false, "table mode needs an array of objects at or around the cursor");
        return;
    }
    s->mode = M_TABLE;
    s->tsel = s->ttop = 0;
    s->tcol = 0;
    s->cur = (json_line){n, false};
    tui_set_message(t, false, "%u rows, %u columns; Enter opens a row in the tree", s->tbl.nrows, s->tbl.ncols);
}

/* The row's next JSONB column (in the catalog's order, wrapping), fetched like the first. */
static void next_column(tui *t, tui_view *v, jv_state *s)
{
    int k = 0;
    while (k < s->ncolumns && strcmp(s->columns[k], s->column) != 0)
        k++;
    if (s->ncolumns < 2) {
        tui_set_message(t, false, "%s has no other JSONB column", s->table);
        return;
    }
    free(s->column);
    s->column = xstrdup(s->columns[(k + 1) % s->ncolumns]);
    s->mode = M_TREE;
    const char *p[] = {s->id, "{}"};
    tui_query_ident(t, v, Q_DOC, "queries/json/fetch.sql", s->table, s->column, 2, p);
    tui_set_message(t, false, "loading %s...", s->column);
}

static bool table_action(jv_state *s, tui_action a)
{
    uint32_t page = s->rows > 2 ? (uint32_t)s->rows - 2 : 1;
    switch (a) {
    case TA_DOWN: if (s->tsel + 1 < s->tbl.nrows) s->tsel++; return true;
    case TA_UP: if (s->tsel) s->tsel--; return true;
    case TA_PAGE_DOWN: s->tsel = s->tsel + page < s->tbl.nrows ? s->tsel + page : (s->tbl.nrows ? s->tbl.nrows - 1 : 0); return true;
    case TA_PAGE_UP: s->tsel = s->tsel > page ? s->tsel - page : 0; return true;
    case TA_FIRST: s->tsel = 0; return true;
    case TA_LAST: s->tsel = s->tbl.nrows ? s->tbl.nrows - 1 : 0; return true;
    case TA_RIGHT: if ((uint32_t)s->tcol + 1 < s->tbl.ncols) s->tcol++; return true;
    case TA_LEFT: if (s->tcol) s->tcol--; return true;
    case TA_OPEN:
        s->mode = M_TREE;
        if (s->tsel < s->tbl.nrows)
            go_node(s, s->tbl.rows[s->tsel]);
        return true;
    case TA_BACK:
    case TA_TABLE_MODE: s->mode = M_TREE; return true;
    default: return false;
    }
}

static bool diff_action(jv_state *s, tui_action a)
{
    size_t n = s->diff.n, page = s->rows > 2 ? (size_t)s->rows - 2 : 1;
    switch (a) {
    case TA_DOWN: if (s->dsel + 1 < n) s->dsel++; return true;
    case TA_UP: if (s->dsel) s->dsel--; return true;
    case TA_PAGE_DOWN: s->dsel = s->dsel + page < n ? s->dsel + page : (n ? n - 1 : 0); return true;
    case TA_PAGE_UP: s->dsel = s->dsel > page ? s->dsel - page : 0; return true;
    case TA_FIRST: s->dsel = 0; return true;
    case TA_LAST: s->dsel = n ? n - 1 : 0; return true;
    case TA_OPEN:
        s->mode = M_TREE;
        if (s->dsel < n && !s->full) {
            const json_diff_entry *e = &s->diff.e[s->dsel];
            /* an addition has no node here: go to the nearest existing parent instead */
            go_node(s, e->a != JSON_NONE ? e->a : 0);
        }
        return true;
    case TA_BACK:
    case TA_DIFF: s->mode = M_TREE; return true;
    default: return false;
    }
}

static bool jv_action(tui *t, tui_view *v, void *st, tui_action a)
{
    jv_state *s = st;
    if (a == TA_NEXT_COLUMN && s->ncolumns) {
        next_column(t, v, s);
        return true;
    }
    if (!s->doc || s->status)
        return false;
    if (s->mode == M_TABLE && table_action(s, a))
        return true;
    if (s->mode == M_DIFF && diff_action(s, a))
        return true;
    long page = s->rows > 2 ? s->rows - 2 : 1;
    switch (a) {
    case TA_DOWN: move_lines(s, 1); return true;
    case TA_UP: move_lines(s, -1); return true;
    case TA_PAGE_DOWN: move_lines(s, page); return true;
    case TA_PAGE_UP: move_lines(s, -page); return true;
    case TA_FIRST: s->cur = json_line_first(s->doc); s->cur_idx = 0; return true;
    case TA_LAST: s->cur = json_line_last(s->doc); s->cur_idx = s->nvisible - 1; return true;
    case TA_RIGHT: if (!s->wrap) s->left += 8; return true;
    case TA_LEFT: s->left = s->left > 8 ? s->left - 8 : 0; return true;
    case TA_OPEN:
        if (json_type_of(s->doc, s->cur.node) == JSON_STRING) {
            pager(t, s);
            return true;
        }
        /* Enter on a container folds or unfolds it */
        __attribute__((fallthrough));
    case TA_FOLD: {
        uint32_t n = s->cur.node;
        if (!json_is_container(s->doc, n) || !json_nchildren(s->doc, n)) {
            if (s->doc->nodes[n].parent == JSON_NONE)
                return true;
            n = s->doc->nodes[n].parent; /* on a leaf: fold its parent */
        }
        json_toggle(s->doc, n);
        s->cur = (json_line){n, false};
        relayout(s);
        return true;
    }
    case TA_FOLD_ALL: json_fold_all(s->doc); relayout(s); return true;
    case TA_UNFOLD_ALL: json_unfold_all(s->doc); relayout(s); return true;
    case TA_FOLD_1: case TA_FOLD_2: case TA_FOLD_3: case TA_FOLD_4: case TA_FOLD_5:
    case TA_FOLD_6: case TA_FOLD_7: case TA_FOLD_8: case TA_FOLD_9:
        json_fold_level(s->doc, (uint32_t)(a - TA_FOLD_1) + 1);
        relayout(s);
        tui_set_message(t, false, "folded to level %d: %u nodes folded", (int)(a - TA_FOLD_1) + 1,
                        json_fold_count(s->doc));
        return true;
    case TA_WRAP: s->wrap = !s->wrap; s->left = 0; return true;
    case TA_PAGER: pager(t, s); return true;
    case TA_FILTER: search(t, s); return true;
    case TA_NEXT_MATCH: next_hit(t, s, true); return true;
    case TA_PREV_MATCH: next_hit(t, s, false); return true;
    case TA_COPY: copy_value(t, s); return true;
    case TA_COPY_PATH: copy_path(t, s, JSON_PATH_JQ); return true;
    case TA_COPY_JSONPATH: copy_path(t, s, JSON_PATH_JSONPATH); return true;
    case TA_COPY_PG_PATH: copy_path(t, s, JSON_PATH_PG_SQL); return true;
    case TA_JSONPATH: ask_filter(t, v, s); return true;
    case TA_DIFF: ask_diff(t, v, s); return true;
    case TA_TABLE_MODE: table_mode(t, s); return true;
    case TA_BACK:
        if (!s->full)
            return false;
        json_free(s->doc);
        s->doc = s->full;
        s->full = NULL;
        free(s->filter);
        s->filter = NULL;
        reset_view(s);
        tui_set_message(t, false, "the whole document again");
        return true;
    default: return false;
    }
}

static void jv_close(void *st)
{
    jv_state *s = st;
    free(s->table), free(s->id), free(s->column);
    for (int k = 0; k < s->ncolumns; k++)
        free(s->columns[k]);
    free(s->columns);
    free(s->filter), free(s->pending), free(s->status), free(s->repl_id), free(s->other_id);
    json_free(s->doc);
    json_free(s->full);
    json_free(s->other);
    PQclear(s->res);
    PQclear(s->other_res);
    json_hits_free(&s->hits);
    json_table_free(&s->tbl);
    json_diff_free(&s->diff);
}

const tui_screen screen_jsonview = {
    "jsonview", "JSON", sizeof(jv_state), jv_open, jv_result, jv_draw, jv_action, jv_close, false,
};
