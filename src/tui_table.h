/* tui_table.h: the scrolling table most screens show: columns from a PGresult, a selected row,
 * horizontal scrolling, status colouring, and one page of rows at a time (keyset paging). */
#ifndef AGENTDB_TUI_TABLE_H
#define AGENTDB_TUI_TABLE_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "tui.h"

typedef struct tui_table {
    int ncols;
    char **names;      /* owned column names */
    bool *numeric;     /* right-align these */
    int nrows;
    char **cells;      /* owned: nrows * ncols strings, NULL for SQL NULL */
    int sel;           /* selected row */
    int top;           /* first visible row */
    int hcol;          /* first visible column (horizontal scroll) */
    int status_col;    /* column coloured by status, -1 for none */
    int hidden_cols;   /* trailing columns not shown (keys for paging, ids) */
} tui_table;

/* Replace the rows with a result's (copied). Column names and types come from the result. */
void tt_load(tui_table *tt, const PGresult *res);
void tt_free(tui_table *tt);
/* Replace the rows with nrows empty ones under ncols columns named names (copied), for screens
 * that fill the cells themselves (malloc'd strings) rather than from a PGresult. The selection
 * stays where it still fits; no column is coloured by status. */
void tt_define(tui_table *tt, int ncols, const char *const *names, int nrows);
/* Draw at rows [top, top+rows) with a header line. empty_text is shown when there are no rows. */
void tt_draw(tui_table *tt, int top, int rows, int cols, const char *empty_text);
/* Movement actions. Returns true when handled. past_end and past_start report attempts to move past
 * the last/first row (the screen may then load the next/previous page). */
bool tt_move(tui_table *tt, tui_action a, int page, bool *past_end, bool *past_start);
/* A cell of the selected row by column name (NULL when absent or SQL NULL). */
const char *tt_get(const tui_table *tt, const char *col);
const char *tt_cell(const tui_table *tt, int row, const char *col);
int tt_col(const tui_table *tt, const char *col);



/* Keyset paging: the key each visited page was fetched after (NULL for the first page). */
typedef struct tt_pages {
    char **keys;   /* owned */
    int n;
} tt_pages;

void tt_pages_push(tt_pages *p, const char *key);
/* Drop the current page (going back); false when on the first page. */
bool tt_pages_pop(tt_pages *p);
const char *tt_pages_cur(const tt_pages *p);
void tt_pages_reset(tt_pages *p);
/* Split a "a\tb" key into two malloc'd parts (both NULL for a NULL key). */
void tt_key_split(const char *key, char **a, char **b);
#endif
