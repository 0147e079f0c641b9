/* migrations.c: the Migrations screen: every bundled and applied migration with its state, when
 * and by whom it ran and how long it took, and who holds the migration lock; Enter shows its SQL;
 * u applies up to the selection, d rolls back to it (plan, typed confirmation, optional pg_dump
 * backup), v verifies. Everything runs through the migration engine, as 'migrate ...' does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "migrate.h"
#include "screens.h"
#include "tui_draw.h"
#include "tui_table.h"
#include "util.h"

enum { MCOLS = 7 };

typedef struct {
    tui_table tt;
    mig_set set;      /* owned when have_set */
    bool have_set;
    char *summary;    /* owned header line */
    char *error;      /* owned: why the state could not be read */
    bool loaded;
} migs_state;

static void migs_open(tui *t, tui_view *v, void *st, const char *arg)
{
    (void)st;
    (void)arg;
    /* The engine reads state synchronously: do it when this query's result arrives, when the
     * connection is idle. */
    tui_query(t, v, 0, "queries/console/idle.sql", 0, NULL);
}

/* Fill the table from set->entries. */
static void fill_table(migs_state *s)
{
    static const char *const names[MCOLS] = {"version", "name", "state", "applied_at",
                                             "applied_by", "ms", "checksum"};
    tui_table *tt = &s->tt;
    tt_define(tt, MCOLS, names, s->set.nentries);
    tt->numeric[0] = tt->numeric[5] = true;
    for (int i = 0; i < tt->nrows; i++) {
        const mig_entry *e = &s->set.entries[i];
        char **row = tt->cells + (size_t)i * MCOLS;
        const char *sum = e->applied_sum ? e->applied_sum : e->bundled_sum;
        row[0] = xasprintf("%04d", e->version);
        row[1] = xstrdup(e->name ? e->name : "");
        row[2] = xstrdup(mig_state_name(e->state));
        row[3] = e->applied_at ? xstrdup(e->applied_at) : NULL;
        row[4] = e->applied_by ? xstrdup(e->applied_by) : NULL;
        row[5] = e->duration_ms ? xstrdup(e->duration_ms) : NULL;
        row[6] = sum ? xstrndup(sum, 12) : NULL;
    }
}

static void reload(tui *t, migs_state *s)
{
    if (s->have_set)
        mig_set_free(&s->set);
    s->have_set = false;
    free(s->error);
    free(s->summary);
    s->error = s->summary = NULL;
    char *err = NULL;
    if (mig_load_bundle(&s->set, &err) != 0) {
        s->error = xasprintf("bundled migrations are broken (a build defect): %s", err);
        free(err);
        return;
    }
    db_error e = {0};
    if (mig_load_state(tui_app(t)->db, &s->set, &e) != 0) {
        s->error = xasprintf("cannot read the migration history: %s", e.message ? e.message : "?");
        db_error_clear(&e);
        mig_set_free(&s->set);
        return;
    }
    s->have_set = true;
    int pending = 0, drifted = 0;
    for (int i = 0; i < s->set.nentries; i++) {
        mig_state st = s->set.entries[i].state;
        pending += st == MIG_PENDING || st == MIG_PARTIAL;
        drifted += st == MIG_DRIFTED;
    }
    s->summary = xasprintf(" at %04d; %d pending, %d drifted; lock %s  Enter SQL  u apply to  "
                           "d roll back to  v verify",
                           mig_current(&s->set), pending, drifted,
                           s->set.lock_holder ? s->set.lock_holder : "free");
    fill_table(s);
}

static void migs_result(tui *t, tui_view *v, void *st, int tag, const PGresult *res,
                        const char *err)
{
    (void)v;
    (void)tag;
    (void)res;
    migs_state *s = st;
    s->loaded = true;
    if (!err)
        reload(t, s);
}

static void migs_draw(tui *t, tui_view *v, void *st, int top, int rows, int cols)
{
    (void)t;
    (void)v;
    migs_state *s = st;
    if (s->error) {
        tui_text(top, 0, cols, s->error, TC_ERROR, true);
        return;
    }
    tui_text(top, 0, cols, s->summary ? s->summary : " loading...", TC_DIM, true);
    tt_draw(&s->tt, top + 1, rows - 1, cols, s->loaded ? "no migrations" : "loading...");
}

static const mig_entry *selected(const migs_state *s)
{
    if (!s->have_set || s->tt.sel < 0 || s->tt.sel >= s->set.nentries)
        return NULL;
    return &s->set.entries[s->tt.sel];
}

/* The engine's messages go to a stream that keeps them and, as each line completes, shows it on
 * the status line at once ("applying 0013_...", "applied ... in 25 ms"), so a long migration is
 * seen to progress instead of the screen freezing until the end. */
typedef struct {
    tui *t;
    strbuf text;   /* everything written */
    size_t shown;  /* end of the last line put on the status line */
} live_out;

static ssize_t live_write(void *cookie, const char *buf, size_t n)
{
    live_out *l = cookie;
    sb_appendn(&l->text, buf, n);
    const char *all = sb_str(&l->text);
    const char *nl = NULL;
    for (size_t i = l->text.len; i > l->shown; i--)
        if (all[i - 1] == '\n') {
            nl = all + i - 1;
            break;
        }
    if (nl) {
        const char *start = nl;
        while (start > all + l->shown && start[-1] != '\n')
            start--;
        char *line = xstrndup(start, (size_t)(nl - start));
        tui_set_message(l->t, false, "%s", line);
        free(line);
        tui_redraw(l->t);
        l->shown = (size_t)(nl - all) + 1;
    }
    return (ssize_t)n;
}

/* Run engine work with its messages captured (and shown live); returns the text (malloc'd). */
typedef int (*engine_fn)(tui *t, migs_state *s, int target, const char *backup, mig_opts *o);

static char *run_captured(tui *t, migs_state *s, engine_fn fn, int target, const char *backup,
                          int *rc)
{
    live_out l = {t, STRBUF_INIT, 0};
    sb_append(&l.text, "");
    cookie_io_functions_t io = {NULL, live_write, NULL, NULL};
    FILE *f = fopencookie(&l, "w", io);
    if (!f) {
        *rc = EXIT_FAIL;
        return xstrdup("agentdb: cannot capture the engine's messages (out of memory)\n");
    }
    setvbuf(f, NULL, _IOLBF, 0);
    mig_opts o = {0};
    o.out = f;
    o.err = f;
    o.lock_wait_ms = -1; /* the console never queues behind another migrator: it says so */
    *rc = fn(t, s, target, backup, &o);
    fclose(f);
    return sb_steal(&l.text);
}

static int do_plan_up(tui *t, migs_state *s, int target, const char *b, mig_opts *o)
{
    (void)b;
    return mig_plan(tui_app(t)->db, &s->set, target, true, o);
}
static int do_up(tui *t, migs_state *s, int target, const char *b, mig_opts *o)
{
    (void)b;
    return mig_up(tui_app(t)->db, &s->set, target, o);
}
static int do_plan_down(tui *t, migs_state *s, int target, const char *b, mig_opts *o)
{
    (void)b;
    mig_print_down_plan(tui_app(t)->db, &s->set, target, o);
    return EXIT_OK;
}
static int do_down(tui *t, migs_state *s, int target, const char *backup, mig_opts *o)
{
    o->backup_dir = backup;
    return mig_down(tui_app(t)->db, &s->set, target, o);
}
static int do_verify(tui *t, migs_state *s, int target, const char *b, mig_opts *o)
{
    (void)target;
    (void)b;
    int failed = 0;
    return mig_verify(tui_app(t)->db, &s->set, o, &failed);
}

/* Show text on a screen of its own and repaint, so a prompt can refer to it. */
static void show(tui *t, const tui_screen *scr, const char *text)
{
    tui_push(t, scr, text);
    tui_redraw(t);
}

static void finish(tui *t, migs_state *s, const char *what, int rc, char *out)
{
    tui_push(t, &screen_result, out && *out ? out : "(no output)");
    free(out);
    tui_set_message(t, rc != EXIT_OK, "%s: %s (exit %d)", what, rc == EXIT_OK ? "done" : "failed",
                    rc);
    reload(t, s);
}

static void apply_to(tui *t, migs_state *s, const mig_entry *sel)
{
    /* The engine reloads the history into s->set (reallocating its entries): keep a copy. */
    const int version = sel->version;
    int pending = 0;
    for (int i = 0; i < s->set.nentries; i++) {
        const mig_entry *x = &s->set.entries[i];
        pending += x->version <= version && (x->state == MIG_PENDING || x->state == MIG_PARTIAL);
    }
    if (pending == 0) {
        tui_set_message(t, false, "nothing to apply up to %04d", version);
        return;
    }
    int rc;
    char *plan = run_captured(t, s, do_plan_up, version, NULL, &rc);
    char *text = xasprintf("-- Plan: apply %d migration(s) up to %04d. Type yes at the prompt "
                           "to apply, anything else cancels.\n%s",
                           pending, version, plan ? plan : "");
    free(plan);
    show(t, &screen_sqlview, text);
    free(text);
    if (rc != EXIT_OK) {
        tui_set_message(t, true, "the plan failed (exit %d); nothing was applied", rc);
        return;
    }
    char *ans = tui_ask(t, "apply these migrations? type yes: ", NULL);
    bool yes = ans && strcmp(ans, "yes") == 0;
    free(ans);
    if (!yes) {
        tui_set_message(t, false, "cancelled; nothing was applied");
        return;
    }
    tui_set_message(t, false, "applying up to %04d ...", version);
    tui_redraw(t);
    char *out = run_captured(t, s, do_up, version, NULL, &rc);
    finish(t, s, "migrate up", rc, out);
}

static void rollback_to(tui *t, migs_state *s, const mig_entry *sel)
{
    /* The engine reloads the history into s->set (reallocating its entries): keep a copy. */
    const int version = sel->version;
    int undo = 0;
    for (int i = 0; i < s->set.nentries; i++) {
        const mig_entry *x = &s->set.entries[i];
        undo += x->version > version && x->state != MIG_PENDING;
    }
    if (undo == 0) {
        tui_set_message(t, false, "nothing is applied above %04d", version);
        return;
    }
    int rc;
    char *plan = run_captured(t, s, do_plan_down, version, NULL, &rc);
    char *text = xasprintf("%s\nThis deletes the rows listed. Type %d at the prompt to confirm; "
                           "then give a directory for a pg_dump backup of those tables (empty: "
                           "no backup).\n", plan ? plan : "", version);
    free(plan);
    show(t, &screen_result, text);
    free(text);
    char *q = xasprintf("roll back to %04d: type %d to confirm: ", version, version);
    char *ans = tui_ask(t, q, NULL);
    free(q);
    int v = -1;
    bool ok = ans && mig_parse_version(ans, &v) && v == version;
    free(ans);
    if (!ok) {
        tui_set_message(t, false, "cancelled; nothing was rolled back");
        return;
    }
    char *backup = tui_ask(t, "pg_dump backup directory (empty: no backup): ", NULL);
    if (!backup) {
        tui_set_message(t, false, "cancelled; nothing was rolled back");
        return;
    }
    tui_set_message(t, false, "rolling back to %04d%s ...", version,
                    *backup ? " after the backup" : "");
    tui_redraw(t);
    char *out = run_captured(t, s, do_down, version, *backup ? backup : NULL, &rc);
    free(backup);
    finish(t, s, "migrate down", rc, out);
}

static bool migs_action(tui *t, tui_view *v, void *st, tui_action a)
{
    (void)v;
    migs_state *s = st;
    bool end, start;
    if (tt_move(&s->tt, a, 10, &end, &start))
        return true;
    const mig_entry *e = selected(s);
    switch (a) {
    case TA_OPEN: {
        if (!e)
            return true;
        char *text;
        if (e->file)
            text = xasprintf("-- %04d_%s%s%s\n-- @up\n%s\n-- @down\n%s\n-- @verify\n%s", e->version,
                             e->name, *e->file->description ? ": " : "", e->file->description,
                             e->file->up, e->file->down, e->file->verify);
        else
            text = xasprintf("-- %04d_%s is not bundled in this agentdb; the down SQL stored when "
                             "it was applied:\n%s", e->version, e->name,
                             e->down_sql ? e->down_sql : "(none)");
        tui_push(t, &screen_sqlview, text);
        free(text);
        return true;
    }
    case TA_APPLY:
    case TA_ROLLBACK:
    case TA_VERIFY:
        if (!s->have_set || (!e && a != TA_VERIFY))
            return true;
        if (tui_busy(t)) {
            tui_set_message(t, true, "a query is running; wait for it or cancel it (Ctrl-C)");
            return true;
        }
        if (a != TA_VERIFY && tui_read_only(t)) {
            tui_set_message(t, true, "refused: the console is read-only (--read-only)");
            return true;
        }
        if (a == TA_APPLY)
            apply_to(t, s, e);
        else if (a == TA_ROLLBACK)
            rollback_to(t, s, e);
        else {
            tui_set_message(t, false, "verifying ...");
            tui_redraw(t);
            int rc;
            char *out = run_captured(t, s, do_verify, 0, NULL, &rc);
            finish(t, s, "migrate verify", rc, out);
        }
        return true;
    case TA_COPY:
    case TA_COPY_PATH: {
        if (e) {
            char *id = xasprintf("%04d_%s", e->version, e->name);
            tui_copy(t, id);
            free(id);
        }
        return true;
    }
    default: return false;
    }
}

static void migs_close(void *st)
{
    migs_state *s = st;
    tt_free(&s->tt);
    if (s->have_set)
        mig_set_free(&s->set);
    free(s->summary);
    free(s->error);
}

const tui_screen screen_migrations = {
    "migrations", "Migrations", sizeof(migs_state), migs_open, migs_result, migs_draw,
    migs_action, migs_close, false,
};
