/* task.c: the Task screen: every field of one task (generated durations included, feedback_notes
 * summarised), and the tasks upstream and downstream of it in the DAG. */
#include <stdlib.h>
#include <string.h>

#include "screens.h"
#include "tui_draw.h"
#include "tui_table.h"
#include "util.h"

typedef struct {
    char *id;          /* owned */
    tui_table fields;  /* name, value */
    tui_table edges;
    bool loaded, missing, focus_edges;
} task_state;

enum { Q_FIELDS, Q_EDGES };

static void task_open(tui *t, tui_view *v, void *st, const char *arg)
{
    task_state *s = st;
    if (arg) {
        free(s->id);
        s->id = xstrdup(arg);
    }
    if (!s->id) {
        s->missing = true;
        tui_set_message(t, true, "task needs an id: ':task ID'");
        return;
    }
    const char *p[] = {s->id};
    tui_query(t, v, Q_FIELDS, "queries/console/task_detail.sql", 1, p);
    tui_query(t, v, Q_EDGES, "queries/console/task_edges.sql", 1, p);
}

static void task_result(tui *t, tui_view *v, void *st, int tag, const PGresult *res, const char *err)
{
    (void)v;
    task_state *s = st;
    if (err) {
        s->missing = tag == Q_FIELDS;
        return;
    }
    if (tag == Q_FIELDS) {
        tt_load(&s->fields, res);
        s->missing = PQntuples(res) == 0;
        if (s->missing)
            tui_set_message(t, true, "task %s not found", s->id);
        s->loaded = true;
    } else
        tt_load(&s->edges, res);
}

static void task_draw(tui *t, tui_view *v, void *st, int top, int rows, int cols)
{
    (void)t;
    (void)v;
    task_state *s = st;
    if (s->missing) {
        tui_text(top + 1, 1, cols - 1, s->id ? "task not found" : "no task id given", TC_ERROR, false);
        return;
    }
    if (!s->loaded) {
        tui_text(top + 1, 1, cols - 1, "loading...", TC_DIM, false);
        return;
    }
    int erows = s->edges.nrows ? (s->edges.nrows + 2 < rows / 2 ? s->edges.nrows + 2 : rows / 2) : 0;
    s->fields.status_col = -1;
    tt_draw(&s->fields, top, rows - erows, cols, "");
    if (erows > 1) {
        int et = top + rows - erows;
        tui_hline(et, 0, cols, TC_DIM);
        tui_text(et, 2, cols - 2, s->focus_edges ? "dependencies (Enter opens; Esc back)" : "dependencies (Enter on the fields moves here)",
                 TC_HEADER, false);
        tt_draw(&s->edges, et + 1, erows - 1, cols, "");
    }
}

static bool task_action(tui *t, tui_view *v, void *st, tui_action a)
{
    (void)v;
    task_state *s = st;
    bool end, start;
    tui_table *tt = s->focus_edges ? &s->edges : &s->fields;
    if (tt_move(tt, a, 10, &end, &start))
        return true;
    switch (a) {
    case TA_OPEN:
        if (s->focus_edges) {
            const char *id = tt_get(&s->edges, "task");
            if (id)
                tui_push(t, &screen_task, id);
        } else
            s->focus_edges = s->edges.nrows > 0;
        return true;
    case TA_COPY: {
        const char *val = tt_get(tt, s->focus_edges ? "task" : "value");
        if (val)
            tui_copy(t, val);
        return true;
    }
    case TA_COPY_PATH:
        if (s->id)
            tui_copy(t, s->id);
        return true;
    case TA_DAG: /* the DAG of the task's workflow, with this task selected */
        for (int i = 0; i < s->fields.nrows; i++) {
            const char *name = tt_cell(&s->fields, i, "name");
            const char *wf = tt_cell(&s->fields, i, "value");
            if (name && wf && strcmp(name, "workflow") == 0 && s->id) {
                char *arg = xasprintf("%s/%s", wf, s->id);
                tui_push(t, &screen_dag, arg);
                free(arg);
                return true;
            }
        }
        return true;
    case TA_JSON: {
        /* the JSONB field under the cursor, else feedback_notes */
        static const char *const cols[] = {"input", "output", "tags", "feedback_notes"};
        const char *field = s->focus_edges ? NULL : tt_get(&s->fields, "name"), *col = "feedback_notes";
        for (size_t k = 0; field && k < sizeof cols / sizeof cols[0]; k++)
            if (strcmp(field, cols[k]) == 0)
                col = cols[k];
        if (s->id) {
            char *arg = xasprintf("tasks/%s/%s", s->id, col);
            tui_push(t, tui_screen_find("jsonview"), arg);
            free(arg);
        }
        return true;
    }
    default: return false;
    }
}

static void task_close(void *st)
{
    task_state *s = st;
    free(s->id);
    tt_free(&s->fields);
    tt_free(&s->edges);
}

const tui_screen screen_task = {
    "task", "Task", sizeof(task_state), task_open, task_result, task_draw, task_action, task_close, false,
};
