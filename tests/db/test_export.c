/* test_export.c: 'export' on demo data: the CSV of each table loads back with psql's \copy into
 * an empty copy of the table with equal rows, counts and sums; the JSONL parses line by line with
 * jq; filters, hostile values, reports, overwrite refusal and atomic output. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "util.h"

#define DB "export"

static PGconn *conn; /* owned here */

static int setup(void **state)
{
    (void)state;
    conn = th_migrated_db(DB, "--scale=0.005 --seed=7");
    if (!conn)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    th_done_db(conn, DB);
    conn = NULL;
    return 0;
}

/* Run one agentdb command line (-c) against DB. */
static th_run run1(const char *line)
{
    return th_agentdb(DB, NULL, NULL, "-c", line, NULL);
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Files in the directory of path whose names start with path's base name followed by
 * ".partial" (left-over temp files). */
static int partial_files(const char *path)
{
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');
    assert_non_null(slash);
    *slash = '\0';
    char *prefix = xasprintf("%s.partial", slash + 1);
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
    closedir(d);
    free(prefix);
    free(dir);
    return n;
}

static long count_lines(const char *path)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    long n = 0;
    int c, last = '\n';
    while ((c = getc(f)) != EOF) {
        n += c == '\n';
        last = c;
    }
    fclose(f);
    assert_int_equal(last, '\n'); /* every line ends */
    return n;
}

/* Exit status of a shell command. */
static int sh(const char *cmd)
{
    int rc = system(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : 128;
}

/* psql's \copy of a CSV file with a header into table. */
static void psql_copy_in(const char *table, const char *path)
{
    char *ci = th_conninfo(DB);
    char *cmd = xasprintf("psql '%s' -X -q -v ON_ERROR_STOP=1 -c \"\\copy %s FROM '%s' WITH "
                          "(FORMAT csv, HEADER)\" 2>&1",
                          ci, table, path);
    int rc = sh(cmd);
    if (rc != 0)
        fail_msg("psql \\copy into %s exited %d", table, rc);
    free(cmd);
    free(ci);
}

/* The same aggregate query over two tables gives the same text. */
static void assert_same(const char *fmt, const char *a, const char *b)
{
    char *qa = xasprintf(fmt, a);
    char *qb = xasprintf(fmt, b);
    char *va = th_value(conn, qa);
    char *vb = th_value(conn, qb);
    assert_non_null(va);
    assert_non_null(vb);
    if (strcmp(va, vb) != 0)
        fail_msg("%s: %s gives %s, %s gives %s", fmt, a, va, b, vb);
    free(va);
    free(vb);
    free(qa);
    free(qb);
}

typedef struct rt_case {
    const char *table;
    const char *sums; /* an aggregate over %s */
    const char *per_status;
} rt_case;

/* CSV of each table -> psql \copy into CREATE TABLE x (LIKE table) -> same count, sums, counts
 * per status, and no row of either missing from the other (EXCEPT ALL both ways). */
static void test_csv_round_trip(void **state)
{
    (void)state;
    static const rt_case cases[] = {
        {"tasks", "SELECT count(*) || ' ' || sum(reward) || ' ' || sum(retry_count) FROM %s",
         "SELECT string_agg(status || '=' || n, ',' ORDER BY status) FROM "
         "(SELECT status, count(*) n FROM %s GROUP BY status) s"},
        {"workflows", "SELECT count(*) || ' ' || coalesce(sum(total_reward), 0) FROM %s",
         "SELECT string_agg(status || '=' || n, ',' ORDER BY status) FROM "
         "(SELECT status, count(*) n FROM %s GROUP BY status) s"},
        {"experiences",
         "SELECT count(*) || ' ' || sum(reward_received) || ' ' || sum(step) FROM %s",
         "SELECT string_agg(terminal || '=' || n, ',' ORDER BY terminal) FROM "
         "(SELECT terminal, count(*) n FROM %s GROUP BY terminal) s"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *t = cases[i].table;
        char *name = xasprintf("%s.csv", t);
        char *path = th_tmpfile(name);
        char *line = xasprintf("export %s --format=csv --output=%s", t, path);
        th_run r = run1(line);
        assert_status(r, 0);
        assert_string_equal(r.out, ""); /* nothing on stdout but results, and they went to FILE */
        th_run_free(&r);
        assert_int_equal(partial_files(path), 0);

        char *copy = xasprintf("rt_%s", t);
        char *ddl = xasprintf("DROP TABLE IF EXISTS %s; CREATE TABLE %s (LIKE %s)", copy, copy, t);
        th_exec(conn, ddl);
        psql_copy_in(copy, path);
        assert_same(cases[i].sums, t, copy);
        assert_same(cases[i].per_status, t, copy);
        char *diff = xasprintf("SELECT count(*) FROM ((TABLE %s EXCEPT ALL TABLE %s) UNION ALL "
                               "(TABLE %s EXCEPT ALL TABLE %s)) d", t, copy, copy, t);
        assert_int_equal(th_long(conn, diff), 0);
        char *cnt = xasprintf("SELECT count(*) FROM %s", copy);
        long rows = th_long(conn, cnt);
        assert_true(rows > 0);
        printf("  %s: %ld rows round-tripped through CSV\n", t, rows);
        free(cnt);
        free(diff);
        free(ddl);
        free(copy);
        free(line);
        free(path);
        free(name);
    }
}

/* JSONL of each table: jq parses every line, one object per row; a value with a backslash, a
 * newline, a tab, quotes and a control character comes back exactly. */
static void test_jsonl_parses(void **state)
{
    (void)state;
    static const char *const tables[] = {"tasks", "workflows", "experiences"};
    for (size_t i = 0; i < 3; i++) {
        char *name = xasprintf("%s.jsonl", tables[i]);
        char *path = th_tmpfile(name);
        char *line = xasprintf("export %s --format=jsonl --output=%s", tables[i], path);
        th_run r = run1(line);
        assert_status(r, 0);
        th_run_free(&r);
        char *cmd = xasprintf("jq -e -c 'type == \"object\"' '%s' > /dev/null", path);
        assert_int_equal(sh(cmd), 0);
        char *q = xasprintf("SELECT count(*) FROM %s", tables[i]);
        assert_int_equal(count_lines(path), th_long(conn, q));
        /* jq's count of values equals the line count: no object spans two lines */
        char *cnt = xasprintf("test \"$(jq -c . '%s' | wc -l)\" -eq %ld", path, count_lines(path));
        assert_int_equal(sh(cnt), 0);
        free(cnt);
        free(q);
        free(cmd);
        free(line);
        free(path);
        free(name);
    }

    /* A hard string, planted in a workflow of its own time so a filter finds only it. */
    th_exec(conn, "INSERT INTO workflows (project_id, user_prompt, created_at) "
                  "SELECT id, E'back\\\\slash \"quoted\" line1\\nline2\\ttab \\x01 end', "
                  "'2031-06-01T00:00:00Z' FROM projects ORDER BY id LIMIT 1");
    char *path = th_tmpfile("hard.jsonl");
    char *line = xasprintf("export workflows --format=jsonl --since=2031-01-01 --output=%s", path);
    th_run r = run1(line);
    assert_status(r, 0);
    th_run_free(&r);
    assert_int_equal(count_lines(path), 1);
    /* jq decodes the string; od shows the bytes; compare with the server's own bytes */
    char *cmd = xasprintf("jq -j .user_prompt '%s' | od -An -tx1 | tr -d ' \\n'", path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char got[512] = "";
    assert_non_null(fgets(got, sizeof got, p));
    assert_int_equal(pclose(p), 0);
    char *want = th_value(conn, "SELECT encode(convert_to(user_prompt, 'UTF8'), 'hex') "
                                "FROM workflows WHERE created_at = '2031-06-01T00:00:00Z'");
    assert_string_equal(got, want);
    free(want);
    free(cmd);

    /* The CSV of the same row round-trips the string too. */
    char *csv = th_tmpfile("hard.csv");
    char *cl = xasprintf("export workflows --since=2031-01-01 --output=%s", csv);
    r = run1(cl);
    assert_status(r, 0);
    th_run_free(&r);
    th_exec(conn, "DROP TABLE IF EXISTS rt_hard; CREATE TABLE rt_hard (LIKE workflows)");
    psql_copy_in("rt_hard", csv);
    assert_int_equal(th_long(conn, "SELECT count(*) FROM rt_hard h JOIN workflows w USING (id) "
                                   "WHERE h.user_prompt = w.user_prompt"), 1);
    th_exec(conn, "DELETE FROM workflows WHERE created_at = '2031-06-01T00:00:00Z'");
    free(cl);
    free(csv);
    free(line);
    free(path);
}

/* --since (inclusive), --until (exclusive) and --project select exactly the rows SQL does, on
 * each table's own time column. */
static void test_filters(void **state)
{
    (void)state;
    char *project = th_value(conn, "SELECT project_id FROM tasks GROUP BY project_id "
                                   "ORDER BY count(*) DESC, project_id LIMIT 1");
    assert_non_null(project);
    /* bounds on existing timestamps, to show inclusive and exclusive ends */
    char *since = th_value(conn, "SELECT to_char(created_at AT TIME ZONE 'UTC', "
                                 "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM tasks "
                                 "ORDER BY created_at, id OFFSET 1000 LIMIT 1");
    char *until = th_value(conn, "SELECT to_char(created_at AT TIME ZONE 'UTC', "
                                 "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM tasks "
                                 "ORDER BY created_at, id OFFSET 3000 LIMIT 1");
    static const struct {
        const char *table, *column;
    } tabs[] = {{"tasks", "created_at"}, {"workflows", "created_at"},
                {"experiences", "occurred_at"}};
    for (size_t i = 0; i < 3; i++) {
        char *path = th_tmpfile("filtered.jsonl");
        unlink(path);
        char *line = xasprintf("export %s --format=jsonl --since=%s --until=%s --project=%s "
                               "--output=%s", tabs[i].table, since, until, project, path);
        th_run r = run1(line);
        assert_status(r, 0);
        th_run_free(&r);
        char *q = xasprintf("SELECT count(*) FROM %s WHERE %s >= '%s' AND %s < '%s' "
                            "AND project_id = '%s'", tabs[i].table, tabs[i].column, since,
                            tabs[i].column, until, project);
        long want = th_long(conn, q);
        assert_true(want > 0);
        assert_int_equal(count_lines(path), want);
        char *cmd = xasprintf("jq -e -s 'all(.[]; .project_id == \"%s\")' '%s' > /dev/null",
                              project, path);
        assert_int_equal(sh(cmd), 0);
        printf("  %s: %ld rows in [since, until) of one project\n", tabs[i].table, want);
        free(cmd);
        free(q);
        free(line);
        free(path);
    }
    /* Only --since; a time in another zone means the same instant. */
    char *path = th_tmpfile("since.jsonl");
    char *line = xasprintf("export tasks --format=jsonl --since='2025-12-01 02:00:00+02' "
                           "--output=%s", path);
    th_run r = run1(line);
    assert_status(r, 0);
    th_run_free(&r);
    assert_int_equal(count_lines(path),
                     th_long(conn, "SELECT count(*) FROM tasks WHERE created_at >= "
                                   "'2025-12-01T00:00:00Z'"));
    free(line);
    free(path);
    free(since);
    free(until);
    free(project);
}

/* Bad and hostile values: a clear message, exit 1, no file, and the tables are all still there. */
static void test_hostile_values(void **state)
{
    (void)state;
    long tasks = th_long(conn, "SELECT count(*) FROM tasks");
    char *path = th_tmpfile("hostile.csv");
    static const struct {
        const char *opts, *message;
    } cases[] = {
        {"--project=\"x'; DROP TABLE tasks; --\"", "--project takes a project id"},
        {"--project=\"00000000-0000-0000-0000-000000000000' OR '1'='1\"",
         "--project takes a project id"},
        {"--since=\"2026-01-01'; DROP TABLE tasks; --\"", "--since takes a time"},
        {"--until=tomorrowish", "--until takes a time"},
        {"--since=infinity", "--since takes a finite time"},
        {"--since=2026-02-01 --until=2026-01-01", "must be before --until"},
        {"--format=json", "export writes csv or jsonl"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *line = xasprintf("export tasks %s --output=%s", cases[i].opts, path);
        th_run r = run1(line);
        assert_status(r, 1);
        assert_contains(r.err, cases[i].message);
        assert_false(exists(path));
        th_run_free(&r);
        free(line);
    }
    /* A hostile report name is looked up in the catalog, never put into SQL. */
    char *line = xasprintf("export \"report_x\\\"; DROP TABLE tasks; --\" --output=%s", path);
    th_run r = run1(line);
    assert_status(r, 1);
    assert_contains(r.err, "not a table (experiences, workflows, tasks) or a report view");
    assert_contains(r.err, "report_failure_rates"); /* lists the reports there are */
    th_run_free(&r);
    free(line);
    r = run1("export tasks");
    assert_status(r, 1);
    assert_contains(r.err, "--output=FILE");
    th_run_free(&r);
    char *reg = th_value(conn, "SELECT to_regclass('public.tasks')");
    assert_non_null(reg);
    assert_string_equal(reg, "tasks");
    free(reg);
    assert_int_equal(th_long(conn, "SELECT count(*) FROM tasks"), tasks);
    /* A valid uuid of no project: an empty export with a warning. */
    line = xasprintf("export tasks --project=00000000-0000-0000-0000-000000000000 --output=%s",
                     path);
    r = run1(line);
    assert_status(r, 0);
    assert_contains(r.err, "no project 00000000-0000-0000-0000-000000000000");
    th_run_free(&r);
    assert_int_equal(count_lines(path), 1); /* the header */
    unlink(path);
    free(line);
    free(path);
}

/* A report view exports whole, by full or short name; a view whose name needs quoting works. */
static void test_report_export(void **state)
{
    (void)state;
    th_exec(conn, "SELECT count(*) FROM refresh_reports()");
    char *path = th_tmpfile("failure_rates.csv");
    char *line = xasprintf("export report_failure_rates --output=%s", path);
    th_run r = run1(line);
    assert_status(r, 0);
    th_run_free(&r);
    th_exec(conn, "DROP TABLE IF EXISTS rt_fr; "
                  "CREATE TABLE rt_fr AS SELECT * FROM report_failure_rates WITH NO DATA");
    psql_copy_in("rt_fr", path);
    assert_true(th_long(conn, "SELECT count(*) FROM rt_fr") > 0);
    assert_int_equal(th_long(conn, "SELECT count(*) FROM ((TABLE report_failure_rates EXCEPT ALL "
                                   "TABLE rt_fr) UNION ALL (TABLE rt_fr EXCEPT ALL TABLE "
                                   "report_failure_rates)) d"), 0);
    free(line);
    char *jl = th_tmpfile("failure_rates.jsonl");
    line = xasprintf("export failure_rates --format=jsonl --output=%s", jl);
    r = run1(line);
    assert_status(r, 0);
    th_run_free(&r);
    assert_int_equal(count_lines(jl), th_long(conn, "SELECT count(*) FROM report_failure_rates"));
    free(line);
    /* A report takes no filters. */
    r = run1("export report_failure_rates --since=2026-01-01 --output=-");
    assert_status(r, 1);
    assert_contains(r.err, "a report is exported whole");
    th_run_free(&r);
    /* A name with a double quote and a space is quoted as an identifier. */
    th_exec(conn, "CREATE VIEW public.\"report_odd \"\"name\" AS SELECT 1 AS one, 'a,b' AS two");
    r = run1("export 'report_odd \"name' --output=-");
    assert_status(r, 0);
    assert_string_equal(r.out, "one,two\n1,\"a,b\"\n");
    th_run_free(&r);
    th_exec(conn, "DROP VIEW public.\"report_odd \"\"name\"");
    free(jl);
    free(path);
}

/* An existing file is kept unless --force; a failure part way leaves no file at all. */
static void test_overwrite_and_atomic(void **state)
{
    (void)state;
    char *path = th_tmpfile("keep.csv");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("keep me\n", f);
    fclose(f);
    char *line = xasprintf("export workflows --output=%s", path);
    th_run r = run1(line);
    assert_status(r, 4);
    assert_contains(r.err, "exists; add --force");
    th_run_free(&r);
    char *text = read_file(path, NULL);
    assert_string_equal(text, "keep me\n");
    free(text);
    free(line);
    line = xasprintf("export workflows --force --output=%s", path);
    r = run1(line);
    assert_status(r, 0);
    th_run_free(&r);
    assert_int_equal(count_lines(path) > 1, 1);
    assert_int_equal(partial_files(path), 0);
    free(line);

    /* A directory is not a file. */
    char *dir = th_tmpfile("adir");
    assert_int_equal(mkdir(dir, 0755), 0);
    line = xasprintf("export workflows --force --output=%s", dir);
    r = run1(line);
    assert_status(r, 1);
    assert_contains(r.err, "is a directory");
    th_run_free(&r);
    free(line);

    /* A report that fails after thousands of rows were streamed: exit 3, no file, no temp. */
    th_exec(conn, "CREATE VIEW public.report_breaks_late AS "
                  "SELECT n, 1 / (n - 20000) AS boom FROM generate_series(1, 30000) n");
    char *late = th_tmpfile("late.csv");
    line = xasprintf("export report_breaks_late --progress --output=%s", late);
    r = run1(line);
    assert_status(r, 3);
    assert_contains(r.err, "division by zero");
    assert_contains(r.err, "was not written");
    th_run_free(&r);
    assert_false(exists(late));
    assert_int_equal(partial_files(late), 0);
    th_exec(conn, "DROP VIEW public.report_breaks_late");
    free(line);
    free(late);
    free(dir);
    free(path);
}

/* --output=- writes to stdout; --progress reports rows on stderr. */
static void test_stdout_and_progress(void **state)
{
    (void)state;
    th_run r = run1("export workflows --format=jsonl --progress --output=-");
    assert_status(r, 0);
    long lines = 0;
    for (const char *p = r.out; *p; p++)
        lines += *p == '\n';
    long want = th_long(conn, "SELECT count(*) FROM workflows");
    assert_int_equal(lines, want);
    char *msg = xasprintf("export: %ld rows", want);
    assert_contains(r.err, msg);
    free(msg);
    th_run_free(&r);
    /* without --progress and without a terminal, stderr stays quiet */
    r = run1("export workflows --format=csv --output=-");
    assert_status(r, 0);
    assert_string_equal(r.err, "");
    /* the same file whatever the session's time zone and date style: UTC, ISO */
    static const char *const env[] = {"PGTZ=Pacific/Chatham", "PGDATESTYLE=SQL, DMY", NULL};
    th_run z = th_agentdb(DB, env, NULL, "-c", "export workflows --format=csv --output=-", NULL);
    assert_status(z, 0);
    assert_string_equal(z.out, r.out);
    assert_non_null(strstr(r.out, "+00,")); /* a UTC offset, ISO form */
    th_run_free(&z);
    th_run_free(&r);
}

/* A full disk on standard output (/dev/full): exit 1 saying the output is incomplete; the
 * COPY is cancelled and drained, so the next command on the same connection works. */
static void test_write_failure(void **state)
{
    (void)state;
    const char *bin = getenv("AGENTDB_BIN");
    assert_non_null(bin);
    char *ci = th_conninfo(DB);
    char *after = th_tmpfile("after-full.csv");
    char *errf = th_tmpfile("full.err");
    char *cmd = xasprintf("'%s' '%s' --continue-on-error -c 'export experiences --output=-' "
                          "-c 'export workflows --output=%s' > /dev/full 2> '%s'",
                          bin, ci, after, errf);
    assert_int_equal(sh(cmd), 1);
    char *err = read_file(errf, NULL);
    assert_non_null(err);
    assert_contains(err, "cannot write standard output: No space left on device; the output is "
                         "incomplete");
    assert_int_equal(count_lines(after),
                     th_long(conn, "SELECT count(*) FROM workflows") + 1);
    free(err);
    free(cmd);
    free(errf);
    free(after);
    free(ci);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_round_trip),
        cmocka_unit_test(test_jsonl_parses),
        cmocka_unit_test(test_filters),
        cmocka_unit_test(test_hostile_values),
        cmocka_unit_test(test_report_export),
        cmocka_unit_test(test_overwrite_and_atomic),
        cmocka_unit_test(test_stdout_and_progress),
        cmocka_unit_test(test_write_failure),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
