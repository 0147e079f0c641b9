/* test_migrate.c: the migration engine's proof (migrations.md) against a real server: round trip,
 * kill -9 at statement boundaries (all of a no-transaction migration, a sample of each other;
 * AGENTDB_TEST_CRASH_ALL=1 for all), 16 concurrent migrators, lock_timeout retry, drift. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "migrate.h"
#include "sqlsplit.h"
#include "util.h"

static mig_set bundle;

static int load_bundle(void **state)
{
    (void)state;
    char *err = NULL;
    if (mig_load_bundle(&bundle, &err) != 0) {
        fprintf(stderr, "bundle: %s\n", err);
        return -1;
    }
    return bundle.nfiles > 0 ? 0 : -1;
}

static int free_bundle(void **state)
{
    (void)state;
    mig_set_free(&bundle);
    return 0;
}

static int run_ok(const char *db, const char *cmd)
{
    th_run r = th_agentdb(db, NULL, NULL, "-c", cmd, NULL);
    if (r.status != 0)
        fprintf(stderr, "'%s' exited %d:\n%s%s", cmd, r.status, r.out, r.err);
    int st = r.status;
    th_run_free(&r);
    return st;
}

static void up_to(const char *db, int v)
{
    if (v <= 0)
        return;
    char *cmd = xasprintf("migrate up %d", v);
    assert_int_equal(run_ok(db, cmd), 0);
    free(cmd);
}

static void down_to(const char *db, int v)
{
    char *cmd = xasprintf("migrate down %d --confirm=%d", v, v);
    assert_int_equal(run_ok(db, cmd), 0);
    free(cmd);
}

/* Dump before up == dump after down; first up == second up, for every migration. */
static void test_round_trip(void **state)
{
    (void)state;
    th_create_db("mig_rt", NULL);
    char *prev = th_schema_dump("mig_rt");
    int prev_v = 0;
    for (int i = 0; i < bundle.nfiles; i++) {
        int v = bundle.files[i].version;
        up_to("mig_rt", v);
        char *up1 = th_schema_dump("mig_rt");
        assert_string_not_equal(up1, prev);
        down_to("mig_rt", prev_v);
        char *after_down = th_schema_dump("mig_rt");
        assert_string_equal(after_down, prev);
        up_to("mig_rt", v);
        char *up2 = th_schema_dump("mig_rt");
        assert_string_equal(up2, up1);
        free(after_down);
        free(up2);
        free(prev);
        prev = up1;
        prev_v = v;
    }
    free(prev);
    th_drop_db("mig_rt");
}

static int count_statements(const char *sql)
{
    sql_stmt *st = NULL;
    char *err = NULL;
    int n = sqlsplit(sql, strlen(sql), &st, &err);
    free(st);
    free(err);
    return n;
}

/* kill -9 at each statement boundary of every migration; then history agrees with the schema,
 * no lock is held, and a rerun completes with the same schema as an uninterrupted run. */
static void test_crash_every_boundary(void **state)
{
    (void)state;
    int prev_v = 0;
    for (int i = 0; i < bundle.nfiles; i++) {
        const migfile *f = &bundle.files[i];
        int v = f->version;
        th_create_db("crash_tmpl", NULL);
        up_to("crash_tmpl", prev_v);
        char *clean = th_schema_dump("crash_tmpl");
        th_create_db("crash_ref", "crash_tmpl");
        up_to("crash_ref", v);
        char *expected = th_schema_dump("crash_ref");
        th_drop_db("crash_ref");
        int n = count_statements(f->up);
        assert_true(n > 0);
        int last = f->no_transaction ? n : n + 1;
        /* Every boundary of a no-transaction migration (each leaves its own partial state).
         * In a transactional one a kill anywhere before COMMIT rolls back the same way, so by
         * default: the first statement, one in the middle, the last, the history write and the
         * commit; AGENTDB_TEST_CRASH_ALL=1 kills at every statement (minutes, not seconds). */
        bool all = f->no_transaction || getenv("AGENTDB_TEST_CRASH_ALL");
        for (int k = 0; k <= last; k++) {
            if (!all && k != 0 && k != n / 2 && k < n - 1)
                continue;
            th_create_db("crash_k", "crash_tmpl");
            char *envv = xasprintf("AGENTDB_TEST_CRASH_AT=%d:%d", v, k);
            const char *env[] = {envv, NULL};
            char *cmd = xasprintf("migrate up %d", v);
            th_run r = th_agentdb("crash_k", env, NULL, "-c", cmd, NULL);
            assert_int_equal(r.status, 128 + SIGKILL);
            th_run_free(&r);
            PGconn *c = th_connect("crash_k");
            assert_true(th_wait_lock_free(c));
            char *q = xasprintf("SELECT coalesce((SELECT state || ':' || statements_done FROM "
                                "agentdb.schema_versions WHERE version = %d), 'none')", v);
            char *row = th_value(c, q);
            free(q);
            if (f->no_transaction) {
                char *want = xasprintf("partial:%d", k);
                assert_string_equal(row, want);
                free(want);
            } else {
                assert_string_equal(row, "none");
                char *now = th_schema_dump("crash_k");
                assert_string_equal(now, clean);
                free(now);
            }
            free(row);
            PQfinish(c);
            assert_int_equal(run_ok("crash_k", cmd), 0);
            char *after = th_schema_dump("crash_k");
            assert_string_equal(after, expected);
            free(after);
            c = th_connect("crash_k");
            q = xasprintf("SELECT state FROM agentdb.schema_versions WHERE version = %d", v);
            row = th_value(c, q);
            assert_string_equal(row, "applied");
            free(row);
            free(q);
            PQfinish(c);
            free(cmd);
            free(envv);
        }
        free(clean);
        free(expected);
        prev_v = v;
    }
    th_drop_db("crash_k");
    th_drop_db("crash_tmpl");
}

/* 16 migrators at once: every version applied exactly once, none fails or deadlocks. */
static void test_sixteen_concurrent(void **state)
{
    (void)state;
    bool have_notx = false;
    for (int i = 0; i < bundle.nfiles; i++)
        have_notx = have_notx || bundle.files[i].no_transaction;
    assert_true(have_notx); /* the bundle must exercise a no-transaction file here */
    th_create_db("mig_conc", NULL);
    int pids[16];
    char *outs[16], *errs[16];
    const char *args[] = {"-c", "migrate up", NULL};
    for (int i = 0; i < 16; i++) {
        char name[32];
        snprintf(name, sizeof name, "conc%d.out", i);
        outs[i] = th_tmpfile(name);
        snprintf(name, sizeof name, "conc%d.err", i);
        errs[i] = th_tmpfile(name);
        pids[i] = th_spawn("mig_conc", NULL, outs[i], errs[i], args);
    }
    for (int i = 0; i < 16; i++) {
        int st = th_wait(pids[i]);
        if (st != 0) {
            char *e = read_file(errs[i], NULL);
            fprintf(stderr, "migrator %d exited %d: %s\n", i, st, e ? e : "");
            free(e);
        }
        assert_int_equal(st, 0);
        free(outs[i]);
        free(errs[i]);
    }
    PGconn *c = th_connect("mig_conc");
    char *q = xasprintf("SELECT count(*) FROM agentdb.schema_versions WHERE state = 'applied'");
    assert_int_equal(th_long(c, q), bundle.nfiles);
    free(q);
    assert_int_equal(th_long(c, "SELECT count(*) FROM (SELECT version FROM "
                                "agentdb.schema_version_events WHERE event = 'up' "
                                "GROUP BY version HAVING count(*) <> 1) x"),
                     0);
    assert_int_equal(th_long(c, "SELECT count(DISTINCT version) FROM "
                                "agentdb.schema_version_events WHERE event = 'up'"),
                     bundle.nfiles);
    assert_int_equal(th_long(c, "SELECT count(*) FROM agentdb.schema_version_events "
                                "WHERE event = 'failure'"),
                     0);
    PQfinish(c);
    th_drop_db("mig_conc");
}

/* A session holding a conflicting lock makes the migration time out and retry; once the lock
 * is released the migration completes. */
static void test_lock_timeout_retry(void **state)
{
    (void)state;
    /* the first migration after the one that creates tasks touches tasks */
    assert_true(bundle.nfiles >= 2);
    int v1 = bundle.files[0].version, v2 = bundle.files[1].version;
    th_create_db("mig_lock", NULL);
    up_to("mig_lock", v1);
    PGconn *holder = th_connect("mig_lock");
    th_exec(holder, "BEGIN");
    th_exec(holder, "LOCK TABLE tasks IN ACCESS EXCLUSIVE MODE");
    char *out = th_tmpfile("lock.out"), *err = th_tmpfile("lock.err");
    char *cmd = xasprintf("migrate up %d --lock-timeout=200ms", v2);
    const char *args[] = {"-c", cmd, NULL};
    int pid = th_spawn("mig_lock", NULL, out, err, args);
    bool saw_retry = false;
    for (int i = 0; i < 400 && !saw_retry; i++) {
        char *e = read_file(err, NULL);
        saw_retry = e && strstr(e, "lock timeout") != NULL;
        free(e);
        if (!saw_retry) {
            struct timespec ts = {0, 50 * 1000000L};
            nanosleep(&ts, NULL);
        }
    }
    assert_true(saw_retry);
    /* other sessions are not queued behind the migrator: a read of another table works */
    PGconn *other = th_connect("mig_lock");
    assert_int_equal(th_long(other, "SELECT count(*) FROM task_types"), 13);
    PQfinish(other);
    th_exec(holder, "COMMIT");
    PQfinish(holder);
    assert_int_equal(th_wait(pid), 0);
    char *e = read_file(err, NULL);
    assert_non_null(strstr(e, "retry"));
    free(e);
    PGconn *c = th_connect("mig_lock");
    char *q = xasprintf("SELECT state FROM agentdb.schema_versions WHERE version = %d", v2);
    char *st = th_value(c, q);
    assert_string_equal(st, "applied");
    free(st);
    free(q);
    PQfinish(c);
    free(cmd);
    free(out);
    free(err);
    th_drop_db("mig_lock");
}

/* A changed checksum blocks runs until repaired with a logged reason. */
static void test_drift_blocks_until_repair(void **state)
{
    (void)state;
    th_create_db("mig_drift", NULL);
    assert_int_equal(run_ok("mig_drift", "migrate up"), 0);
    PGconn *c = th_connect("mig_drift");
    th_exec(c, "UPDATE agentdb.schema_versions SET checksum = 'deadbeef' WHERE version = 1");
    th_run r = th_agentdb("mig_drift", NULL, NULL, "-c", "migrate up", NULL);
    assert_int_equal(r.status, 3);
    assert_non_null(strstr(r.err, "changed after it was applied"));
    assert_non_null(strstr(r.err, "migrate repair 1"));
    th_run_free(&r);
    r = th_agentdb("mig_drift", NULL, NULL, "-c", "migrate status", "--format=csv", NULL);
    assert_int_equal(r.status, 3);
    assert_non_null(strstr(r.out, ",drifted,"));
    th_run_free(&r);
    r = th_agentdb("mig_drift", NULL, NULL, "-c", "migrate repair 1", NULL);
    assert_int_equal(r.status, 4);
    th_run_free(&r);
    assert_int_equal(run_ok("mig_drift", "migrate repair 1 --reason='reviewed: comment fix'"), 0);
    char *d = th_value(c, "SELECT detail FROM agentdb.schema_version_events "
                          "WHERE event = 'repair' AND version = 1");
    assert_non_null(d);
    assert_non_null(strstr(d, "reviewed: comment fix"));
    assert_non_null(strstr(d, "deadbeef"));
    free(d);
    assert_int_equal(run_ok("mig_drift", "migrate status"), 0);
    /* the event log is append-only */
    assert_string_equal(th_fail(c, "DELETE FROM agentdb.schema_version_events"), "55000");
    PQfinish(c);
    th_drop_db("mig_drift");
}

/* A no-transaction migration whose CONCURRENTLY index was left invalid is rebuilt on rerun. */
static void test_invalid_index_rebuilt(void **state)
{
    (void)state;
    const migfile *f = NULL;
    int prev_v = 0;
    char *idx = NULL;
    for (int i = 0; i < bundle.nfiles && !f; i++) {
        if (bundle.files[i].no_transaction) {
            sql_stmt *st = NULL;
            char *err = NULL;
            int n = sqlsplit(bundle.files[i].up, strlen(bundle.files[i].up), &st, &err);
            for (int k = 0; k < n && !idx; k++)
                idx = sqlsplit_concurrent_index_name(bundle.files[i].up + st[k].off, st[k].len);
            free(st);
            free(err);
            if (idx)
                f = &bundle.files[i];
        }
        if (!f)
            prev_v = bundle.files[i].version;
    }
    assert_non_null(f);
    th_create_db("mig_inval", NULL);
    up_to("mig_inval", prev_v);
    /* Build the first index by hand, then mark it invalid as a failed CIC would leave it. */
    sql_stmt *st = NULL;
    char *err = NULL;
    int n = sqlsplit(f->up, strlen(f->up), &st, &err);
    assert_true(n > 0);
    char *first = xstrndup(f->up + st[0].off, st[0].len);
    PGconn *c = th_connect("mig_inval");
    th_exec(c, first);
    char *q = xasprintf("UPDATE pg_index SET indisvalid = false WHERE indexrelid = '%s'::regclass",
                        idx);
    th_exec(c, q);
    free(q);
    th_run r = th_agentdb("mig_inval", NULL, NULL, "-c", "migrate up", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "left invalid"));
    th_run_free(&r);
    q = xasprintf("SELECT i.indisvalid FROM pg_index i WHERE i.indexrelid = '%s'::regclass", idx);
    char *valid = th_value(c, q);
    assert_string_equal(valid, "t");
    free(valid);
    free(q);
    PQfinish(c);
    free(first);
    free(st);
    free(err);
    free(idx);
    th_drop_db("mig_inval");
}

static void test_verify_plan_baseline_backup(void **state)
{
    (void)state;
    th_create_db("mig_misc", NULL);
    th_run r = th_agentdb("mig_misc", NULL, NULL, "-c", "migrate plan", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "-- up 0001_core"));
    assert_non_null(strstr(r.out, "BEGIN;"));
    assert_non_null(strstr(r.out, "CREATE TABLE"));
    th_run_free(&r);
    PGconn *c = th_connect("mig_misc");
    assert_int_equal(th_long(c, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), 0);
    assert_int_equal(run_ok("mig_misc", "migrate up"), 0);
    r = th_agentdb("mig_misc", NULL, NULL, "-c", "migrate verify", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "ok   0001_core"));
    th_run_free(&r);
    r = th_agentdb("mig_misc", NULL, NULL, "-c", "migrate plan 0", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "-- down 0001_core"));
    th_run_free(&r);
    /* baseline: an existing schema without history is adopted after its verify passes */
    th_exec(c, "DROP SCHEMA agentdb CASCADE");
    char *last = xasprintf("migrate baseline %d", bundle.files[bundle.nfiles - 1].version);
    assert_int_equal(run_ok("mig_misc", last), 0);
    assert_int_equal(th_long(c, "SELECT count(*) FROM agentdb.schema_versions "
                                "WHERE state = 'baseline'"),
                     bundle.nfiles);
    r = th_agentdb("mig_misc", NULL, NULL, "-c", last, NULL);
    assert_int_equal(r.status, 4); /* already has history */
    th_run_free(&r);
    /* down with a backup: the plan names the tables that lose rows, the dump holds them,
     * including the rows of partitioned tables (which live in their partitions) */
    th_exec(c, "INSERT INTO metrics (name, value) VALUES ('backup.probe', 1)");
    char *dir = th_tmpfile("backup");
    char *bk = xasprintf("migrate down 0 --confirm=0 --backup=%s", dir);
    r = th_agentdb("mig_misc", NULL, NULL, "-c", bk, NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "drops table task_types: 13 rows lost"));
    assert_non_null(strstr(r.err, "backup written"));
    th_run_free(&r);
    char *ls = xasprintf("/usr/lib/postgresql/15/bin/pg_restore -l %s/agentdb-backup-*.dump "
                         "| grep -c 'TABLE DATA public task_types'", dir);
    FILE *p = popen(ls, "r");
    char buf[32] = "";
    assert_non_null(fgets(buf, sizeof buf, p));
    pclose(p);
    assert_int_equal(atoi(buf), 1);
    free(ls);
    ls = xasprintf("/usr/lib/postgresql/15/bin/pg_restore -l %s/agentdb-backup-*.dump "
                   "| grep -c 'TABLE DATA public metrics_default'", dir);
    p = popen(ls, "r");
    assert_non_null(fgets(buf, sizeof buf, p));
    pclose(p);
    assert_int_equal(atoi(buf), 1);
    assert_int_equal(th_long(c, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), 0);
    /* baseline of an empty database is refused: its verify fails */
    r = th_agentdb("mig_misc", NULL, NULL, "-c", "migrate baseline 1", NULL);
    assert_int_equal(r.status, 3);
    assert_non_null(strstr(r.err, "does not match"));
    th_run_free(&r);
    PQfinish(c);
    free(ls);
    free(bk);
    free(dir);
    free(last);
    th_drop_db("mig_misc");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_drift_blocks_until_repair),
        cmocka_unit_test(test_verify_plan_baseline_backup),
        cmocka_unit_test(test_invalid_index_rebuilt),
        cmocka_unit_test(test_lock_timeout_retry),
        cmocka_unit_test(test_sixteen_concurrent),
        cmocka_unit_test(test_crash_every_boundary),
    };
    return cmocka_run_group_tests(tests, load_bundle, free_bundle);
}
