/* tui.h: the console engine: a stack of screens (each an ops table in screens/), a main loop that
 * poll()s the terminal and the libpq socket together, one query in flight, actions and key
 * bindings, the status line, and a headless script mode that dumps the screen as text. */
#ifndef AGENTDB_TUI_H
#define AGENTDB_TUI_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

#include "app.h"

/* Actions: declared once with a name and a help line (X-macro). */
#define TUI_ACTIONS(X)                                                                             \
    X(NONE, "none", "do nothing")                                                                  \
    X(HELP, "help", "help for this screen, from the bindings in force")                            \
    X(PROMPT, "prompt", "command prompt (':'), with completion and history")                       \
    X(QUIT, "quit", "quit agentdb")                                                                \
    X(BACK, "back", "go back to the previous screen")                                              \
    X(OPEN, "open", "open the selected item")                                                      \
    X(UP, "up", "move up")                                                                         \
    X(DOWN, "down", "move down")                                                                   \
    X(LEFT, "left", "scroll left")                                                                 \
    X(RIGHT, "right", "scroll right")                                                              \
    X(PAGE_UP, "page-up", "page up")                                                               \
    X(PAGE_DOWN, "page-down", "page down")                                                         \
    X(FIRST, "first", "go to the first row")                                                       \
    X(LAST, "last", "go to the last row")                                                          \
    X(REFRESH, "refresh", "reload the data of this screen")                                        \
    X(FASTER, "faster", "auto-refresh more often")                                                 \
    X(SLOWER, "slower", "auto-refresh less often (off below the slowest)")                         \
    X(FILTER, "filter", "filter or search ('/')")                                                  \
    X(NEXT_MATCH, "next-match", "next match")                                                      \
    X(PREV_MATCH, "prev-match", "previous match")                                                  \
    X(SORT_PREV, "sort-prev", "sort by the column to the left")                                    \
    X(SORT_NEXT, "sort-next", "sort by the column to the right")                                   \
    X(SORT_REVERSE, "sort-reverse", "reverse the sort order")                                      \
    X(COPY, "copy", "copy the selected value (OSC 52)")                                            \
    X(COPY_PATH, "copy-path", "copy the selected item's id or path (OSC 52)")                      \
    X(CANCEL, "cancel", "cancel the running query")                                                \
    X(JSON, "json", "open the JSON viewer on the selected document")                               \
    X(DAG, "dag", "open the DAG view of this workflow")                                            \
    X(PAN_LEFT, "pan-left", "DAG: scroll the drawing left")                                        \
    X(PAN_RIGHT, "pan-right", "DAG: scroll the drawing right")                                     \
    X(FOCUS, "focus", "DAG: show only the selection and its neighbours (again: everything)")       \
    X(MORE_HOPS, "more-hops", "DAG: focus one more edge away")                                     \
    X(FEWER_HOPS, "fewer-hops", "DAG: focus one edge fewer")                                       \
    X(COLLAPSE, "collapse", "DAG: collapse fan-out groups into one box (again: expand)")           \
    X(CRITICAL, "critical-path", "DAG: highlight the critical path (longest by duration)")         \
    X(BLOCKERS, "blockers", "DAG: highlight what blocks the selected task")                        \
    X(VERSION_NEXT, "version-next", "DAG: show the next DAG version")                              \
    X(VERSION_PREV, "version-prev", "DAG: show the previous DAG version")                          \
    X(GO_DASHBOARD, "dashboard", "go to the Dashboard")                                            \
    X(GO_WORKFLOWS, "workflows", "go to Workflows")                                                \
    X(GO_TASKS, "tasks", "go to Tasks")                                                            \
    X(GO_AGENTS, "agents", "go to Agents")                                                         \
    X(GO_MIGRATIONS, "migrations", "go to Migrations")                                             \
    X(GO_REPORTS, "reports", "go to Reports")                                                      \
    X(GO_CHECKS, "checks", "go to Checks")                                                         \
    X(GO_EXPERIENCES, "experiences", "go to Experiences")                                          \
    X(CHART, "chart", "switch between the table and its chart")                                   \
    X(APPLY, "apply", "apply migrations up to the selected one (plan, then confirm)")              \
    X(ROLLBACK, "rollback", "roll back to the selected migration (plan, confirm, backup)")          \
    X(VERIFY, "verify", "run the verify sections of the applied migrations")                     \
    X(RUN_ONE, "run", "run the selected check")                                                    \
    X(RUN_ALL, "run-all", "run every check")                                                       \
    X(EXPORT_CSV, "export-csv", "write the rows shown to a CSV file")                              \
    X(REFRESH_REPORT, "refresh-report", "refresh the report's materialized view (CONCURRENTLY)")                                   \
    X(FOLD, "fold", "fold or unfold the node under the cursor")                                    \
    X(FOLD_ALL, "fold-all", "fold every node below the top level")                                 \
    X(UNFOLD_ALL, "unfold-all", "unfold every node")                                               \
    X(FOLD_1, "fold-1", "fold to level 1 (only the top level open)")                               \
    X(FOLD_2, "fold-2", "fold to level 2")                                                         \
    X(FOLD_3, "fold-3", "fold to level 3")                                                         \
    X(FOLD_4, "fold-4", "fold to level 4")                                                         \
    X(FOLD_5, "fold-5", "fold to level 5")                                                         \
    X(FOLD_6, "fold-6", "fold to level 6")                                                         \
    X(FOLD_7, "fold-7", "fold to level 7")                                                         \
    X(FOLD_8, "fold-8", "fold to level 8")                                                         \
    X(FOLD_9, "fold-9", "fold to level 9")                                                         \
    X(WRAP, "wrap", "wrap long lines, or cut them (toggle)")                                       \
    X(PAGER, "pager", "show the string under the cursor unescaped, in a pager")                    \
    X(COPY_JSONPATH, "copy-jsonpath", "copy the node's path as a JSONPath ($.a[0].b)")             \
    X(COPY_PG_PATH, "copy-pg-path", "copy the node's path as a PostgreSQL #>'{a,0,b}' path")       \
    X(JSONPATH, "jsonpath", "filter with a jsonpath, evaluated by PostgreSQL")                     \
    X(DIFF, "diff", "diff against another document (a corrected task's by default)")              \
    X(TABLE_MODE, "table-mode", "show an array of objects as a table (toggle)")                   \
    X(NEXT_COLUMN, "next-column", "show the row's next JSONB column")

typedef enum {
#define TUI_ENUM(id, name, help) TA_##id,
    TUI_ACTIONS(TUI_ENUM)
#undef TUI_ENUM
    TA_COUNT
} tui_action;

const char *tui_action_name(tui_action a);
const char *tui_action_help(tui_action a);
bool tui_action_parse(const char *name, tui_action *a);

typedef struct tui tui;
typedef struct tui_view tui_view; /* one open screen on the stack */

/* A screen's ops table (after tig's view_ops). State is allocated by the engine (state_size
 * bytes, zeroed) and freed after close. */
typedef struct tui_screen {
    const char *name;       /* "workflows": for ':' commands, key bindings and help */
    const char *title;
    size_t state_size;
    /* Start loading: usually one or more tui_query calls. arg may be NULL (borrowed). */
    void (*open)(tui *t, tui_view *v, void *st, const char *arg);
    /* A query this view sent finished: res is owned by the engine (do not PQclear), NULL with
     * err on failure. tag is what the view passed to tui_query. */
    void (*on_result)(tui *t, tui_view *v, void *st, int tag, const PGresult *res,
                      const char *err);
    /* Draw into the area rows x cols starting at screen row top. */
    void (*draw)(tui *t, tui_view *v, void *st, int top, int rows, int cols);
    /* An action for this screen. Return true when handled. */
    bool (*on_action)(tui *t, tui_view *v, void *st, tui_action a);
    /* Free what the state owns (not the state itself). */
    void (*close)(void *st);
    /* Reads go to the report server when --report-dsn (AGENTDB_REPORT_DSN) is set: reports and
     * checks, so they load a standby rather than the primary. Writes use tui_query_text_primary. */
    bool reads_reports;
} tui_screen;

/* Run the console until quit. Returns an exit code. */
int tui_run(app *a);

/* For screens: */
void tui_push(tui *t, const tui_screen *s, const char *arg);
/* Find a screen by name (NULL when unknown). */
const tui_screen *tui_screen_find(const char *name);
/* Queue a bundled query (path under sql/) for this view; params are copied. */
void tui_query(tui *t, tui_view *v, int tag, const char *path, int nparams,
               const char *const *params);
/* The same for SQL a screen built itself: only identifiers quoted by the server (quote_ident
 * from the catalog) may be spliced in; values go in params. sql is copied. */
void tui_query_text(tui *t, tui_view *v, int tag, const char *sql, int nparams,
                    const char *const *params);
/* The same, always on the primary even for a reads_reports screen: for a screen's writes
 * (refreshing a materialized view). */
void tui_query_text_primary(tui *t, tui_view *v, int tag, const char *sql, int nparams,
                            const char *const *params);
/* The connection v reads from, for a screen's synchronous work while nothing is in flight (a
 * check run): the report server for a reads_reports screen when one is set, else the primary.
 * NULL, with the reason on the status line, when the report server cannot be reached. */
db_conn *tui_view_db(tui *t, tui_view *v);
/* Same for a template (db_fill_idents): @TABLE@ and @COLUMN@ become the quoted identifiers, which
 * the screen must have checked against the catalog first (e.g. queries/json/columns.sql). */
void tui_query_ident(tui *t, tui_view *v, int tag, const char *path, const char *table,
                     const char *column, int nparams, const char *const *params);
/* Inside on_result: take ownership of the result being delivered (the caller PQclear()s it), so
 * a large value can be kept without a copy. NULL outside on_result. */
PGresult *tui_take_result(tui *t);
void tui_set_message(tui *t, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
bool tui_busy(const tui *t);
bool tui_ascii(const tui *t);
bool tui_read_only(const tui *t);
/* Copy text to the terminal's clipboard through OSC 52. */
void tui_copy(tui *t, const char *text);
/* Ask for one line of input at the bottom (the filter prompt). Returns malloc'd text or NULL
 * when cancelled. In script mode the next script line is the answer. */
char *tui_ask(tui *t, const char *prompt, const char *initial);
/* The process state (connection, output streams) for screens that run engine work directly
 * (the Migrations screen); use its connection only while no query is in flight (inside
 * on_result or when !tui_busy). */
app *tui_app(tui *t);
/* Paint the whole screen now (before blocking work, or before a prompt that refers to it). */
void tui_redraw(tui *t);
/* For long synchronous work (a check run): true when the operator pressed Ctrl-C or Esc since
 * the last call (other keys typed meanwhile are dropped). In script mode, true when the next
 * script line is "key ^C", which it consumes. */
bool tui_interrupted(tui *t);
/* Headless script mode (AGENTDB_SCRIPT): true while a script drives the console. */
bool tui_is_script(const tui *t);

#endif
