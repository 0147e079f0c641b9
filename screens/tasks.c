/* tasks.c: the Tasks screen: tasks across all workflows, keyset-paged 200 at a time in an
 * index-backed order (created, status or reward), filtered by status, type, agent, time and a regex. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "screens.h"
#include "tui_draw.h"
#include "tui_table.h"
#include "util.h"

#define PAGE_ROWS 200

typedef struct {
    char *status, *type, *agent, *since, *regex; /* owned, NULL when unset */
} tasks_filter;

typedef struct {
    tui_table tt;
    tasks_filter f;        /* the filters in force */
    tasks_filter prev;     /* owned: the filters before the last '/', restored if the server rejects the new */
    bool filter_changed;   /* prev holds filters to restore on an error */
    long prev_count;       /* the count and count_more of prev */
    bool prev_more;
    tt_pages pages;        /* keysets (column k of a page's last row) of visited pages */
    int sort;              /* index into sorts[] */
    bool rev;              /* the sort's reverse order */
    bool loading, loaded, going_back, need_count;
    long count;            /* tasks matching the filters, -1 while counting */
    bool count_more;       /* more than the count (the count query stops at 10000) */
} tasks_state;

/* Each sort has its own index-backed query; nkey is the number of keyset parts it takes. */
static const struct {
    const char *name, *path, *normal, *reversed, *dir, *rdir;
    int nkey;
} sorts[] = {
    {"created", "queries/console/tasks_page.sql", "newest first", "oldest first", "desc", "asc", 2},
    {"status", "queries/console/tasks_by_status.sql", "a-z, newest first", "z-a, oldest first", "asc",
     "desc", 3},
    {"reward", "queries/console/tasks_by_reward.sql", "highest first, rewarded tasks",
     "lowest first, rewarded tasks", "desc", "asc", 2},
};
#define NSORTS ((int)(sizeof sorts / sizeof sorts[0]))

static const char *const statuses[] = {"pending",   "queued",    "running", "retrying",
                                       "completed", "failed",    "cancelled", "timeout"};
#define NSTATUSES ((int)(sizeof statuses / sizeof statuses[0]))

enum { Q_PAGE, Q_COUNT };

static void filter_free(tasks_filter *f)
{
    free(f->status);
    free(f->type);
    free(f->agent);
    free(f->since);
    free(f->regex);
    memset(f, 0, sizeof *f);
}

static bool known_status(const char *s)
{
    for (int i = 0; i < NSTATUSES; i++)
        if (strcmp(s, statuses[i]) == 0)
            return true;
    return false;
}

/* The type format of chk_type_format: 3-50 of a-z, 0-9 and _. */
static bool valid_type(const char *s)
{
    size_t n = strlen(s);
    if (n < 3 || n > 50)
        return false;
    for (; *s; s++)
        if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '_')
            return false;
    return true;
}

static void load_page(tui *t, tui_view *v, tasks_state *s)
{
    char *k[3] = {NULL, NULL, NULL}, *rest = NULL;
    tt_key_split(tt_pages_cur(&s->pages), &k[0], &rest);
    if (sorts[s->sort].nkey == 3)
        tt_key_split(rest, &k[1], &k[2]);
    else {
        k[1] = rest;
        rest = NULL;
    }
    int nkey = sorts[s->sort].nkey;
    const char *p[] = {s->f.status, s->f.type, s->f.agent, s->f.since, s->f.regex, k[0], k[1], k[2], NULL};
    p[5 + nkey] = s->rev ? sorts[s->sort].rdir : sorts[s->sort].dir;
    tui_query(t, v, Q_PAGE, sorts[s->sort].path, 6 + nkey, p);
    s->loading = true;
    for (int i = 0; i < 3; i++)
        free(k[i]);
    free(rest);
}

static void load_count(tui *t, tui_view *v, tasks_state *s)
{
    const char *p[] = {s->f.status, s->f.type, s->f.agent, s->f.since, s->f.regex};
    tui_query(t, v, Q_COUNT, "queries/console/tasks_count.sql", 5, p);
    s->count = -1;
}

/* Start again from the first page (after a filter or sort change, or a refresh). */
static void restart(tui *t, tui_view *v, tasks_state *s, bool recount)
{
    tt_pages_reset(&s->pages);
    tt_pages_push(&s->pages, NULL);
    s->tt.sel = s->tt.top = 0;
    s->going_back = false;
    if (recount) {
        s->need_count = true;
        s->count = -1;
    }
    load_page(t, v, s);
}

static void tasks_open(tui *t, tui_view *v, void *st, const char *arg)
{
    tasks_state *s = st;
    s->tt.hidden_cols = 1;
    if (arg && !s->loaded && !s->f.status) {
        if (known_status(arg))
            s->f.status = xstrdup(arg);
        else
            tui_set_message(t, true, "unknown status '%s'; one of pending, queued, running, retrying, "
                                     "completed, failed, cancelled, timeout", arg);
    }
    if (s->pages.n == 0) {
        restart(t, v, s, true);
        return;
    }
    s->need_count = true;
    load_page(t, v, s);
}

static void tasks_result(tui *t, tui_view *v, void *st, int tag, const PGresult *res, const char *err)
{
    tasks_state *s = st;
    if (tag == Q_COUNT) {
        if (err)
            s->count = -2; /* unknown; the engine shows the error */
        else {
            s->count = strtol(PQgetvalue(res, 0, 0), NULL, 10);
            s->count_more = PQgetvalue(res, 0, 1)[0] == 't';
        }
        return;
    }
    s->loading = false;
    if (err) {
        /* a filter the server rejects (an invalid regex or time): go back to the filters before it;
         * the engine shows the error on the status line. Otherwise keep the rows shown. */
        if (s->filter_changed) {
            filter_free(&s->f);
            s->f = s->prev;
            memset(&s->prev, 0, sizeof s->prev);
            s->filter_changed = false;
            s->count = s->prev_count;
            s->count_more = s->prev_more;
            restart(t, v, s, false); /* its first page again (the rows shown may be from another) */
            return;
        } else if (s->going_back || s->pages.n > 1)
            tt_pages_pop(&s->pages);
        s->going_back = false;
        s->need_count = false;
        if (s->count == -1)
            s->count = -2;
        return;
    }
    if (s->filter_changed) {
        filter_free(&s->prev);
        s->filter_changed = false;
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
    if (s->need_count) {
        s->need_count = false;
        load_count(t, v, s);
    }
}

static void tasks_draw(tui *t, tui_view *v, void *st, int top, int rows, int cols)
{
    (void)t;
    (void)v;
    tasks_state *s = st;
    char *count = s->count >= 0 ? xasprintf("%s%ld tasks", s->count_more ? "over " : "",
                                            s->count_more ? s->count - 1 : s->count)
                                : xstrdup(s->count == -1 ? "counting..." : "? tasks");
    const tasks_filter *f = &s->f;
    char *h = xasprintf(" %s  page %d  sort %s (%s)%s%s%s%s%s%s%s%s%s%s  / filter  < > sort  I reverse",
                        count, s->pages.n, sorts[s->sort].name,
                        s->rev ? sorts[s->sort].reversed : sorts[s->sort].normal,
                        f->status ? "  status=" : "", f->status ? f->status : "",
                        f->type ? "  type=" : "", f->type ? f->type : "",
                        f->agent ? "  agent=" : "", f->agent ? f->agent : "",
                        f->since ? "  since=" : "", f->since ? f->since : "",
                        f->regex ? "  ~" : "", f->regex ? f->regex : "");
    tui_text(top, 0, cols, h, TC_DIM, true);
    free(h);
    free(count);
    tt_draw(&s->tt, top + 1, rows - 1, cols, s->loaded ? "no tasks match" : "loading...");
}

/* Parse "status=S type=T agent=A since=TIME REGEX..." into *out. Returns false with a message
 * on the status line (and *out freed) for a bad status or type. */
static bool parse_filter(tui *t, char *in, tasks_filter *out)
{
    memset(out, 0, sizeof *out);
    strbuf re = STRBUF_INIT;
    char *save = NULL;
    static const char *const names[] = {"status=", "type=", "agent=", "since="};
    for (char *w = strtok_r(in, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        char **slot[] = {&out->status, &out->type, &out->agent, &out->since};
        bool taken = false;
        for (int i = 0; i < 4 && !taken; i++) {
            size_t n = strlen(names[i]);
            if (strncmp(w, names[i], n) == 0 && !*slot[i] && w[n]) {
                *slot[i] = xstrdup(w + n);
                taken = true;
            }
        }
        if (!taken)
            sb_printf(&re, "%s%s", re.len ? " " : "", w);
    }
    out->regex = re.len ? sb_steal(&re) : NULL;
    sb_free(&re);
    if (out->status && !known_status(out->status)) {
        tui_set_message(t, true, "unknown status '%s'; one of pending, queued, running, retrying, "
                                 "completed, failed, cancelled, timeout", out->status);
        filter_free(out);
        return false;
    }
    if (out->type && !valid_type(out->type)) {
        tui_set_message(t, true, "type '%s' is not a task type: 3 to 50 of a-z, 0-9 and _",
                        out->type);
        filter_free(out);
        return false;
    }
    return true;
}

static void ask_filter(tui *t, tui_view *v, tasks_state *s)
{
    const tasks_filter *f = &s->f;
    strbuf cur = STRBUF_INIT;
    const char *const vals[] = {f->status, f->type, f->agent, f->since};
    static const char *const names[] = {"status=", "type=", "agent=", "since="};
    for (int i = 0; i < 4; i++)
        if (vals[i])
            sb_printf(&cur, "%s%s%s", cur.len ? " " : "", names[i], vals[i]);
    if (f->regex)
        sb_printf(&cur, "%s%s", cur.len ? " " : "", f->regex);
    char *in = tui_ask(t, "filter (status=S type=T agent=A since=TIME REGEX; empty clears): ",
                      cur.len ? cur.buf : "");
    sb_free(&cur);
    if (!in)
        return;
    tasks_filter nf;
    bool ok = parse_filter(t, in, &nf);
    free(in);
    if (!ok)
        return;
    filter_free(&s->prev);
    s->prev = s->f;
    s->prev_count = s->count;
    s->prev_more = s->count_more;
    s->f = nf;
    s->filter_changed = true;
    restart(t, v, s, true);
}

static bool tasks_action(tui *t, tui_view *v, void *st, tui_action a)
{
    tasks_state *s = st;
    bool end, start;
    if (tt_move(&s->tt, a, 10, &end, &start)) {
        if (end && !s->loading && s->tt.nrows == PAGE_ROWS) {
            tt_pages_push(&s->pages, tt_cell(&s->tt, s->tt.nrows - 1, "k"));
            s->tt.sel = s->tt.top = 0;
            load_page(t, v, s);
        } else if (start && !s->loading && tt_pages_pop(&s->pages)) {
            s->going_back = true;
            load_page(t, v, s);
        }
        return true;
    }
    switch (a) {
    case TA_OPEN: {
        const char *id = tt_get(&s->tt, "id");
        if (id)
            tui_push(t, &screen_task, id);
        return true;
    }
    case TA_FILTER: ask_filter(t, v, s); return true;
    case TA_REFRESH:
        s->need_count = true;
        load_page(t, v, s);
        return true;
    case TA_SORT_NEXT:
    case TA_SORT_PREV:
    case TA_SORT_REVERSE:
        if (a == TA_SORT_REVERSE)
            s->rev = !s->rev;
        else {
            s->sort = (s->sort + (a == TA_SORT_NEXT ? 1 : NSORTS - 1)) % NSORTS;
            s->rev = false;
        }
        restart(t, v, s, false);
        return true;
    case TA_COPY:
    case TA_COPY_PATH: {
        const char *val = tt_get(&s->tt, a == TA_COPY ? "title" : "id");
        if (val)
            tui_copy(t, val);
        return true;
    }
    default: return false;
    }
}

static void tasks_close(void *st)
{
    tasks_state *s = st;
    tt_free(&s->tt);
    filter_free(&s->f);
    filter_free(&s->prev);
    tt_pages_reset(&s->pages);
}

const tui_screen screen_tasks = {
    "tasks", "Tasks", sizeof(tasks_state), tasks_open, tasks_result, tasks_draw, tasks_action,
    tasks_close, false,
};
