/* db.h: the one libpq connection: connect with psql's conventions, asynchronous queries sent with
 * PQsendQueryParams and waited for with poll(), cancel, and errors that carry their SQLSTATE. */
#ifndef AGENTDB_DB_H
#define AGENTDB_DB_H

#include <libpq-fe.h>
#include <stdbool.h>

/* Connection settings from the command line. Strings are borrowed from argv/env for the life of
 * the program (never freed by db). */
typedef struct db_params {
    const char *conninfo;   /* positional DBNAME, conninfo string or URI (may be NULL) */
    const char *host, *port, *user, *dbname;
    bool read_only;         /* SET default_transaction_read_only after connecting */
    bool no_password;       /* -w: never prompt */
    bool force_password;    /* -W: prompt before connecting */
} db_params;

/* A server error or a local one. All strings owned by the struct (db_error_clear frees them). */
typedef struct db_error {
    char sqlstate[6];       /* "" for local errors */
    char *message;          /* primary message, never NULL once set */
    char *detail;           /* may be NULL */
    char *hint;             /* may be NULL */
    char *constraint;       /* constraint name when the server gave one */
    bool conn_lost;         /* the connection is gone (exit code 2 territory) */
} db_error;

typedef struct db_conn db_conn;

/* Connect. On failure returns NULL and fills *err (conn_lost set). The password prompt appears
 * only when libpq says one is needed and stdin is a terminal; the password is wiped after use. */
db_conn *db_connect(const db_params *p, db_error *err);
void db_close(db_conn *c);
PGconn *db_pg(db_conn *c);
const db_params *db_params_of(db_conn *c);

/* Reconnect with the same settings (after a lost connection). 0 on success. */
int db_reconnect(db_conn *c, db_error *err);

/* Run one statement with $n text parameters and wait for its result while polling the socket.
 * Returns the PGresult (caller PQclear()s it) for PGRES_COMMAND_OK/TUPLES_OK, or NULL with *err
 * filled. A pending cancel request (db_request_cancel, e.g. from SIGINT) is sent while waiting. */
PGresult *db_exec(db_conn *c, const char *sql, int nparams, const char *const *params, db_error *err);
/* Same, for utility/DDL text that may hold several statements and no parameters (simple query
 * protocol). Used only for bundled migration SQL. */
PGresult *db_exec_simple(db_conn *c, const char *sql, db_error *err);
/* Run and discard the result; 0 on success, -1 with *err filled. */
int db_run(db_conn *c, const char *sql, int nparams, const char *const *params, db_error *err);

/* Asynchronous interface for the console main loop. db_send returns 0 when the query was sent;
 * then poll db_socket() for input and call db_consume(): it returns 1 while busy, 0 when the
 * result is ready (db_take_result gives it, caller PQclear()s), -1 on error (*err filled). */
int db_send(db_conn *c, const char *sql, int nparams, const char *const *params, db_error *err);
int db_socket(db_conn *c);
int db_consume(db_conn *c, PGresult **res, db_error *err);

/* Ask the server to cancel the running query. Async-signal-safe flag setter for SIGINT handlers;
 * the actual PQcancel happens in the waiting loop. */
void db_request_cancel(void);
bool db_cancel_requested(void);
void db_clear_cancel(void);

bool db_is_read_only(db_conn *c);
/* pg_is_in_recovery(): true on a standby. Cached after the first call per connection. */
bool db_in_recovery(db_conn *c, db_error *err);

/* "host:port/dbname" style label for status lines and messages (owned by the connection). */
const char *db_label(db_conn *c);

/* A bundled SQL template with its @TABLE@ and @COLUMN@ markers replaced by PQescapeIdentifier()
 * of table and column (either may be NULL to leave its marker). Only for names already checked
 * against the catalog. Returns malloc'd SQL, or NULL with *err filled. (db_ident.c) */
char *db_fill_idents(db_conn *c, const char *sql, const char *table, const char *column, db_error *err);

/* Errors */
void db_error_clear(db_error *e);
void db_error_set(db_error *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Fill from a failed result (or from the connection when res is NULL). */
void db_error_from_result(db_error *e, PGconn *pg, const PGresult *res);
/* Print "agentdb: ERROR: message (SQLSTATE xxxxx)\nDETAIL: ...\nHINT: ..." to f. */
void db_error_print(const db_error *e, FILE *f);
/* The process exit code an error maps to: 2 when the connection is lost, 4 for read-only
 * refusals (25006), 3 otherwise. */
int db_error_exit_code(const db_error *e);

#endif
