/* repl.h: the interactive command mode: GNU readline with history in
 * $XDG_STATE_HOME/agentdb/history and Tab completion from the command table. */
#ifndef AGENTDB_REPL_H
#define AGENTDB_REPL_H

#include "app.h"

/* Run until quit or end of input. Returns the exit code of the session (0, or 2 when the
 * connection was lost for good). */
int repl_run(app *a);

/* Run a script (one command per line, '#' comments) from an open stream. name is for messages.
 * Stops at the first failing command unless a->continue_on_error; returns the first failure's
 * exit code, else 0. */
int script_run(app *a, FILE *in, const char *name);

/* Shared with the console's ':' prompt: readline completion over the command table, and the
 * history file's path (malloc'd; its directory is created). */
char **repl_complete(const char *text, int start, int end);
char *repl_history_path(void);

#endif
