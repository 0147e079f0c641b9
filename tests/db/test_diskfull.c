/* test_diskfull.c: the disk fills up during 'demo load'. A second, small cluster of its own is
 * started with its postmaster under a per-file size limit (RLIMIT_FSIZE, as `ulimit -f` sets it;
 * PostgreSQL ignores SIGXFSZ, so a write past the limit fails with EFBIG "File too large", the
 * way a full disk fails with ENOSPC). The limit is above the 16 MB of a WAL segment, and the demo
 * data at scale 0.03 has files beyond it. The load must fail with exit 3 (a command failed: the
 * connection survives), say why, and leave every table exactly as it was; once the server runs
 * without the limit, the same load succeeds. A mount is not used: containers rarely allow one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "util.h"

/* Above a WAL segment (16 MB, which the server creates whole) and a multiple of the 8 kB block. */
#define LIMIT_BYTES (17L * 1024 * 1024)
#define LOAD "demo load --scale=0.03 --seed=4 --epoch=2026-01-01T00:00:00Z"

static char *dir;      /* the small cluster's directory (malloc'd) */
static char *conninfo; /* its database 'agentdb' (malloc'd) */

static const char *bin(void)
{
    const char *b = getenv("AGENTDB_BIN");
    return b && *b ? b : "build/agentdb";
}

/* Run agentdb --local-dir=dir with one more argument, under a file size limit when limit > 0
 * (the limit is inherited by pg_ctl and the postmaster it starts). Returns the exit status. */
static int local(const char *arg, long limit)
{
    char *opt = xasprintf("--local-dir=%s", dir);
    char *log = th_tmpfile("local.log");
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        if (limit > 0) {
            struct rlimit rl = {(rlim_t)limit, (rlim_t)limit};
            if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
                _exit(126);
        }
        if (strcmp(arg, "--local-stop") == 0)
            execl(bin(), bin(), opt, arg, (char *)NULL);
        else
            execl(bin(), bin(), opt, "-c", arg, (char *)NULL);
        _exit(127);
    }
    int st = th_wait((int)pid);
    if (st != 0) {
        char *cmd = xasprintf("cat '%s' >&2", log);
        if (system(cmd) != 0) {
            /* the status below says enough */
        }
        free(cmd);
    }
    free(opt);
    free(log);
    return st;
}

/* The postmaster's RLIMIT_FSIZE from /proc: -2 unknown, -1 unlimited, else bytes. */
static long server_file_limit(void)
{
    char *pidfile = xasprintf("%s/pgdata/postmaster.pid", dir);
    FILE *f = fopen(pidfile, "r");
    free(pidfile);
    long pid = 0, limit = -2;
    if (!f || fscanf(f, "%ld", &pid) != 1) {
        if (f)
            fclose(f);
        return -2;
    }
    fclose(f);
    char *path = xasprintf("/proc/%ld/limits", pid);
    f = fopen(path, "r");
    free(path);
    char line[256];
    while (f && fgets(line, sizeof line, f)) {
        char soft[64];
        if (sscanf(line, "Max file size %63s", soft) == 1)
            limit = strcmp(soft, "unlimited") == 0 ? -1 : atol(soft);
    }
    if (f)
        fclose(f);
    return limit;
}

static PGconn *connect_small(void)
{
    PGconn *c = PQconnectdb(conninfo);
    if (PQstatus(c) != CONNECTION_OK)
        fail_msg("connect to the small cluster: %s", PQerrorMessage(c));
    PQsetNoticeProcessor(c, NULL, NULL);
    return c;
}

static int setup(void **state)
{
    (void)state;
    char tmpl[] = "/tmp/agentdb-diskfull.XXXXXX";
    if (!mkdtemp(tmpl))
        return -1;
    dir = xstrdup(tmpl);
    conninfo = xasprintf("host=%s port=5432 user=agentdb dbname=agentdb", dir);
    /* initdb and start under the limit: the cluster itself fits in it */
    if (local("help", LIMIT_BYTES) != 0)
        return -1;
    th_run r = th_agentdb(NULL, NULL, NULL, conninfo, "-c", "migrate up", NULL);
    int st = r.status;
    if (st != 0)
        fprintf(stderr, "migrate up on the small cluster exited %d:\n%s", st, r.err);
    th_run_free(&r);
    return st == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    local("--local-stop", 0);
    char *cmd = xasprintf("rm -rf '%s'", dir);
    int rc = system(cmd);
    free(cmd);
    free(dir);
    free(conninfo);
    return rc == 0 ? 0 : -1;
}

/* The load hits the limit: exit 3 with the server's reason, rolled back, every table as before,
 * and the session and the server still fine. */
static void test_disk_full_during_demo_load(void **state)
{
    (void)state;
    assert_int_equal(server_file_limit(), LIMIT_BYTES);
    PGconn *c = connect_small();
    char *before = th_table_digest(c);
    th_run r = th_agentdb(NULL, NULL, NULL, conninfo, "-c", LOAD, NULL);
    assert_status(r, 3);
    /* the server's reason, and agentdb's account of what happened to the data */
    assert_contains(r.err, "File too large");
    assert_contains(r.err, "could not extend file");
    assert_contains(r.err, "HINT: Check free disk space.");
    assert_contains(r.err, "it was rolled back and nothing was loaded");
    assert_int_equal(th_long(c, "SELECT count(*) FROM workflows"), 0);
    assert_int_equal(th_long(c, "SELECT count(*) FROM tasks"), 0);
    assert_int_equal(th_long(c, "SELECT count(*) FROM agentdb.demo_loads"), 0);
    char *after = th_table_digest(c);
    assert_string_equal(after, before);
    /* the limit did not take the server down: the same session still works */
    assert_int_equal(th_long(c, "SELECT 1"), 1);
    int ntables = 0;
    for (const char *p = before; *p; p++)
        ntables += *p == '\n';
    printf("  the load stopped at the %ld-byte file limit: exit 3, %d tables unchanged\n",
           LIMIT_BYTES, ntables);
    th_run_free(&r);
    free(before);
    free(after);
    PQfinish(c);
}

/* Without the limit (the server restarted), the same load succeeds: it was the limit. */
static void test_same_load_after_the_limit_is_lifted(void **state)
{
    (void)state;
    assert_int_equal(local("--local-stop", 0), 0);
    assert_int_equal(local("help", 0), 0);
    assert_int_equal(server_file_limit(), -1);
    th_run r = th_agentdb(NULL, NULL, NULL, conninfo, "-c", LOAD, NULL);
    assert_status(r, 0);
    th_run_free(&r);
    PGconn *c = connect_small();
    assert_int_equal(th_long(c, "SELECT count(*) FROM workflows"), 300);
    assert_true(th_long(c, "SELECT count(*) FROM tasks") > 10000);
    assert_int_equal(th_long(c, "SELECT count(*) FROM agentdb.demo_loads"), 1);
    /* and some file of it is past the limit the first load hit */
    assert_true(th_long(c, "SELECT max(pg_relation_size(oid)) FROM pg_class") > LIMIT_BYTES);
    PQfinish(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_disk_full_during_demo_load),
        cmocka_unit_test(test_same_load_after_the_limit_is_lifted),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
