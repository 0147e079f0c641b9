/* workflow.c: the Workflow screen: its header (prompt, status, total reward, versions, timings),
 * its tasks as a keyset-paged table, and its DAG versions. */
#include <stdlib.h>
#include <string.h>

#include "screens.h"
#include "tui_draw.h"
#include "tui_table.h"
#include "util.h"

typedef struct {
    char *id;                 /* owned workflow id */
    tui_table head;           /* one row */
    tui_table tasks;
    tui_table versions;
    tt_pages pages;           /* keysets ("created_at\tid") of visited task pages */
    bool loaded, missing, loading;
} wfv_state;

enum { Q_HEAD, Q_TASKS, Q_VERSIONS };

static void load_tasks(tui *t, tui_view *v, wfv_state *s)
{
    char *created, *tid;
    tt_key_split(tt_pages_cur(&s->pages), &created, &tid);
    const char *p[] = {s->id, created, tid};
    tui_query(t, v, Q_TASKS, "queries/console/workflow_tasks.sql", 3, p);
    s->loading = true;
    free(created);
    free(tid);
}

static void wfv_open(tui *t, tui_view *v, void *st, const char *arg)
{
    wfv_state *s = st;
    if (arg) {
        free(s->id);
        s->id = xstrdup(arg);
    }
    if (!s->id) {
        tui_set_message(t, true, "workflow needs an id: ':workflow ID'");
        s->missing = true;
        return;
    }
    s->tasks.hidden_cols = 1;
    if (s->pages.n == 0)
        tt_pages_push(&s->pages, NULL);
    const char *p[] = {s->id};
    tui_query(t, v, Q_HEAD, "queries/console/workflow_header.sql", 1, p);
    load_tasks(t, v, s);
    tui_query(t, v, Q_VERSIONS, "queries/console/workflow_versions.sql", 1, p);
}

static void wfv_result(tui *t, tui_view *v, void *st, int tag, const PGresult *res, const char *err)
{
    (void)v;
    wfv_state *s = st;
    if (err) {
        if (tag == Q_HEAD)
            s->missing = true;
        return;
    }
    if (tag == Q_HEAD) {
        tt_load(&s->head, res);
        s->missing = PQntuples(res) == 0;
        if (s->missing)
            tui_set_message(t, true, "workflow %s not found", s->id);
        s->loaded = true;
    } else if (tag == Q_TASKS) {
        s->loading = false;
        if (PQntuples(res) == 0 && tt_pages_pop(&s->pages)) {
            tui_set_message(t, false, "that was the last page of tasks");
            return;
        }
        tt_load(&s->tasks, res);
    } else
        tt_load(&s->versions, res);
}

static void field(int row, int col, int width, const char *label, const char *value, tui_color c)
{
    int lw = tui_text(row, col, width, label, TC_HEADER, false);
    tui_text(row, col + lw + 1, width - lw - 1, value ? value : "-", c, false);
}

static void wfv_draw(tui *t, tui_view *v, void *st, int top, int rows, int cols)
{
    (void)t;
    (void)v;
    wfv_state *s = st;
    if (s->missing) {
        tui_text(top + 1, 1, cols - 1, s->id ? "workflow not found" : "no workflow id given", TC_ERROR, false);
        return;
    }
    if (!s->loaded) {
        tui_text(top + 1, 1, cols - 1, "loading...", TC_DIM, false);
        return;
    }
    const tui_table *h = &s->head;
    const char *status = tt_cell(h, 0, "status");
    char *line = xasprintf("%s %s", tui_status_glyph(status), status ? status : "");
    field(top, 0, cols, "workflow", tt_cell(h, 0, "id"), TC_NORMAL);
    if (rows > 1)
        field(top + 1, 0, cols, "prompt", tt_cell(h, 0, "user_prompt"), TC_NORMAL);
    if (rows > 2) {
        field(top + 2, 0, cols / 2, "status", line, tui_status_color(status));
        char *r = xasprintf("%s (versions %s, current %s)", tt_cell(h, 0, "total_reward") ? tt_cell(h, 0, "total_reward") : "-",
                            tt_cell(h, 0, "versions"), tt_cell(h, 0, "current_version"));
        field(top + 2, cols / 2, cols - cols / 2, "reward", r, TC_NORMAL);
        free(r);
    }
    if (rows > 3) {
        char *tm = xasprintf("%s -> %s (%s)  tasks %s, failed %s", tt_cell(h, 0, "created"),
                             tt_cell(h, 0, "completed") ? tt_cell(h, 0, "completed") : "...",
                             tt_cell(h, 0, "duration") ? tt_cell(h, 0, "duration") : "-",
                             tt_cell(h, 0, "tasks"), tt_cell(h, 0, "failed"));
        field(top + 3, 0, cols, "time", tm, TC_NORMAL);
        free(tm);
    }
    free(line);
    int used = rows > 4 ? 4 : rows;
    int left = rows - used;
    int vrows = s->versions.nrows > 0 && left > 12 ? (s->versions.nrows + 2 < 6 ? s->versions.nrows + 2 : 6) : 0;
    if (left > 1) {
        char *tl = xasprintf("tasks (page %d)  Enter opens a task  D DAG", s->pages.n);
        tui_hline(top + used, 0, cols, TC_DIM);
        tui_text(top + used, 2, cols - 2, tl, TC_HEADER, false);
        free(tl);
        tt_draw(&s->tasks, top + used + 1, left - 1 - vrows, cols, "no tasks");
    }
    if (vrows) {
        int vt = top + rows - vrows;
        tui_hline(vt, 0, cols, TC_DIM);
        tui_text(vt, 2, cols - 2, "DAG versions", TC_HEADER, false);
        tt_draw(&s->versions, vt + 1, vrows - 1, cols, "");
    }
}

static bool wfv_action(tui *t, tui_view *v, void *st, tui_action a)
{
    wfv_state *s = st;
    bool end, start;
    if (tt_move(&s->tasks, a, 10, &end, &start)) {
        if (end && !s->loading && s->tasks.nrows == 200) {
            const char *c = tt_cell(&s->tasks, s->tasks.nrows - 1, "k_created");
            const char *id = tt_cell(&s->tasks, s->tasks.nrows - 1, "id");
            char *k = xasprintf("%s\t%s", c, id);
            tt_pages_push(&s->pages, k);
            free(k);
            s->tasks.sel = s->tasks.top = 0;
            load_tasks(t, v, s);
        } else if (start && !s->loading && tt_pages_pop(&s->pages))
            load_tasks(t, v, s);
        return true;
    }
    switch (a) {
    case TA_OPEN: {
        const char *id = tt_get(&s->tasks, "id");
        if (id)
            tui_push(t, &screen_task, id);
        return true;
    }
    case TA_COPY:
    case TA_COPY_PATH:
        if (s->id)
            tui_copy(t, a == TA_COPY && tt_get(&s->tasks, "id") ? tt_get(&s->tasks, "id") : s->id);
        return true;
    case TA_DAG:
        if (s->id)
            tui_push(t, &screen_dag, s->id);
        return true;
    default: return false;
    }
}

static void wfv_close(void *st)
{
    wfv_state *s = st;
    free(s->id);
    tt_free(&s->head);
    tt_free(&s->tasks);
    tt_free(&s->versions);
    tt_pages_reset(&s->pages);
}

const tui_screen screen_workflow = {
    "workflow", "Workflow", sizeof(wfv_state), wfv_open, wfv_result, wfv_draw, wfv_action, wfv_close, false,
};
