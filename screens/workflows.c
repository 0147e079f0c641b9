/* workflows.c: the Workflows screen: every workflow, newest first, keyset-paged 200 at a time,
 * filtered by status, a regex on the prompt and a start time, all sent as query parameters. */
#include <stdlib.h>
#include <string.h>

#include "screens.h"
#include "tui_draw.h"
#include "tui_table.h"
#include "util.h"

typedef struct {
    tui_table tt;
    char *status, *regex, *since;    /* owned filters, NULL when unset */
    tt_pages pages;                  /* keysets ("created_at\tid" or "sort key\tid") of visited pages */
    bool loading, loaded, going_back;
    int sort;                        /* index into sorts[] */
    bool asc;                        /* ascending instead of the default descending */
} wf_state;

enum { SORT_CREATED, SORT_REWARD, SORT_STATUS };
static const char *const sorts[] = {"created", "reward", "status"}; /* indexed by SORT_* */
#define NSORTS 3

/* The default order (newest first) has its own index-backed query. */
static bool generic_sort(const wf_state *s) { return s->sort != SORT_CREATED || s->asc; }

enum { Q_PAGE };

static void load_page(tui *t, tui_view *v, wf_state *s, const char *after)
{
    char *created, *id;
    tt_key_split(after, &created, &id);
    const char *p[] = {s->status, s->regex, s->since, created, id, sorts[s->sort],
                       s->asc ? "asc" : "desc"};
    if (s->sort == SORT_REWARD) /* its own index-backed queries, one per direction */
        tui_query(t, v, Q_PAGE,
                  s->asc ? "queries/console/workflows_reward_asc.sql"
                         : "queries/console/workflows_reward_desc.sql", 5, p);
    else if (generic_sort(s))
        tui_query(t, v, Q_PAGE, "queries/console/workflows_sorted.sql", 7, p);
    else
        tui_query(t, v, Q_PAGE, "queries/console/workflows_page.sql", 5, p);
    s->loading = true;
    free(created);
    free(id);
}

static void wf_open(tui *t, tui_view *v, void *st, const char *arg)
{
    wf_state *s = st;
    s->tt.hidden_cols = 1;
    if (arg && !s->status && !s->loaded) {
        static const char *const known[] = {"pending", "running", "completed", "failed", "cancelled"};
        for (size_t i = 0; i < 5; i++)
            if (strcmp(arg, known[i]) == 0)
                s->status = xstrdup(arg);
        if (!s->status)
            tui_set_message(t, true, "unknown status '%s'; one of pending, running, completed, "
                                     "failed, cancelled", arg);
    }
    /* (re)load the current page */
    if (s->pages.n == 0)
        tt_pages_push(&s->pages, NULL);
    load_page(t, v, s, tt_pages_cur(&s->pages));
}

static void wf_result(tui *t, tui_view *v, void *st, int tag, const PGresult *res, const char *err)
{
    (void)t;
    (void)v;
    (void)tag;
    wf_state *s = st;
    s->loading = false;
    if (err) {
        /* a bad filter (e.g. an invalid regex): keep the old rows; the engine shows the error */
        if (s->going_back || s->pages.n > 1)
            tt_pages_pop(&s->pages);
        s->going_back = false;
        return;
    }
    if (PQntuples(res) == 0 && tt_pages_pop(&s->pages)) {
        /* past the last page: stay where we were */
        tui_set_message(t, false, "that was the last page");
        return;
    }
    tt_load(&s->tt, res);
    if (s->going_back) {
        s->tt.sel = s->tt.nrows ? s->tt.nrows - 1 : 0;
        s->going_back = false;
    }
    s->loaded = true;
}

static void wf_draw(tui *t, tui_view *v, void *st, int top, int rows, int cols)
{
    (void)t;
    (void)v;
    wf_state *s = st;
    char *filt = xasprintf(" page %d  sort %s %s%s%s%s%s%s%s  / filter  < > sort  I reverse", s->pages.n,
                           sorts[s->sort], s->asc ? "asc" : "desc",
                           s->status ? "  status=" : "", s->status ? s->status : "",
                           s->regex ? "  prompt~" : "", s->regex ? s->regex : "",
                           s->since ? "  since " : "", s->since ? s->since : "");
    tui_text(top, 0, cols, filt, TC_DIM, true);
    free(filt);
    tt_draw(&s->tt, top + 1, rows - 1, cols,
            s->loaded ? "no workflows match" : "loading...");
}

static char *row_key(wf_state *s, int row)
{
    const char *c = tt_cell(&s->tt, row, "k_created"), *id = tt_cell(&s->tt, row, "id");
    if (generic_sort(s))
        return c ? xstrdup(c) : NULL; /* already "sort key<TAB>id" */
    return c && id ? xasprintf("%s\t%s", c, id) : NULL;
}

static bool wf_action(tui *t, tui_view *v, void *st, tui_action a)
{
    wf_state *s = st;
    bool end, start;
    if (tt_move(&s->tt, a, 10, &end, &start)) {
        if (end && !s->loading && s->tt.nrows == 200) {
            char *k = row_key(s, s->tt.nrows - 1);
            tt_pages_push(&s->pages, k);
            free(k);
            s->tt.sel = 0;
            s->tt.top = 0;
            load_page(t, v, s, tt_pages_cur(&s->pages));
        } else if (start && !s->loading && tt_pages_pop(&s->pages)) {
            s->going_back = true;
            load_page(t, v, s, tt_pages_cur(&s->pages));
        }
        return true;
    }
    switch (a) {
    case TA_OPEN: {
        const char *id = tt_get(&s->tt, "id");
        if (id)
            tui_push(t, &screen_workflow, id);
        return true;
    }
    case TA_DAG: {
        const char *id = tt_get(&s->tt, "id");
        if (id)
            tui_push(t, &screen_dag, id);
        return true;
    }
    case TA_FILTER: {
        char *cur = xasprintf("%s%s%s%s%s", s->status ? "status=" : "", s->status ? s->status : "",
                              s->since ? " since=" : "", s->since ? s->since : "",
                              s->regex ? "" : "");
        char *in = tui_ask(t, "filter (status=S since=TIME REGEX; empty clears): ", cur);
        free(cur);
        if (!in)
            return true;
        free(s->status);
        free(s->since);
        free(s->regex);
        s->status = s->since = s->regex = NULL;
        strbuf re = STRBUF_INIT;
        char *save = NULL;
        for (char *w = strtok_r(in, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
            if (strncmp(w, "status=", 7) == 0 && !s->status)
                s->status = xstrdup(w + 7);
            else if (strncmp(w, "since=", 6) == 0 && !s->since)
                s->since = xstrdup(w + 6);
            else
                sb_printf(&re, "%s%s", re.len ? " " : "", w);
        }
        s->regex = re.len ? sb_steal(&re) : NULL;
        sb_free(&re);
        free(in);
        tt_pages_reset(&s->pages);
        s->tt.sel = 0;
        s->tt.top = 0;
        wf_open(t, v, s, NULL);
        return true;
    }
    case TA_REFRESH: wf_open(t, v, s, NULL); return true;
    case TA_SORT_NEXT:
    case TA_SORT_PREV:
    case TA_SORT_REVERSE:
        if (a == TA_SORT_REVERSE)
            s->asc = !s->asc;
        else
            s->sort = (s->sort + (a == TA_SORT_NEXT ? 1 : NSORTS - 1)) % NSORTS;
        tt_pages_reset(&s->pages);
        s->tt.sel = s->tt.top = 0;
        wf_open(t, v, s, NULL);
        return true;
    case TA_COPY_PATH:
    case TA_COPY: {
        const char *id = tt_get(&s->tt, a == TA_COPY ? "prompt" : "id");
        if (id)
            tui_copy(t, id);
        return true;
    }
    default: return false;
    }
}

static void wf_close(void *st)
{
    wf_state *s = st;
    tt_free(&s->tt);
    free(s->status);
    free(s->regex);
    free(s->since);
    tt_pages_reset(&s->pages);
}

const tui_screen screen_workflows = {
    "workflows", "Workflows", sizeof(wf_state), wf_open, wf_result, wf_draw, wf_action, wf_close, false,
};
