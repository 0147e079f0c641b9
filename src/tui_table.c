/* tui_table.c: the table view used by the list screens: column widths from the data, a header,
 * a highlighted selection, horizontal scrolling and status colours. Holds one page of rows. */
#include "tui_table.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_result.h"
#include "tui_draw.h"
#include "util.h"

void tt_free(tui_table *tt)
{
    for (int i = 0; i < tt->ncols; i++)
        free(tt->names[i]);
    free(tt->names);
    free(tt->numeric);
    for (int i = 0; i < tt->nrows * tt->ncols; i++)
        free(tt->cells[i]);
    free(tt->cells);
    tt->names = NULL;
    tt->numeric = NULL;
    tt->cells = NULL;
    tt->ncols = tt->nrows = 0;
}

void tt_define(tui_table *tt, int ncols, const char *const *names, int nrows)
{
    int sel = tt->sel, top = tt->top;
    tt_free(tt);
    memset(tt, 0, sizeof *tt);
    tt->ncols = ncols;
    tt->names = xcalloc((size_t)(ncols ? ncols : 1), sizeof *tt->names);
    tt->numeric = xcalloc((size_t)(ncols ? ncols : 1), sizeof *tt->numeric);
    for (int j = 0; j < ncols; j++)
        tt->names[j] = xstrdup(names[j]);
    tt->status_col = -1;
    tt->nrows = nrows;
    tt->cells = xcalloc((size_t)(nrows ? nrows : 1) * (size_t)(ncols ? ncols : 1), sizeof *tt->cells);
    tt->sel = sel < nrows ? sel : (nrows ? nrows - 1 : 0);
    tt->top = top <= tt->sel ? top : tt->sel;
}

void tt_load(tui_table *tt, const PGresult *res)
{
    int keep_sel = tt->sel, keep_hidden = tt->hidden_cols, keep_status = tt->status_col;
    tt_free(tt);
    tt->hidden_cols = keep_hidden;
    tt->ncols = PQnfields(res);
    tt->nrows = PQntuples(res);
    tt->names = xcalloc((size_t)tt->ncols + 1, sizeof *tt->names);
    tt->numeric = xcalloc((size_t)tt->ncols + 1, sizeof *tt->numeric);
    tt->status_col = -1;
    for (int j = 0; j < tt->ncols; j++) {
        tt->names[j] = xstrdup(PQfname(res, j));
        tt->numeric[j] = cmd_result_coltype(PQftype(res, j)) == COL_NUMBER;
        if (strcmp(tt->names[j], "status") == 0 || strcmp(tt->names[j], "state") == 0)
            tt->status_col = j;
    }
    if (keep_status > 0 && keep_status < tt->ncols)
        tt->status_col = keep_status;
    tt->cells = xcalloc((size_t)(tt->nrows * tt->ncols) + 1, sizeof *tt->cells);
    for (int i = 0; i < tt->nrows; i++)
        for (int j = 0; j < tt->ncols; j++)
            tt->cells[i * tt->ncols + j] = PQgetisnull(res, i, j) ? NULL : xstrdup(PQgetvalue(res, i, j));
    tt->sel = keep_sel < tt->nrows ? keep_sel : (tt->nrows ? tt->nrows - 1 : 0);
    if (tt->sel < 0)
        tt->sel = 0;
    if (tt->top > tt->sel)
        tt->top = tt->sel;
}

int tt_col(const tui_table *tt, const char *col)
{
    for (int j = 0; j < tt->ncols; j++)
        if (strcmp(tt->names[j], col) == 0)
            return j;
    return -1;
}

const char *tt_cell(const tui_table *tt, int row, const char *col)
{
    int j = tt_col(tt, col);
    if (j < 0 || row < 0 || row >= tt->nrows)
        return NULL;
    return tt->cells[row * tt->ncols + j];
}

const char *tt_get(const tui_table *tt, const char *col)
{
    return tt_cell(tt, tt->sel, col);
}

void tt_draw(tui_table *tt, int top, int rows, int cols, const char *empty_text)
{
    if (rows < 2)
        return;
    int shown = tt->ncols - tt->hidden_cols;
    if (shown <= 0)
        return;
    /* widths: header or widest cell on this page, capped */
    int *w = xcalloc((size_t)shown, sizeof *w);
    for (int j = 0; j < shown; j++) {
        w[j] = tui_width(tt->names[j]);
        for (int i = 0; i < tt->nrows; i++) {
            const char *c = tt->cells[i * tt->ncols + j];
            int cw = c ? tui_width(c) : 0;
            if (cw > w[j])
                w[j] = cw;
        }
        if (w[j] > 48)
            w[j] = 48;
        if (w[j] < 2)
            w[j] = 2;
    }
    if (tt->hcol >= shown)
        tt->hcol = shown - 1;
    if (tt->hcol < 0)
        tt->hcol = 0;
    int x = 0;
    for (int j = tt->hcol; j < shown && x < cols; j++) {
        int cw = j == shown - 1 || x + w[j] > cols ? cols - x : w[j];
        tui_text(top, x, cw, tt->names[j], TC_HEADER, true);
        x += cw + 1;
    }
    int body = rows - 1;
    if (tt->nrows == 0) {
        tui_text(top + 1, 1, cols - 1, empty_text ? empty_text : "(no rows)", TC_DIM, false);
        free(w);
        return;
    }
    /* sel < 0: a read-only table with no selection */
    if (tt->sel >= 0 && tt->sel < tt->top)
        tt->top = tt->sel;
    if (tt->sel >= 0 && tt->sel >= tt->top + body)
        tt->top = tt->sel - body + 1;
    if (tt->top < 0 || tt->top >= tt->nrows)
        tt->top = 0;
    for (int r = 0; r < body && tt->top + r < tt->nrows; r++) {
        int i = tt->top + r;
        bool selected = i == tt->sel;
        x = 0;
        for (int j = tt->hcol; j < shown && x < cols; j++) {
            int cw = j == shown - 1 || x + w[j] > cols ? cols - x : w[j];
            const char *c = tt->cells[i * tt->ncols + j];
            tui_color col = selected ? TC_SELECTED
                                     : (j == tt->status_col ? tui_status_color(c) : TC_NORMAL);
            if (tt->numeric[j])
                tui_text_right(top + 1 + r, x, cw, c ? c : "", col);
            else
                tui_text(top + 1 + r, x, cw, c ? c : "", col, true);
            if (selected && x + cw < cols)
                tui_text(top + 1 + r, x + cw, 1, " ", TC_SELECTED, true);
            x += cw + 1;
        }
    }
    free(w);
}

bool tt_move(tui_table *tt, tui_action a, int page, bool *past_end, bool *past_start)
{
    if (page < 1)
        page = 1;
    *past_end = *past_start = false;
    int last = tt->nrows - 1;
    switch (a) {
    case TA_DOWN:
        if (tt->sel >= last)
            *past_end = true;
        else
            tt->sel++;
        return true;
    case TA_UP:
        if (tt->sel <= 0)
            *past_start = true;
        else
            tt->sel--;
        return true;
    case TA_PAGE_DOWN:
        if (tt->sel >= last)
            *past_end = true;
        tt->sel = tt->sel + page > last ? last : tt->sel + page;
        return true;
    case TA_PAGE_UP:
        if (tt->sel <= 0)
            *past_start = true;
        tt->sel = tt->sel - page < 0 ? 0 : tt->sel - page;
        return true;
    case TA_FIRST: tt->sel = 0; return true;
    case TA_LAST: tt->sel = last > 0 ? last : 0; return true;
    case TA_LEFT:
        if (tt->hcol > 0)
            tt->hcol--;
        return true;
    case TA_RIGHT:
        if (tt->hcol < tt->ncols - tt->hidden_cols - 1)
            tt->hcol++;
        return true;
    default: return false;
    }
}

void tt_pages_push(tt_pages *p, const char *key)
{
    p->keys = xrealloc(p->keys, sizeof *p->keys * (size_t)(p->n + 1));
    p->keys[p->n++] = key ? xstrdup(key) : NULL;
}

bool tt_pages_pop(tt_pages *p)
{
    if (p->n <= 1)
        return false;
    free(p->keys[--p->n]);
    return true;
}

const char *tt_pages_cur(const tt_pages *p)
{
    return p->n ? p->keys[p->n - 1] : NULL;
}

void tt_pages_reset(tt_pages *p)
{
    for (int i = 0; i < p->n; i++)
        free(p->keys[i]);
    free(p->keys);
    p->keys = NULL;
    p->n = 0;
}

void tt_key_split(const char *key, char **a, char **b)
{
    *a = *b = NULL;
    if (!key)
        return;
    const char *tab = strchr(key, '\t');
    *a = tab ? xstrndup(key, (size_t)(tab - key)) : xstrdup(key);
    *b = tab ? xstrdup(tab + 1) : NULL;
}
