/* test_cli.c: the real agentdb binary end to end: exit codes 0-4 with their messages, -c and -f
 * sequencing and failure handling, script input from a file, '-' and piped stdin, the output
 * formats (checked with jq), the read-only session and the connection defaults. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "db.h"
#include "harness.h"
#include "util.h"

/* ---- helpers -------------------------------------------------------------------------- */

#define assert_not_contains(hay, needle)                                                           \
    do {                                                                                           \
        const char *h_ = (hay), *n_ = (needle);                                                    \
        if (h_ && strstr(h_, n_))                                                                  \
            fail_msg("did not expect '%s' in:\n%s", n_, h_);                                       \
    } while (0)

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* A fresh database named after the test. */
static const char *fresh_db(const char *name)
{
    static char buf[64];
    snprintf(buf, sizeof buf, "cli_%s", name);
    th_create_db(buf, NULL);
    return buf;
}

static long agentdb_schema_exists(const char *db)
{
    PGconn *c = th_connect(db);
    long n = th_long(c, "SELECT count(*) FROM pg_namespace WHERE nspname = 'agentdb'");
    PQfinish(c);
    return n;
}

static long count_versions(const char *db)
{
    PGconn *c = th_connect(db);
    long n = th_long(c, "SELECT count(*) FROM agentdb.schema_versions");
    PQfinish(c);
    return n;
}

static char *write_tmp(const char *name, const char *text)
{
    char *path = th_tmpfile(name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
    return path;
}

/* Run jq -e FILTER on text; true when jq exits 0 (valid JSON and the filter is truthy). */
static bool jq_ok(const char *text, const char *filter)
{
    static int seq;
    char name[32];
    snprintf(name, sizeof name, "jq-%d.json", seq++);
    char *path = write_tmp(name, text);
    char *cmd = xasprintf("jq -e '%s' '%s' >/dev/null 2>&1", filter, path);
    int rc = system(cmd);
    free(cmd);
    unlink(path);
    free(path);
    return rc == 0;
}

/* jq FILTER's output (one line, trailing newline removed; malloc'd). */
static char *jq_value(const char *text, const char *filter)
{
    char *path = write_tmp("jq-value.json", text);
    char *cmd = xasprintf("jq -r '%s' '%s' 2>/dev/null", filter, path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char buf[256] = "";
    if (!fgets(buf, sizeof buf, p))
        buf[0] = '\0';
    assert_int_equal(pclose(p), 0);
    free(cmd);
    unlink(path);
    free(path);
    buf[strcspn(buf, "\n")] = '\0';
    return xstrdup(buf);
}

static void migrate_up(const char *db)
{
    th_run r = th_agentdb(db, NULL, NULL, "-c", "migrate up", NULL);
    assert_status(r, 0);
    assert_contains(r.err, "applied");
    th_run_free(&r);
    assert_true(count_versions(db) > 0);
}

/* ---- exit 0 --------------------------------------------------------------------------- */

static void test_exit0_help_version(void **state)
{
    (void)state;
    th_run r = th_agentdb(NULL, NULL, NULL, "-c", "help", NULL);
    assert_status(r, 0);
    assert_contains(r.out, "Commands (noun verb");
    assert_contains(r.out, "migrate down TARGET");
    assert_contains(r.out, "migrate status");
    assert_string_equal(r.err, "");
    th_run_free(&r);

    r = th_agentdb(NULL, NULL, NULL, "-c", "help migrate down", NULL);
    assert_status(r, 0);
    assert_contains(r.out, "migrate down TARGET [--confirm=TARGET]");
    assert_contains(r.out, "--backup=DIR");
    th_run_free(&r);

    r = th_agentdb(NULL, NULL, NULL, "--version", NULL);
    assert_status(r, 0);
    assert_string_equal(r.out, "agentdb " AGENTDB_VERSION "\n");
    assert_string_equal(r.err, "");
    th_run_free(&r);

    r = th_agentdb(NULL, NULL, NULL, "--help", NULL);
    assert_status(r, 0);
    assert_contains(r.out, "Usage: agentdb [OPTIONS]");
    assert_contains(r.out, "--read-only");
    assert_contains(r.out, "Exit status: 0 ok, 1 usage, 2 connection, 3 command failed, 4 refused");
    assert_string_equal(r.err, "");
    th_run_free(&r);
}

/* ---- exit 1 --------------------------------------------------------------------------- */

/* Runs with no connection arguments: a usage error must come before any connection attempt
 * (which would be exit 2 here). Checks the exit code and that stderr is exactly one line. */
static void usage_error(const char *const *args, const char *msg)
{
    th_run r = th_agentdbv(NULL, NULL, NULL, args);
    assert_status(r, 1);
    assert_contains(r.err, msg);
    assert_contains(r.err, "agentdb: ");
    if (count_lines(r.err) != 1)
        fail_msg("expected one line on stderr, got:\n%s", r.err);
    assert_string_equal(r.out, "");
    th_run_free(&r);
}

static void test_exit1_usage(void **state)
{
    (void)state;
    usage_error((const char *[]){"-c", "migrat status", NULL},
                "agentdb: unknown command 'migrat'; did you mean 'migrate'?\n");
    usage_error((const char *[]){"-c", "migrate upp", NULL},
                "unknown subcommand 'migrate upp'; did you mean 'migrate up'?");
    usage_error((const char *[]){"-c", "migrate down 0 --confim=0", NULL},
                "unknown option '--confim' for 'migrate down'; did you mean '--confirm'?");
    usage_error((const char *[]){"--formt=json", "-c", "help", NULL},
                "unknown option '--formt=json'; did you mean '--format'?");
    usage_error((const char *[]){"--format=xml", "-c", "help", NULL},
                "unknown format 'xml'; use table, csv, json or jsonl");
    usage_error((const char *[]){"-c", "help --format=yaml", NULL}, "unknown format 'yaml'");
    usage_error((const char *[]){"-f", "/nonexistent-dir/cmds.txt", NULL},
                "cannot read /nonexistent-dir/cmds.txt: No such file or directory");
    usage_error((const char *[]){"-c", "migrate down", NULL},
                "'migrate down' is missing an argument; usage: migrate down TARGET");
    usage_error((const char *[]){"-c", NULL}, "option '-c' needs a value");
    usage_error((const char *[]){"-c", "\\q", "db1", "db2", NULL}, "unexpected argument 'db2'");
}

static void test_exit1_unreadable_file(void **state)
{
    (void)state;
    /* a file that exists but cannot be read: a directory */
    char *dir = th_tmpfile("");
    const char *args[] = {"-c", "set format csv", "-f", dir, "-c", "set", NULL};
    th_run r = th_agentdbv(NULL, NULL, NULL, args);
    /* fopen of a directory succeeds on Linux; reading it fails */
    assert_status(r, 1);
    assert_contains(r.err, dir);
    assert_not_contains(r.out, "format = "); /* the -c after the failure did not run */
    th_run_free(&r);
    free(dir);
}

/* ---- exit 2 --------------------------------------------------------------------------- */

static void test_exit2_unreachable(void **state)
{
    (void)state;
    th_run r = th_agentdb(NULL, NULL, NULL, "-h", "/tmp/no-such-dir-XYZ", "-c", "migrate status",
                          NULL);
    assert_status(r, 2);
    assert_contains(r.err, "agentdb: could not connect: ");
    assert_contains(r.err, "connection to server on socket \"/tmp/no-such-dir-XYZ/.s.PGSQL.");
    assert_string_equal(r.out, "");
    th_run_free(&r);

    /* a connection failure stops even --continue-on-error: the later -c does not run */
    r = th_agentdb(NULL, NULL, NULL, "-h", "/tmp/no-such-dir-XYZ", "--continue-on-error", "-c",
                   "migrate status", "-c", "set", NULL);
    assert_status(r, 2);
    assert_not_contains(r.out, "format = ");
    th_run_free(&r);
}

static void test_exit2_connect_timeout(void **state)
{
    (void)state;
    /* a listener that never accepts: the TCP handshake completes (the kernel queues it) but
     * no server ever answers the startup packet */
    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    assert_true(s >= 0);
    struct sockaddr_in sa = {0};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sa.sin_port = 0;
    assert_int_equal(bind(s, (struct sockaddr *)&sa, sizeof sa), 0);
    assert_int_equal(listen(s, 8), 0);
    socklen_t len = sizeof sa;
    assert_int_equal(getsockname(s, (struct sockaddr *)&sa, &len), 0);
    char port[16];
    snprintf(port, sizeof port, "%d", ntohs(sa.sin_port));
    const char *env[] = {"PGCONNECT_TIMEOUT=2", NULL};
    th_run r = th_agentdb(NULL, env, NULL, "-h", "127.0.0.1", "-p", port, "-c", "migrate status",
                          NULL);
    close(s);
    assert_status(r, 2);
    assert_contains(r.err, "agentdb: could not connect: ");
    assert_contains(r.err, "timeout expired");
    assert_string_equal(r.out, "");
    th_run_free(&r);
}

/* ---- exit 3 --------------------------------------------------------------------------- */

static void test_exit3_pending_and_repair(void **state)
{
    (void)state;
    const char *db = fresh_db("exit3");
    th_run r = th_agentdb(db, NULL, NULL, "-c", "migrate status", NULL);
    assert_status(r, 3);
    assert_contains(r.out, "version");
    assert_contains(r.out, "state");
    assert_contains(r.out, "pending");
    assert_contains(r.out, "core");
    assert_contains(r.out, " rows)");
    assert_not_contains(r.out, "applied ");
    assert_contains(r.err, "agentdb: at 0000; ");
    assert_contains(r.err, " pending, 0 drifted");
    th_run_free(&r);
    /* status only looks: it does not create the engine's schema */
    assert_int_equal(agentdb_schema_exists(db), 0);

    r = th_agentdb(db, NULL, NULL, "-c", "migrate repair 99 --reason=x", NULL);
    assert_status(r, 3);
    assert_contains(r.err, "migration 99 is not applied; nothing to repair");
    th_run_free(&r);

    /* after 'migrate up' the same status is 0 */
    migrate_up(db);
    r = th_agentdb(db, NULL, NULL, "-c", "migrate status", NULL);
    assert_status(r, 0);
    assert_contains(r.out, "applied");
    assert_not_contains(r.out, "pending");
    assert_contains(r.err, " 0 pending, 0 drifted; migration lock free");
    th_run_free(&r);
    th_drop_db(db);
}

/* ---- exit 4 --------------------------------------------------------------------------- */

static void test_exit4_down_needs_confirm(void **state)
{
    (void)state;
    const char *db = fresh_db("exit4_down");
    migrate_up(db);
    long before = count_versions(db);

    th_run r = th_agentdb(db, NULL, NULL, "-c", "migrate down 0", NULL);
    assert_status(r, 4);
    assert_contains(r.err, "refused: rolling back to 0 loses data; repeat with --confirm=0");
    assert_int_equal(count_versions(db), before);
    th_run_free(&r);

    r = th_agentdb(db, NULL, NULL, "-c", "migrate down 0 --confirm=1", NULL);
    assert_status(r, 4);
    assert_contains(r.err, "refused: --confirm=1 does not match the target 0");
    assert_int_equal(count_versions(db), before);
    th_run_free(&r);

    r = th_agentdb(db, NULL, NULL, "-c", "migrate status", NULL);
    assert_status(r, 0);
    assert_not_contains(r.out, "pending");
    th_run_free(&r);
    th_drop_db(db);
}

static void test_exit4_read_only(void **state)
{
    (void)state;
    const char *db = fresh_db("exit4_ro");
    th_run r = th_agentdb(db, NULL, NULL, "--read-only", "-c", "migrate up", NULL);
    assert_status(r, 4);
    assert_contains(r.err, "refused: 'migrate up' writes to the database");
    assert_contains(r.err, "read-only");
    th_run_free(&r);
    assert_int_equal(agentdb_schema_exists(db), 0);

    /* reading still works under --read-only */
    r = th_agentdb(db, NULL, NULL, "--read-only", "-c", "migrate status", NULL);
    assert_status(r, 3);
    assert_contains(r.out, "pending");
    th_run_free(&r);
    assert_int_equal(agentdb_schema_exists(db), 0);
    th_drop_db(db);
}

static void test_read_only_session_and_app_name(void **state)
{
    (void)state;
    const char *db = fresh_db("ro_lib");
    unsetenv("PGAPPNAME");
    char *ci = th_conninfo(db);
    db_params p = {0};
    p.conninfo = ci;
    p.read_only = true;
    p.no_password = true;
    db_error e = {0};
    db_conn *c = db_connect(&p, &e);
    if (!c)
        fail_msg("db_connect: %s", e.message ? e.message : "");
    assert_true(db_is_read_only(c));
    PGresult *res = db_exec(c, "SHOW default_transaction_read_only", 0, NULL, &e);
    assert_non_null(res);
    assert_string_equal(PQgetvalue(res, 0, 0), "on");
    PQclear(res);
    res = db_exec(c, "SHOW application_name", 0, NULL, &e);
    assert_non_null(res);
    assert_string_equal(PQgetvalue(res, 0, 0), "agentdb");
    PQclear(res);
    /* a write is refused by the server with 25006, which maps to exit 4 */
    res = db_exec(c, "CREATE TABLE should_not_exist (x int)", 0, NULL, &e);
    assert_null(res);
    assert_string_equal(e.sqlstate, "25006");
    assert_int_equal(db_error_exit_code(&e), 4);
    db_error_clear(&e);
    db_close(c);

    /* without read_only the default is off */
    p.read_only = false;
    c = db_connect(&p, &e);
    assert_non_null(c);
    assert_false(db_is_read_only(c));
    res = db_exec(c, "SHOW default_transaction_read_only", 0, NULL, &e);
    assert_non_null(res);
    assert_string_equal(PQgetvalue(res, 0, 0), "off");
    PQclear(res);
    db_close(c);
    free(ci);
    th_drop_db(db);
}

/* ---- sequencing ----------------------------------------------------------------------- */

static void test_commands_in_order(void **state)
{
    (void)state;
    th_run r = th_agentdb(NULL, NULL, NULL, "-c", "set format csv", "-c", "set", "-c",
                          "help quit", "-c", "set format jsonl", "-c", "set format", NULL);
    assert_status(r, 0);
    const char *a = strstr(r.out, "format = csv\n");
    const char *b = strstr(r.out, "quit\n    leave the REPL");
    const char *c = strstr(r.out, "format = jsonl\n");
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(c);
    assert_true(a < b);
    assert_true(b < c);
    assert_string_equal(r.err, "");
    th_run_free(&r);
}

static void test_stop_at_first_failure(void **state)
{
    (void)state;
    /* a usage failure: exit 1, the later -c does not run */
    th_run r = th_agentdb(NULL, NULL, NULL, "-c", "set", "-c", "bogus", "-c", "help quit", NULL);
    assert_status(r, 1);
    assert_contains(r.out, "format = table");
    assert_not_contains(r.out, "leave the REPL");
    assert_contains(r.err, "unknown command 'bogus'");
    th_run_free(&r);

    /* a refusal: exit 4, and 'migrate up' after it never ran */
    const char *db = fresh_db("stop");
    r = th_agentdb(db, NULL, NULL, "-c", "migrate down 0", "-c", "migrate up", NULL);
    assert_status(r, 4);
    assert_contains(r.err, "refused: rolling back to 0");
    assert_not_contains(r.err, "applying");
    th_run_free(&r);
    assert_int_equal(agentdb_schema_exists(db), 0);

    /* a command failure: exit 3 */
    r = th_agentdb(db, NULL, NULL, "-c", "set", "-c", "migrate repair 99 --reason=x", "-c",
                   "help quit", NULL);
    assert_status(r, 3);
    assert_contains(r.out, "format = table");
    assert_not_contains(r.out, "leave the REPL");
    assert_contains(r.err, "nothing to repair");
    th_run_free(&r);
    th_drop_db(db);
}

static void test_continue_on_error(void **state)
{
    (void)state;
    th_run r = th_agentdb(NULL, NULL, NULL, "--continue-on-error", "-c", "bogus", "-c",
                          "help quit", NULL);
    assert_status(r, 1);
    assert_contains(r.out, "leave the REPL");
    assert_contains(r.err, "unknown command 'bogus'");
    th_run_free(&r);

    /* the exit code is the first failure's */
    const char *db = fresh_db("continue");
    r = th_agentdb(db, NULL, NULL, "--continue-on-error", "-c", "migrate repair 99 --reason=x",
                   "-c", "bogus", "-c", "set", NULL);
    assert_status(r, 3);
    assert_contains(r.out, "format = table");
    assert_contains(r.err, "nothing to repair");
    assert_contains(r.err, "unknown command 'bogus'");
    th_run_free(&r);

    /* and within a script too, with the line of the usage error */
    r = th_agentdb(db, NULL, "bogus\nset\n", "--continue-on-error", NULL);
    assert_status(r, 1);
    assert_contains(r.out, "format = table");
    assert_contains(r.err, "(at stdin:1)");
    th_run_free(&r);
    th_drop_db(db);
}

static const char script[] = "# a script: comments and blank lines are skipped\n"
                             "\n"
                             "   # an indented comment\n"
                             "set format csv   # trailing comment\n"
                             "\n"
                             "migrate status\n"
                             "help quit\n";

static void test_script_sources_agree(void **state)
{
    (void)state;
    const char *db = fresh_db("script");
    migrate_up(db);
    char *path = write_tmp("cmds.txt", script);

    th_run f = th_agentdb(db, NULL, NULL, "-f", path, NULL);
    assert_status(f, 0);
    assert_contains(f.out, "version,name,state,applied_at,applied_by,duration_ms,checksum\n");
    assert_contains(f.out, ",applied,");
    assert_contains(f.out, "leave the REPL");
    assert_not_contains(f.err, "unknown");

    th_run dash = th_agentdb(db, NULL, script, "-f", "-", NULL);
    assert_status(dash, 0);
    assert_string_equal(dash.out, f.out);

    th_run piped = th_agentdb(db, NULL, script, NULL);
    assert_status(piped, 0);
    assert_string_equal(piped.out, f.out);

    /* -c and -f run in the order given */
    th_run mixed = th_agentdb(db, NULL, NULL, "-c", "set format json", "-f", path, "-c", "set",
                              NULL);
    assert_status(mixed, 0);
    const char *csv = strstr(mixed.out, "version,name,state");
    const char *setting = strstr(mixed.out, "format = csv"); /* the script's set stays */
    assert_non_null(csv);
    assert_non_null(setting);
    assert_true(csv < setting);
    th_run_free(&f);
    th_run_free(&dash);
    th_run_free(&piped);
    th_run_free(&mixed);

    /* a usage error in a file names the file and line; the rest of the file does not run */
    char *bad = write_tmp("bad.txt", "set\n\n# x\nmigrate upp\nhelp quit\n");
    th_run r = th_agentdb(db, NULL, NULL, "-f", bad, NULL);
    assert_status(r, 1);
    assert_contains(r.err, "did you mean 'migrate up'");
    char *at = xasprintf("(at %s:4)", bad);
    assert_contains(r.err, at);
    assert_not_contains(r.out, "leave the REPL");
    free(at);
    th_run_free(&r);
    free(bad);
    free(path);
    th_drop_db(db);
}

static void test_set_format_json(void **state)
{
    (void)state;
    const char *db = fresh_db("setfmt");
    th_run r = th_agentdb(db, NULL, NULL, "-c", "set format json", "-c", "migrate status", NULL);
    assert_status(r, 3); /* pending */
    assert_true(jq_ok(r.out, "type == \"array\" and length > 0 and all(.[]; .state == \"pending\")"));
    th_run_free(&r);

    /* in a script, and a --format on one command overrides it for that command only */
    r = th_agentdb(db, NULL, "set format json\nmigrate status --format=csv\nset\n", NULL);
    assert_status(r, 3);
    assert_contains(r.out, "version,name,state");
    assert_not_contains(r.out, "format = "); /* stopped at the failing status */
    th_run_free(&r);
    r = th_agentdb(db, NULL, "set format json\nmigrate status --format=csv\nset format\n",
                   "--continue-on-error", NULL);
    assert_status(r, 3);
    assert_contains(r.out, "version,name,state");
    assert_contains(r.out, "format = json\n");
    th_run_free(&r);
    th_drop_db(db);
}

/* ---- output formats ------------------------------------------------------------------- */

static void test_output_formats(void **state)
{
    (void)state;
    const char *db = fresh_db("formats");
    migrate_up(db);

    th_run j = th_agentdb(db, NULL, NULL, "-c", "migrate status --format=json", NULL);
    assert_status(j, 0);
    assert_false(jq_ok("[{\"a\":1},", ".")); /* the checker itself rejects broken JSON */
    assert_true(jq_ok(j.out, "."));
    assert_true(jq_ok(j.out, "type == \"array\" and length > 0"));
    assert_true(jq_ok(j.out, "all(.[]; .state == \"applied\" and (.version | type) == \"number\" "
                             "and (.name | type) == \"string\" and (.checksum | length) == 12 "
                             "and .applied_by != null)"));
    assert_true(jq_ok(j.out, ".[0].version == 1 and .[0].name == \"core\""));
    char *n = jq_value(j.out, "length");
    int rows = atoi(n);
    free(n);
    assert_true(rows > 0);

    th_run l = th_agentdb(db, NULL, NULL, "-c", "migrate status --format=jsonl", NULL);
    assert_status(l, 0);
    assert_int_equal(count_lines(l.out), rows);
    char *copy = xstrdup(l.out);
    int k = 0;
    for (char *line = strtok(copy, "\n"); line; line = strtok(NULL, "\n"), k++) {
        if (!jq_ok(line, "type == \"object\" and .state == \"applied\""))
            fail_msg("jsonl line %d does not parse: %s", k + 1, line);
    }
    free(copy);
    assert_int_equal(k, rows);
    /* the same records as the JSON array */
    char *first = jq_value(j.out, ".[0] | tojson");
    char *lfirst = jq_value(l.out, "tojson"); /* first value of the stream */
    assert_string_equal(first, lfirst);
    free(first);
    free(lfirst);

    th_run c = th_agentdb(db, NULL, NULL, "-c", "migrate status --format=csv", NULL);
    assert_status(c, 0);
    const char *header = "version,name,state,applied_at,applied_by,duration_ms,checksum\n";
    assert_true(strncmp(c.out, header, strlen(header)) == 0);
    assert_int_equal(count_lines(c.out), rows + 1);
    assert_contains(c.out, "\n1,core,applied,");

    /* the program-wide --format is the default for every command */
    th_run g = th_agentdb(db, NULL, NULL, "--format=csv", "-c", "migrate status", NULL);
    assert_status(g, 0);
    assert_true(strncmp(g.out, header, strlen(header)) == 0);
    th_run_free(&g);

    th_run_free(&j);
    th_run_free(&l);
    th_run_free(&c);
    th_drop_db(db);
}

/* The acceptance line. */
static void test_acceptance_up_status_json(void **state)
{
    (void)state;
    const char *db = fresh_db("accept");
    th_run r = th_agentdb(db, NULL, NULL, "-c", "migrate up", "-c", "migrate status",
                          "--format=json", NULL);
    assert_status(r, 0);
    assert_true(jq_ok(r.out, "."));
    assert_true(jq_ok(r.out, "type == \"array\" and length > 0 and "
                             "all(.[]; .state == \"applied\")"));
    /* progress goes to stderr, so stdout is the one JSON document */
    assert_contains(r.err, "applied");
    assert_int_equal(r.out[0], '[');
    th_run_free(&r);
    th_drop_db(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exit0_help_version),
        cmocka_unit_test(test_exit1_usage),
        cmocka_unit_test(test_exit1_unreadable_file),
        cmocka_unit_test(test_exit2_unreachable),
        cmocka_unit_test(test_exit2_connect_timeout),
        cmocka_unit_test(test_exit3_pending_and_repair),
        cmocka_unit_test(test_exit4_down_needs_confirm),
        cmocka_unit_test(test_exit4_read_only),
        cmocka_unit_test(test_read_only_session_and_app_name),
        cmocka_unit_test(test_commands_in_order),
        cmocka_unit_test(test_stop_at_first_failure),
        cmocka_unit_test(test_continue_on_error),
        cmocka_unit_test(test_script_sources_agree),
        cmocka_unit_test(test_set_format_json),
        cmocka_unit_test(test_output_formats),
        cmocka_unit_test(test_acceptance_up_status_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
