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

static const cmd_opt opts_check_run[] = {
    {"sample", OPT_INT, "N", "offending ids shown per check (default 3, at most 100)"},
    {NULL, OPT_FLAG, NULL, NULL},
};
static const cmd_opt opts_check_show[] = {
    {"limit", OPT_INT, "N", "at most N rows (default 100; 0 shows all)"},
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
    {"check", "list", "", 0, 0, NULL, 0, "the integrity checks: name, severity, description",
     "The rules are the files of sql/checks, built into the binary: each is a query returning "
     "the rows that break it (task_dependency_cycles runs in C over the edges streamed with COPY).",
     cmd_check_list},
    {"check", "run", "[NAME...]", 0, -1, opts_check_run, 0, /* connects after checking names */
     "run every integrity check, or the named ones; exits 5 when any finds rows",
     "Prints per check its result (pass, fail or error), the offending-row count, the time taken "
     "and a sample of ids, with progress on stderr. Warnings fail like errors. Each check's last "
     "result is stored in agentdb.check_results (skipped when read-only). Exits 5 when any check "
     "failed, else 3 when one could not run, else 0.",
     cmd_check_run},
    {"check", "show", "NAME", 1, 1, opts_check_show, 0, /* connects after checking NAME */
     "the rows that break one integrity check",
     "The first columns are the table and the id of each offending row, then its workflow_id or "
     "task_id where it has one, then what is wrong.",
     cmd_check_show},
};

const size_t cmd_count = sizeof cmd_table / sizeof cmd_table[0];
