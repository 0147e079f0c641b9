/* test_db.c: the connection layer against a real server: errors carry SQLSTATE, detail, hint and
 * constraint; Ctrl-C style cancel of a running query; reconnect after the backend is terminated. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "db.h"
#include "harness.h"
#include "util.h"

static char *open_ci; /* owned: conninfo borrowed by the open connection */

static db_conn *open_db(const char *name, bool read_only)
{
    free(open_ci);
    char *ci = open_ci = th_conninfo(name);
    db_params p = {0};
    p.conninfo = ci;
    p.read_only = read_only;
    db_error e = {0};
    db_conn *c = db_connect(&p, &e);
    if (!c)
        fail_msg("connect: %s", e.message);
    return c;
}

static void close_db(db_conn *c)
{
    db_close(c);
    free(open_ci);
    open_ci = NULL;
}

static void test_error_fields(void **state)
{
    (void)state;
    th_create_db("db_err", NULL);
    db_conn *c = open_db("db_err", false);
    db_error e = {0};
    assert_int_equal(db_run(c, "CREATE TABLE t (id int CONSTRAINT t_pk PRIMARY KEY)", 0, NULL, &e), 0);
    const char *p[] = {"1"};
    assert_int_equal(db_run(c, "INSERT INTO t VALUES ($1::int)", 1, p, &e), 0);
    assert_int_equal(db_run(c, "INSERT INTO t VALUES ($1::int)", 1, p, &e), -1);
    assert_string_equal(e.sqlstate, "23505");
    assert_string_equal(e.constraint, "t_pk");
    assert_non_null(e.detail);
    assert_non_null(strstr(e.detail, "(id)=(1)"));
    assert_int_equal(db_error_exit_code(&e), 3);
    db_error_clear(&e);
    assert_int_equal(db_run(c, "DO $$BEGIN RAISE EXCEPTION 'boom' USING HINT = 'try this', "
                               "ERRCODE = 'P0001'; END$$", 0, NULL, &e), -1);
    assert_string_equal(e.sqlstate, "P0001");
    assert_string_equal(e.message, "boom");
    assert_string_equal(e.hint, "try this");
    /* the printed form names the SQLSTATE and the hint */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    db_error_print(&e, f);
    fclose(f);
    assert_non_null(strstr(buf, "ERROR: boom (SQLSTATE P0001)"));
    assert_non_null(strstr(buf, "HINT: try this"));
    free(buf);
    db_error_clear(&e);
    /* parameters are data, never SQL */
    const char *inj[] = {"1); DROP TABLE t; --"};
    assert_int_equal(db_run(c, "SELECT $1::text", 1, inj, &e), 0);
    PGresult *r = db_exec(c, "SELECT count(*) FROM t", 0, NULL, &e);
    assert_non_null(r);
    assert_string_equal(PQgetvalue(r, 0, 0), "1");
    PQclear(r);
    close_db(c);
    th_drop_db("db_err");
}

static db_conn *cancel_target;
static void on_alarm(int sig)
{
    (void)sig;
    db_request_cancel();
}

/* A running query is cancelled (as Ctrl-C does) and the connection stays usable. */
static void test_cancel(void **state)
{
    (void)state;
    th_create_db("db_cancel", NULL);
    cancel_target = open_db("db_cancel", false);
    struct sigaction sa = {0};
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = {{0, 0}, {0, 300000}};
    db_clear_cancel();
    setitimer(ITIMER_REAL, &it, NULL);
    db_error e = {0};
    PGresult *r = db_exec(cancel_target, "SELECT pg_sleep(60)", 0, NULL, &e);
    assert_null(r);
    assert_string_equal(e.sqlstate, "57014"); /* query_canceled */
    assert_false(e.conn_lost);
    db_error_clear(&e);
    db_clear_cancel();
    r = db_exec(cancel_target, "SELECT 42", 0, NULL, &e);
    assert_non_null(r);
    assert_string_equal(PQgetvalue(r, 0, 0), "42");
    PQclear(r);
    close_db(cancel_target);
    th_drop_db("db_cancel");
}

/* The async interface: send, poll the socket, consume. */
static void test_async_interface(void **state)
{
    (void)state;
    th_create_db("db_async", NULL);
    db_conn *c = open_db("db_async", false);
    db_error e = {0};
    const char *p[] = {"7"};
    assert_int_equal(db_send(c, "SELECT $1::int * 6, pg_sleep(0.1)", 1, p, &e), 0);
    assert_true(db_socket(c) >= 0);
    PGresult *res = NULL;
    int rc, spins = 0;
    while ((rc = db_consume(c, &res, &e)) == 1 && spins < 100000) {
        usleep(1000);
        spins++;
    }
    assert_int_equal(rc, 0);
    assert_true(spins > 0); /* it really was asynchronous: busy while the server slept */
    assert_string_equal(PQgetvalue(res, 0, 0), "42");
    PQclear(res);
    close_db(c);
    th_drop_db("db_async");
}

/* pg_terminate_backend: the error says the connection is lost (exit 2), and reconnect works. */
static void test_terminated_and_reconnect(void **state)
{
    (void)state;
    th_create_db("db_term", NULL);
    db_conn *c = open_db("db_term", true);
    db_error e = {0};
    PGresult *r = db_exec(c, "SELECT pg_backend_pid()", 0, NULL, &e);
    assert_non_null(r);
    char *pid = xstrdup(PQgetvalue(r, 0, 0));
    PQclear(r);
    PGconn *admin = th_connect("db_term");
    char *q = xasprintf("SELECT pg_terminate_backend(%s)", pid);
    th_exec(admin, q);
    free(q);
    PQfinish(admin);
    r = db_exec(c, "SELECT 1", 0, NULL, &e);
    assert_null(r);
    assert_true(e.conn_lost);
    assert_int_equal(db_error_exit_code(&e), 2);
    db_error_clear(&e);
    assert_int_equal(db_reconnect(c, &e), 0);
    /* settings are re-applied on reconnect */
    r = db_exec(c, "SHOW default_transaction_read_only", 0, NULL, &e);
    assert_non_null(r);
    assert_string_equal(PQgetvalue(r, 0, 0), "on");
    PQclear(r);
    free(pid);
    close_db(c);
    th_drop_db("db_term");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error_fields),
        cmocka_unit_test(test_cancel),
        cmocka_unit_test(test_async_interface),
        cmocka_unit_test(test_terminated_and_reconnect),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
