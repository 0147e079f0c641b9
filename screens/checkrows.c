/* checkrows.c: the offending rows of one integrity check (up to 1000), as the rule returns them:
 * the table and id first, then workflow_id or task_id; Enter opens the row's Task or Workflow. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "screens.h"
#include "tui_draw.h"
#include "tui_table.h"
#include "util.h"

#define CHECKROWS_LIMIT 1000

typedef struct {
    char *name;       /* owned: the rule */
    tui_table tt;
    bool loaded, more;
    char *error;      /* owned */
} checkrows_state;

static void cr_open(tui *t, tui_view *v, void *st, const char *arg)
{
    checkrows_state *s = st;
    if (arg) {
        free(s->name);
        s->name = xstrdup(arg);
    }
    /* check_rows_get is synchronous: run it when this result arrives (the connection idle) */
    tui_query(t, v, 0, "queries/console/idle.sql", 0, NULL);
}

static void load(tui *t, tui_view *v, checkrows_state *s)
{
    free(s->error);
    s->error = NULL;
    check_set set;
    char *err = NULL;
    if (check_load(&set, &err) != 0) {
        s->error = xasprintf("the bundled checks are broken: %s", err);
        free(err);
        return;
    }
    const checkfile *rule = check_find(&set, s->name ? s->name : "");
    if (!rule) {
        const char *near = check_nearest(&set, s->name ? s->name : "");
        s->error = xasprintf("no check named '%s'%s%s%s", s->name ? s->name : "",
                             near ? "; did you mean " : "", near ? near : "", near ? "?" : "");
        check_set_free(&set);
        return;
    }
    check_rows rows = {0};
    db_error e = {0};
    db_conn *db = tui_view_db(t, v);
    if (!db) {
        s->error = xstrdup("the report server (--report-dsn) cannot be reached");
        check_set_free(&set);
        return;
    }
    if (check_rows_get(db, rule, CHECKROWS_LIMIT, &rows, &e) != 0) {
        s->error = xasprintf("%s could not run: %s", rule->name, e.message ? e.message : "?");
        db_error_clear(&e);
        check_set_free(&set);
        return;
    }
    int sel = s->tt.sel;
    tt_free(&s->tt);
    memset(&s->tt, 0, sizeof s->tt);
    tui_table *tt = &s->tt;
    tt->ncols = rows.ncols;
    tt->names = rows.names;           /* ownership moves to the table */
    tt->numeric = xcalloc((size_t)(rows.ncols ? rows.ncols : 1), sizeof *tt->numeric);
    for (int j = 0; j < rows.ncols; j++)
        tt->numeric[j] = rows.types[j] == COL_NUMBER;
    tt->nrows = (int)rows.nrows;
    tt->cells = rows.cells;
    tt->status_col = -1;
    tt->sel = sel < tt->nrows ? sel : 0;
    s->more = rows.more;
    rows.names = NULL;
    rows.cells = NULL;
    rows.ncols = 0;
    rows.nrows = 0;
    check_rows_free(&rows);
    check_set_free(&set);
}

static void cr_result(tui *t, tui_view *v, void *st, int tag, const PGresult *res, const char *err)
{
    (void)v;
    (void)tag;
    (void)res;
    checkrows_state *s = st;
    s->loaded = true;
    if (!err)
        load(t, v, s);
}

static void cr_draw(tui *t, tui_view *v, void *st, int top, int rows, int cols)
{
    (void)t;
    (void)v;
    checkrows_state *s = st;
    if (s->error) {
        tui_text(top, 0, cols, s->error, TC_ERROR, true);
        return;
    }
    char *h = xasprintf(" %s: %d offending rows%s  Enter opens the row's task or workflow",
                        s->name ? s->name : "", s->tt.nrows, s->more ? " (the first 1000)" : "");
    tui_text(top, 0, cols, h, s->tt.nrows ? TC_WARN : TC_OK, true);
    free(h);
    tt_draw(&s->tt, top + 1, rows - 1, cols, s->loaded ? "none: the check passes" : "loading...");
}

/* The selected row's Task or Workflow: its task_id or workflow_id column, or its id when the
 * row's table is tasks or workflows. */
static void open_row(tui *t, checkrows_state *s)
{
    const char *table = tt_get(&s->tt, "table"), *id = tt_get(&s->tt, "id");
    const char *task = tt_get(&s->tt, "task_id"), *wf = tt_get(&s->tt, "workflow_id");
    if (table && id && strcmp(table, "tasks") == 0)
        task = id;
    if (table && id && strcmp(table, "workflows") == 0)
        wf = id;
    if (task)
        tui_push(t, &screen_task, task);
    else if (wf)
        tui_push(t, &screen_workflow, wf);
    else
        tui_set_message(t, false, "this row (%s) has no task or workflow to open; y copies its id",
                        table ? table : "?");
}

static bool cr_action(tui *t, tui_view *v, void *st, tui_action a)
{
    (void)v;
    checkrows_state *s = st;
    bool end, start;
    if (tt_move(&s->tt, a, 10, &end, &start))
        return true;
    switch (a) {
    case TA_OPEN: open_row(t, s); return true;
    case TA_COPY:
    case TA_COPY_PATH: {
        const char *val = tt_get(&s->tt, "id");
        if (val)
            tui_copy(t, val);
        return true;
    }
    default: return false;
    }
}

static void cr_close(void *st)
{
    checkrows_state *s = st;
    tt_free(&s->tt);
    free(s->name);
    free(s->error);
}

const tui_screen screen_checkrows = {
    "checkrows", "Offending rows", sizeof(checkrows_state), cr_open, cr_result, cr_draw,
    cr_action, cr_close, true,
};
