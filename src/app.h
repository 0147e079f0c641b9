/* app.h: the state one agentdb process carries between commands: connection settings, the lazily
 * opened connection, output format and session flags. Shared by command mode and the console. */
#ifndef AGENTDB_APP_H
#define AGENTDB_APP_H

#include <stdbool.h>
#include <stdio.h>

#include "cmd.h"
#include "db.h"
#include "local.h"
#include "out.h"

typedef struct app {
    db_params params;        /* strings borrowed from argv/env */
    char *local_conninfo;    /* owned: conninfo of the --local cluster, or NULL */
    db_conn *db;             /* owned: opened on the first command that needs it */
    const char *report_dsn;  /* borrowed (argv/env): server for CMD_REPORT commands, or NULL */
    db_conn *report_db;      /* owned: opened on the first report command when report_dsn */
    out_format fmt;          /* default output format */
    bool continue_on_error;  /* run the remaining commands after a failure */
    bool interactive;        /* REPL on a terminal */
    bool quit;               /* a 'quit' command ran */
    bool ascii;              /* console: ASCII line drawing and glyphs only */
    const char *color;       /* console: "auto", "always" or "never" (borrowed) */
    FILE *out;               /* results (stdout) */
    FILE *err;               /* messages and progress (stderr) */
} app;

/* Open the connection if needed. Returns EXIT_OK, or EXIT_CONN after printing libpq's message. */
int app_db(app *a);
/* Open the report connection (--report-dsn) if needed: read-only, same password settings.
 * Returns EXIT_OK or EXIT_CONN after printing libpq's message. */
int app_report_db(app *a);
/* Print "agentdb: message" on the error stream. */
void app_error(app *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print a db error and return its exit code (2 lost connection, 4 read-only, else 3). */
int app_db_error(app *a, const db_error *e);
/* Parse and run one command line. Returns its exit code (0 for an empty line). */
int app_run_line(app *a, const char *line);
/* The format a command should print in: its --format option, else the session default.
 * Returns false (after printing an error) for an unknown format. */
bool app_format(app *a, const cmd_call *call, out_format *fmt);

#endif
