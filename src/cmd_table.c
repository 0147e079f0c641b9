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

static const cmd_opt opts_report_run[] = {
    {"from", OPT_STRING, "TIME", "rows from this time on (the report's first date/time column)"},
    {"to", OPT_STRING, "TIME", "rows before this time"},
    {"agent", OPT_STRING, "NAME", "only this agent (agent_name, or agent_id)"},
    {"task-type", OPT_STRING, "TYPE", "only this task type"},
    {"limit", OPT_INT, "N", "at most N rows (0: just the column names)"},
    {NULL, OPT_FLAG, NULL, NULL},
};
static const cmd_opt opts_retention_plan[] = {
    {"at", OPT_STRING, "TIME", "plan as of TIME instead of now (what-if; apply always uses now)"},
    {NULL, OPT_FLAG, NULL, NULL},
};
static const cmd_opt opts_retention_apply[] = {
    {"confirm", OPT_FLAG, NULL, "required: carry out the plan (without it, prints the plan)"},
    {"batch", OPT_INT, "N", "partitions per batch, each batch committed (default 10)"},
    {NULL, OPT_FLAG, NULL, NULL},
};

static const cmd_opt opts_export[] = {
    {"output", OPT_STRING, "FILE", "required: the file to write (- for standard output); written "
                                   "to a temporary file and renamed into place when complete"},
    {"force", OPT_FLAG, NULL, "replace FILE when it exists (else the export refuses, exit 4)"},
    {"since", OPT_STRING, "TIME", "tables only: rows whose time is at or after TIME"},
    {"until", OPT_STRING, "TIME", "tables only: rows whose time is before TIME"},
    {"project", OPT_STRING, "ID", "tables only: rows of this project (a uuid)"},
    {"progress", OPT_FLAG, NULL, "show progress on stderr even when it is not a terminal"},
    {NULL, OPT_FLAG, NULL, NULL},
};

static const cmd_opt opts_health[] = {
    {"long-xact", OPT_STRING, "DURATION", "report transactions open longer than this "
                                          "(default 5min)"},
    {"idle-xact", OPT_STRING, "DURATION", "report sessions idle in a transaction longer than "
                                          "this (default 1min)"},
    {"top", OPT_INT, "N", "how many of the largest tables and partitions to list (default 10)"},
    {NULL, OPT_FLAG, NULL, NULL},
};

static const cmd_opt opts_dag_show[] = {
    {"version", OPT_INT, "N", "the DAG version to draw (default: the workflow's current one)"},
    {"focus", OPT_STRING, "TASK", "draw only this task and its neighbourhood (see --hops)"},
    {"hops", OPT_INT, "K", "with --focus: upstream and downstream edges to follow (default 2)"},
    {"status", OPT_STRING, "S[,S...]", "keep only tasks in these statuses; the graph closes up"},
    {"collapse", OPT_FLAG, NULL, "draw fan-out groups (3 or more siblings with the same upstream "
                                 "tasks and type) as one box with a status histogram"},
    {"ascii", OPT_FLAG, NULL, "ASCII lines and glyphs (also chosen when the locale is not UTF-8)"},
    {NULL, OPT_FLAG, NULL, NULL},
};

static const cmd_opt opts_json_show[] = {
    {"jsonpath", OPT_STRING, "EXPR", "print only the matches of this SQL/JSON path, evaluated by "
                                     "PostgreSQL (jsonb_path_query), e.g. '$.runs[*] ? (@.status == \"fail\")'"},
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
     "stderr; a failure or Ctrl-C rolls everything back and nothing is loaded: a lost connection "
     "(the server restarted) exits 2, a failure on the server (its disk full, a file size limit, "
     "a statement timeout) exits 3 with the server's reason. Refuses (exit 4) to mix with existing "
     "data unless --append or --replace is given, and refuses a scale the server's disk cannot "
     "hold. The same --scale, --seed and --epoch always produce the same rows.",
     cmd_demo_load},
    {"report", "list", "", 0, 0, NULL, CMD_NEEDS_DB | CMD_REPORT,
     "the report views, with their descriptions",
     "Reports are the views named report_* (migration 0011), found in the catalog with the first "
     "line of their COMMENT. Kind 'materialized' means the data is as of the last 'report "
     "refresh'.",
     cmd_report_list},
    {"report", "run", "NAME", 1, 1, opts_report_run, CMD_NEEDS_DB | CMD_REPORT,
     "run a report, optionally filtered by time, agent or task type",
     "NAME may omit the report_ prefix. Filters apply to the report's columns: --from and --to to "
     "its first date or time column, --agent to agent_name (or agent_id), --task-type to "
     "task_type; a filter the report has no column for is refused. Materialized reports cover "
     "every project, so only agentdb_admin and the owner may read them.",
     cmd_report_run},
    {"report", "refresh", "[NAME]", 0, 1, NULL, CMD_NEEDS_DB | CMD_WRITES,
     "refresh the materialized reports (CONCURRENTLY), one at a time with progress",
     "Readers are never blocked: a populated view is refreshed CONCURRENTLY (its unique index "
     "allows it). Prints the seconds each took. As a member of agentdb_admin who does not own "
     "the views, refreshes all of them through refresh_reports().",
     cmd_report_refresh},
    {"retention", "plan", "", 0, 0, opts_retention_plan, CMD_NEEDS_DB,
     "what retention would create, detach, drop or aggregate, with rows and bytes",
     "Follows retention_policies (migration 0009): partitions ahead to create, then per table, "
     "oldest first, the partitions past keep_active and the archives past keep_archived. A "
     "'create' whose rows_estimate is above 0 is blocked by rows in the DEFAULT partition.",
     cmd_retention_plan},
    {"retention", "apply", "", 0, 0, opts_retention_apply,
     CMD_NEEDS_DB | CMD_WRITES | CMD_DESTRUCTIVE,
     "carry out the retention plan in committed batches, with progress",
     "Without --confirm, prints the plan and refuses (exit 4). Each batch of --batch partitions "
     "is one transaction with lock_timeout 5s; Ctrl-C stops between batches, and finished "
     "batches stay committed. Detached partitions become archive tables; dropped ones are gone.",
     cmd_retention_apply},
    {"export", NULL, "experiences|workflows|tasks|REPORT", 1, 1, opts_export, CMD_NEEDS_DB | CMD_REPORT,
     "stream a table or a report view to a CSV or JSON Lines file",
     "Streams through COPY, so memory stays flat however many rows there are. --format=csv "
     "(the default) writes a header line, then one record per row, as COPY's CSV does (NULL is "
     "an empty unquoted field); --format=jsonl writes one JSON object per row and line. The "
     "tables are filtered on their time column (experiences.occurred_at, workflows.created_at, "
     "tasks.created_at) in [--since, --until) and on --project. REPORT is a view named report_% "
     "(the prefix may be left out). The file appears only once complete; an existing file is "
     "kept unless --force. Progress (rows and bytes) goes to stderr when it is a terminal or "
     "with --progress.",
     cmd_export},
    {"health", NULL, "", 0, 0, opts_health, CMD_NEEDS_DB,
     "server, connections, replication, migrations, transactions, table sizes, partitions ahead",
     "One section each: server version, round-trip latency (measured here) and database size; "
     "connections by state against max_connections; replication role and lag; migration state; "
     "long-running and idle-in-transaction sessions; the largest tables and partitions with "
     "their dead tuples; and the partitions ahead of each retention policy's table. A last "
     "section lists the problems found. --format=json prints one object with a key per section. "
     "Exits 0 when healthy and 5 when there is a problem: pending, partial or drifted "
     "migrations, fewer partitions ahead than the policy's premake, a transaction or an idle "
     "transaction older than its threshold, or connections at 90% of max_connections. A section "
     "this role may not read shows its error, the others still run, and health exits 3.",
     cmd_health},
    {"sql", NULL, "STATEMENT", 1, -1, NULL, CMD_NEEDS_DB,
     "run one SQL statement of your own and print its rows",
     "For what the other commands do not cover, and to fix what 'check show' finds. Exactly one "
     "statement (no ';'-separated scripts); quote it to keep it one word, or let the words be "
     "joined with spaces. The server refuses writes under --read-only and on a standby (exit 4). "
     "Prints the rows in the chosen format, or the command tag (UPDATE 3).",
     cmd_sql},
    {"dag", "show", "WF", 1, 1, opts_dag_show, CMD_NEEDS_DB | CMD_OWN_FORMAT,
     "draw a workflow's task DAG: --format=text (default), dot or json",
     "text is the drawing the DAG screen shows (boxes with status glyph, name, duration and try n "
     "of max; Unicode lines, or ASCII), for pasting into tickets. dot is Graphviz input (dot -Tsvg "
     "renders it; the critical path is bold, soft edges dashed). json lists the tasks, the edges, "
     "each box's cells and each edge's polyline, and the critical path. Edges that close a cycle "
     "(bad data) are drawn upward. Exits 3 for an unknown workflow, version or focus task.",
     cmd_dag_show},
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
    {"check", "list", "", 0, 0, NULL, 0, "the integrity checks: name, severity, description",
     "The rules are the files of sql/checks, built into the binary: each is a query returning "
     "the rows that break it (task_dependency_cycles runs in C over the edges streamed with COPY).",
     cmd_check_list},
    {"check", "run", "[NAME...]", 0, -1, opts_check_run, CMD_REPORT, /* connects after checking names, or to the report server */
     "run every integrity check, or the named ones; exits 5 when any finds rows",
     "Prints per check its result (pass, fail or error), the offending-row count, the time taken "
     "and a sample of ids, with progress on stderr. Warnings fail like errors. Each check's last "
     "result is stored in agentdb.check_results (skipped when read-only). Exits 5 when any check "
     "failed, else 3 when one could not run, else 0.",
     cmd_check_run},
    {"check", "show", "NAME", 1, 1, opts_check_show, CMD_REPORT, /* connects after checking NAME, or to the report server */
     "the rows that break one integrity check",
     "The first columns are the table and the id of each offending row, then its workflow_id or "
     "task_id where it has one, then what is wrong.",
     cmd_check_show},
};

const size_t cmd_count = sizeof cmd_table / sizeof cmd_table[0];
