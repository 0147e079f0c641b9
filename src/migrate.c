/* migrate.c: the migration engine (see migrations.md): one transaction per migration with its
 * history row, an advisory lock, lock_timeout retries, resumable no-transaction files, drift. */
#include "migrate.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <strings.h>
#include <unistd.h>

#include "bundle.h"
#include "local.h"
#include "sqlsplit.h"
#include "util.h"

#define MIG_LOCK_KEY "1634166882" /* 'agdb' */
#define DEFAULT_LOCK_TIMEOUT "5s"
#define DEFAULT_STATEMENT_TIMEOUT "30min"

const char *mig_state_name(mig_state s)
{
    switch (s) {
    case MIG_PENDING: return "pending";
    case MIG_APPLIED: return "applied";
    case MIG_BASELINE: return "baseline";
    case MIG_DRIFTED: return "drifted";
    case MIG_PARTIAL: return "partial";
    case MIG_NOT_BUNDLED: return "not bundled";
    }
    return "?";
}

bool mig_parse_version(const char *s, int *v)
{
    long l;
    if (!parse_uint(s, 99999999, &l))
        return false;
    *v = (int)l;
    return true;
}

static int cmp_migfile(const void *a, const void *b)
{
    const migfile *x = a, *y = b;
    return (x->version > y->version) - (x->version < y->version);
}

int mig_load_bundle(mig_set *set, char **err)
{
    memset(set, 0, sizeof *set);
    set->files = xcalloc(bundle_nfiles, sizeof *set->files);
    set->sums = xcalloc(bundle_nfiles, sizeof *set->sums);
    for (size_t i = 0; i < bundle_nfiles; i++) {
        const bundle_file *f = &bundle_files[i];
        if (strncmp(f->path, "migrations/", 11) != 0)
            continue;
        if (migfile_parse(f->path, f->text, f->len, &set->files[set->nfiles], err) != 0)
            return -1;
        set->nfiles++;
    }
    qsort(set->files, (size_t)set->nfiles, sizeof *set->files, cmp_migfile);
    for (int i = 0; i < set->nfiles; i++) {
        char *path = xasprintf("migrations/%04d_%s.sql", set->files[i].version, set->files[i].name);
        const bundle_file *f = bundle_get(path);
        if (!f) {
            /* file names with more than four digits */
            for (size_t k = 0; k < bundle_nfiles && !f; k++) {
                migfile probe;
                char *e2 = NULL;
                if (strncmp(bundle_files[k].path, "migrations/", 11) == 0 &&
                    migfile_parse(bundle_files[k].path, bundle_files[k].text, bundle_files[k].len,
                                  &probe, &e2) == 0) {
                    if (probe.version == set->files[i].version)
                        f = &bundle_files[k];
                    migfile_free(&probe);
                }
                free(e2);
            }
        }
        free(path);
        set->sums[i] = f ? f->sha256 : "";
    }
    return 0;
}

static void entry_free(mig_entry *e)
{
    free(e->applied_name);
    free(e->applied_sum);
    free(e->applied_at);
    free(e->applied_by);
    free(e->duration_ms);
    free(e->down_sql);
}

void mig_set_free(mig_set *set)
{
    for (int i = 0; i < set->nfiles; i++)
        migfile_free(&set->files[i]);
    free(set->files);
    free(set->sums);
    for (int i = 0; i < set->nentries; i++)
        entry_free(&set->entries[i]);
    free(set->entries);
    free(set->lock_holder);
    memset(set, 0, sizeof *set);
}

static char *dup_or_null(PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NULL : xstrdup(PQgetvalue(r, row, col));
}

static void load_lock_holder(db_conn *db, mig_set *set)
{
    free(set->lock_holder);
    set->lock_holder = NULL;
    const char *p[] = {MIG_LOCK_KEY};
    db_error e = {0};
    PGresult *r = db_exec(db, bundle_sql("queries/migrate/lock_holder.sql"), 1, p, &e);
    if (r && PQntuples(r) == 1)
        set->lock_holder = xasprintf("pid %s (%s, user %s, %s)", PQgetvalue(r, 0, 0),
                                     PQgetvalue(r, 0, 1), PQgetvalue(r, 0, 2), PQgetvalue(r, 0, 3));
    PQclear(r);
    db_error_clear(&e);
}

int mig_load_state(db_conn *db, mig_set *set, db_error *err)
{
    for (int i = 0; i < set->nentries; i++)
        entry_free(&set->entries[i]);
    free(set->entries);
    set->entries = NULL;
    set->nentries = 0;
    PGresult *r = db_exec(db, bundle_sql("queries/migrate/history_exists.sql"), 0, NULL, err);
    if (!r)
        return -1;
    set->history_exists = PQgetvalue(r, 0, 0)[0] == 't';
    PQclear(r);
    PGresult *h = NULL;
    int nh = 0;
    if (set->history_exists) {
        h = db_exec(db, bundle_sql("queries/migrate/history.sql"), 0, NULL, err);
        if (!h)
            return -1;
        nh = PQntuples(h);
    }
    set->entries = xcalloc((size_t)(set->nfiles + nh), sizeof *set->entries);
    int fi = 0, hi = 0;
    while (fi < set->nfiles || hi < nh) {
        int fv = fi < set->nfiles ? set->files[fi].version : 0x7fffffff;
        int hv = hi < nh ? atoi(PQgetvalue(h, hi, 0)) : 0x7fffffff;
        mig_entry *e = &set->entries[set->nentries++];
        if (fv <= hv) {
            e->version = fv;
            e->file = &set->files[fi];
            e->bundled_sum = set->sums[fi];
            e->name = e->file->name;
            e->irreversible = e->file->irreversible;
            e->state = MIG_PENDING;
            fi++;
        }
        if (hv <= fv) {
            e->version = hv;
            e->applied_name = xstrdup(PQgetvalue(h, hi, 1));
            e->applied_sum = xstrdup(PQgetvalue(h, hi, 2));
            const char *st = PQgetvalue(h, hi, 3);
            e->applied_at = dup_or_null(h, hi, 4);
            e->applied_by = dup_or_null(h, hi, 5);
            e->duration_ms = dup_or_null(h, hi, 6);
            e->down_sql = xstrdup(PQgetvalue(h, hi, 7));
            e->statements_done = atoi(PQgetvalue(h, hi, 8));
            e->irreversible = PQgetvalue(h, hi, 9)[0] == 't';
            if (!e->file) {
                e->name = e->applied_name;
                e->state = MIG_NOT_BUNDLED;
            } else if (strcmp(st, "partial") == 0)
                e->state = MIG_PARTIAL;
            else if (strcmp(e->applied_sum, e->bundled_sum) != 0)
                e->state = MIG_DRIFTED;
            else
                e->state = strcmp(st, "baseline") == 0 ? MIG_BASELINE : MIG_APPLIED;
            hi++;
        }
    }
    PQclear(h);
    load_lock_holder(db, set);
    return 0;
}

int mig_current(const mig_set *set)
{
    int v = 0;
    for (int i = 0; i < set->nentries; i++)
        if (set->entries[i].state != MIG_PENDING)
            v = set->entries[i].version;
    return v;
}

int mig_report_drift(const mig_set *set, FILE *err)
{
    int n = 0;
    for (int i = 0; i < set->nentries; i++) {
        const mig_entry *e = &set->entries[i];
        if (e->state != MIG_DRIFTED)
            continue;
        fprintf(err,
                "agentdb: migration %04d (%s) changed after it was applied (checksum %.12s, "
                "bundled %.12s); restore the file, or accept it with "
                "'migrate repair %d --reason=...'\n",
                e->version, e->name, e->applied_sum, e->bundled_sum, e->version);
        n++;
    }
    return n;
}

/* ---- helpers ---- */

static char *client_label(void)
{
    char host[256] = "";
    gethostname(host, sizeof host - 1);
    const char *user = getenv("USER");
    return xasprintf("%s@%s", user && *user ? user : "?", host[0] ? host : "?");
}

static int run_sql(db_conn *db, const char *path, int n, const char *const *p, db_error *e)
{
    return db_run(db, bundle_sql(path), n, p, e);
}

static void event(db_conn *db, int version, const char *ev, const char *sum, double ms,
                  const char *detail)
{
    char vb[16], msb[32];
    snprintf(vb, sizeof vb, "%d", version);
    snprintf(msb, sizeof msb, "%.3f", ms);
    char *client = client_label();
    const char *p[] = {vb, ev, client, sum, ms >= 0 ? msb : NULL, detail};
    db_error e = {0};
    if (run_sql(db, "queries/migrate/record_event.sql", 6, p, &e) != 0)
        fprintf(stderr, "agentdb: could not log the %s event of %d: %s\n", ev, version,
                e.message ? e.message : "");
    db_error_clear(&e);
    free(client);
}

/* Test hook: AGENTDB_TEST_CRASH_AT=V:K kills this process with SIGKILL just before step K of
 * migration V (steps are the statements, then the history write, then the commit). */
static void crash_point(int version, int step)
{
    const char *h = getenv("AGENTDB_TEST_CRASH_AT");
    if (!h)
        return;
    int v, k;
    if (sscanf(h, "%d:%d", &v, &k) == 2 && v == version && k == step) {
        fflush(NULL);
        raise(SIGKILL);
    }
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

static int lock_acquire(db_conn *db, const mig_opts *o, db_error *err)
{
    const char *p[] = {MIG_LOCK_KEY};
    int waited = 0, delay = 50;
    bool said = false;
    int limit = o->lock_wait_ms > 0 ? o->lock_wait_ms : o->lock_wait_ms < 0 ? 0 : 300000;
    for (;;) {
        PGresult *r = db_exec(db, bundle_sql("queries/migrate/try_lock.sql"), 1, p, err);
        if (!r)
            return -1;
        bool got = PQgetvalue(r, 0, 0)[0] == 't';
        PQclear(r);
        if (got)
            return 0;
        if (!said && !o->quiet) {
            mig_set tmp = {0};
            load_lock_holder(db, &tmp);
            fprintf(o->err, "agentdb: waiting for the migration lock, held by %s\n",
                    tmp.lock_holder ? tmp.lock_holder : "another session");
            free(tmp.lock_holder);
            said = true;
        }
        if (waited >= limit || db_cancel_requested()) {
            db_error_set(err, "gave up waiting for the migration lock after %d ms", waited);
            return -1;
        }
        sleep_ms(delay);
        waited += delay;
        delay = delay * 2 > 1000 ? 1000 : delay * 2;
    }
}

static void lock_release(db_conn *db)
{
    const char *p[] = {MIG_LOCK_KEY};
    db_error e = {0};
    run_sql(db, "queries/migrate/unlock.sql", 1, p, &e);
    db_error_clear(&e);
}

static void rollback(db_conn *db)
{
    db_error e = {0};
    if (PQtransactionStatus(db_pg(db)) != PQTRANS_IDLE)
        PQclear(db_exec_simple(db, "ROLLBACK", &e));
    db_error_clear(&e);
}

static int set_timeouts(db_conn *db, const migfile *f, const char *lt, bool local, db_error *err)
{
    const char *p[] = {lt ? lt : f && f->lock_timeout ? f->lock_timeout : DEFAULT_LOCK_TIMEOUT,
                       f && f->statement_timeout ? f->statement_timeout : DEFAULT_STATEMENT_TIMEOUT,
                       local ? "true" : "false"};
    return run_sql(db, "queries/migrate/set_timeouts.sql", 3, p, err);
}

/* Undo the session-level settings a no-transaction run made. */
static void reset_session(db_conn *db)
{
    db_error e = {0};
    PGresult *r = db_exec_simple(db, "RESET lock_timeout; RESET statement_timeout; "
                                     "RESET search_path", &e);
    PQclear(r);
    db_error_clear(&e);
}

static int exec_stmt(db_conn *db, const char *text, size_t len, db_error *err)
{
    char *s = xstrndup(text, len);
    PGresult *r = db_exec_simple(db, s, err);
    free(s);
    if (!r)
        return -1;
    PQclear(r);
    return 0;
}

static bool is_lock_timeout(const db_error *e)
{
    return strcmp(e->sqlstate, "55P03") == 0;
}

/* After a failure: when it was a lock timeout (55P03) and retries remain, say so, wait with
 * exponential backoff (400 ms doubling to 12.8 s), clear the error and return true. */
static bool retry_after_lock_timeout(const mig_opts *o, db_error *err, int *tries,
                                     const char *what, int version)
{
    if (!is_lock_timeout(err) || err->conn_lost || ++*tries > (o->max_retries > 0 ? o->max_retries : 5))
        return false;
    int delay = 200 << (*tries < 6 ? *tries : 6);
    if (!o->quiet)
        fprintf(o->err, "agentdb: lock timeout %s %04d; retry %d in %d ms\n", what, version, *tries,
                delay);
    db_error_clear(err);
    sleep_ms(delay);
    return true;
}

/* Bootstrap the history tables (idempotent) and reload state, under the lock. */
static int prepare(db_conn *db, mig_set *set, const mig_opts *o, db_error *err)
{
    if (lock_acquire(db, o, err) != 0)
        return -1;
    PGresult *r = db_exec_simple(db, bundle_sql("queries/migrate/bootstrap.sql"), err);
    if (!r) {
        lock_release(db);
        return -1;
    }
    PQclear(r);
    if (mig_load_state(db, set, err) != 0) {
        lock_release(db);
        return -1;
    }
    return 0;
}

static int fail_with(const mig_opts *o, const db_error *e, const char *what)
{
    fprintf(o->err, "agentdb: %s\n", what);
    db_error_print(e, o->err);
    return db_error_exit_code(e);
}

/* ---- up ---- */

static int apply_tx(db_conn *db, const mig_entry *e, const char *lt, db_error *err)
{
    const migfile *f = e->file;
    sql_stmt *st = NULL;
    char *serr = NULL;
    int n = sqlsplit(f->up, strlen(f->up), &st, &serr);
    if (n < 0) {
        db_error_set(err, "%s", serr);
        free(serr);
        return -1;
    }
    double t0 = now_ms();
    int rc = -1;
    PGresult *r = db_exec_simple(db, "BEGIN", err);
    if (!r)
        goto out;
    PQclear(r);
    if (set_timeouts(db, f, lt, true, err) != 0)
        goto out;
    for (int k = 0; k < n; k++) {
        crash_point(e->version, k);
        if (exec_stmt(db, f->up + st[k].off, st[k].len, err) != 0) {
            char *m = xasprintf("%s (statement %d of %d, line %d)", err->message, k + 1, n,
                                f->up_line + st[k].line - 1);
            free(err->message);
            err->message = m;
            goto out;
        }
    }
    crash_point(e->version, n);
    char vb[16], msb[32];
    snprintf(vb, sizeof vb, "%d", e->version);
    snprintf(msb, sizeof msb, "%.3f", now_ms() - t0);
    char *client = client_label();
    const char *p[] = {vb,  f->name, e->bundled_sum, "applied", client, msb, "0", "false",
                       f->irreversible ? "true" : "false", f->down};
    int hr = run_sql(db, "queries/migrate/record_applied.sql", 10, p, err);
    if (hr == 0) {
        const char *ep[] = {vb, "up", client, e->bundled_sum, msb, NULL};
        hr = run_sql(db, "queries/migrate/record_event.sql", 6, ep, err);
    }
    free(client);
    if (hr != 0)
        goto out;
    crash_point(e->version, n + 1);
    r = db_exec_simple(db, "COMMIT", err);
    if (!r)
        goto out;
    PQclear(r);
    rc = 0;
out:
    if (rc != 0)
        rollback(db);
    free(st);
    return rc;
}

static int drop_invalid_index(db_conn *db, const char *stmt, size_t len, const mig_opts *o,
                              db_error *err)
{
    char *name = sqlsplit_concurrent_index_name(stmt, len);
    if (!name)
        return 0;
    const char *p[] = {name};
    PGresult *r = db_exec(db, bundle_sql("queries/migrate/invalid_index.sql"), 1, p, err);
    int rc = 0;
    if (!r)
        rc = -1;
    else if (PQntuples(r) > 0) {
        PGconn *pg = db_pg(db);
        char *ident = PQescapeIdentifier(pg, name, strlen(name));
        char *sql = xasprintf("DROP INDEX CONCURRENTLY IF EXISTS %s", ident ? ident : "\"\"");
        if (!o->quiet)
            fprintf(o->err, "agentdb: index %s was left invalid by an earlier failure; "
                            "dropping it to rebuild\n", name);
        PGresult *d = db_exec_simple(db, sql, err);
        rc = d ? 0 : -1;
        PQclear(d);
        free(sql);
        PQfreemem(ident);
    }
    PQclear(r);
    free(name);
    return rc;
}

static int apply_notx(db_conn *db, mig_entry *e, const mig_opts *o, db_error *err)
{
    const migfile *f = e->file;
    sql_stmt *st = NULL;
    char *serr = NULL;
    int n = sqlsplit(f->up, strlen(f->up), &st, &serr);
    if (n < 0) {
        db_error_set(err, "%s", serr);
        free(serr);
        return -1;
    }
    char vb[16];
    snprintf(vb, sizeof vb, "%d", e->version);
    char *client = client_label();
    int start = e->state == MIG_PARTIAL ? e->statements_done : 0;
    int rc = -1;
    double t0 = now_ms();
    if (e->state == MIG_PARTIAL) {
        if (!o->quiet)
            fprintf(o->err, "agentdb: resuming %04d_%s after statement %d of %d\n", e->version,
                    f->name, start, n);
        event(db, e->version, "resume", e->bundled_sum, -1, NULL);
    } else {
        const char *p[] = {vb, f->name, e->bundled_sum, "partial", client, NULL, "0", "true",
                           f->irreversible ? "true" : "false", f->down};
        if (run_sql(db, "queries/migrate/record_applied.sql", 10, p, err) != 0)
            goto out;
    }
    if (set_timeouts(db, f, o->lock_timeout, false, err) != 0)
        goto out;
    for (int k = start; k < n; k++) {
        crash_point(e->version, k);
        if (drop_invalid_index(db, f->up + st[k].off, st[k].len, o, err) != 0)
            goto out;
        int tries = 0;
        for (;;) {
            if (exec_stmt(db, f->up + st[k].off, st[k].len, err) == 0)
                break;
            if (!retry_after_lock_timeout(o, err, &tries, "running a statement of", e->version))
                goto out;
            if (drop_invalid_index(db, f->up + st[k].off, st[k].len, o, err) != 0)
                goto out;
        }
        char kb[16];
        snprintf(kb, sizeof kb, "%d", k + 1);
        const char *pp[] = {vb, kb};
        if (run_sql(db, "queries/migrate/set_progress.sql", 2, pp, err) != 0)
            goto out;
    }
    crash_point(e->version, n);
    char msb[32];
    snprintf(msb, sizeof msb, "%.3f", now_ms() - t0);
    char nb[16];
    snprintf(nb, sizeof nb, "%d", n);
    const char *p[] = {vb, f->name, e->bundled_sum, "applied", client, msb, nb, "true",
                       f->irreversible ? "true" : "false", f->down};
    if (run_sql(db, "queries/migrate/record_applied.sql", 10, p, err) != 0)
        goto out;
    event(db, e->version, "up", e->bundled_sum, now_ms() - t0, NULL);
    rc = 0;
out:
    reset_session(db);
    free(client);
    free(st);
    return rc;
}

int mig_up(db_conn *db, mig_set *set, int target, const mig_opts *o)
{
    db_error err = {0};
    if (prepare(db, set, o, &err) != 0)
        return fail_with(o, &err, "cannot start migrating");
    int rc = EXIT_OK;
    if (mig_report_drift(set, o->err) > 0) {
        rc = EXIT_FAIL;
        goto done;
    }
    int applied = 0;
    for (int i = 0; i < set->nentries; i++) {
        mig_entry *e = &set->entries[i];
        if (target > 0 && e->version > target)
            break;
        if (e->state != MIG_PENDING && e->state != MIG_PARTIAL)
            continue;
        if (!o->quiet)
            fprintf(o->err, "agentdb: applying %04d_%s%s\n", e->version, e->file->name,
                    e->file->no_transaction ? " (no transaction)" : "");
        double t0 = now_ms();
        int tries = 0;
        int r;
        do
            r = e->file->no_transaction ? apply_notx(db, e, o, &err)
                                        : apply_tx(db, e, o->lock_timeout, &err);
        while (r != 0 && !e->file->no_transaction &&
               retry_after_lock_timeout(o, &err, &tries, "applying", e->version));
        if (r != 0) {
            if (!err.conn_lost)
                event(db, e->version, "failure", e->bundled_sum, now_ms() - t0, err.message);
            char *what = xasprintf("migration %04d_%s failed; %s", e->version, e->file->name,
                                   e->file->no_transaction
                                       ? "its progress is recorded and the next run resumes it"
                                       : "it was rolled back and nothing of it is applied");
            rc = fail_with(o, &err, what);
            free(what);
            goto done;
        }
        applied++;
        if (!o->quiet)
            fprintf(o->err, "agentdb: applied %04d_%s in %.0f ms\n", e->version, e->file->name,
                    now_ms() - t0);
    }
    if (!o->quiet && applied)
        fprintf(o->err, "agentdb: %d migration%s applied; at %04d\n", applied,
                applied == 1 ? "" : "s", target > 0 ? target : set->entries[set->nentries - 1].version);
    else if (!o->quiet)
        fprintf(o->err, "agentdb: nothing to apply; the database is up to date\n");
done:
    lock_release(db);
    db_error_clear(&err);
    if (rc == EXIT_OK) {
        db_error e2 = {0};
        mig_load_state(db, set, &e2);
        db_error_clear(&e2);
    }
    return rc;
}

/* ---- down ---- */

char **mig_down_tables(const char *down_sql)
{
    char **v = xcalloc(1, sizeof *v);
    size_t n = 0;
    sql_stmt *st = NULL;
    char *serr = NULL;
    int ns = sqlsplit(down_sql, strlen(down_sql), &st, &serr);
    free(serr);
    for (int k = 0; k < ns; k++) {
        /* Tokenise crudely on whitespace and commas: DROP TABLE [IF EXISTS] a, b [CASCADE] */
        char *s = xstrndup(down_sql + st[k].off, st[k].len);
        char *save = NULL;
        char *tok = strtok_r(s, " \t\n,", &save);
        if (!tok || strcasecmp(tok, "drop") != 0) {
            free(s);
            continue;
        }
        tok = strtok_r(NULL, " \t\n,", &save);
        if (!tok || strcasecmp(tok, "table") != 0) {
            free(s);
            continue;
        }
        while ((tok = strtok_r(NULL, " \t\n,;", &save)) != NULL) {
            if (strcasecmp(tok, "if") == 0 || strcasecmp(tok, "exists") == 0)
                continue;
            if (strcasecmp(tok, "cascade") == 0 || strcasecmp(tok, "restrict") == 0)
                break;
            const char *name = strrchr(tok, '.') ? strrchr(tok, '.') + 1 : tok;
            v = xrealloc(v, sizeof *v * (n + 2));
            v[n++] = xstrdup(name);
            v[n] = NULL;
        }
        free(s);
    }
    free(st);
    return v;
}

static void free_strv(char **v)
{
    for (char **p = v; p && *p; p++)
        free(*p);
    free(v);
}

/* Print the rollback plan: versions, and the tables that lose their rows with exact counts. */
static void print_down_plan(db_conn *db, mig_set *set, int target, const mig_opts *o,
                            char ***tables_out)
{
    char **all = xcalloc(1, sizeof *all);
    size_t na = 0;
    fprintf(o->err, "agentdb: rolling back to %04d undoes:\n", target);
    for (int i = set->nentries - 1; i >= 0; i--) {
        mig_entry *e = &set->entries[i];
        if (e->version <= target || e->state == MIG_PENDING)
            continue;
        fprintf(o->err, "  %04d_%s\n", e->version, e->name);
        char **t = mig_down_tables(e->down_sql ? e->down_sql : "");
        for (char **p = t; *p; p++) {
            const char *pp[] = {*p};
            db_error err = {0};
            PGresult *r = db_exec(db, bundle_sql("queries/migrate/table_rows.sql"), 1, pp, &err);
            if (r && !PQgetisnull(r, 0, 0))
                fprintf(o->err, "    drops table %s: %s rows lost\n", *p, PQgetvalue(r, 0, 0));
            else if (!r)
                fprintf(o->err, "    drops table %s (row count unavailable: %s)\n", *p,
                        err.message ? err.message : "?");
            PQclear(r);
            db_error_clear(&err);
            all = xrealloc(all, sizeof *all * (na + 2));
            all[na++] = xstrdup(*p);
            all[na] = NULL;
        }
        free_strv(t);
    }
    *tables_out = all;
}

void mig_print_down_plan(db_conn *db, mig_set *set, int target, const mig_opts *o)
{
    char **tables = NULL;
    print_down_plan(db, set, target, o, &tables);
    free_strv(tables);
}

static int run_backup(db_conn *db, char **tables, const mig_opts *o)
{
    if (mkdir_p(o->backup_dir, 0700) != 0) {
        fprintf(o->err, "agentdb: cannot create backup directory %s: %s\n", o->backup_dir,
                strerror(errno));
        return EXIT_USAGE;
    }
    PGconn *pg = db_pg(db);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    char *file = xasprintf("%s/agentdb-backup-%s.dump", o->backup_dir, stamp);
    char *bindir = local_find_bindir();
    char *prog = bindir ? xasprintf("%s/pg_dump", bindir) : xstrdup("pg_dump");
    free(bindir);
    /* argv: connection settings without the password (it goes through the environment). */
    /* every table, plus the leaf partitions of partitioned ones */
    size_t nt = 0, cap = 8;
    char **all = xcalloc(cap, sizeof *all);
    for (char **p = tables; *p; p++) {
        const char *pp[] = {*p};
        db_error e = {0};
        PGresult *r = db_exec(db, bundle_sql("queries/migrate/partitions.sql"), 1, pp, &e);
        int nleaf = r ? PQntuples(r) : 0;
        while (nt + (size_t)nleaf + 2 > cap) {
            cap *= 2;
            all = xrealloc(all, sizeof *all * cap);
        }
        all[nt++] = xstrdup(*p);
        for (int i = 0; i < nleaf; i++)
            all[nt++] = xstrdup(PQgetvalue(r, i, 0));
        PQclear(r);
        db_error_clear(&e);
    }
    all[nt] = NULL;
    tables = all;
    const char **argv = xcalloc(16 + 2 * nt, sizeof *argv);
    int k = 0;
    argv[k++] = prog;
    argv[k++] = "-Fc";
    argv[k++] = "-f";
    argv[k++] = file;
    argv[k++] = "-h";
    argv[k++] = PQhost(pg);
    argv[k++] = "-p";
    argv[k++] = PQport(pg);
    argv[k++] = "-U";
    argv[k++] = PQuser(pg);
    argv[k++] = "-d";
    argv[k++] = PQdb(pg);
    char **targs = xcalloc(nt + 1, sizeof *targs);
    for (size_t i = 0; i < nt; i++) {
        targs[i] = xasprintf("--table=%s", tables[i]);
        argv[k++] = targs[i];
    }
    argv[k] = NULL;
    if (!o->quiet)
        fprintf(o->err, "agentdb: backing up %zu table%s to %s\n", nt, nt == 1 ? "" : "s", file);
    fflush(NULL);
    double t0 = now_ms();
    int rc = EXIT_OK;
    pid_t pid = fork();
    if (pid == 0) {
        const char *pw = PQpass(pg);
        if (pw && *pw)
            setenv("PGPASSWORD", pw, 1);
        execvp(prog, (char *const *)argv);
        fprintf(stderr, "agentdb: cannot run %s: %s\n", prog, strerror(errno));
        _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
        fprintf(o->err, "agentdb: backup failed; nothing was rolled back\n");
        rc = EXIT_FAIL;
    } else if (!o->quiet)
        fprintf(o->err, "agentdb: backup written in %.0f ms\n", now_ms() - t0);
    for (size_t i = 0; i < nt; i++) {
        free(targs[i]);
        free(all[i]);
    }
    free(targs);
    free(all);
    free(argv);
    free(prog);
    free(file);
    return rc;
}

static int revert_one(db_conn *db, mig_entry *e, const char *lt, db_error *err)
{
    const char *down = e->down_sql ? e->down_sql : "";
    bool notx = e->file ? e->file->no_transaction : false;
    sql_stmt *st = NULL;
    char *serr = NULL;
    int n = sqlsplit(down, strlen(down), &st, &serr);
    if (n < 0) {
        db_error_set(err, "%s", serr);
        free(serr);
        return -1;
    }
    double t0 = now_ms();
    int rc = -1;
    char vb[16];
    snprintf(vb, sizeof vb, "%d", e->version);
    if (!notx) {
        PGresult *r = db_exec_simple(db, "BEGIN", err);
        if (!r)
            goto out;
        PQclear(r);
    }
    if (set_timeouts(db, e->file, lt, !notx, err) != 0)
        goto out;
    for (int k = 0; k < n; k++) {
        crash_point(-e->version, k);
        if (exec_stmt(db, down + st[k].off, st[k].len, err) != 0)
            goto out;
    }
    crash_point(-e->version, n);
    const char *p[] = {vb};
    if (run_sql(db, "queries/migrate/delete_version.sql", 1, p, err) != 0)
        goto out;
    char msb[32];
    snprintf(msb, sizeof msb, "%.3f", now_ms() - t0);
    char *client = client_label();
    const char *ep[] = {vb, "down", client, e->applied_sum, msb, NULL};
    int hr = run_sql(db, "queries/migrate/record_event.sql", 6, ep, err);
    free(client);
    if (hr != 0)
        goto out;
    if (!notx) {
        PGresult *r = db_exec_simple(db, "COMMIT", err);
        if (!r)
            goto out;
        PQclear(r);
    }
    rc = 0;
out:
    if (rc != 0 && !notx)
        rollback(db);
    if (notx) {
        reset_session(db);
    }
    free(st);
    return rc;
}

int mig_down(db_conn *db, mig_set *set, int target, const mig_opts *o)
{
    db_error err = {0};
    if (prepare(db, set, o, &err) != 0)
        return fail_with(o, &err, "cannot start rolling back");
    int rc = EXIT_OK;
    char **tables = NULL;
    if (mig_report_drift(set, o->err) > 0) {
        rc = EXIT_FAIL;
        goto done;
    }
    int todo = 0;
    for (int i = 0; i < set->nentries; i++) {
        mig_entry *e = &set->entries[i];
        if (e->version <= target || e->state == MIG_PENDING)
            continue;
        if (e->irreversible) {
            fprintf(o->err, "agentdb: refused: migration %04d_%s is marked irreversible\n",
                    e->version, e->name);
            rc = EXIT_REFUSED;
            goto done;
        }
        todo++;
    }
    if (todo == 0) {
        if (!o->quiet)
            fprintf(o->err, "agentdb: nothing to roll back: the database is at %04d\n",
                    mig_current(set));
        goto done;
    }
    print_down_plan(db, set, target, o, &tables);
    if (o->backup_dir && tables[0]) {
        rc = run_backup(db, tables, o);
        if (rc != EXIT_OK)
            goto done;
    }
    for (int i = set->nentries - 1; i >= 0; i--) {
        mig_entry *e = &set->entries[i];
        if (e->version <= target || e->state == MIG_PENDING)
            continue;
        double t0 = now_ms();
        if (!o->quiet)
            fprintf(o->err, "agentdb: rolling back %04d_%s\n", e->version, e->name);
        int tries = 0, r;
        do
            r = revert_one(db, e, o->lock_timeout, &err);
        while (r != 0 && retry_after_lock_timeout(o, &err, &tries, "rolling back", e->version));
        if (r != 0) {
            if (!err.conn_lost)
                event(db, e->version, "failure", e->applied_sum, now_ms() - t0, err.message);
            char *what = xasprintf("rolling back %04d_%s failed; it is still applied",
                                   e->version, e->name);
            rc = fail_with(o, &err, what);
            free(what);
            goto done;
        }
        if (!o->quiet)
            fprintf(o->err, "agentdb: rolled back %04d_%s in %.0f ms\n", e->version, e->name,
                    now_ms() - t0);
    }
done:
    free_strv(tables);
    lock_release(db);
    db_error_clear(&err);
    {
        db_error e2 = {0};
        mig_load_state(db, set, &e2);
        db_error_clear(&e2);
    }
    return rc;
}

/* ---- plan ---- */

int mig_plan(db_conn *db, mig_set *set, int target, bool have_target, const mig_opts *o)
{
    db_error err = {0};
    if (mig_load_state(db, set, &err) != 0)
        return fail_with(o, &err, "cannot read the migration history");
    if (mig_report_drift(set, o->err) > 0)
        return EXIT_FAIL;
    int cur = mig_current(set);
    if (have_target && target < cur) {
        for (int i = set->nentries - 1; i >= 0; i--) {
            mig_entry *e = &set->entries[i];
            if (e->version <= target || e->state == MIG_PENDING)
                continue;
            bool notx = e->file && e->file->no_transaction;
            fprintf(o->out, "-- down %04d_%s%s\n", e->version, e->name,
                    notx ? " (no transaction)" : "");
            if (!notx)
                fputs("BEGIN;\n", o->out);
            fputs(e->down_sql ? e->down_sql : "", o->out);
            fprintf(o->out, "%sDELETE FROM agentdb.schema_versions WHERE version = %d;\n%s",
                    e->down_sql && *e->down_sql &&
                            e->down_sql[strlen(e->down_sql) - 1] != '\n' ? "\n" : "",
                    e->version, notx ? "" : "COMMIT;\n");
        }
        return EXIT_OK;
    }
    int n = 0;
    for (int i = 0; i < set->nentries; i++) {
        mig_entry *e = &set->entries[i];
        if (have_target && e->version > target)
            break;
        if (e->state != MIG_PENDING && e->state != MIG_PARTIAL)
            continue;
        const migfile *f = e->file;
        fprintf(o->out, "-- up %04d_%s%s\n", e->version, f->name,
                f->no_transaction ? " (no transaction)" : "");
        if (!f->no_transaction)
            fputs("BEGIN;\n", o->out);
        fprintf(o->out, "SET %slock_timeout = '%s';\nSET %sstatement_timeout = '%s';\n",
                f->no_transaction ? "" : "LOCAL ",
                f->lock_timeout ? f->lock_timeout : DEFAULT_LOCK_TIMEOUT,
                f->no_transaction ? "" : "LOCAL ",
                f->statement_timeout ? f->statement_timeout : DEFAULT_STATEMENT_TIMEOUT);
        fputs(f->up, o->out);
        fprintf(o->out, "%sINSERT INTO agentdb.schema_versions ... (version %d);\n%s",
                *f->up && f->up[strlen(f->up) - 1] != '\n' ? "\n" : "", e->version,
                f->no_transaction ? "" : "COMMIT;\n");
        n++;
    }
    if (n == 0)
        fprintf(o->err, "agentdb: nothing to apply\n");
    return EXIT_OK;
}

/* ---- verify ---- */

/* Run one verify section in a read-only transaction that is rolled back. 0 passes. */
static int verify_one(db_conn *db, const migfile *f, char **why)
{
    sql_stmt *st = NULL;
    char *serr = NULL;
    int n = sqlsplit(f->verify, strlen(f->verify), &st, &serr);
    if (n < 0) {
        *why = serr;
        return -1;
    }
    db_error err = {0};
    int rc = 0;
    PGresult *r = db_exec_simple(db, "BEGIN READ ONLY; SET LOCAL search_path = public", &err);
    if (!r) {
        *why = xstrdup(err.message);
        db_error_clear(&err);
        free(st);
        return -1;
    }
    PQclear(r);
    for (int k = 0; k < n && rc == 0; k++) {
        char *s = xstrndup(f->verify + st[k].off, st[k].len);
        r = db_exec_simple(db, s, &err);
        if (!r) {
            *why = xasprintf("line %d: %s", f->verify_line + st[k].line - 1, err.message);
            rc = -1;
        } else {
            for (int row = 0; row < PQntuples(r) && rc == 0; row++)
                if (PQnfields(r) > 0 && strcmp(PQgetvalue(r, row, 0), "f") == 0) {
                    *why = xasprintf("line %d: check returned false: %.200s",
                                     f->verify_line + st[k].line - 1, s);
                    rc = -1;
                }
            PQclear(r);
        }
        free(s);
        db_error_clear(&err);
    }
    rollback(db);
    free(st);
    return rc;
}

int mig_verify(db_conn *db, mig_set *set, const mig_opts *o, int *nfailed)
{
    db_error err = {0};
    *nfailed = 0;
    if (mig_load_state(db, set, &err) != 0)
        return fail_with(o, &err, "cannot read the migration history");
    for (int i = 0; i < set->nentries; i++) {
        mig_entry *e = &set->entries[i];
        if (e->state == MIG_PENDING || !e->file || !*e->file->verify)
            continue;
        char *why = NULL;
        if (verify_one(db, e->file, &why) != 0) {
            fprintf(o->out, "FAIL %04d_%s: %s\n", e->version, e->name, why ? why : "");
            (*nfailed)++;
        } else
            fprintf(o->out, "ok   %04d_%s\n", e->version, e->name);
        free(why);
    }
    return *nfailed ? EXIT_FAIL : EXIT_OK;
}

/* ---- repair and baseline ---- */

int mig_repair(db_conn *db, mig_set *set, int version, const char *reason, const mig_opts *o)
{
    db_error err = {0};
    if (prepare(db, set, o, &err) != 0)
        return fail_with(o, &err, "cannot start the repair");
    int rc = EXIT_OK;
    mig_entry *e = NULL;
    for (int i = 0; i < set->nentries; i++)
        if (set->entries[i].version == version)
            e = &set->entries[i];
    if (!e || e->state == MIG_PENDING) {
        fprintf(o->err, "agentdb: migration %d is not applied; nothing to repair\n", version);
        rc = EXIT_FAIL;
    } else if (!e->file) {
        fprintf(o->err, "agentdb: migration %d is not bundled in this binary; cannot repair it\n",
                version);
        rc = EXIT_FAIL;
    } else if (e->state != MIG_DRIFTED) {
        fprintf(o->err, "agentdb: migration %04d_%s matches its file; nothing to repair\n",
                version, e->name);
    } else {
        char vb[16];
        snprintf(vb, sizeof vb, "%d", version);
        const char *p[] = {vb, e->bundled_sum, e->file->down, e->file->name};
        char *detail = xasprintf("checksum %s -> %s: %s", e->applied_sum, e->bundled_sum, reason);
        PGresult *r = db_exec_simple(db, "BEGIN", &err);
        if (r) {
            PQclear(r);
            if (run_sql(db, "queries/migrate/repair.sql", 4, p, &err) == 0) {
                char *client = client_label();
                const char *ep[] = {vb, "repair", client, e->bundled_sum, NULL, detail};
                if (run_sql(db, "queries/migrate/record_event.sql", 6, ep, &err) == 0 &&
                    (r = db_exec_simple(db, "COMMIT", &err)) != NULL) {
                    PQclear(r);
                    fprintf(o->err, "agentdb: repaired %04d_%s: the bundled file is now the "
                                    "applied one (logged)\n", version, e->name);
                }
                free(client);
            }
        }
        if (err.message) {
            rollback(db);
            rc = fail_with(o, &err, "repair failed");
        }
        free(detail);
    }
    lock_release(db);
    db_error_clear(&err);
    return rc;
}

int mig_baseline(db_conn *db, mig_set *set, int version, const mig_opts *o)
{
    db_error err = {0};
    if (prepare(db, set, o, &err) != 0)
        return fail_with(o, &err, "cannot start the baseline");
    int rc = EXIT_OK;
    if (mig_current(set) > 0) {
        fprintf(o->err, "agentdb: refused: this database already has migration history (at "
                        "%04d); baseline adopts only databases without it\n", mig_current(set));
        rc = EXIT_REFUSED;
        goto done;
    }
    bool found = false;
    for (int i = 0; i < set->nentries; i++)
        found = found || set->entries[i].version == version;
    if (!found) {
        fprintf(o->err, "agentdb: there is no bundled migration %d\n", version);
        rc = EXIT_USAGE;
        goto done;
    }
    for (int i = 0; i < set->nentries && set->entries[i].version <= version; i++) {
        mig_entry *e = &set->entries[i];
        char *why = NULL;
        if (*e->file->verify && verify_one(db, e->file, &why) != 0) {
            fprintf(o->err, "agentdb: refused: the schema does not match %04d_%s: %s\n",
                    e->version, e->name, why ? why : "");
            free(why);
            rc = EXIT_FAIL;
            goto done;
        }
    }
    PGresult *r = db_exec_simple(db, "BEGIN", &err);
    if (!r)
        goto fail;
    PQclear(r);
    char *client = client_label();
    for (int i = 0; i < set->nentries && set->entries[i].version <= version; i++) {
        mig_entry *e = &set->entries[i];
        char vb[16];
        snprintf(vb, sizeof vb, "%d", e->version);
        const char *p[] = {vb, e->file->name, e->bundled_sum, "baseline", client, NULL, "0",
                           e->file->no_transaction ? "true" : "false",
                           e->file->irreversible ? "true" : "false", e->file->down};
        const char *ep[] = {vb, "baseline", client, e->bundled_sum, NULL, NULL};
        if (run_sql(db, "queries/migrate/record_applied.sql", 10, p, &err) != 0 ||
            run_sql(db, "queries/migrate/record_event.sql", 6, ep, &err) != 0) {
            free(client);
            goto fail;
        }
    }
    free(client);
    r = db_exec_simple(db, "COMMIT", &err);
    if (!r)
        goto fail;
    PQclear(r);
    fprintf(o->err, "agentdb: baselined at %04d\n", version);
    goto done;
fail:
    rollback(db);
    rc = fail_with(o, &err, "baseline failed");
done:
    lock_release(db);
    db_error_clear(&err);
    return rc;
}
