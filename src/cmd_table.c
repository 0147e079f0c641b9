/* cmd_table.c: THE command table. Grammar, help, completion and the man page's COMMANDS section
 * are all generated from these entries, so they cannot drift apart. */
#include "cmd.h"
#include "commands.h"

static const cmd_opt opts_up[] = {
    {"lock-wait", OPT_INT, "SECONDS", "how long to wait for another migrator (default 300; 0: do not wait)"},
    {"lock-timeout", OPT_STRING, "DURATION", "lock_timeout for each statement (default: the "
                                             "file's, else 5s); timeouts are retried"},
    {NULL, OPT_FLAG, NULL, NULL},
};
static const cmd_opt opts_down[] = {
    {"confirm", OPT_STRING, "TARGET", "required: repeat the target version to confirm"},
    {"backup", OPT_STRING, "DIR", "pg_dump -Fc the tables that are dropped (definitions and rows) into DIR first"},
    {"lock-timeout", OPT_STRING, "DURATION", "lock_timeout for each statement (default 5s)"},
    {NULL, OPT_FLAG, NULL, NULL},
};
static const cmd_opt opts_repair[] = {
    {"reason", OPT_STRING, "TEXT", "required: why the changed file is accepted (logged)"},
    {NULL, OPT_FLAG, NULL, NULL},
};

static const cmd_opt opts_demo_load[] = {
    {"scale", OPT_STRING, "F", "required: size factor; 1 is 10,000 workflows, ~1M tasks, 5M experiences"},
    {"seed", OPT_INT, "N", "random seed (default 1): the same seed and scale give the same data"},
    {"epoch", OPT_STRING, "TIME", "anchor of generated timestamps (default: today 00:00 UTC)"},
    {"append", OPT_FLAG, NULL, "add to a database that already has data"},
    {"replace", OPT_FLAG, NULL, "empty every data table first (superuser)"},
    {"if-empty", OPT_FLAG, NULL, "load only into a database without workflows; else do nothing"},
    {NULL, OPT_FLAG, NULL, NULL},
};

static const cmd_opt opts_json_show[] = {
    {"jsonpath", OPT_STRING, "EXPR", "print only the matches of this SQL/JSON path, evaluated by "
                                     "PostgreSQL (jsonb_path_query), e.g. '$.runs[*] ? (@.status == \"fail\")'"},
    {NULL, OPT_FLAG, NULL, NULL},
};

const cmd_def cmd_table[] = {
    {"help", NULL, "[COMMAND]", 0, 2, NULL, 0, "list the commands, or describe one",
     "With no argument, lists every command. 'help migrate' lists the migrate commands and "
     "'help migrate down' shows one command with its options.",
     cmd_help},
    {"quit", NULL, "", 0, 0, NULL, 0, "leave the REPL (also 'exit', '\\q', Ctrl-D)", NULL, cmd_quit},
    {"set", NULL, "[VAR [VALUE]]", 0, 2, NULL, 0, "show or change a session setting",
     "Settings: format (table, csv, json, jsonl) and continue_on_error (on, off). With no "
     "argument, prints them all.",
     cmd_set},
    {"migrate", "status", "", 0, 0, NULL, CMD_NEEDS_DB,
     "every bundled and applied migration with its state",
     "States: applied, baseline, pending, partial (a no-transaction migration that stopped part "
     "way; the next 'migrate up' resumes it), drifted (the file changed after it was applied) and "
     "'not bundled' (applied by another agentdb). Also says who holds the migration lock. Exits 0 "
     "when the database is up to date and 3 when anything is pending, partial or drifted.",
     cmd_migrate_status},
    {"migrate", "plan", "[TARGET]", 0, 1, NULL, CMD_NEEDS_DB,
     "print exactly the SQL that 'up' (or 'down' to TARGET) would run, in order",
     "A dry run: nothing is changed. With a TARGET below the current version it prints the "
     "rollback, using the down SQL stored when each migration was applied.",
     cmd_migrate_plan},
    {"migrate", "up", "[TARGET]", 0, 1, opts_up, CMD_NEEDS_DB | CMD_WRITES,
     "apply pending migrations, up to TARGET when given",
     "Each migration runs in one transaction together with its history row, under an advisory "
     "lock, with lock_timeout and statement_timeout set; a lock timeout is retried with backoff. "
     "A failure rolls that migration back completely. Files marked no-transaction run statement "
     "by statement and resume after the last statement that succeeded.",
     cmd_migrate_up},
    {"migrate", "down", "TARGET", 1, 1, opts_down, CMD_NEEDS_DB | CMD_WRITES | CMD_DESTRUCTIVE,
     "roll back every migration above TARGET (0 for all), newest first",
     "Prints the plan, including the tables that lose rows and how many, and refuses (exit 4) "
     "unless --confirm repeats TARGET. Uses the down SQL stored in the database when each "
     "migration was applied. Irreversible migrations refuse.",
     cmd_migrate_down},
    {"migrate", "verify", "", 0, 0, NULL, CMD_NEEDS_DB,
     "run each applied migration's verify section against the live database",
     "Verify statements run in a read-only transaction that is rolled back. Exits 3 when one "
     "fails.",
     cmd_migrate_verify},
    {"migrate", "repair", "VERSION", 1, 1, opts_repair, CMD_NEEDS_DB | CMD_WRITES,
     "accept a changed (drifted) migration file, with a logged reason",
     "A drifted migration blocks every run until it is repaired. Line-ending changes alone are "
     "not drift: files are normalised to LF before hashing.",
     cmd_migrate_repair},
    {"migrate", "baseline", "VERSION", 1, 1, NULL, CMD_NEEDS_DB | CMD_WRITES,
     "adopt an existing database as being at VERSION",
     "Runs the verify sections of migrations up to VERSION first and refuses when the schema "
     "does not match, or when the database already has migration history.",
     cmd_migrate_baseline},
    {"demo", "load", "", 0, 0, opts_demo_load, CMD_NEEDS_DB | CMD_WRITES,
     "generate deterministic demo or bench data, server-side, in one transaction",
     "Runs the generator in sql/demo (generate_series, no round trips per row) with progress on "
     "stderr; a failure or Ctrl-C rolls everything back. Refuses (exit 4) to mix with existing "
     "data unless --append or --replace is given, and refuses a scale the server's disk cannot "
     "hold. The same --scale, --seed and --epoch always produce the same rows.",
     cmd_demo_load},
    {"json", "show", "TABLE ID COLUMN [PATH]", 3, 4, opts_json_show, CMD_NEEDS_DB | CMD_OWN_FORMAT,
     "print one JSONB value, or the part of it at PATH or matching a jsonpath",
     "TABLE and COLUMN must name a table of the public schema (where the migrations put the data) "
     "with an id column, and one of its JSONB columns (the catalog is asked; an unknown name lists "
     "the valid ones). ID is the row's id. PATH is a PostgreSQL text array such as {runs,0,checks}, "
     "applied with #>. --format=text (the default) prints the value indented (past 100 levels "
     "the line starts with its depth instead), with control characters and invalid UTF-8 shown "
     "escaped; --format=json prints it as compact JSON, and the "
     "matches of --jsonpath as one JSON array. Exit 1 for an unknown table or column, a malformed "
     "ID, PATH or jsonpath; exit 3 when the row or the value at PATH does not exist.",
     cmd_json_show},
};

const size_t cmd_count = sizeof cmd_table / sizeof cmd_table[0];
