/* db_copy.c: COPY TO STDOUT streaming over the one connection: non-blocking PQgetCopyData with
 * poll(), a cancel request sent when db_request_cancel() was called, errors with SQLSTATE. */
#include "db_copy.h"

#include <errno.h>
#include <poll.h>
#include <string.h>

static void cancel_query(PGconn *pg)
{
    PGcancel *cn = PQgetCancel(pg);
    if (cn) {
        char buf[256];
        PQcancel(cn, buf, sizeof buf);
        PQfreeCancel(cn);
    }
}

/* Read the results that follow the COPY data; the first failure goes into *err. */
static int finish(PGconn *pg, db_error *err, bool want_error)
{
    int rc = 0;
    PGresult *r;
    while ((r = PQgetResult(pg)) != NULL) {
        ExecStatusType st = PQresultStatus(r);
        if (st == PGRES_COPY_OUT) {
            /* still in COPY mode after a sink stop: swallow the rest */
            char *buf;
            while (PQgetCopyData(pg, &buf, 0) > 0)
                PQfreemem(buf);
        } else if (st != PGRES_COMMAND_OK && rc == 0) {
            rc = -1;
            if (want_error)
                db_error_from_result(err, pg, r);
        }
        PQclear(r);
    }
    if (PQstatus(pg) == CONNECTION_BAD && want_error) {
        if (!err->message)
            db_error_from_result(err, pg, NULL);
        err->conn_lost = true;
        rc = -1;
    }
    return rc;
}

int db_copy_out(db_conn *c, const char *sql, db_copy_sink sink, void *arg, db_error *err)
{
    PGconn *pg = db_pg(c);
    if (PQstatus(pg) != CONNECTION_OK) {
        db_error_set(err, "the connection to the server was lost");
        err->conn_lost = true;
        return -1;
    }
    if (!PQsendQuery(pg, sql)) {
        db_error_from_result(err, pg, NULL);
        return -1;
    }
    /* Wait for the first result: COPY_OUT, or an error (bad statement, permission). */
    bool cancel_sent = false;
    PGresult *r = NULL;
    for (;;) {
        if (db_cancel_requested() && !cancel_sent) {
            cancel_query(pg);
            cancel_sent = true;
        }
        if (!PQconsumeInput(pg)) {
            db_error_from_result(err, pg, NULL);
            err->conn_lost = PQstatus(pg) == CONNECTION_BAD;
            return -1;
        }
        if (!PQisBusy(pg)) {
            r = PQgetResult(pg);
            break;
        }
        struct pollfd pf = {PQsocket(pg), POLLIN, 0};
        if (poll(&pf, 1, 100) < 0 && errno != EINTR) {
            db_error_set(err, "poll: %s", strerror(errno));
            return -1;
        }
    }
    if (!r || PQresultStatus(r) != PGRES_COPY_OUT) {
        if (r && PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
            db_error_from_result(err, pg, r);
        else
            db_error_set(err, "the statement is not a COPY ... TO STDOUT (a program defect)");
        PQclear(r);
        finish(pg, err, false);
        return -1;
    }
    PQclear(r);
    int stopped = 0;
    for (;;) {
        char *buf = NULL;
        int n = PQgetCopyData(pg, &buf, 1);
        if (n > 0) {
            int s = stopped ? 0 : sink(arg, buf, (size_t)n);
            PQfreemem(buf);
            if (s != 0 && !stopped) {
                stopped = 1;
                cancel_query(pg);
            }
            continue;
        }
        if (n == -1) /* done: the result follows */
            break;
        if (n == -2) {
            db_error_from_result(err, pg, NULL);
            err->conn_lost = PQstatus(pg) == CONNECTION_BAD;
            finish(pg, err, false);
            return -1;
        }
        /* n == 0: nothing buffered; wait for the socket */
        if (db_cancel_requested() && !cancel_sent) {
            cancel_query(pg);
            cancel_sent = true;
        }
        struct pollfd pf = {PQsocket(pg), POLLIN, 0};
        if (poll(&pf, 1, 100) < 0 && errno != EINTR) {
            db_error_set(err, "poll: %s", strerror(errno));
            return -1;
        }
        if (!PQconsumeInput(pg)) {
            db_error_from_result(err, pg, NULL);
            err->conn_lost = PQstatus(pg) == CONNECTION_BAD;
            return -1;
        }
    }
    int rc = finish(pg, err, !stopped);
    if (stopped) {
        db_error_clear(err);
        return -2;
    }
    return rc;
}
