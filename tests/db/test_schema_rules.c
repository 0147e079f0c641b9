/* test_schema_rules.c: every rule of the schema, broken once each. A fixed dataset is loaded into a
 * database migrated by the real binary; each case runs one statement in its own transaction (rolled
 * back) and must fail with the expected SQLSTATE and constraint name. Then the status state
 * machine pair by pair, a cycle closed through 1,000 tasks, optimistic locking, and catalog rules
 * that keep holding as migrations are added: every rule has a case, every foreign key an explicit
 * ON DELETE and an index, every table a comment. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "util.h"

#define DB "schema_rules"

/* Fixed ids, as SQL literals, so cases can name fixture rows. */
#define P1 "'00000000-0000-0000-0000-0000000000a1'" /* project one: W1, W2 */
#define P2 "'00000000-0000-0000-0000-0000000000a2'" /* project two: W3, no tasks */
#define U1 "'00000000-0000-0000-0000-0000000000b1'"
#define W1 "'00000000-0000-0000-0000-0000000000c1'" /* T1-T3, T5-T7 */
#define W2 "'00000000-0000-0000-0000-0000000000c2'" /* T4 */
#define W3 "'00000000-0000-0000-0000-0000000000c3'"
#define T1 "'00000000-0000-0000-0000-0000000000d1'"
#define T2 "'00000000-0000-0000-0000-0000000000d2'" /* depends on T1 */
#define T3 "'00000000-0000-0000-0000-0000000000d3'" /* depends on T2 */
#define T4 "'00000000-0000-0000-0000-0000000000d4'" /* in W2 */
#define T5 "'00000000-0000-0000-0000-0000000000d5'" /* child of T1 */
#define T6 "'00000000-0000-0000-0000-0000000000d6'" /* depends on T5 */
#define T7 "'00000000-0000-0000-0000-0000000000d7'" /* text_analysis, input has text */
#define NX "'00000000-0000-0000-0000-0000000000ff'" /* no row has this id */

/* 0004-0006 (task audit, RL data, pull requests) */
#define T8 "'00000000-0000-0000-0000-0000000000d8'"  /* deleted by the fixture: CA2's failed task */
#define EX1 "'00000000-0000-0000-0000-0000000002e1'" /* T1's attempt 1, queued */
#define EP1 "'00000000-0000-0000-0000-0000000002f1'" /* learning episode over W1, running */
#define EP2 "'00000000-0000-0000-0000-0000000002f2'" /* learning episode over W2, running */
#define XP1 "'00000000-0000-0000-0000-0000000002b1'" /* EP1's step 0, on T1 */
#define CA1 "'00000000-0000-0000-0000-0000000002c1'" /* planned correction of T1, from version 1 */
#define CA2 "'00000000-0000-0000-0000-0000000002c2'" /* planned, in W1; its failed task deleted */
#define PR1 "'00000000-0000-0000-0000-0000000002a1'" /* T1's pull request #7 in REPO, draft */
#define REPO "'https://github.com/acme/app'"

/* 0007-0008 (agents, observability) */
#define DF1 "'00000000-0000-0000-0000-0000000001d1'" /* definition coordinator 1.0.0 */
#define AG1 "'00000000-0000-0000-0000-0000000001a1'" /* dev-1, runs DF1, has audit rows */
#define AG2 "'00000000-0000-0000-0000-0000000001a2'" /* qa-1 */
#define AG3 "'00000000-0000-0000-0000-0000000001a3'" /* arch-1, no history */
#define SS1 "'00000000-0000-0000-0000-0000000001e1'" /* AG1, U1, P1; audited */
#define SS2 "'00000000-0000-0000-0000-0000000001e2'" /* AG2, U1, P1 */
#define TS "'2026-01-01 00:00:00+00'"                 /* a fixed time for duplicate keys */
#define DECISION_KEY "SELECT set_config('agentdb.decision_key', 'test-key-0123456789', true); "

/* 0007-0008's rows, appended to fixture[]: a definition, three agents, a capability, two sessions
 * and an audit row. */
#define AGENT_FIXTURE                                                                              \
    "INSERT INTO agent_definitions (id, agent_name, agent_version, yaml_config, capabilities) "    \
    "VALUES (" DF1 ", 'coordinator', '1.0.0', '{\"name\": \"coordinator\"}', "                   \
    "'{code_generation}');"                                                                        \
    "INSERT INTO agents (id, name, persona_type, agent_type, definition_id, capabilities) VALUES " \
    "  (" AG1 ", 'dev-1', 'developer', 'CodeAgent', " DF1 ", '[\"python\"]'),"                   \
    "  (" AG2 ", 'qa-1', 'qa', 'CodeAgent', NULL, '[]'),"                                        \
    "  (" AG3 ", 'arch-1', 'architect', 'ResearchAgent', NULL, '[]');"                           \
    "INSERT INTO agent_capabilities (agent_id, capability, proficiency) VALUES (" AG1             \
    ", 'python', 0.9);"                                                                            \
    "INSERT INTO agent_sessions (id, agent_id, user_id, project_id) VALUES "                      \
    "  (" SS1 ", " AG1 ", " U1 ", " P1 "), (" SS2 ", " AG2 ", " U1 ", " P1 ");"                  \
    "INSERT INTO agent_audit_log (agent_id, session_id, user_id, action_type, action_details, "   \
    "risk_level) VALUES (" AG1 ", " SS1 ", " U1 ", 'file.write', '{\"path\": \"a.py\"}', 'high');"

static const char fixture[] =
    "INSERT INTO projects (id, name) VALUES (" P1 ", 'project one'), (" P2 ", 'project two');"
    "INSERT INTO users (id, name, email) VALUES (" U1 ", 'Alice', 'alice@example.com');"
    "INSERT INTO workflows (id, project_id, user_prompt) VALUES"
    "  (" W1 ", " P1 ", 'first'), (" W2 ", " P1 ", 'second'), (" W3 ", " P2 ", 'third');"
    "INSERT INTO workflow_versions (workflow_id, version_no, reason) VALUES (" W1 ", 1, 'plan');"
    "INSERT INTO tasks (id, workflow_id, type, input) VALUES"
    "  (" T1 ", " W1 ", 'research', '{\"q\": 1}'),"
    "  (" T2 ", " W1 ", 'research', '{\"q\": 2}'),"
    "  (" T3 ", " W1 ", 'research', '{\"q\": 3}'),"
    "  (" T4 ", " W2 ", 'research', '{\"q\": 4}'),"
    "  (" T6 ", " W1 ", 'research', '{\"q\": 6}'),"
    "  (" T7 ", " W1 ", 'text_analysis', '{\"text\": \"hi\"}');"
    "INSERT INTO tasks (id, workflow_id, parent_task_id, type, input) VALUES"
    "  (" T5 ", " W1 ", " T1 ", 'research', '{\"q\": 5}');"
    "INSERT INTO task_dependencies (task_id, depends_on_task_id) VALUES"
    "  (" T2 ", " T1 "), (" T3 ", " T2 "), (" T6 ", " T5 ");"
    /* 0004-0006: T1's first attempt, an episode over W1 with one step and one over W2, a
     * correction of T1 and one whose failed task (T8) was deleted, and T1's pull request. */
    "INSERT INTO task_executions (id, task_id, attempt_no, agent_type) VALUES"
    "  (" EX1 ", " T1 ", 1, 'ResearchAgent');"
    "INSERT INTO learning_episodes (id, workflow_id) VALUES (" EP1 ", " W1 "), (" EP2 ", " W2 ");"
    "INSERT INTO experiences (id, episode_id, task_id, step, state_context, action_taken, "
    "  reward_received) VALUES (" XP1 ", " EP1 ", " T1 ", 0, '{\"s\": 0}', '{\"a\": \"run\"}',"
    "  0.5);"
    "INSERT INTO tasks (id, workflow_id, type, input) VALUES (" T8 ", " W1 ", 'research', "
    "  '{\"q\": 8}');"
    "INSERT INTO correction_attempts (id, failed_task_id, generation, correction_plan, "
    "  version_before) VALUES (" CA1 ", " T1 ", 1, '{\"replace\": \"d1\"}', 1),"
    "  (" CA2 ", " T8 ", 1, '{\"replace\": \"d8\"}', 1);"
    "DELETE FROM tasks WHERE id = " T8 ";"
    "INSERT INTO pull_requests (id, task_id, pr_number, repository_url, branch_name, title) VALUES"
    "  (" PR1 ", " T1 ", 7, " REPO ", 'fix-1', 'Fix 1');"
    AGENT_FIXTURE;

/* A valid task, completed by one more column (and value) that breaks a rule. */
#define NEW_TASK(col, val)                                                                         \
    "INSERT INTO tasks (workflow_id, type, input, " col ") VALUES (" W1 ", 'research', "          \
    "'{\"q\": 0}', " val ")"
#define NEW_WORKFLOW(col, val)                                                                     \
    "INSERT INTO workflows (project_id, user_prompt, " col ") VALUES (" P1 ", 'p', " val ")"
#define NEW_VERSION(cols, vals)                                                                    \
    "INSERT INTO workflow_versions (workflow_id, " cols ") VALUES (" W1 ", " vals ")"
#define NEW_TYPE(col, val)                                                                         \
    "INSERT INTO task_types (name, description, agent_type, " col ") VALUES ('new_type', 'd', "   \
    "'Agent', " val ")"
#define NEW_EDGE(t, d) "INSERT INTO task_dependencies (task_id, depends_on_task_id) VALUES (" t ", " d ")"

/* 0004-0006: the same for their tables. task_events rows are written directly here, as a role
 * allowed to insert would (the audit trigger writes them for the fixture's tasks). */
#define TASK_EVENT(ev, old, new_, ver, cols, changes)                                              \
    "INSERT INTO task_events (task_id, project_id, workflow_id, event, old_status, new_status, "   \
    "task_version, changed_columns, changes) VALUES (" NX ", " P1 ", " W1 ", " ev ", " old ", "   \
    new_ ", " ver ", " cols ", " changes ")"
#define NEW_TASK_EVENT(col, val)                                                                   \
    "INSERT INTO task_events (task_id, project_id, workflow_id, event, new_status, task_version, " \
    "changed_columns, changes, " col ") VALUES (" NX ", " P1 ", " W1 ", 'insert', 'pending', 1, " \
    "'{status}', '{}', " val ")"
#define TASK_EVENT_TWICE                                                                           \
    "INSERT INTO task_events (id, occurred_at, task_id, project_id, workflow_id, event, "          \
    "new_status, task_version, changed_columns, changes) OVERRIDING SYSTEM VALUE VALUES "          \
    "(1, " TS ", " NX ", " P1 ", " W1 ", 'insert', 'pending', 1, '{status}', '{}'), "            \
    "(1, " TS ", " NX ", " P1 ", " W1 ", 'insert', 'pending', 1, '{status}', '{}')"
#define NEW_EXECUTION(col, val)                                                                    \
    "INSERT INTO task_executions (task_id, attempt_no, agent_type, " col ") VALUES (" T1          \
    ", 2, 'CodeAgent', " val ")"
#define NEW_EPISODE(col, val)                                                                      \
    "INSERT INTO learning_episodes (workflow_id, " col ") VALUES (" W1 ", " val ")"
#define NEW_CORRECTION(col, val)                                                                   \
    "INSERT INTO correction_attempts (failed_task_id, generation, correction_plan, "              \
    "version_before, " col ") VALUES (" T1 ", 2, '{}', 1, " val ")"
#define NEW_EXPERIENCE(col, val)                                                                   \
    "INSERT INTO experiences (episode_id, step, state_context, action_taken, reward_received, "   \
    col ") VALUES (" EP1 ", 1, '{}', '{}', 0, " val ")"
#define NEW_PR(col, val)                                                                           \
    "INSERT INTO pull_requests (project_id, repository_url, branch_name, title, " col ") VALUES (" \
    P1 ", 'r', 'b', 't', " val ")"

/* 0007-0008: the same for their tables. */
#define NEW_DEFINITION(col, val)                                                                   \
    "INSERT INTO agent_definitions (agent_name, agent_version, yaml_config, " col ") VALUES "     \
    "('x-agent', '9.9', '{}', " val ")"
#define NEW_AGENT(col, val)                                                                        \
    "INSERT INTO agents (name, persona_type, agent_type, " col ") VALUES ('new-agent', "          \
    "'developer', 'CodeAgent', " val ")"
#define NEW_SESSION(col, val)                                                                      \
    "INSERT INTO agent_sessions (agent_id, user_id, project_id, " col ") VALUES (" AG1 ", " U1    \
    ", " P1 ", " val ")"
#define NEW_DECISION(col, val)                                                                     \
    "INSERT INTO agent_decisions (session_id, decision_type, input_context, action_taken, " col   \
    ") VALUES (" SS1 ", 'code_generation', '{\"k\": 1}', '{\"a\": 1}', " val ")"
#define NEW_TRUST(type, value, col, val)                                                           \
    "INSERT INTO trust_metrics (agent_id, metric_type, metric_value, " col ") VALUES (" AG1       \
    ", '" type "', " value ", " val ")"
#define NEW_KNOWLEDGE(col, val)                                                                    \
    "INSERT INTO agent_knowledge (agent_id, knowledge_type, domain, content, " col ") VALUES ("   \
    AG1 ", 'pattern', 'backend', '{\"p\": 1}', " val ")"
#define NEW_MESSAGE(col, val)                                                                      \
    "INSERT INTO conversation_history (session_id, role, content, " col ") VALUES (" SS1         \
    ", 'user', 'hi', " val ")"
#define NEW_AUDIT(col, val)                                                                        \
    "INSERT INTO agent_audit_log (action_type, action_details, " col ") VALUES ('file.read', "    \
    "'{\"p\": 1}', " val ")"
#define NEW_METRIC(col, val)                                                                       \
    "INSERT INTO metrics (name, value, " col ") VALUES ('task.duration_seconds', 1.5, " val ")"
#define NEW_EVENT(col, val)                                                                        \
    "INSERT INTO agent_transformation_events (event_type, correlation_id, target_agent, " col    \
    ") VALUES ('transformation_start', gen_random_uuid(), 'qa-1', " val ")"
#define NEW_ROUTING(col, val)                                                                      \
    "INSERT INTO router_performance_metrics (selected_agent, total_routing_time_us, " col         \
    ") VALUES ('qa-1', 1200, " val ")"
/* 0009-0010: a policy for table t (valid but for t), a change of one policy column, a row of
 * trust_metrics_daily on 2026-01-01 (counts: samples, sum, min, max; levels: previous, new). */
#define NEW_POLICY(t)                                                                              \
    "INSERT INTO retention_policies (table_name, partition_interval, keep_active, action, "       \
    "reason) VALUES ('" t "', '1 day', '30 days', 'drop', 'test')"
#define SET_POLICY(col, val, t)                                                                    \
    "UPDATE retention_policies SET " col " = " val " WHERE table_name = '" t "'"
#define DAILY(agent, type, counts, first, last, levels)                                            \
    "INSERT INTO trust_metrics_daily (day, agent_id, metric_type, samples, value_sum, value_min, " \
    "value_max, first_recorded_at, last_recorded_at, first_previous_level, last_new_level) "     \
    "VALUES ('2026-01-01', " agent ", '" type "', " counts ", " first ", " last ", " levels ")"
#define BIG_JSON "jsonb_build_object('k', repeat('x', 1100000))"

/* One statement that breaks one rule. name starts with the rule it covers (then, optionally, a
 * space and which form); constraint is what the server reports, which for a rule guarded by an
 * earlier one is that one. */
typedef struct rule_case {
    const char *name;
    const char *sql;
    const char *sqlstate;
    const char *constraint;
} rule_case;

#define CHECK_VIOLATION "23514"
#define FK_VIOLATION "23503"
#define UNIQUE_VIOLATION "23505"

static const rule_case cases[] = {

    /* ---- projects ---- */
    {"projects_pkey", "INSERT INTO projects (id, name) VALUES (" P1 ", 'other')", UNIQUE_VIOLATION,
     "projects_pkey"},
    {"uq_projects_name", "INSERT INTO projects (name) VALUES ('project one')", UNIQUE_VIOLATION,
     "uq_projects_name"},
    {"chk_projects_name_length (empty)", "INSERT INTO projects (name) VALUES ('')",
     CHECK_VIOLATION, "chk_projects_name_length"},
    {"chk_projects_name_length (256)", "INSERT INTO projects (name) VALUES (repeat('n', 256))",
     CHECK_VIOLATION, "chk_projects_name_length"},
    {"chk_projects_repository_url_length",
     "INSERT INTO projects (name, repository_url) VALUES ('x', repeat('u', 501))", CHECK_VIOLATION,
     "chk_projects_repository_url_length"},
    {"chk_projects_repository_name_length",
     "INSERT INTO projects (name, repository_name) VALUES ('x', repeat('r', 256))",
     CHECK_VIOLATION, "chk_projects_repository_name_length"},
    {"chk_projects_default_branch_length",
     "INSERT INTO projects (name, default_branch) VALUES ('x', '')", CHECK_VIOLATION,
     "chk_projects_default_branch_length"},
    {"chk_projects_settings_object", "INSERT INTO projects (name, settings) VALUES ('x', '[]')",
     CHECK_VIOLATION, "chk_projects_settings_object"},

    /* ---- users ---- */
    {"users_pkey", "INSERT INTO users (id, name) VALUES (" U1 ", 'Bob')", UNIQUE_VIOLATION,
     "users_pkey"},
    {"chk_users_name_length", "INSERT INTO users (name) VALUES ('')", CHECK_VIOLATION,
     "chk_users_name_length"},
    {"chk_users_email_format (no @)", "INSERT INTO users (name, email) VALUES ('b', 'bob')",
     CHECK_VIOLATION, "chk_users_email_format"},
    {"chk_users_email_format (two @)", "INSERT INTO users (name, email) VALUES ('b', 'b@c@d')",
     CHECK_VIOLATION, "chk_users_email_format"},
    {"chk_users_email_format (space)",
     "INSERT INTO users (name, email) VALUES ('b', 'bo b@example.com')", CHECK_VIOLATION,
     "chk_users_email_format"},
    {"chk_users_email_format (321)",
     "INSERT INTO users (name, email) VALUES ('b', repeat('b', 309) || '@example.com')",
     CHECK_VIOLATION, "chk_users_email_format"},
    {"uq_users_email (same case)",
     "INSERT INTO users (name, email) VALUES ('A2', 'alice@example.com')", UNIQUE_VIOLATION,
     "uq_users_email"},
    {"uq_users_email (other case)",
     "INSERT INTO users (name, email) VALUES ('A2', 'ALICE@Example.COM')", UNIQUE_VIOLATION,
     "uq_users_email"},

    /* ---- task_types ---- */
    {"task_types_pkey",
     "INSERT INTO task_types (name, description, agent_type) VALUES ('research', 'd', 'A')",
     UNIQUE_VIOLATION, "task_types_pkey"},
    {"chk_task_type_format (short)",
     "INSERT INTO task_types (name, description, agent_type) VALUES ('ab', 'd', 'A')",
     CHECK_VIOLATION, "chk_task_type_format"},
    {"chk_task_type_format (upper)",
     "INSERT INTO task_types (name, description, agent_type) VALUES ('New_Type', 'd', 'A')",
     CHECK_VIOLATION, "chk_task_type_format"},
    {"chk_task_types_agent_type_length",
     "INSERT INTO task_types (name, description, agent_type) VALUES ('new_type', 'd', '')",
     CHECK_VIOLATION, "chk_task_types_agent_type_length"},
    {"chk_task_types_avg_complexity_range (above)", NEW_TYPE("avg_complexity", "1.01"),
     CHECK_VIOLATION, "chk_task_types_avg_complexity_range"},
    {"chk_task_types_avg_complexity_range (below)", NEW_TYPE("avg_complexity", "-0.01"),
     CHECK_VIOLATION, "chk_task_types_avg_complexity_range"},
    {"chk_task_types_avg_duration_nonnegative", NEW_TYPE("avg_duration_seconds", "-1"),
     CHECK_VIOLATION, "chk_task_types_avg_duration_nonnegative"},
    {"chk_task_types_required_input_keys (NULL key)",
     NEW_TYPE("required_input_keys", "ARRAY['a', NULL]"), CHECK_VIOLATION,
     "chk_task_types_required_input_keys"},
    {"chk_task_types_required_input_keys (2-D)",
     NEW_TYPE("required_input_keys", "'{{a},{b}}'"), CHECK_VIOLATION,
     "chk_task_types_required_input_keys"},
    {"fk_tasks_type (delete a used type)", "DELETE FROM task_types WHERE name = 'research'",
     FK_VIOLATION, "fk_tasks_type"},

    /* ---- workflows ---- */
    {"workflows_pkey",
     "INSERT INTO workflows (id, project_id, user_prompt) VALUES (" W1 ", " P1 ", 'p')",
     UNIQUE_VIOLATION, "workflows_pkey"},
    /* id alone is unique, so (id, project_id) can only repeat where id does. */
    {"uq_workflows_id_project (guarded by workflows_pkey)",
     "INSERT INTO workflows (id, project_id, user_prompt) VALUES (" W1 ", " P2 ", 'p')",
     UNIQUE_VIOLATION, "workflows_pkey"},
    {"fk_workflows_project (insert)",
     "INSERT INTO workflows (project_id, user_prompt) VALUES (" NX ", 'p')", FK_VIOLATION,
     "fk_workflows_project"},
    {"fk_workflows_project (delete the project)", "DELETE FROM projects WHERE id = " P2,
     FK_VIOLATION, "fk_workflows_project"},
    {"chk_workflows_user_prompt_length",
     "INSERT INTO workflows (project_id, user_prompt) VALUES (" P1 ", '')", CHECK_VIOLATION,
     "chk_workflows_user_prompt_length"},
    {"chk_workflows_status_valid (task status)", NEW_WORKFLOW("status", "'queued'"),
     CHECK_VIOLATION, "chk_workflows_status_valid"},
    {"chk_workflows_status_valid (update)",
     "UPDATE workflows SET status = 'done' WHERE id = " W1, CHECK_VIOLATION,
     "chk_workflows_status_valid"},
    {"chk_workflows_timestamps_ordered (started before created)",
     NEW_WORKFLOW("started_at", "now() - interval '1 day'"), CHECK_VIOLATION,
     "chk_workflows_timestamps_ordered"},
    {"chk_workflows_timestamps_ordered (completed before started)",
     NEW_WORKFLOW("started_at, completed_at", "now() + interval '2 s', now() + interval '1 s'"),
     CHECK_VIOLATION, "chk_workflows_timestamps_ordered"},
    {"chk_workflows_timestamps_ordered (completed before created)",
     NEW_WORKFLOW("completed_at", "now() - interval '1 s'"), CHECK_VIOLATION,
     "chk_workflows_timestamps_ordered"},
    {"chk_workflows_total_reward_finite (Infinity)", NEW_WORKFLOW("total_reward", "'Infinity'"),
     CHECK_VIOLATION, "chk_workflows_total_reward_finite"},
    {"chk_workflows_total_reward_finite (-Infinity)",
     NEW_WORKFLOW("total_reward", "'-Infinity'"), CHECK_VIOLATION,
     "chk_workflows_total_reward_finite"},
    {"chk_workflows_total_reward_finite (NaN)", NEW_WORKFLOW("total_reward", "'NaN'"),
     CHECK_VIOLATION, "chk_workflows_total_reward_finite"},
    {"chk_workflows_metadata_object", NEW_WORKFLOW("metadata", "'[]'"), CHECK_VIOLATION,
     "chk_workflows_metadata_object"},
    {"chk_workflows_current_version_positive", NEW_WORKFLOW("current_version", "0"),
     CHECK_VIOLATION, "chk_workflows_current_version_positive"},
    {"chk_workflows_version_positive", NEW_WORKFLOW("version", "0"), CHECK_VIOLATION,
     "chk_workflows_version_positive"},

    /* ---- workflow_versions ---- */
    {"workflow_versions_pkey", NEW_VERSION("version_no, reason", "1, 'again'"), UNIQUE_VIOLATION,
     "workflow_versions_pkey"},
    {"fk_workflow_versions_workflow",
     "INSERT INTO workflow_versions (workflow_id, version_no, reason) VALUES (" NX ", 1, 'r')",
     FK_VIOLATION, "fk_workflow_versions_workflow"},
    {"chk_workflow_versions_version_no_positive", NEW_VERSION("version_no, reason", "0, 'r'"),
     CHECK_VIOLATION, "chk_workflow_versions_version_no_positive"},
    {"chk_workflow_versions_reason_length (empty)", NEW_VERSION("version_no, reason", "2, ''"),
     CHECK_VIOLATION, "chk_workflow_versions_reason_length"},
    {"chk_workflow_versions_reason_length (10001)",
     NEW_VERSION("version_no, reason", "2, repeat('r', 10001)"), CHECK_VIOLATION,
     "chk_workflow_versions_reason_length"},
    {"chk_workflow_versions_task_ids (NULL added)",
     NEW_VERSION("version_no, reason, added_task_ids", "2, 'r', ARRAY[NULL]::uuid[]"),
     CHECK_VIOLATION, "chk_workflow_versions_task_ids"},
    {"chk_workflow_versions_task_ids (NULL removed)",
     NEW_VERSION("version_no, reason, removed_task_ids", "2, 'r', ARRAY[" T1 ", NULL]::uuid[]"),
     CHECK_VIOLATION, "chk_workflow_versions_task_ids"},
    {"chk_workflow_versions_task_ids (2-D)",
     NEW_VERSION("version_no, reason, added_task_ids",
                 "2, 'r', ARRAY[ARRAY[" T1 "], ARRAY[" T2 "]]::uuid[]"),
     CHECK_VIOLATION, "chk_workflow_versions_task_ids"},

    /* ---- tasks: CHECKs ---- */
    {"tasks_pkey",
     "INSERT INTO tasks (id, workflow_id, type, input) VALUES (" T1 ", " W1 ", 'research', "
     "'{\"q\": 0}')",
     UNIQUE_VIOLATION, "tasks_pkey"},
    /* CHECKs run before the (AFTER) foreign-key triggers, so the format is reported first. */
    {"chk_type_format",
     "INSERT INTO tasks (workflow_id, type, input) VALUES (" W1 ", 'Research', '{\"q\": 0}')",
     CHECK_VIOLATION, "chk_type_format"},
    {"chk_status_valid (insert)", NEW_TASK("status", "'done'"), CHECK_VIOLATION,
     "chk_status_valid"},
    {"chk_status_valid (case)", NEW_TASK("status", "'Pending'"), CHECK_VIOLATION,
     "chk_status_valid"},
    {"chk_priority_range (0)", NEW_TASK("priority", "0"), CHECK_VIOLATION, "chk_priority_range"},
    {"chk_priority_range (11)", NEW_TASK("priority", "11"), CHECK_VIOLATION,
     "chk_priority_range"},
    {"chk_input_not_empty (empty object)",
     "INSERT INTO tasks (workflow_id, type, input) VALUES (" W1 ", 'research', '{}')",
     CHECK_VIOLATION, "chk_input_not_empty"},
    {"chk_input_not_empty (array)",
     "INSERT INTO tasks (workflow_id, type, input) VALUES (" W1 ", 'research', '[1]')",
     CHECK_VIOLATION, "chk_input_not_empty"},
    {"chk_input_not_empty (string, type with required keys)",
     "INSERT INTO tasks (workflow_id, type, input) VALUES (" W1 ", 'text_analysis', '\"text\"')",
     CHECK_VIOLATION, "chk_input_not_empty"},
    {"chk_retry_count_valid (above max_retries)", NEW_TASK("retry_count", "4"), CHECK_VIOLATION,
     "chk_retry_count_valid"},
    {"chk_retry_count_valid (negative)", NEW_TASK("retry_count", "-1"), CHECK_VIOLATION,
     "chk_retry_count_valid"},
    {"chk_max_retries_range", NEW_TASK("max_retries", "11"), CHECK_VIOLATION,
     "chk_max_retries_range"},
    {"chk_timestamps_ordered (started before created)",
     NEW_TASK("started_at", "now() - interval '1 s'"), CHECK_VIOLATION, "chk_timestamps_ordered"},
    {"chk_timestamps_ordered (completed, never started)", NEW_TASK("completed_at", "now()"),
     CHECK_VIOLATION, "chk_timestamps_ordered"},
    {"chk_timestamps_ordered (completed before started)",
     NEW_TASK("started_at, completed_at", "now() + interval '2 s', now() + interval '1 s'"),
     CHECK_VIOLATION, "chk_timestamps_ordered"},
    /* 40,000 md5s: 1.28 MB of text that does not compress below the limit. */
    {"chk_input_size",
     "INSERT INTO tasks (workflow_id, type, input) SELECT " W1 ", 'research', "
     "jsonb_build_object('q', string_agg(md5(i::text), '')) FROM generate_series(1, 40000) i",
     CHECK_VIOLATION, "chk_input_size"},
    {"chk_tasks_reward_range (above)", NEW_TASK("reward", "1.0001"), CHECK_VIOLATION,
     "chk_tasks_reward_range"},
    {"chk_tasks_reward_range (below)", NEW_TASK("reward", "-1.0001"), CHECK_VIOLATION,
     "chk_tasks_reward_range"},
    {"chk_tasks_reward_range (NaN)", NEW_TASK("reward", "'NaN'"), CHECK_VIOLATION,
     "chk_tasks_reward_range"},
    {"chk_tasks_feedback_notes_object", NEW_TASK("feedback_notes", "'[]'"), CHECK_VIOLATION,
     "chk_tasks_feedback_notes_object"},
    {"chk_tasks_correction_generation_nonnegative", NEW_TASK("correction_generation", "-1"),
     CHECK_VIOLATION, "chk_tasks_correction_generation_nonnegative"},
    {"chk_tasks_title_length (empty)", NEW_TASK("title", "''"), CHECK_VIOLATION,
     "chk_tasks_title_length"},
    {"chk_tasks_title_length (501)", NEW_TASK("title", "repeat('t', 501)"), CHECK_VIOLATION,
     "chk_tasks_title_length"},
    {"chk_tasks_description_length", NEW_TASK("description", "repeat('d', 100001)"),
     CHECK_VIOLATION, "chk_tasks_description_length"},
    {"chk_tasks_metadata_object", NEW_TASK("metadata", "'[]'"), CHECK_VIOLATION,
     "chk_tasks_metadata_object"},
    {"chk_tasks_requirements_object", NEW_TASK("requirements", "'\"fast\"'"), CHECK_VIOLATION,
     "chk_tasks_requirements_object"},
    {"chk_tasks_context_object", NEW_TASK("context", "'null'"), CHECK_VIOLATION,
     "chk_tasks_context_object"},
    {"chk_tasks_tags_strings (number)", NEW_TASK("tags", "'[\"a\", 1]'"), CHECK_VIOLATION,
     "chk_tasks_tags_strings"},
    {"chk_tasks_tags_strings (nested array)", NEW_TASK("tags", "'[[\"a\"]]'"), CHECK_VIOLATION,
     "chk_tasks_tags_strings"},
    {"chk_tasks_tags_strings (object)", NEW_TASK("tags", "'{\"a\": \"b\"}'"), CHECK_VIOLATION,
     "chk_tasks_tags_strings"},
    {"chk_tasks_parent_not_self (update)",
     "UPDATE tasks SET parent_task_id = id WHERE id = " T1, CHECK_VIOLATION,
     "chk_tasks_parent_not_self"},
    {"chk_tasks_parent_not_self (insert)",
     "INSERT INTO tasks (id, parent_task_id, workflow_id, type, input) VALUES (" NX ", " NX ", " W1
     ", 'research', '{\"q\": 0}')",
     CHECK_VIOLATION, "chk_tasks_parent_not_self"},
    {"chk_tasks_version_positive", NEW_TASK("version", "0"), CHECK_VIOLATION,
     "chk_tasks_version_positive"},

    /* ---- tasks: triggers and foreign keys ---- */
    {"trg_validate_input_schema (insert, missing key)",
     "INSERT INTO tasks (workflow_id, type, input) VALUES (" W1 ", 'translation', "
     "'{\"text\": \"hola\", \"source_lang\": \"es\"}')",
     CHECK_VIOLATION, "trg_validate_input_schema"},
    {"trg_validate_input_schema (update type)",
     "UPDATE tasks SET type = 'text_analysis' WHERE id = " T1, CHECK_VIOLATION,
     "trg_validate_input_schema"},
    {"trg_validate_input_schema (update input)",
     "UPDATE tasks SET input = '{\"other\": 1}' WHERE id = " T7, CHECK_VIOLATION,
     "trg_validate_input_schema"},
    {"trg_validate_status_transition", "UPDATE tasks SET status = 'completed' WHERE id = " T1,
     CHECK_VIOLATION, "trg_validate_status_transition"},
    {"fk_tasks_type (insert)",
     "INSERT INTO tasks (workflow_id, type, input) VALUES (" W1 ", 'no_such_type', '{\"q\": 0}')",
     FK_VIOLATION, "fk_tasks_type"},
    {"fk_tasks_type (update)", "UPDATE tasks SET type = 'no_such_type' WHERE id = " T1,
     FK_VIOLATION, "fk_tasks_type"},
    {"fk_tasks_workflow (missing workflow, project filled in)",
     "INSERT INTO tasks (workflow_id, type, input) VALUES (" NX ", 'research', '{\"q\": 0}')",
     FK_VIOLATION, "fk_tasks_workflow"},
    {"fk_tasks_workflow (missing workflow, project given)",
     "INSERT INTO tasks (project_id, workflow_id, type, input) VALUES (" P1 ", " NX
     ", 'research', '{\"q\": 0}')",
     FK_VIOLATION, "fk_tasks_workflow"},
    {"fk_tasks_workflow (another project's workflow)",
     "INSERT INTO tasks (project_id, workflow_id, type, input) VALUES (" P2 ", " W1
     ", 'research', '{\"q\": 0}')",
     FK_VIOLATION, "fk_tasks_workflow"},
    {"fk_tasks_workflow (update project)", "UPDATE tasks SET project_id = " P2 " WHERE id = " T1,
     FK_VIOLATION, "fk_tasks_workflow"},
    /* fk_tasks_workflow ON DELETE CASCADE: deleting a workflow is not refused; the project's
     * RESTRICT is reached first through workflows. A missing project is a missing workflow too;
     * the server checks fk_tasks_project first (created first). */
    {"fk_tasks_project",
     "INSERT INTO tasks (project_id, workflow_id, type, input) VALUES (" NX ", " W1
     ", 'research', '{\"q\": 0}')",
     FK_VIOLATION, "fk_tasks_project"},
    {"fk_tasks_parent (insert)",
     "INSERT INTO tasks (workflow_id, parent_task_id, type, input) VALUES (" W1 ", " NX
     ", 'research', '{\"q\": 0}')",
     FK_VIOLATION, "fk_tasks_parent"},
    {"fk_tasks_parent (update)", "UPDATE tasks SET parent_task_id = " NX " WHERE id = " T2,
     FK_VIOLATION, "fk_tasks_parent"},
    {"trg_tasks_parent_same_workflow (insert)",
     "INSERT INTO tasks (workflow_id, parent_task_id, type, input) VALUES (" W1 ", " T4
     ", 'research', '{\"q\": 0}')",
     CHECK_VIOLATION, "trg_tasks_parent_same_workflow"},
    {"trg_tasks_parent_same_workflow (update)",
     "UPDATE tasks SET parent_task_id = " T4 " WHERE id = " T2, CHECK_VIOLATION,
     "trg_tasks_parent_same_workflow"},
    {"trg_tasks_workflow_immutable (same project)",
     "UPDATE tasks SET workflow_id = " W2 " WHERE id = " T1, CHECK_VIOLATION,
     "trg_tasks_workflow_immutable"},
    {"trg_tasks_workflow_immutable (other project)",
     "UPDATE tasks SET workflow_id = " W3 ", project_id = " P2 " WHERE id = " T4,
     CHECK_VIOLATION, "trg_tasks_workflow_immutable"},

    /* ---- task_dependencies ---- */
    {"task_dependencies_pkey", NEW_EDGE(T2, T1), UNIQUE_VIOLATION, "task_dependencies_pkey"},
    {"chk_task_dependencies_not_self", NEW_EDGE(T1, T1), CHECK_VIOLATION,
     "chk_task_dependencies_not_self"},
    {"chk_task_dependencies_type",
     "INSERT INTO task_dependencies (task_id, depends_on_task_id, dependency_type) VALUES (" T5
     ", " T1 ", 'hard')",
     CHECK_VIOLATION, "chk_task_dependencies_type"},
    {"fk_task_dependencies_task (insert)", NEW_EDGE(NX, T1), FK_VIOLATION,
     "fk_task_dependencies_task"},
    {"fk_task_dependencies_task (update)",
     "UPDATE task_dependencies SET task_id = " NX " WHERE task_id = " T6, FK_VIOLATION,
     "fk_task_dependencies_task"},
    {"fk_task_dependencies_depends_on (insert)", NEW_EDGE(T1, NX), FK_VIOLATION,
     "fk_task_dependencies_depends_on"},
    {"fk_task_dependencies_depends_on (update)",
     "UPDATE task_dependencies SET depends_on_task_id = " NX " WHERE task_id = " T6, FK_VIOLATION,
     "fk_task_dependencies_depends_on"},
    /* workflow_id is filled from the tasks; a wrong one is refused before the key is checked. */
    {"fk_task_dependencies_workflow (guarded by trg_task_dependencies_same_workflow)",
     "UPDATE task_dependencies SET workflow_id = " NX " WHERE task_id = " T6, CHECK_VIOLATION,
     "trg_task_dependencies_same_workflow"},
    {"trg_task_dependencies_same_workflow (insert across workflows)", NEW_EDGE(T4, T1),
     CHECK_VIOLATION, "trg_task_dependencies_same_workflow"},
    {"trg_task_dependencies_same_workflow (insert with another workflow_id)",
     "INSERT INTO task_dependencies (task_id, depends_on_task_id, workflow_id) VALUES (" T7 ", " T1
     ", " W2 ")",
     CHECK_VIOLATION, "trg_task_dependencies_same_workflow"},
    {"trg_task_dependencies_same_workflow (update across workflows)",
     "UPDATE task_dependencies SET depends_on_task_id = " T4 " WHERE task_id = " T6,
     CHECK_VIOLATION, "trg_task_dependencies_same_workflow"},
    {"trg_task_dependencies_acyclic (direct)", NEW_EDGE(T1, T2), CHECK_VIOLATION,
     "trg_task_dependencies_acyclic"},
    {"trg_task_dependencies_acyclic (transitive)", NEW_EDGE(T1, T3), CHECK_VIOLATION,
     "trg_task_dependencies_acyclic"},
    /* The second row closes the cycle through the first, inserted by the same statement. */
    {"trg_task_dependencies_acyclic (multi-row insert)",
     "INSERT INTO task_dependencies (task_id, depends_on_task_id) VALUES (" T1 ", " T7 "), (" T7
     ", " T3 ")",
     CHECK_VIOLATION, "trg_task_dependencies_acyclic"},
    {"trg_task_dependencies_acyclic (update one end)",
     "UPDATE task_dependencies SET depends_on_task_id = " T3 " WHERE task_id = " T2,
     CHECK_VIOLATION, "trg_task_dependencies_acyclic"},
    {"trg_task_dependencies_acyclic (update both ends)",
     "UPDATE task_dependencies SET task_id = " T1 ", depends_on_task_id = " T3
     " WHERE task_id = " T6,
     CHECK_VIOLATION, "trg_task_dependencies_acyclic"},
    {"trg_task_dependencies_acyclic (repeatable read)",
     "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ; " NEW_EDGE(T7, T1), "0A000",
     "trg_task_dependencies_acyclic"},

    /* ---- tasks (id, project_id), 0004 ---- */
    /* id alone is unique, so (id, project_id) can only repeat where id does. */
    {"uq_tasks_id_project (guarded by tasks_pkey)",
     "INSERT INTO tasks (id, workflow_id, type, input) VALUES (" T1 ", " W1 ", 'research', "
     "'{\"q\": 9}')",
     UNIQUE_VIOLATION, "tasks_pkey"},

    /* ---- task_events ---- */
    {"chk_task_events_event_valid",
     TASK_EVENT("'upsert'", "NULL", "'pending'", "1", "'{status}'", "'{}'"), CHECK_VIOLATION,
     "chk_task_events_event_valid"},
    {"chk_task_events_status_by_event (insert with old)",
     TASK_EVENT("'insert'", "'pending'", "'pending'", "1", "'{status}'", "'{}'"), CHECK_VIOLATION,
     "chk_task_events_status_by_event"},
    {"chk_task_events_status_by_event (insert without new)",
     TASK_EVENT("'insert'", "NULL", "NULL", "1", "'{status}'", "'{}'"), CHECK_VIOLATION,
     "chk_task_events_status_by_event"},
    {"chk_task_events_status_by_event (update without old)",
     TASK_EVENT("'update'", "NULL", "'queued'", "2", "'{status}'", "'{}'"), CHECK_VIOLATION,
     "chk_task_events_status_by_event"},
    {"chk_task_events_status_by_event (update without new)",
     TASK_EVENT("'update'", "'pending'", "NULL", "2", "'{status}'", "'{}'"), CHECK_VIOLATION,
     "chk_task_events_status_by_event"},
    {"chk_task_events_status_by_event (delete with new)",
     TASK_EVENT("'delete'", "'pending'", "'queued'", "2", "'{}'", "'{}'"), CHECK_VIOLATION,
     "chk_task_events_status_by_event"},
    {"chk_task_events_task_version_positive",
     TASK_EVENT("'insert'", "NULL", "'pending'", "0", "'{status}'", "'{}'"), CHECK_VIOLATION,
     "chk_task_events_task_version_positive"},
    {"chk_task_events_changed_columns (NULL name)",
     TASK_EVENT("'insert'", "NULL", "'pending'", "1", "'{status,NULL}'", "'{}'"),
     CHECK_VIOLATION, "chk_task_events_changed_columns"},
    {"chk_task_events_changed_columns (2-D)",
     TASK_EVENT("'insert'", "NULL", "'pending'", "1", "'{{a},{b}}'", "'{}'"), CHECK_VIOLATION,
     "chk_task_events_changed_columns"},
    {"chk_task_events_changed_columns (update changing nothing)",
     TASK_EVENT("'update'", "'pending'", "'pending'", "2", "'{}'", "'{}'"), CHECK_VIOLATION,
     "chk_task_events_changed_columns"},
    {"chk_task_events_changes_object",
     TASK_EVENT("'insert'", "NULL", "'pending'", "1", "'{status}'", "'[]'"), CHECK_VIOLATION,
     "chk_task_events_changes_object"},
    {"chk_task_events_actor_length (empty)", NEW_TASK_EVENT("actor", "''"), CHECK_VIOLATION,
     "chk_task_events_actor_length"},
    {"chk_task_events_actor_length (64)", NEW_TASK_EVENT("actor", "repeat('a', 64)"),
     CHECK_VIOLATION, "chk_task_events_actor_length"},
    {"chk_task_events_application_name_length", NEW_TASK_EVENT("application_name", "''"),
     CHECK_VIOLATION, "chk_task_events_application_name_length"},
    {"chk_task_events_correlation_id_length", NEW_TASK_EVENT("correlation_id", "repeat('c', 201)"),
     CHECK_VIOLATION, "chk_task_events_correlation_id_length"},
    /* Two events with one id, dated before the dated partitions (so in the DEFAULT one): the
     * partition's key reports it. */
    {"task_events_pkey (reported by the partition)", TASK_EVENT_TWICE, UNIQUE_VIOLATION,
     "task_events_default_pkey"},
    {"task_events_default_pkey", TASK_EVENT_TWICE, UNIQUE_VIOLATION, "task_events_default_pkey"},
    {"trg_task_events_append_only (UPDATE)",
     "UPDATE task_events SET actor = 'x' WHERE task_id = " T1, CHECK_VIOLATION,
     "trg_task_events_append_only"},
    {"trg_task_events_append_only (DELETE)", "DELETE FROM task_events WHERE task_id = " T1,
     CHECK_VIOLATION, "trg_task_events_append_only"},
    {"trg_task_events_append_only (DELETE from the partition)",
     NEW_TASK_EVENT("occurred_at", TS) "; DELETE FROM task_events_default",
     CHECK_VIOLATION, "trg_task_events_append_only"},
    {"trg_task_events_no_truncate", "TRUNCATE task_events", CHECK_VIOLATION,
     "trg_task_events_no_truncate"},
    {"trg_task_events_no_truncate (the partition)", "TRUNCATE task_events_default",
     CHECK_VIOLATION, "trg_task_events_no_truncate"},

    /* ---- task_executions ---- */
    {"task_executions_pkey", NEW_EXECUTION("id", EX1), UNIQUE_VIOLATION, "task_executions_pkey"},
    {"uq_task_executions_task_attempt",
     "INSERT INTO task_executions (task_id, attempt_no, agent_type) VALUES (" T1
     ", 1, 'CodeAgent')",
     UNIQUE_VIOLATION, "uq_task_executions_task_attempt"},
    {"chk_task_executions_attempt_no_positive",
     "INSERT INTO task_executions (task_id, attempt_no, agent_type) VALUES (" T1
     ", 0, 'CodeAgent')",
     CHECK_VIOLATION, "chk_task_executions_attempt_no_positive"},
    {"chk_task_executions_agent_type (unknown)",
     "INSERT INTO task_executions (task_id, attempt_no, agent_type) VALUES (" T1
     ", 2, 'FooAgent')",
     CHECK_VIOLATION, "chk_task_executions_agent_type"},
    {"chk_task_executions_agent_type (case)",
     "INSERT INTO task_executions (task_id, attempt_no, agent_type) VALUES (" T1
     ", 2, 'codeagent')",
     CHECK_VIOLATION, "chk_task_executions_agent_type"},
    {"chk_task_executions_execution_status_valid (insert)",
     NEW_EXECUTION("execution_status", "'done'"), CHECK_VIOLATION,
     "chk_task_executions_execution_status_valid"},
    {"chk_task_executions_execution_status_valid (update)",
     "UPDATE task_executions SET execution_status = 'pending' WHERE id = " EX1, CHECK_VIOLATION,
     "chk_task_executions_execution_status_valid"},
    {"chk_task_executions_status_timestamps (queued, started)",
     NEW_EXECUTION("started_at", "now()"), CHECK_VIOLATION,
     "chk_task_executions_status_timestamps"},
    {"chk_task_executions_status_timestamps (running, not started)",
     NEW_EXECUTION("execution_status", "'running'"), CHECK_VIOLATION,
     "chk_task_executions_status_timestamps"},
    {"chk_task_executions_status_timestamps (running, ended)",
     NEW_EXECUTION("execution_status, started_at, completed_at", "'running', now(), now()"),
     CHECK_VIOLATION, "chk_task_executions_status_timestamps"},
    {"chk_task_executions_status_timestamps (completed, no end)",
     NEW_EXECUTION("execution_status, started_at", "'completed', now()"), CHECK_VIOLATION,
     "chk_task_executions_status_timestamps"},
    {"chk_task_executions_status_timestamps (timeout, not started)",
     NEW_EXECUTION("execution_status, completed_at", "'timeout', now()"), CHECK_VIOLATION,
     "chk_task_executions_status_timestamps"},
    {"chk_task_executions_status_timestamps (failed, no end)",
     NEW_EXECUTION("execution_status, started_at", "'failed', now()"), CHECK_VIOLATION,
     "chk_task_executions_status_timestamps"},
    {"chk_task_executions_status_timestamps (cancelled, no end)",
     NEW_EXECUTION("execution_status", "'cancelled'"), CHECK_VIOLATION,
     "chk_task_executions_status_timestamps"},
    {"chk_task_executions_status_timestamps (update to completed, never started)",
     "UPDATE task_executions SET execution_status = 'completed', completed_at = now() WHERE id = "
     EX1,
     CHECK_VIOLATION, "chk_task_executions_status_timestamps"},
    {"chk_task_executions_timestamps_ordered (end before start)",
     NEW_EXECUTION("execution_status, started_at, completed_at",
                   "'completed', now(), now() - interval '1 s'"),
     CHECK_VIOLATION, "chk_task_executions_timestamps_ordered"},
    {"chk_task_executions_timestamps_ordered (start before created)",
     NEW_EXECUTION("execution_status, started_at", "'running', now() - interval '1 s'"),
     CHECK_VIOLATION, "chk_task_executions_timestamps_ordered"},
    {"chk_task_executions_timestamps_ordered (end before created, never started)",
     NEW_EXECUTION("execution_status, completed_at", "'cancelled', now() - interval '1 s'"),
     CHECK_VIOLATION, "chk_task_executions_timestamps_ordered"},
    {"chk_task_executions_input_context_object", NEW_EXECUTION("input_context", "'[]'"),
     CHECK_VIOLATION, "chk_task_executions_input_context_object"},
    {"chk_task_executions_output_results_object", NEW_EXECUTION("output_results", "'\"ok\"'"),
     CHECK_VIOLATION, "chk_task_executions_output_results_object"},
    {"chk_task_executions_error_details_object", NEW_EXECUTION("error_details", "'null'"),
     CHECK_VIOLATION, "chk_task_executions_error_details_object"},
    {"chk_task_executions_memory_usage_nonnegative", NEW_EXECUTION("memory_usage_mb", "-1"),
     CHECK_VIOLATION, "chk_task_executions_memory_usage_nonnegative"},
    {"chk_task_executions_cpu_time_nonnegative", NEW_EXECUTION("cpu_time_ms", "-1"),
     CHECK_VIOLATION, "chk_task_executions_cpu_time_nonnegative"},
    {"fk_task_executions_task (missing task, project given)",
     "INSERT INTO task_executions (task_id, project_id, attempt_no, agent_type) VALUES (" NX ", "
     P1 ", 1, 'CodeAgent')",
     FK_VIOLATION, "fk_task_executions_task"},
    {"fk_task_executions_task (another project's task)", NEW_EXECUTION("project_id", P2),
     FK_VIOLATION, "fk_task_executions_task"},
    {"fk_task_executions_task (update project)",
     "UPDATE task_executions SET project_id = " P2 " WHERE id = " EX1, FK_VIOLATION,
     "fk_task_executions_task"},
    {"fk_task_executions_task (update task)",
     "UPDATE task_executions SET task_id = " NX " WHERE id = " EX1, FK_VIOLATION,
     "fk_task_executions_task"},
    /* project_id left out: the trigger fills it from the task, and reports a missing task as
     * the key would. */
    {"trg_task_executions_inherit_project (missing task, reported as fk_task_executions_task)",
     "INSERT INTO task_executions (task_id, attempt_no, agent_type) VALUES (" NX
     ", 1, 'CodeAgent')",
     FK_VIOLATION, "fk_task_executions_task"},
    {"fk_task_executions_agent (insert)", NEW_EXECUTION("agent_id", NX), FK_VIOLATION,
     "fk_task_executions_agent"},
    {"fk_task_executions_agent (update)", "UPDATE task_executions SET agent_id = " NX,
     FK_VIOLATION, "fk_task_executions_agent"},

    /* ---- learning_episodes ---- */
    {"learning_episodes_pkey",
     "INSERT INTO learning_episodes (id, workflow_id) VALUES (" EP1 ", " W1 ")", UNIQUE_VIOLATION,
     "learning_episodes_pkey"},
    {"chk_learning_episodes_status_valid", NEW_EPISODE("status, ended_at", "'done', now()"),
     CHECK_VIOLATION, "chk_learning_episodes_status_valid"},
    {"chk_learning_episodes_status_ended (running, ended)", NEW_EPISODE("ended_at", "now()"),
     CHECK_VIOLATION, "chk_learning_episodes_status_ended"},
    {"chk_learning_episodes_status_ended (completed, not ended)",
     NEW_EPISODE("status", "'completed'"), CHECK_VIOLATION, "chk_learning_episodes_status_ended"},
    {"chk_learning_episodes_status_ended (update)",
     "UPDATE learning_episodes SET status = 'failed' WHERE id = " EP1, CHECK_VIOLATION,
     "chk_learning_episodes_status_ended"},
    {"chk_learning_episodes_timestamps_ordered",
     NEW_EPISODE("status, ended_at", "'completed', now() - interval '1 s'"), CHECK_VIOLATION,
     "chk_learning_episodes_timestamps_ordered"},
    {"chk_learning_episodes_total_reward_finite (NaN)", NEW_EPISODE("total_reward", "'NaN'"),
     CHECK_VIOLATION, "chk_learning_episodes_total_reward_finite"},
    {"chk_learning_episodes_total_reward_finite (Infinity)",
     NEW_EPISODE("total_reward", "'Infinity'"), CHECK_VIOLATION,
     "chk_learning_episodes_total_reward_finite"},
    {"chk_learning_episodes_total_reward_finite (-Infinity)",
     NEW_EPISODE("total_reward", "'-Infinity'"), CHECK_VIOLATION,
     "chk_learning_episodes_total_reward_finite"},
    {"chk_learning_episodes_steps_nonnegative", NEW_EPISODE("steps", "-1"), CHECK_VIOLATION,
     "chk_learning_episodes_steps_nonnegative"},
    {"chk_learning_episodes_metadata_object", NEW_EPISODE("metadata", "'[]'"), CHECK_VIOLATION,
     "chk_learning_episodes_metadata_object"},
    {"fk_learning_episodes_workflow (another project's workflow)",
     "INSERT INTO learning_episodes (workflow_id, project_id) VALUES (" W3 ", " P1 ")",
     FK_VIOLATION, "fk_learning_episodes_workflow"},
    {"fk_learning_episodes_workflow (missing workflow, project given)",
     "INSERT INTO learning_episodes (workflow_id, project_id) VALUES (" NX ", " P1 ")",
     FK_VIOLATION, "fk_learning_episodes_workflow"},
    {"fk_learning_episodes_workflow (update project)",
     "UPDATE learning_episodes SET project_id = " P2 " WHERE id = " EP1, FK_VIOLATION,
     "fk_learning_episodes_workflow"},
    {"trg_learning_episodes_inherit_project (missing workflow, reported as "
     "fk_learning_episodes_workflow)",
     "INSERT INTO learning_episodes (workflow_id) VALUES (" NX ")", FK_VIOLATION,
     "fk_learning_episodes_workflow"},

    /* ---- correction_attempts ---- */
    {"correction_attempts_pkey", NEW_CORRECTION("id", CA1), UNIQUE_VIOLATION,
     "correction_attempts_pkey"},
    {"chk_correction_attempts_generation_positive",
     "INSERT INTO correction_attempts (failed_task_id, generation, correction_plan, "
     "version_before) VALUES (" T1 ", 0, '{}', 1)",
     CHECK_VIOLATION, "chk_correction_attempts_generation_positive"},
    {"chk_correction_attempts_status_valid", NEW_CORRECTION("status", "'done'"), CHECK_VIOLATION,
     "chk_correction_attempts_status_valid"},
    {"chk_correction_attempts_correction_plan_object",
     "INSERT INTO correction_attempts (failed_task_id, generation, correction_plan, "
     "version_before) VALUES (" T1 ", 2, '[]', 1)",
     CHECK_VIOLATION, "chk_correction_attempts_correction_plan_object"},
    {"chk_correction_attempts_outcome_object", NEW_CORRECTION("outcome", "'\"ok\"'"),
     CHECK_VIOLATION, "chk_correction_attempts_outcome_object"},
    {"chk_correction_attempts_versions_ordered (same version)",
     NEW_CORRECTION("status, version_after", "'applied', 1"), CHECK_VIOLATION,
     "chk_correction_attempts_versions_ordered"},
    {"chk_correction_attempts_versions_ordered (update)",
     "UPDATE correction_attempts SET status = 'applied', version_after = 0 WHERE id = " CA1,
     CHECK_VIOLATION, "chk_correction_attempts_versions_ordered"},
    {"chk_correction_attempts_status_version (planned with a version after)",
     NEW_CORRECTION("version_after", "2"), CHECK_VIOLATION,
     "chk_correction_attempts_status_version"},
    {"chk_correction_attempts_status_version (applied without)",
     NEW_CORRECTION("status", "'applied'"), CHECK_VIOLATION,
     "chk_correction_attempts_status_version"},
    {"chk_correction_attempts_status_version (succeeded without)",
     NEW_CORRECTION("status, completed_at", "'succeeded', now()"), CHECK_VIOLATION,
     "chk_correction_attempts_status_version"},
    {"chk_correction_attempts_status_completed (failed, no end)",
     NEW_CORRECTION("status", "'failed'"), CHECK_VIOLATION,
     "chk_correction_attempts_status_completed"},
    {"chk_correction_attempts_status_completed (planned, ended)",
     NEW_CORRECTION("completed_at", "now()"), CHECK_VIOLATION,
     "chk_correction_attempts_status_completed"},
    {"chk_correction_attempts_timestamps_ordered",
     NEW_CORRECTION("status, completed_at", "'abandoned', now() - interval '1 s'"),
     CHECK_VIOLATION, "chk_correction_attempts_timestamps_ordered"},
    /* Only an attempt without a failed task can reach the workflow key alone. */
    {"fk_correction_attempts_workflow (update project)",
     "UPDATE correction_attempts SET project_id = " P2 " WHERE id = " CA2, FK_VIOLATION,
     "fk_correction_attempts_workflow"},
    /* The trigger looks the failed task up first, and reports it missing as its key would. */
    {"fk_correction_attempts_failed_task (insert, missing task)",
     "INSERT INTO correction_attempts (failed_task_id, generation, correction_plan, "
     "version_before) VALUES (" NX ", 1, '{}', 1)",
     FK_VIOLATION, "fk_correction_attempts_failed_task"},
    {"fk_correction_attempts_failed_task (update, missing task)",
     "UPDATE correction_attempts SET failed_task_id = " NX " WHERE id = " CA1, FK_VIOLATION,
     "fk_correction_attempts_failed_task"},
    /* The workflow is the failed task's, so another project fails the workflow key first (keys
     * are checked in the order they were created). */
    {"fk_correction_attempts_failed_task (another project, guarded by "
     "fk_correction_attempts_workflow)",
     NEW_CORRECTION("project_id", P2), FK_VIOLATION, "fk_correction_attempts_workflow"},
    {"fk_correction_attempts_version_before",
     "INSERT INTO correction_attempts (failed_task_id, generation, correction_plan, "
     "version_before) VALUES (" T1 ", 2, '{}', 5)",
     FK_VIOLATION, "fk_correction_attempts_version_before"},
    {"fk_correction_attempts_version_after (insert)",
     NEW_CORRECTION("status, version_after", "'applied', 9"), FK_VIOLATION,
     "fk_correction_attempts_version_after"},
    {"fk_correction_attempts_version_after (update)",
     "UPDATE correction_attempts SET status = 'applied', version_after = 9 WHERE id = " CA1,
     FK_VIOLATION, "fk_correction_attempts_version_after"},
    {"trg_correction_attempts_links (insert without a failed task)",
     "INSERT INTO correction_attempts (workflow_id, generation, correction_plan, version_before) "
     "VALUES (" W1 ", 1, '{}', 1)",
     CHECK_VIOLATION, "trg_correction_attempts_links"},
    {"trg_correction_attempts_links (another workflow)", NEW_CORRECTION("workflow_id", W2),
     CHECK_VIOLATION, "trg_correction_attempts_links"},
    {"trg_correction_attempts_links (update to another workflow's task)",
     "UPDATE correction_attempts SET failed_task_id = " T4 " WHERE id = " CA1, CHECK_VIOLATION,
     "trg_correction_attempts_links"},
    {"trg_correction_attempts_links (update workflow)",
     "UPDATE correction_attempts SET workflow_id = " W2 " WHERE id = " CA1, CHECK_VIOLATION,
     "trg_correction_attempts_links"},
    {"fk_workflow_versions_correction_attempt (insert)",
     NEW_VERSION("version_no, reason, correction_attempt_id", "2, 'r', " NX), FK_VIOLATION,
     "fk_workflow_versions_correction_attempt"},
    {"fk_workflow_versions_correction_attempt (update)",
     "UPDATE workflow_versions SET correction_attempt_id = " NX " WHERE workflow_id = " W1
     " AND version_no = 1",
     FK_VIOLATION, "fk_workflow_versions_correction_attempt"},

    /* ---- experiences ---- */
    {"experiences_pkey (reported by the partition)",
     "INSERT INTO experiences (id, occurred_at, episode_id, step, state_context, action_taken, "
     "reward_received) VALUES (" XP1 ", " TS ", " EP1 ", 1, '{}', '{}', 0), (" XP1 ", " TS ", "
     EP1 ", 2, '{}', '{}', 0)",
     UNIQUE_VIOLATION, "experiences_default_pkey"},
    {"experiences_default_pkey",
     "INSERT INTO experiences (id, occurred_at, episode_id, step, state_context, action_taken, "
     "reward_received) VALUES (" XP1 ", " TS ", " EP1 ", 1, '{}', '{}', 0), (" XP1 ", " TS ", "
     EP1 ", 2, '{}', '{}', 0)",
     UNIQUE_VIOLATION, "experiences_default_pkey"},
    {"chk_experiences_step_nonnegative",
     "INSERT INTO experiences (episode_id, step, state_context, action_taken, reward_received) "
     "VALUES (" EP1 ", -1, '{}', '{}', 0)",
     CHECK_VIOLATION, "chk_experiences_step_nonnegative"},
    {"chk_experiences_state_context_object",
     "INSERT INTO experiences (episode_id, step, state_context, action_taken, reward_received) "
     "VALUES (" EP1 ", 1, '[]', '{}', 0)",
     CHECK_VIOLATION, "chk_experiences_state_context_object"},
    {"chk_experiences_action_taken_object",
     "INSERT INTO experiences (episode_id, step, state_context, action_taken, reward_received) "
     "VALUES (" EP1 ", 1, '{}', '\"go\"', 0)",
     CHECK_VIOLATION, "chk_experiences_action_taken_object"},
    {"chk_experiences_reward_range (above)",
     "INSERT INTO experiences (episode_id, step, state_context, action_taken, reward_received) "
     "VALUES (" EP1 ", 1, '{}', '{}', 1.5)",
     CHECK_VIOLATION, "chk_experiences_reward_range"},
    {"chk_experiences_reward_range (below)",
     "INSERT INTO experiences (episode_id, step, state_context, action_taken, reward_received) "
     "VALUES (" EP1 ", 1, '{}', '{}', -1.0001)",
     CHECK_VIOLATION, "chk_experiences_reward_range"},
    {"chk_experiences_reward_range (NaN)",
     "INSERT INTO experiences (episode_id, step, state_context, action_taken, reward_received) "
     "VALUES (" EP1 ", 1, '{}', '{}', 'NaN')",
     CHECK_VIOLATION, "chk_experiences_reward_range"},
    {"trg_experiences_links (missing episode)",
     "INSERT INTO experiences (episode_id, step, state_context, action_taken, reward_received) "
     "VALUES (" NX ", 1, '{}', '{}', 0)",
     FK_VIOLATION, "trg_experiences_links"},
    {"trg_experiences_links (another workflow)", NEW_EXPERIENCE("workflow_id", W2),
     CHECK_VIOLATION, "trg_experiences_links"},
    {"trg_experiences_links (another project)", NEW_EXPERIENCE("project_id", P2),
     CHECK_VIOLATION, "trg_experiences_links"},
    {"trg_experiences_links (missing task)", NEW_EXPERIENCE("task_id", NX), FK_VIOLATION,
     "trg_experiences_links"},
    {"trg_experiences_links (task of another workflow)", NEW_EXPERIENCE("task_id", T4),
     CHECK_VIOLATION, "trg_experiences_links"},
    {"trg_experiences_links (update to another workflow's episode)",
     "UPDATE experiences SET episode_id = " EP2 " WHERE id = " XP1, CHECK_VIOLATION,
     "trg_experiences_links"},
    {"trg_experiences_links (update to a missing task)",
     "UPDATE experiences SET task_id = " NX " WHERE id = " XP1, FK_VIOLATION,
     "trg_experiences_links"},

    /* ---- pull_requests ---- */
    {"pull_requests_pkey", NEW_PR("id", PR1), UNIQUE_VIOLATION, "pull_requests_pkey"},
    {"chk_pull_requests_pr_number_positive", NEW_PR("pr_number", "0"), CHECK_VIOLATION,
     "chk_pull_requests_pr_number_positive"},
    {"chk_pull_requests_repository_url_length (empty)",
     "INSERT INTO pull_requests (project_id, repository_url, branch_name, title) VALUES (" P1
     ", '', 'b', 't')",
     CHECK_VIOLATION, "chk_pull_requests_repository_url_length"},
    {"chk_pull_requests_repository_url_length (501)",
     "INSERT INTO pull_requests (project_id, repository_url, branch_name, title) VALUES (" P1
     ", repeat('u', 501), 'b', 't')",
     CHECK_VIOLATION, "chk_pull_requests_repository_url_length"},
    {"chk_pull_requests_branch_name_length (empty)",
     "INSERT INTO pull_requests (project_id, repository_url, branch_name, title) VALUES (" P1
     ", 'r', '', 't')",
     CHECK_VIOLATION, "chk_pull_requests_branch_name_length"},
    {"chk_pull_requests_branch_name_length (256)",
     "INSERT INTO pull_requests (project_id, repository_url, branch_name, title) VALUES (" P1
     ", 'r', repeat('b', 256), 't')",
     CHECK_VIOLATION, "chk_pull_requests_branch_name_length"},
    {"chk_pull_requests_title_length (empty)",
     "INSERT INTO pull_requests (project_id, repository_url, branch_name, title) VALUES (" P1
     ", 'r', 'b', '')",
     CHECK_VIOLATION, "chk_pull_requests_title_length"},
    {"chk_pull_requests_title_length (501)",
     "INSERT INTO pull_requests (project_id, repository_url, branch_name, title) VALUES (" P1
     ", 'r', 'b', repeat('t', 501))",
     CHECK_VIOLATION, "chk_pull_requests_title_length"},
    {"chk_pull_requests_status_valid", NEW_PR("status", "'review_requested'"), CHECK_VIOLATION,
     "chk_pull_requests_status_valid"},
    {"chk_pull_requests_validation_results_object", NEW_PR("validation_results", "'[]'"),
     CHECK_VIOLATION, "chk_pull_requests_validation_results_object"},
    {"chk_pull_requests_status_timestamps (merged, no merged_at)",
     NEW_PR("status, closed_at", "'merged', now()"), CHECK_VIOLATION,
     "chk_pull_requests_status_timestamps"},
    {"chk_pull_requests_status_timestamps (merged, not closed)",
     NEW_PR("status, merged_at", "'merged', now()"), CHECK_VIOLATION,
     "chk_pull_requests_status_timestamps"},
    {"chk_pull_requests_status_timestamps (closed, no closed_at)", NEW_PR("status", "'closed'"),
     CHECK_VIOLATION, "chk_pull_requests_status_timestamps"},
    {"chk_pull_requests_status_timestamps (open, closed_at)",
     NEW_PR("status, closed_at", "'open', now()"), CHECK_VIOLATION,
     "chk_pull_requests_status_timestamps"},
    {"chk_pull_requests_status_timestamps (closed, merged_at)",
     NEW_PR("status, merged_at, closed_at", "'closed', now(), now()"), CHECK_VIOLATION,
     "chk_pull_requests_status_timestamps"},
    {"chk_pull_requests_status_timestamps (reopened, still closed)",
     "UPDATE pull_requests SET status = 'closed', closed_at = now() WHERE id = " PR1 "; "
     "UPDATE pull_requests SET status = 'open' WHERE id = " PR1,
     CHECK_VIOLATION, "chk_pull_requests_status_timestamps"},
    {"chk_pull_requests_timestamps_ordered (closed before created)",
     NEW_PR("status, closed_at", "'closed', now() - interval '1 s'"), CHECK_VIOLATION,
     "chk_pull_requests_timestamps_ordered"},
    {"chk_pull_requests_timestamps_ordered (merged before created)",
     NEW_PR("status, merged_at, closed_at", "'merged', now() - interval '1 s', now()"),
     CHECK_VIOLATION, "chk_pull_requests_timestamps_ordered"},
    {"chk_pull_requests_timestamps_ordered (closed before merged)",
     NEW_PR("status, merged_at, closed_at", "'merged', now() + interval '2 s', "
            "now() + interval '1 s'"),
     CHECK_VIOLATION, "chk_pull_requests_timestamps_ordered"},
    {"fk_pull_requests_project (insert)",
     "INSERT INTO pull_requests (project_id, repository_url, branch_name, title) VALUES (" NX
     ", 'r', 'b', 't')",
     FK_VIOLATION, "fk_pull_requests_project"},
    {"fk_pull_requests_project (RESTRICT)",
     "INSERT INTO projects (id, name) VALUES (" NX ", 'p3'); "
     "INSERT INTO pull_requests (project_id, repository_url, branch_name, title) VALUES (" NX
     ", 'r', 'b', 't'); DELETE FROM projects WHERE id = " NX,
     FK_VIOLATION, "fk_pull_requests_project"},
    {"fk_pull_requests_task (another project's task)",
     "INSERT INTO pull_requests (project_id, task_id, repository_url, branch_name, title) VALUES ("
     P2 ", " T1 ", 'r', 'b', 't')",
     FK_VIOLATION, "fk_pull_requests_task"},
    {"fk_pull_requests_task (missing task, project given)", NEW_PR("task_id", NX), FK_VIOLATION,
     "fk_pull_requests_task"},
    {"fk_pull_requests_task (update project)",
     "UPDATE pull_requests SET project_id = " P2 " WHERE id = " PR1, FK_VIOLATION,
     "fk_pull_requests_task"},
    {"trg_pull_requests_inherit_project (missing task, reported as fk_pull_requests_task)",
     "INSERT INTO pull_requests (task_id, repository_url, branch_name, title) VALUES (" NX
     ", 'r', 'b', 't')",
     FK_VIOLATION, "fk_pull_requests_task"},
    {"uq_pull_requests_repository_pr_number (insert)",
     "INSERT INTO pull_requests (project_id, repository_url, branch_name, title, pr_number) "
     "VALUES (" P1 ", " REPO ", 'b', 't', 7)",
     UNIQUE_VIOLATION, "uq_pull_requests_repository_pr_number"},
    {"uq_pull_requests_repository_pr_number (update)",
     "INSERT INTO pull_requests (project_id, repository_url, branch_name, title, pr_number) "
     "VALUES (" P1 ", " REPO ", 'b', 't', 8); "
     "UPDATE pull_requests SET pr_number = 7 WHERE pr_number = 8",
     UNIQUE_VIOLATION, "uq_pull_requests_repository_pr_number"},

    /* ---- agent_definitions ---- */
    {"agent_definitions_pkey",
     "INSERT INTO agent_definitions (id, agent_name, agent_version, yaml_config) VALUES (" DF1
     ", 'other', '1', '{}')", UNIQUE_VIOLATION, "agent_definitions_pkey"},
    {"uq_agent_definitions_name_version",
     "INSERT INTO agent_definitions (agent_name, agent_version, yaml_config) VALUES "
     "('coordinator', '1.0.0', '{}')", UNIQUE_VIOLATION, "uq_agent_definitions_name_version"},
    {"chk_agent_definitions_agent_name_format",
     "INSERT INTO agent_definitions (agent_name, agent_version, yaml_config) VALUES "
     "('bad name', '1', '{}')", CHECK_VIOLATION, "chk_agent_definitions_agent_name_format"},
    {"chk_agent_definitions_agent_version_format",
     "INSERT INTO agent_definitions (agent_name, agent_version, yaml_config) VALUES "
     "('x-agent', '', '{}')", CHECK_VIOLATION, "chk_agent_definitions_agent_version_format"},
    {"chk_agent_definitions_description_length",
     NEW_DEFINITION("description", "repeat('d', 10001)"),
     CHECK_VIOLATION, "chk_agent_definitions_description_length"},
    {"chk_agent_definitions_yaml_config_object",
     "INSERT INTO agent_definitions (agent_name, agent_version, yaml_config) VALUES "
     "('x-agent', '1', '[]')", CHECK_VIOLATION, "chk_agent_definitions_yaml_config_object"},
    {"chk_agent_definitions_yaml_config_size",
     "INSERT INTO agent_definitions (agent_name, agent_version, yaml_config) VALUES "
     "('x-agent', '1', " BIG_JSON ")", CHECK_VIOLATION, "chk_agent_definitions_yaml_config_size"},
    {"chk_agent_definitions_parsed_metadata_object", NEW_DEFINITION("parsed_metadata", "'[]'"),
     CHECK_VIOLATION, "chk_agent_definitions_parsed_metadata_object"},
    {"chk_agent_definitions_capabilities (NULL)",
     NEW_DEFINITION("capabilities", "ARRAY['a', NULL]"),
     CHECK_VIOLATION, "chk_agent_definitions_capabilities"},
    {"chk_agent_definitions_capabilities (2-D)", NEW_DEFINITION("capabilities", "'{{a},{b}}'"),
     CHECK_VIOLATION, "chk_agent_definitions_capabilities"},
    {"chk_agent_definitions_triggers", NEW_DEFINITION("triggers", "'{{a},{b}}'"), CHECK_VIOLATION,
     "chk_agent_definitions_triggers"},
    {"chk_agent_definitions_success_rate_range", NEW_DEFINITION("success_rate", "1.5"),
     CHECK_VIOLATION, "chk_agent_definitions_success_rate_range"},
    {"chk_agent_definitions_quality_score_range (NaN)", NEW_DEFINITION("quality_score", "'NaN'"),
     CHECK_VIOLATION, "chk_agent_definitions_quality_score_range"},
    {"chk_agent_definitions_avg_execution_time_range",
     NEW_DEFINITION("avg_execution_time_ms", "-1"),
     CHECK_VIOLATION, "chk_agent_definitions_avg_execution_time_range"},
    {"chk_agent_definitions_execution_count_nonnegative", NEW_DEFINITION("execution_count", "-1"),
     CHECK_VIOLATION, "chk_agent_definitions_execution_count_nonnegative"},

    /* ---- agents ---- */
    {"agents_pkey",
     "INSERT INTO agents (id, name, persona_type, agent_type) VALUES (" AG1
     ", 'other', 'qa', 'CodeAgent')", UNIQUE_VIOLATION, "agents_pkey"},
    {"uq_agents_name", "INSERT INTO agents (name, persona_type, agent_type) VALUES ('dev-1', 'qa', "
     "'CodeAgent')", UNIQUE_VIOLATION, "uq_agents_name"},
    {"chk_agents_name_length", "INSERT INTO agents (name, persona_type, agent_type) VALUES ('', "
     "'qa', 'CodeAgent')", CHECK_VIOLATION, "chk_agents_name_length"},
    {"chk_agents_persona_type_format", "INSERT INTO agents (name, persona_type, agent_type) VALUES "
     "('x', 'Developer', 'CodeAgent')", CHECK_VIOLATION, "chk_agents_persona_type_format"},
    {"chk_agents_agent_type_length", "INSERT INTO agents (name, persona_type, agent_type) VALUES "
     "('x', 'qa', '')", CHECK_VIOLATION, "chk_agents_agent_type_length"},
    {"chk_agents_capabilities_strings", NEW_AGENT("capabilities", "'[1]'"), CHECK_VIOLATION,
     "chk_agents_capabilities_strings"},
    {"chk_agents_config_object", NEW_AGENT("config", "'[]'"), CHECK_VIOLATION,
     "chk_agents_config_object"},
    {"chk_agents_trust_level_range", NEW_AGENT("trust_level", "5"), CHECK_VIOLATION,
     "chk_agents_trust_level_range"},
    {"chk_agents_version_positive", NEW_AGENT("version", "0"), CHECK_VIOLATION,
     "chk_agents_version_positive"},
    {"fk_agents_definition", NEW_AGENT("definition_id", NX), FK_VIOLATION, "fk_agents_definition"},

    /* ---- agent_capabilities ---- */
    {"agent_capabilities_pkey",
     "INSERT INTO agent_capabilities (agent_id, capability, proficiency) "
     "VALUES (" AG1 ", 'python', 0.5)", UNIQUE_VIOLATION, "agent_capabilities_pkey"},
    {"chk_agent_capabilities_capability_format", "INSERT INTO agent_capabilities (agent_id, "
     "capability, proficiency) VALUES (" AG1 ", 'Python', 0.5)", CHECK_VIOLATION,
     "chk_agent_capabilities_capability_format"},
    {"chk_agent_capabilities_proficiency_range", "INSERT INTO agent_capabilities (agent_id, "
     "capability, proficiency) VALUES (" AG1 ", 'go', 1.01)", CHECK_VIOLATION,
     "chk_agent_capabilities_proficiency_range"},
    {"fk_agent_capabilities_agent", "INSERT INTO agent_capabilities (agent_id, capability, "
     "proficiency) VALUES (" NX ", 'go', 0.5)", FK_VIOLATION, "fk_agent_capabilities_agent"},

    /* ---- agent_sessions ---- */
    {"agent_sessions_pkey", NEW_SESSION("id", SS2), UNIQUE_VIOLATION, "agent_sessions_pkey"},
    /* (id, agent_id) repeats the primary key: the primary key reports it first */
    {"uq_agent_sessions_id_agent", NEW_SESSION("id", SS1), UNIQUE_VIOLATION,
     "agent_sessions_pkey"},
    {"chk_agent_sessions_trust_level_range", NEW_SESSION("trust_level", "5"), CHECK_VIOLATION,
     "chk_agent_sessions_trust_level_range"},
    {"chk_agent_sessions_state_valid", NEW_SESSION("session_state, ended_at", "'bogus', now()"),
     CHECK_VIOLATION, "chk_agent_sessions_state_valid"},
    {"chk_agent_sessions_ended_state (completed, no end)", NEW_SESSION("session_state",
     "'completed'"), CHECK_VIOLATION, "chk_agent_sessions_ended_state"},
    {"chk_agent_sessions_ended_state (active, ended)", NEW_SESSION("ended_at", "now()"),
     CHECK_VIOLATION, "chk_agent_sessions_ended_state"},
    {"chk_agent_sessions_timestamps_ordered", NEW_SESSION("session_state, ended_at",
     "'completed', now() - interval '1 hour'"), CHECK_VIOLATION,
     "chk_agent_sessions_timestamps_ordered"},
    {"chk_agent_sessions_context_object", NEW_SESSION("context", "'[]'"), CHECK_VIOLATION,
     "chk_agent_sessions_context_object"},
    {"chk_agent_sessions_metadata_object", NEW_SESSION("metadata", "'[]'"), CHECK_VIOLATION,
     "chk_agent_sessions_metadata_object"},
    {"chk_agent_sessions_version_positive", NEW_SESSION("version", "0"), CHECK_VIOLATION,
     "chk_agent_sessions_version_positive"},
    {"fk_agent_sessions_agent", "INSERT INTO agent_sessions (agent_id, project_id) VALUES (" NX
     ", " P1 ")", FK_VIOLATION, "fk_agent_sessions_agent"},
    {"fk_agent_sessions_user", "INSERT INTO agent_sessions (agent_id, user_id, project_id) VALUES ("
     AG1 ", " NX ", " P1 ")", FK_VIOLATION, "fk_agent_sessions_user"},
    {"fk_agent_sessions_project", "INSERT INTO agent_sessions (agent_id, project_id) VALUES (" AG1
     ", " NX ")", FK_VIOLATION, "fk_agent_sessions_project"},
    {"fk_agent_sessions_project (RESTRICT)", "INSERT INTO projects (id, name) VALUES (" NX
     ", 'p3'); INSERT INTO agent_sessions (agent_id, project_id) VALUES (" AG2 ", " NX "); "
     "DELETE FROM projects WHERE id = " NX, FK_VIOLATION, "fk_agent_sessions_project"},
    {"trg_agent_sessions_links_immutable (project)",
     "UPDATE agent_sessions SET project_id = " P2 " WHERE id = " SS2, CHECK_VIOLATION,
     "trg_agent_sessions_links_immutable"},
    {"trg_agent_sessions_links_immutable (agent)",
     "UPDATE agent_sessions SET agent_id = " AG3 " WHERE id = " SS2, CHECK_VIOLATION,
     "trg_agent_sessions_links_immutable"},

    /* ---- agent_decisions ---- */
    {"agent_decisions_pkey (reported by the partition)",
     "INSERT INTO agent_decisions (id, created_at, session_id, decision_type, input_context, "
     "action_taken) VALUES (" NX ", " TS ", " SS1 ", 'review', '{}', '{}'), (" NX ", " TS ", " SS1
     ", 'review', '{}', '{}')", UNIQUE_VIOLATION, "agent_decisions_default_pkey"},
    {"agent_decisions_default_pkey",
     "INSERT INTO agent_decisions (id, created_at, session_id, decision_type, input_context, "
     "action_taken) VALUES (" NX ", " TS ", " SS1 ", 'review', '{}', '{}'), (" NX ", " TS ", " SS1
     ", 'review', '{}', '{}')", UNIQUE_VIOLATION, "agent_decisions_default_pkey"},
    {"chk_agent_decisions_decision_type_format", "INSERT INTO agent_decisions (session_id, "
     "decision_type, input_context, action_taken) VALUES (" SS1 ", 'Bad', '{}', '{}')",
     CHECK_VIOLATION, "chk_agent_decisions_decision_type_format"},
    {"chk_agent_decisions_input_context_object", "INSERT INTO agent_decisions (session_id, "
     "decision_type, input_context, action_taken) VALUES (" SS1 ", 'review', '[]', '{}')",
     CHECK_VIOLATION, "chk_agent_decisions_input_context_object"},
    {"chk_agent_decisions_input_context_size", "INSERT INTO agent_decisions (session_id, "
     "decision_type, input_context, action_taken) VALUES (" SS1 ", 'review', " BIG_JSON ", '{}')",
     CHECK_VIOLATION, "chk_agent_decisions_input_context_size"},
    {"chk_agent_decisions_rationale_encrypted (trigger disabled)",
     "ALTER TABLE agent_decisions DISABLE TRIGGER trg_agent_decisions_encrypt_rationale; "
     NEW_DECISION("decision_rationale", "'secret'"), CHECK_VIOLATION,
     "chk_agent_decisions_rationale_encrypted"},
    {"chk_agent_decisions_action_taken_object", "INSERT INTO agent_decisions (session_id, "
     "decision_type, input_context, action_taken) VALUES (" SS1 ", 'review', '{}', '[]')",
     CHECK_VIOLATION, "chk_agent_decisions_action_taken_object"},
    {"chk_agent_decisions_confidence_range", NEW_DECISION("confidence_score", "1.5"),
     CHECK_VIOLATION, "chk_agent_decisions_confidence_range"},
    {"chk_agent_decisions_user_feedback_valid", NEW_DECISION("user_feedback", "'meh'"),
     CHECK_VIOLATION, "chk_agent_decisions_user_feedback_valid"},
    {"chk_agent_decisions_execution_time_nonnegative", NEW_DECISION("execution_time_ms", "-1"),
     CHECK_VIOLATION, "chk_agent_decisions_execution_time_nonnegative"},
    /* reported by trg_agent_decisions_session_project, which looks the session up first */
    {"fk_agent_decisions_session", "INSERT INTO agent_decisions (session_id, decision_type, "
     "input_context, action_taken) VALUES (" NX ", 'review', '{}', '{}')", FK_VIOLATION,
     "fk_agent_decisions_session"},
    {"trg_agent_decisions_session_project", NEW_DECISION("project_id", P2), CHECK_VIOLATION,
     "trg_agent_decisions_session_project"},
    {"trg_agent_decisions_encrypt_rationale (no key)", NEW_DECISION("decision_rationale", "'why'"),
     CHECK_VIOLATION, "trg_agent_decisions_encrypt_rationale"},
    {"trg_agent_decisions_encrypt_rationale (empty key)",
     "SELECT set_config('agentdb.decision_key', '', true); "
     NEW_DECISION("decision_rationale", "'why'"), CHECK_VIOLATION,
     "trg_agent_decisions_encrypt_rationale"},
    {"trg_agent_decisions_encrypt_rationale (plaintext and ciphertext)",
     DECISION_KEY NEW_DECISION("decision_rationale, decision_rationale_enc", "'why', '\\x00'"),
     CHECK_VIOLATION, "trg_agent_decisions_encrypt_rationale"},

    /* ---- trust_metrics ---- */
    {"trust_metrics_pkey (reported by the partition)",
     "INSERT INTO trust_metrics (id, recorded_at, agent_id, metric_type, metric_value) VALUES ("
     NX ", " TS ", " AG1 ", 'accuracy', 1), (" NX ", " TS ", " AG1 ", 'accuracy', 1)",
     UNIQUE_VIOLATION, "trust_metrics_default_pkey"},
    {"trust_metrics_default_pkey",
     "INSERT INTO trust_metrics (id, recorded_at, agent_id, metric_type, metric_value) VALUES ("
     NX ", " TS ", " AG1 ", 'accuracy', 1), (" NX ", " TS ", " AG1 ", 'accuracy', 1)",
     UNIQUE_VIOLATION, "trust_metrics_default_pkey"},
    {"chk_trust_metrics_metric_type_valid", NEW_TRUST("speed", "1", "measurement_context", "'{}'"),
     CHECK_VIOLATION, "chk_trust_metrics_metric_type_valid"},
    {"chk_trust_metrics_accuracy_range (100.01)", NEW_TRUST("accuracy", "100.01",
     "measurement_context", "'{}'"), CHECK_VIOLATION, "chk_trust_metrics_accuracy_range"},
    {"chk_trust_metrics_accuracy_range (NaN)", NEW_TRUST("accuracy", "'NaN'",
     "measurement_context", "'{}'"), CHECK_VIOLATION, "chk_trust_metrics_accuracy_range"},
    {"chk_trust_metrics_autonomy_range", NEW_TRUST("autonomy", "4.5", "measurement_context",
     "'{}'"), CHECK_VIOLATION, "chk_trust_metrics_autonomy_range"},
    {"chk_trust_metrics_complexity_range", NEW_TRUST("complexity", "1.5", "measurement_context",
     "'{}'"), CHECK_VIOLATION, "chk_trust_metrics_complexity_range"},
    {"chk_trust_metrics_trust_level_value", NEW_TRUST("trust_level", "3",
     "previous_level, new_level", "1, 2"), CHECK_VIOLATION, "chk_trust_metrics_trust_level_value"},
    {"chk_trust_metrics_levels_presence (trust_level without)", NEW_TRUST("trust_level", "2",
     "measurement_context", "'{}'"), CHECK_VIOLATION, "chk_trust_metrics_levels_presence"},
    {"chk_trust_metrics_levels_presence (accuracy with)", NEW_TRUST("accuracy", "50",
     "previous_level, new_level", "1, 2"), CHECK_VIOLATION, "chk_trust_metrics_levels_presence"},
    {"chk_trust_metrics_levels_range", NEW_TRUST("trust_level", "4", "previous_level, new_level",
     "5, 4"), CHECK_VIOLATION, "chk_trust_metrics_levels_range"},
    {"chk_trust_metrics_level_changes", NEW_TRUST("trust_level", "2", "previous_level, new_level",
     "2, 2"), CHECK_VIOLATION, "chk_trust_metrics_level_changes"},
    {"chk_trust_metrics_measurement_context_object", NEW_TRUST("accuracy", "50",
     "measurement_context", "'[]'"), CHECK_VIOLATION,
     "chk_trust_metrics_measurement_context_object"},
    {"fk_trust_metrics_agent", "INSERT INTO trust_metrics (agent_id, metric_type, metric_value) "
     "VALUES (" NX ", 'accuracy', 50)", FK_VIOLATION, "fk_trust_metrics_agent"},
    {"fk_trust_metrics_session (another agent's session)", NEW_TRUST("accuracy", "50",
     "session_id", SS2), FK_VIOLATION, "fk_trust_metrics_session"},

    /* ---- agent_knowledge ---- */
    {"agent_knowledge_pkey", "INSERT INTO agent_knowledge (id, agent_id, knowledge_type, domain, "
     "content) VALUES (" NX ", " AG1 ", 'pattern', 'x', '{}'), (" NX ", " AG1
     ", 'pattern', 'x', '{}')", UNIQUE_VIOLATION, "agent_knowledge_pkey"},
    {"chk_agent_knowledge_type_valid", "INSERT INTO agent_knowledge (agent_id, knowledge_type, "
     "domain, content) VALUES (" AG1 ", 'rumour', 'x', '{}')", CHECK_VIOLATION,
     "chk_agent_knowledge_type_valid"},
    {"chk_agent_knowledge_domain_format", "INSERT INTO agent_knowledge (agent_id, knowledge_type, "
     "domain, content) VALUES (" AG1 ", 'pattern', 'Frontend', '{}')", CHECK_VIOLATION,
     "chk_agent_knowledge_domain_format"},
    {"chk_agent_knowledge_content_object", "INSERT INTO agent_knowledge (agent_id, knowledge_type, "
     "domain, content) VALUES (" AG1 ", 'pattern', 'x', '[]')", CHECK_VIOLATION,
     "chk_agent_knowledge_content_object"},
    {"chk_agent_knowledge_content_size", "INSERT INTO agent_knowledge (agent_id, knowledge_type, "
     "domain, content) VALUES (" AG1 ", 'pattern', 'x', " BIG_JSON ")", CHECK_VIOLATION,
     "chk_agent_knowledge_content_size"},
    {"chk_agent_knowledge_embedding_dimension (1535)",
     NEW_KNOWLEDGE("embedding", "array_fill(0.5::real, ARRAY[1535])"), CHECK_VIOLATION,
     "chk_agent_knowledge_embedding_dimension"},
    {"chk_agent_knowledge_embedding_dimension (NULL element)",
     NEW_KNOWLEDGE("embedding", "array_fill(0.5::real, ARRAY[1535]) || NULL::real"),
     CHECK_VIOLATION, "chk_agent_knowledge_embedding_dimension"},
    {"chk_agent_knowledge_embedding_dimension (2-D)",
     NEW_KNOWLEDGE("embedding", "array_fill(0.5::real, ARRAY[2, 768])"), CHECK_VIOLATION,
     "chk_agent_knowledge_embedding_dimension"},
    {"chk_agent_knowledge_embedding_dimension (from index 0)",
     NEW_KNOWLEDGE("embedding", "array_fill(0.5::real, ARRAY[1536], ARRAY[0])"), CHECK_VIOLATION,
     "chk_agent_knowledge_embedding_dimension"},
    {"chk_agent_knowledge_embedding_dimension (empty)", NEW_KNOWLEDGE("embedding", "'{}'"),
     CHECK_VIOLATION, "chk_agent_knowledge_embedding_dimension"},
    {"chk_agent_knowledge_usage_count_nonnegative", NEW_KNOWLEDGE("usage_count", "-1"),
     CHECK_VIOLATION, "chk_agent_knowledge_usage_count_nonnegative"},
    {"chk_agent_knowledge_success_rate_range", NEW_KNOWLEDGE("success_rate", "-0.5"),
     CHECK_VIOLATION, "chk_agent_knowledge_success_rate_range"},
    {"chk_agent_knowledge_last_used_after_created",
     NEW_KNOWLEDGE("last_used_at", "now() - interval '1 day'"), CHECK_VIOLATION,
     "chk_agent_knowledge_last_used_after_created"},
    {"fk_agent_knowledge_agent", "INSERT INTO agent_knowledge (agent_id, knowledge_type, domain, "
     "content) VALUES (" NX ", 'pattern', 'x', '{}')", FK_VIOLATION, "fk_agent_knowledge_agent"},
    {"fk_agent_knowledge_project", NEW_KNOWLEDGE("project_id", NX), FK_VIOLATION,
     "fk_agent_knowledge_project"},

    /* ---- conversation_history ---- */
    {"conversation_history_pkey (reported by the partition)",
     "INSERT INTO conversation_history (id, created_at, session_id, role, content) VALUES (" NX
     ", " TS ", " SS1 ", 'user', 'a'), (" NX ", " TS ", " SS1 ", 'user', 'b')", UNIQUE_VIOLATION,
     "conversation_history_default_pkey"},
    {"conversation_history_default_pkey",
     "INSERT INTO conversation_history (id, created_at, session_id, role, content) VALUES (" NX
     ", " TS ", " SS1 ", 'user', 'a'), (" NX ", " TS ", " SS1 ", 'user', 'b')", UNIQUE_VIOLATION,
     "conversation_history_default_pkey"},
    {"chk_conversation_history_role_valid", "INSERT INTO conversation_history (session_id, role, "
     "content) VALUES (" SS1 ", 'robot', 'hi')", CHECK_VIOLATION,
     "chk_conversation_history_role_valid"},
    {"chk_conversation_history_message_type_valid", NEW_MESSAGE("message_type", "'video'"),
     CHECK_VIOLATION, "chk_conversation_history_message_type_valid"},
    {"chk_conversation_history_content_length", "INSERT INTO conversation_history (session_id, "
     "role, content) VALUES (" SS1 ", 'user', repeat('c', 1000001))", CHECK_VIOLATION,
     "chk_conversation_history_content_length"},
    {"chk_conversation_history_tokens_nonnegative", NEW_MESSAGE("tokens_used", "-1"),
     CHECK_VIOLATION, "chk_conversation_history_tokens_nonnegative"},
    {"chk_conversation_history_model_used_length", NEW_MESSAGE("model_used", "''"),
     CHECK_VIOLATION, "chk_conversation_history_model_used_length"},
    {"chk_conversation_history_parent_not_self", NEW_MESSAGE("id, parent_message_id", NX ", " NX),
     CHECK_VIOLATION, "chk_conversation_history_parent_not_self"},
    {"fk_conversation_history_session", "INSERT INTO conversation_history (session_id, role, "
     "content) VALUES (" NX ", 'user', 'hi')", FK_VIOLATION, "fk_conversation_history_session"},
    {"trg_conversation_history_session_project", NEW_MESSAGE("project_id", P2), CHECK_VIOLATION,
     "trg_conversation_history_session_project"},

    /* ---- agent_audit_log ---- */
    {"agent_audit_log_pkey (reported by the partition)",
     "INSERT INTO agent_audit_log (id, occurred_at, agent_id, action_type, action_details) VALUES "
     "(" NX ", " TS ", " AG1 ", 'x.y', '{}'), (" NX ", " TS ", " AG1 ", 'x.y', '{}')",
     UNIQUE_VIOLATION, "agent_audit_log_default_pkey"},
    {"agent_audit_log_default_pkey",
     "INSERT INTO agent_audit_log (id, occurred_at, agent_id, action_type, action_details) VALUES "
     "(" NX ", " TS ", " AG1 ", 'x.y', '{}'), (" NX ", " TS ", " AG1 ", 'x.y', '{}')",
     UNIQUE_VIOLATION, "agent_audit_log_default_pkey"},
    {"chk_agent_audit_log_action_type_format", "INSERT INTO agent_audit_log (agent_id, "
     "action_type, action_details) VALUES (" AG1 ", 'X', '{}')", CHECK_VIOLATION,
     "chk_agent_audit_log_action_type_format"},
    {"chk_agent_audit_log_action_details_object", "INSERT INTO agent_audit_log (agent_id, "
     "action_type, action_details) VALUES (" AG1 ", 'x.y', '[]')", CHECK_VIOLATION,
     "chk_agent_audit_log_action_details_object"},
    {"chk_agent_audit_log_action_details_size", "INSERT INTO agent_audit_log (agent_id, "
     "action_type, action_details) VALUES (" AG1 ", 'x.y', " BIG_JSON ")", CHECK_VIOLATION,
     "chk_agent_audit_log_action_details_size"},
    {"chk_agent_audit_log_risk_level_valid", NEW_AUDIT("agent_id, risk_level", AG1 ", 'extreme'"),
     CHECK_VIOLATION, "chk_agent_audit_log_risk_level_valid"},
    {"chk_agent_audit_log_user_agent_length", NEW_AUDIT("agent_id, user_agent",
     AG1 ", repeat('u', 1001)"), CHECK_VIOLATION, "chk_agent_audit_log_user_agent_length"},
    {"chk_agent_audit_log_actor_present", NEW_AUDIT("risk_level", "'low'"), CHECK_VIOLATION,
     "chk_agent_audit_log_actor_present"},
    {"fk_agent_audit_log_agent", NEW_AUDIT("agent_id", NX), FK_VIOLATION,
     "fk_agent_audit_log_agent"},
    {"fk_agent_audit_log_agent (RESTRICT)", "DELETE FROM agents WHERE id = " AG1, FK_VIOLATION,
     "fk_agent_audit_log_agent"},
    {"fk_agent_audit_log_session", NEW_AUDIT("agent_id, session_id", AG1 ", " NX), FK_VIOLATION,
     "fk_agent_audit_log_session"},
    {"fk_agent_audit_log_session (RESTRICT)", "DELETE FROM agent_sessions WHERE id = " SS1,
     FK_VIOLATION, "fk_agent_audit_log_session"},
    {"fk_agent_audit_log_user", NEW_AUDIT("user_id", NX), FK_VIOLATION, "fk_agent_audit_log_user"},
    {"fk_agent_audit_log_user (RESTRICT)", "DELETE FROM users WHERE id = " U1, FK_VIOLATION,
     "fk_agent_audit_log_user"},
    {"fk_agent_audit_log_project", NEW_AUDIT("agent_id, project_id", AG1 ", " NX), FK_VIOLATION,
     "fk_agent_audit_log_project"},
    {"trg_agent_audit_log_session_project", NEW_AUDIT("agent_id, session_id, project_id",
     AG1 ", " SS1 ", " P2), CHECK_VIOLATION, "trg_agent_audit_log_session_project"},
    {"trg_agent_audit_log_append_only (UPDATE)", "UPDATE agent_audit_log SET risk_level = 'low'",
     CHECK_VIOLATION, "trg_agent_audit_log_append_only"},
    {"trg_agent_audit_log_append_only (DELETE)", "DELETE FROM agent_audit_log", CHECK_VIOLATION,
     "trg_agent_audit_log_append_only"},
    {"trg_agent_audit_log_append_only (DELETE from the partition)",
     NEW_AUDIT("agent_id, occurred_at", AG1 ", " TS) "; DELETE FROM agent_audit_log_default", CHECK_VIOLATION,
     "trg_agent_audit_log_append_only"},
    {"trg_agent_audit_log_no_truncate", "TRUNCATE agent_audit_log", CHECK_VIOLATION,
     "trg_agent_audit_log_no_truncate"},
    {"trg_agent_audit_log_no_truncate (the partition)", "TRUNCATE agent_audit_log_default",
     CHECK_VIOLATION, "trg_agent_audit_log_no_truncate"},

    /* ---- tasks.agent_id ---- */
    {"fk_tasks_agent", NEW_TASK("agent_id", NX), FK_VIOLATION, "fk_tasks_agent"},

    /* ---- schema_change_log ---- */
    {"schema_change_log_pkey", "INSERT INTO schema_change_log (id, event, command_tag) OVERRIDING "
     "SYSTEM VALUE VALUES (-1, 'sql_drop', 'X'), (-1, 'sql_drop', 'X')", UNIQUE_VIOLATION,
     "schema_change_log_pkey"},
    {"chk_schema_change_log_event_valid", "INSERT INTO schema_change_log (event, command_tag) "
     "VALUES ('bogus', 'X')", CHECK_VIOLATION, "chk_schema_change_log_event_valid"},
    {"trg_schema_change_log_append_only (UPDATE)", "INSERT INTO schema_change_log (event, "
     "command_tag) VALUES ('sql_drop', 'X'); UPDATE schema_change_log SET command_tag = 'Y'",
     CHECK_VIOLATION, "trg_schema_change_log_append_only"},
    {"trg_schema_change_log_append_only (DELETE)", "INSERT INTO schema_change_log (event, "
     "command_tag) VALUES ('sql_drop', 'X'); DELETE FROM schema_change_log", CHECK_VIOLATION,
     "trg_schema_change_log_append_only"},
    {"trg_schema_change_log_no_truncate", "TRUNCATE schema_change_log", CHECK_VIOLATION,
     "trg_schema_change_log_no_truncate"},

    /* ---- metrics ---- */
    {"metrics_pkey (reported by the partition)", "INSERT INTO metrics (id, recorded_at, name, "
     "value) OVERRIDING SYSTEM VALUE VALUES (1, " TS ", 'm', 1), (1, " TS ", 'm', 2)",
     UNIQUE_VIOLATION, "metrics_default_pkey"},
    {"metrics_default_pkey", "INSERT INTO metrics (id, recorded_at, name, value) OVERRIDING SYSTEM "
     "VALUE VALUES (1, " TS ", 'm', 1), (1, " TS ", 'm', 2)", UNIQUE_VIOLATION,
     "metrics_default_pkey"},
    {"chk_metrics_name_format", "INSERT INTO metrics (name, value) VALUES ('bad name', 1)",
     CHECK_VIOLATION, "chk_metrics_name_format"},
    {"chk_metrics_metric_kind_valid", NEW_METRIC("metric_kind", "'timer'"), CHECK_VIOLATION,
     "chk_metrics_metric_kind_valid"},
    {"chk_metrics_value_finite (NaN)", "INSERT INTO metrics (name, value) VALUES ('m', 'NaN')",
     CHECK_VIOLATION, "chk_metrics_value_finite"},
    {"chk_metrics_value_finite (Infinity)", "INSERT INTO metrics (name, value) VALUES ('m', "
     "'Infinity')", CHECK_VIOLATION, "chk_metrics_value_finite"},
    {"chk_metrics_unit_length", NEW_METRIC("unit", "''"), CHECK_VIOLATION,
     "chk_metrics_unit_length"},
    {"chk_metrics_labels_strings", NEW_METRIC("labels", "'{\"host\": 1}'"), CHECK_VIOLATION,
     "chk_metrics_labels_strings"},
    {"chk_metrics_labels_size", NEW_METRIC("labels", "jsonb_build_object('k', repeat('x', 5000))"),
     CHECK_VIOLATION, "chk_metrics_labels_size"},

    /* ---- agent_transformation_events ---- */
    {"agent_transformation_events_pkey (reported by the partition)",
     "INSERT INTO agent_transformation_events (id, started_at, event_type, correlation_id, "
     "target_agent) VALUES (" NX ", " TS ", 'transformation_start', " NX ", 'a'), (" NX ", " TS
     ", 'transformation_start', " NX ", 'a')", UNIQUE_VIOLATION,
     "agent_transformation_events_default_pkey"},
    {"agent_transformation_events_default_pkey",
     "INSERT INTO agent_transformation_events (id, started_at, event_type, correlation_id, "
     "target_agent) VALUES (" NX ", " TS ", 'transformation_start', " NX ", 'a'), (" NX ", " TS
     ", 'transformation_start', " NX ", 'a')", UNIQUE_VIOLATION,
     "agent_transformation_events_default_pkey"},
    {"chk_agent_transformation_events_event_type_valid", "INSERT INTO agent_transformation_events "
     "(event_type, correlation_id, target_agent) VALUES ('transformation_maybe', " NX ", 'a')",
     CHECK_VIOLATION, "chk_agent_transformation_events_event_type_valid"},
    {"chk_agent_transformation_events_timestamps_ordered",
     NEW_EVENT("completed_at", "now() - interval '1 second'"), CHECK_VIOLATION,
     "chk_agent_transformation_events_timestamps_ordered"},
    {"chk_agent_transformation_events_parent_not_self",
     NEW_EVENT("id, parent_event_id", NX ", " NX), CHECK_VIOLATION,
     "chk_agent_transformation_events_parent_not_self"},
    {"chk_agent_transformation_events_source_agent_length", NEW_EVENT("source_agent", "''"),
     CHECK_VIOLATION, "chk_agent_transformation_events_source_agent_length"},
    {"chk_agent_transformation_events_target_agent_length", "INSERT INTO "
     "agent_transformation_events (event_type, correlation_id, target_agent) VALUES "
     "('transformation_start', " NX ", '')", CHECK_VIOLATION,
     "chk_agent_transformation_events_target_agent_length"},
    {"chk_agent_transformation_events_reason_length",
     NEW_EVENT("transformation_reason", "repeat('r', 10001)"), CHECK_VIOLATION,
     "chk_agent_transformation_events_reason_length"},
    {"chk_agent_transformation_events_routing_confidence_range",
     NEW_EVENT("routing_confidence", "'NaN'"), CHECK_VIOLATION,
     "chk_agent_transformation_events_routing_confidence_range"},
    {"chk_agent_transformation_events_routing_strategy_format",
     NEW_EVENT("routing_strategy", "'Fuzzy'"), CHECK_VIOLATION,
     "chk_agent_transformation_events_routing_strategy_format"},
    {"chk_agent_transformation_events_durations_nonnegative",
     NEW_EVENT("initialization_duration_ms", "-1"), CHECK_VIOLATION,
     "chk_agent_transformation_events_durations_nonnegative"},
    {"chk_agent_transformation_events_quality_score_range", NEW_EVENT("quality_score", "1.0001"),
     CHECK_VIOLATION, "chk_agent_transformation_events_quality_score_range"},
    {"chk_agent_transformation_events_error_type_length", NEW_EVENT("error_type", "''"),
     CHECK_VIOLATION, "chk_agent_transformation_events_error_type_length"},
    {"chk_agent_transformation_events_error_message_length",
     NEW_EVENT("error_message", "repeat('e', 10001)"), CHECK_VIOLATION,
     "chk_agent_transformation_events_error_message_length"},
    {"chk_agent_transformation_events_context_object", NEW_EVENT("context_snapshot", "'[]'"),
     CHECK_VIOLATION, "chk_agent_transformation_events_context_object"},
    {"chk_agent_transformation_events_context_size", NEW_EVENT("context_snapshot", BIG_JSON),
     CHECK_VIOLATION, "chk_agent_transformation_events_context_size"},
    {"fk_agent_transformation_events_definition", NEW_EVENT("agent_definition_id", NX),
     FK_VIOLATION, "fk_agent_transformation_events_definition"},

    /* ---- router_performance_metrics ---- */
    {"router_performance_metrics_pkey (reported by the partition)",
     "INSERT INTO router_performance_metrics (id, measured_at, selected_agent, "
     "total_routing_time_us) OVERRIDING SYSTEM VALUE VALUES (1, " TS ", 'a', 1), (1, " TS
     ", 'a', 1)", UNIQUE_VIOLATION, "router_performance_metrics_default_pkey"},
    {"router_performance_metrics_default_pkey",
     "INSERT INTO router_performance_metrics (id, measured_at, selected_agent, "
     "total_routing_time_us) OVERRIDING SYSTEM VALUE VALUES (1, " TS ", 'a', 1), (1, " TS
     ", 'a', 1)", UNIQUE_VIOLATION, "router_performance_metrics_default_pkey"},
    {"chk_router_performance_metrics_metric_type_valid", NEW_ROUTING("metric_type", "'guess'"),
     CHECK_VIOLATION, "chk_router_performance_metrics_metric_type_valid"},
    {"chk_router_performance_metrics_request_hash_format",
     NEW_ROUTING("request_hash", "upper(encode(sha256('x'), 'hex'))"), CHECK_VIOLATION,
     "chk_router_performance_metrics_request_hash_format"},
    {"chk_router_performance_metrics_selected_agent_length", "INSERT INTO "
     "router_performance_metrics (selected_agent, total_routing_time_us) VALUES ('', 1)",
     CHECK_VIOLATION, "chk_router_performance_metrics_selected_agent_length"},
    {"chk_router_performance_metrics_selected_agent_present", "INSERT INTO "
     "router_performance_metrics (total_routing_time_us) VALUES (1)", CHECK_VIOLATION,
     "chk_router_performance_metrics_selected_agent_present"},
    {"chk_router_performance_metrics_confidence_range", NEW_ROUTING("confidence_score", "1.1"),
     CHECK_VIOLATION, "chk_router_performance_metrics_confidence_range"},
    {"chk_router_performance_metrics_trigger_confidence_range",
     NEW_ROUTING("trigger_confidence", "-0.1"), CHECK_VIOLATION,
     "chk_router_performance_metrics_trigger_confidence_range"},
    {"chk_router_performance_metrics_context_confidence_range",
     NEW_ROUTING("context_confidence", "1.1"), CHECK_VIOLATION,
     "chk_router_performance_metrics_context_confidence_range"},
    {"chk_router_performance_metrics_capability_confidence_range",
     NEW_ROUTING("capability_confidence", "'NaN'"), CHECK_VIOLATION,
     "chk_router_performance_metrics_capability_confidence_range"},
    {"chk_router_performance_metrics_historical_confidence_range",
     NEW_ROUTING("historical_confidence", "2"), CHECK_VIOLATION,
     "chk_router_performance_metrics_historical_confidence_range"},
    {"chk_router_performance_metrics_timings_nonnegative", "INSERT INTO "
     "router_performance_metrics (selected_agent, total_routing_time_us) VALUES ('a', -1)",
     CHECK_VIOLATION, "chk_router_performance_metrics_timings_nonnegative"},
    {"chk_router_performance_metrics_cache_age (miss)", NEW_ROUTING("cache_age_seconds", "10"),
     CHECK_VIOLATION, "chk_router_performance_metrics_cache_age"},
    {"chk_router_performance_metrics_cache_age (negative)",
     NEW_ROUTING("cache_hit, cache_age_seconds", "true, -1"), CHECK_VIOLATION,
     "chk_router_performance_metrics_cache_age"},
    {"chk_router_performance_metrics_alternatives_array", NEW_ROUTING("alternatives", "'{}'"),
     CHECK_VIOLATION, "chk_router_performance_metrics_alternatives_array"},
    {"chk_router_performance_metrics_actual_quality_range",
     NEW_ROUTING("actual_quality_score", "1.5"), CHECK_VIOLATION,
     "chk_router_performance_metrics_actual_quality_range"},
    {"chk_router_performance_metrics_feedback_valid", NEW_ROUTING("feedback", "'maybe'"),
     CHECK_VIOLATION, "chk_router_performance_metrics_feedback_valid"},
    {"chk_router_performance_metrics_feedback_comment_length",
     NEW_ROUTING("feedback_comment", "repeat('c', 10001)"), CHECK_VIOLATION,
     "chk_router_performance_metrics_feedback_comment_length"},
    {"chk_router_performance_metrics_feedback_at (no feedback)",
     NEW_ROUTING("feedback_at", "now()"),
     CHECK_VIOLATION, "chk_router_performance_metrics_feedback_at"},
    {"chk_router_performance_metrics_feedback_at (before the decision)",
     NEW_ROUTING("feedback, feedback_at", "'correct', now() - interval '1 second'"),
     CHECK_VIOLATION, "chk_router_performance_metrics_feedback_at"},

    /* ---- retention_policies (0009) ---- */
    {"retention_policies_pkey", NEW_POLICY("metrics"), UNIQUE_VIOLATION, "retention_policies_pkey"},
    {"trg_retention_policies_table (no such table)", NEW_POLICY("no_such_table"), CHECK_VIOLATION,
     "trg_retention_policies_table"},
    {"trg_retention_policies_table (not partitioned)", NEW_POLICY("tasks"), CHECK_VIOLATION,
     "trg_retention_policies_table"},
    {"trg_retention_policies_table (not by a timestamptz)",
     "CREATE TABLE public.by_number (n bigint) PARTITION BY RANGE (n); " NEW_POLICY("by_number"),
     CHECK_VIOLATION, "trg_retention_policies_table"},
    {"chk_retention_policies_table_name_format",
     "CREATE TABLE public.\"Odd\" (t timestamptz) PARTITION BY RANGE (t); " NEW_POLICY("Odd"),
     CHECK_VIOLATION, "chk_retention_policies_table_name_format"},
    {"chk_retention_policies_partition_interval (30 days)", SET_POLICY("partition_interval",
     "'30 days'", "metrics"), CHECK_VIOLATION, "chk_retention_policies_partition_interval"},
    {"chk_retention_policies_partition_interval (24 hours)", SET_POLICY("partition_interval",
     "'24 hours'", "metrics"), CHECK_VIOLATION, "chk_retention_policies_partition_interval"},
    {"chk_retention_policies_keep_active_positive", SET_POLICY("keep_active", "'1 hour'",
     "metrics"), CHECK_VIOLATION, "chk_retention_policies_keep_active_positive"},
    {"chk_retention_policies_keep_archived_after_active", SET_POLICY("keep_archived", "'30 days'",
     "conversation_history"), CHECK_VIOLATION, "chk_retention_policies_keep_archived_after_active"},
    {"chk_retention_policies_action_valid", SET_POLICY("action", "'archive'", "metrics"),
     CHECK_VIOLATION, "chk_retention_policies_action_valid"},
    {"chk_retention_policies_keep_archived_detach", SET_POLICY("keep_archived", "'1 year'",
     "metrics"), CHECK_VIOLATION, "chk_retention_policies_keep_archived_detach"},
    {"chk_retention_policies_aggregate_trust_metrics", SET_POLICY("action", "'aggregate'",
     "metrics"), CHECK_VIOLATION, "chk_retention_policies_aggregate_trust_metrics"},
    {"chk_retention_policies_premake_range", SET_POLICY("premake", "101", "metrics"),
     CHECK_VIOLATION, "chk_retention_policies_premake_range"},
    {"chk_retention_policies_reason_length", SET_POLICY("reason", "''", "metrics"),
     CHECK_VIOLATION, "chk_retention_policies_reason_length"},

    /* ---- trust_metrics_daily (0009) ---- */
    {"trust_metrics_daily_pkey", DAILY(AG1, "accuracy", "2, 150, 70, 80", TS, TS, "NULL, NULL")
     ", ('2026-01-01', " AG1 ", 'accuracy', 2, 150, 70, 80, " TS ", " TS ", NULL, NULL)",
     UNIQUE_VIOLATION, "trust_metrics_daily_pkey"},
    {"fk_trust_metrics_daily_agent", DAILY(NX, "accuracy", "2, 150, 70, 80", TS, TS, "NULL, NULL"),
     FK_VIOLATION, "fk_trust_metrics_daily_agent"},
    {"chk_trust_metrics_daily_metric_type_valid",
     DAILY(AG1, "speed", "2, 2, 1, 1", TS, TS, "NULL, NULL"), CHECK_VIOLATION,
     "chk_trust_metrics_daily_metric_type_valid"},
    {"chk_trust_metrics_daily_samples_positive",
     DAILY(AG1, "accuracy", "0, 0, 0, 0", TS, TS, "NULL, NULL"), CHECK_VIOLATION,
     "chk_trust_metrics_daily_samples_positive"},
    {"chk_trust_metrics_daily_values (min above max)",
     DAILY(AG1, "accuracy", "2, 170, 90, 80", TS, TS, "NULL, NULL"), CHECK_VIOLATION,
     "chk_trust_metrics_daily_values"},
    {"chk_trust_metrics_daily_values (sum outside samples times min and max)",
     DAILY(AG1, "accuracy", "2, 400, 70, 80", TS, TS, "NULL, NULL"), CHECK_VIOLATION,
     "chk_trust_metrics_daily_values"},
    {"chk_trust_metrics_daily_values (above the type's range)",
     DAILY(AG1, "complexity", "1, 2, 2, 2", TS, TS, "NULL, NULL"), CHECK_VIOLATION,
     "chk_trust_metrics_daily_values"},
    {"chk_trust_metrics_daily_recorded_on_day",
     DAILY(AG1, "accuracy", "2, 150, 70, 80", TS, "'2026-01-02 00:00:00+00'", "NULL, NULL"),
     CHECK_VIOLATION, "chk_trust_metrics_daily_recorded_on_day"},
    {"chk_trust_metrics_daily_levels (missing on trust_level)",
     DAILY(AG1, "trust_level", "1, 2, 2, 2", TS, TS, "NULL, NULL"), CHECK_VIOLATION,
     "chk_trust_metrics_daily_levels"},
    {"chk_trust_metrics_daily_levels (on another type)",
     DAILY(AG1, "accuracy", "2, 150, 70, 80", TS, TS, "1, 2"), CHECK_VIOLATION,
     "chk_trust_metrics_daily_levels"},

    /* ---- project_members (0010) ---- */
    {"project_members_pkey", "INSERT INTO project_members (role_name, project_id) VALUES "
     "('agentdb_readonly', " P1 "), ('agentdb_readonly', " P1 ")", UNIQUE_VIOLATION,
     "project_members_pkey"},
    {"fk_project_members_project", "INSERT INTO project_members (role_name, project_id) VALUES "
     "('agentdb_readonly', " NX ")", FK_VIOLATION, "fk_project_members_project"},
    {"trg_project_members_role_exists", "INSERT INTO project_members (role_name, project_id) "
     "VALUES ('no_such_role', " P1 ")", FK_VIOLATION, "trg_project_members_role_exists"},
    {"trg_project_members_role_exists (the empty name)", "INSERT INTO project_members (role_name, "
     "project_id) VALUES ('', " P1 ")", FK_VIOLATION, "trg_project_members_role_exists"},
};

/* Statements that must succeed: each is a break case's statement less the break, so a case fails
 * for its rule and not for something else in its statement. */
static const char *const controls[] = {
    /* 0009-0010 */
    "CREATE TABLE public.by_time (t timestamptz) PARTITION BY RANGE (t); " NEW_POLICY("by_time"),
    SET_POLICY("partition_interval", "'1 month'", "metrics"),
    SET_POLICY("keep_archived", "'1 year'", "conversation_history"),
    DAILY(AG1, "accuracy", "2, 150, 70, 80", TS, TS, "NULL, NULL"),
    DAILY(AG1, "trust_level", "1, 2, 2, 2", TS, TS, "1, 2"),
    "INSERT INTO project_members (role_name, project_id) VALUES ('agentdb_readonly', " P1 ")",
    NEW_TASK("priority", "10"),
    NEW_TASK("tags", "'[\"a\", \"b\"]'"),
    NEW_TASK("reward", "-1"),
    NEW_TASK("started_at, completed_at", "now(), now()"),
    NEW_TASK("title", "repeat('t', 500)"),
    "INSERT INTO tasks (workflow_id, type, input) VALUES (" W1 ", 'translation', "
    "'{\"text\": \"hola\", \"source_lang\": \"es\", \"target_lang\": \"en\"}')",
    "INSERT INTO tasks (project_id, workflow_id, type, input) VALUES (" P1 ", " W1
    ", 'research', '{\"q\": 0}')",
    "UPDATE tasks SET type = 'code_optimization' WHERE id = " T1,
    "UPDATE tasks SET input = '{\"text\": \"bye\", \"x\": 1}' WHERE id = " T7,
    "UPDATE tasks SET parent_task_id = " T1 " WHERE id = " T2,
    /* moving a workflow to another project carries its tasks along */
    "UPDATE workflows SET project_id = " P2 " WHERE id = " W2,
    "DELETE FROM workflows WHERE id = " W3,
    "INSERT INTO users (name, email) VALUES ('Bob', 'bob@example.com')",
    NEW_WORKFLOW("total_reward", "-1e300"),
    NEW_VERSION("version_no, reason, added_task_ids", "2, 'r', ARRAY[" T1 "]::uuid[]"),
    NEW_TYPE("required_input_keys", "'{a,b}'"),
    NEW_EDGE(T7, T1),
    "INSERT INTO task_dependencies (task_id, depends_on_task_id) VALUES (" T1 ", " T7 "), (" T7
    ", " T6 ")",
    "UPDATE task_dependencies SET depends_on_task_id = " T1 " WHERE task_id = " T3,
    "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE; " NEW_EDGE(T7, T1),
    /* 0004-0006 */
    TASK_EVENT("'insert'", "NULL", "'pending'", "1", "'{status}'", "'{}'"),
    TASK_EVENT("'update'", "'pending'", "'queued'", "2", "'{status}'", "'{}'"),
    TASK_EVENT("'delete'", "'pending'", "NULL", "2", "'{}'", "'{}'"),
    NEW_TASK_EVENT("actor, application_name, correlation_id",
                   "repeat('a', 63), repeat('p', 63), repeat('c', 200)"),
    /* the audit trail keeps a deleted task's events */
    "DELETE FROM tasks WHERE id = " T7 "; "
    "DO $$ BEGIN "
    "  IF (SELECT array_agg(event ORDER BY id) FROM task_events WHERE task_id = " T7 ") "
    "     <> '{insert,delete}' "
    "  THEN RAISE EXCEPTION 'T7''s events are not insert, delete'; END IF; END $$",
    NEW_EXECUTION("agent_id, input_context, memory_usage_mb, cpu_time_ms", AG1 ", '{}', 0, 0"),
    "INSERT INTO task_executions (task_id, project_id, attempt_no, agent_type) VALUES (" T1 ", " P1
    ", 2, 'EvaluatorAgent')",
    "UPDATE task_executions SET execution_status = 'cancelled', completed_at = now() WHERE id = "
    EX1,
    "UPDATE task_executions SET execution_status = 'running', started_at = now() WHERE id = " EX1
    "; UPDATE task_executions SET execution_status = 'completed', completed_at = now() WHERE id = "
    EX1,
    NEW_EPISODE("status, ended_at, total_reward, steps", "'completed', now(), -1e300, 0"),
    NEW_EPISODE("project_id", P1),
    "UPDATE learning_episodes SET status = 'failed', ended_at = now() WHERE id = " EP1,
    /* an experience filled in from its episode (workflow and project) */
    NEW_EXPERIENCE("task_id, terminal", T1 ", true"),
    NEW_EXPERIENCE("workflow_id, project_id", W1 ", " P1),
    "INSERT INTO experiences (episode_id, step, state_context, action_taken, reward_received) "
    "VALUES (" EP2 ", 0, '{}', '{}', -1)",
    NEW_CORRECTION("workflow_id, project_id, outcome", W1 ", " P1 ", '{}'"),
    /* an attempt applied (version 2 written, naming it) and then succeeded */
    "INSERT INTO workflow_versions (workflow_id, version_no, reason, correction_attempt_id) "
    "VALUES (" W1 ", 2, 'fix', " CA1 "); "
    "UPDATE correction_attempts SET status = 'applied', version_after = 2 WHERE id = " CA1 "; "
    "UPDATE correction_attempts SET status = 'succeeded', completed_at = now() WHERE id = " CA1,
    "INSERT INTO workflow_versions (workflow_id, version_no, reason) VALUES (" W1 ", 2, 'fix'); "
    NEW_CORRECTION("status, version_after", "'applied', 2"),
    NEW_CORRECTION("status, completed_at", "'abandoned', now()"),
    "UPDATE correction_attempts SET failed_task_id = " T2 " WHERE id = " CA1,
    /* two pull requests without a number in one repository, and the same number in another */
    "INSERT INTO pull_requests (project_id, repository_url, branch_name, title) VALUES (" P1 ", "
    REPO ", 'b', 't'), (" P1 ", " REPO ", 'b2', 't2')",
    "INSERT INTO pull_requests (project_id, repository_url, branch_name, title, pr_number) VALUES ("
    P1 ", 'https://github.com/acme/other', 'b', 't', 7)",
    NEW_PR("status, merged_at, closed_at", "'merged', now(), now()"),
    NEW_PR("status, closed_at, validation_results", "'closed', now(), '{\"ci\": \"green\"}'"),
    "INSERT INTO pull_requests (task_id, repository_url, branch_name, title) VALUES (" T2
    ", 'r', 'b', 't')",
    "UPDATE pull_requests SET status = 'merged', merged_at = now(), closed_at = now() WHERE id = "
    PR1,
    /* deleting T1: its attempts go, its pull request and correction stay without it */
    "DELETE FROM tasks WHERE id = " T1 "; "
    "DO $$ BEGIN "
    "  IF EXISTS (SELECT 1 FROM task_executions WHERE id = " EX1 ") "
    "     OR NOT EXISTS (SELECT 1 FROM pull_requests WHERE id = " PR1 " AND task_id IS NULL) "
    "     OR NOT EXISTS (SELECT 1 FROM correction_attempts WHERE id = " CA1
    "                     AND failed_task_id IS NULL AND project_id = " P1 ") "
    "  THEN RAISE EXCEPTION 'deleting T1 did not cascade as documented'; END IF; END $$",
    /* deleting W1 takes its attempts, episodes and corrections; T1's pull request stays */
    "DELETE FROM workflows WHERE id = " W1 "; "
    "DO $$ BEGIN "
    "  IF EXISTS (SELECT 1 FROM task_executions WHERE id = " EX1 ") "
    "     OR EXISTS (SELECT 1 FROM learning_episodes WHERE workflow_id = " W1 ") "
    "     OR EXISTS (SELECT 1 FROM correction_attempts WHERE workflow_id = " W1 ") "
    "     OR NOT EXISTS (SELECT 1 FROM pull_requests WHERE id = " PR1 " AND task_id IS NULL) "
    "  THEN RAISE EXCEPTION 'deleting W1 did not cascade as documented'; END IF; END $$",
    /* moving W1 to another project carries its rows along */
    "UPDATE workflows SET project_id = " P2 " WHERE id = " W1 "; "
    "DO $$ BEGIN "
    "  IF EXISTS (SELECT 1 FROM task_executions WHERE project_id <> " P2 " AND task_id = " T1 ") "
    "     OR EXISTS (SELECT 1 FROM pull_requests WHERE id = " PR1 " AND project_id <> " P2 ") "
    "     OR EXISTS (SELECT 1 FROM correction_attempts WHERE workflow_id = " W1
    "                 AND project_id <> " P2 ") "
    "     OR EXISTS (SELECT 1 FROM learning_episodes WHERE id = " EP1 " AND project_id <> " P2 ") "
    "  THEN RAISE EXCEPTION 'moving W1 did not carry its rows along'; END IF; END $$",
    /* 0007-0008 */
    NEW_DEFINITION("capabilities, triggers", "'{a,b}', '{\"fix bug\"}'"),
    NEW_AGENT("trust_level, capabilities", "4, '[\"go\"]'"),
    NEW_SESSION("session_state, ended_at", "'expired', now()"),
    DECISION_KEY NEW_DECISION("decision_rationale, confidence_score, user_feedback",
                              "'because', 1, 'approved'"),
    NEW_DECISION("project_id", P1),
    NEW_TRUST("accuracy", "100", "session_id", SS1),
    NEW_TRUST("autonomy", "4", "measurement_context", "'{\"n\": 5}'"),
    NEW_TRUST("complexity", "0", "measurement_context", "'{}'"),
    NEW_TRUST("trust_level", "1", "previous_level, new_level", "0, 1"),
    NEW_KNOWLEDGE("embedding, project_id", "array_fill(0.5::real, ARRAY[1536]), " P1),
    NEW_MESSAGE("parent_message_id, tokens_used, model_used", NX ", 0, 'gpt-4'"),
    NEW_AUDIT("user_id, ip_address", U1 ", '10.0.0.1'"),
    NEW_METRIC("unit, labels, agent_id", "'s', '{\"region\": \"eu\"}', " AG1),
    NEW_EVENT("agent_definition_id, routing_confidence, completed_at", DF1 ", 1, now()"),
    NEW_ROUTING("cache_hit, cache_age_seconds, feedback, feedback_at", "true, 0, 'correct', now()"),
    "INSERT INTO router_performance_metrics (metric_type, total_routing_time_us) VALUES "
    "('routing_error', 5)",
    /* deletes: SET NULL on tasks and definitions, CASCADE of an unaudited session's rows */
    "UPDATE tasks SET agent_id = " AG3 " WHERE id = " T4 "; DELETE FROM agents WHERE id = " AG3,
    "DELETE FROM agent_definitions WHERE id = " DF1,
    "INSERT INTO trust_metrics (agent_id, session_id, metric_type, metric_value) VALUES (" AG2
    ", " SS2 ", 'accuracy', 1); INSERT INTO conversation_history (session_id, role, content) "
    "VALUES (" SS2 ", 'user', 'bye'); "
    "DELETE FROM agent_sessions WHERE id = " SS2,
    /* an agent without audit rows goes with its sessions, decisions and trust history */
    "INSERT INTO trust_metrics (agent_id, session_id, metric_type, metric_value) VALUES (" AG2
    ", " SS2 ", 'accuracy', 1); "
    "INSERT INTO agent_decisions (session_id, decision_type, input_context, action_taken) VALUES ("
    SS2 ", 'review', '{}', '{}'); "
    "DELETE FROM agents WHERE id = " AG2,
    "UPDATE agent_sessions SET session_state = 'completed', ended_at = now() WHERE id = " SS1,
};

/* ---- the test database ---- */

static PGconn *conn;

static int setup(void **state)
{
    (void)state;
    conn = th_migrated_db(DB, NULL);
    if (!conn)
        return -1;
    th_exec(conn, fixture);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    th_done_db(conn, DB);
    conn = NULL;
    return 0;
}

/* Run sql in a transaction that is always rolled back. Returns true when it succeeded; otherwise
 * copies its SQLSTATE and constraint name, and its message into msg. */
static bool try_sql(const char *sql, char state[6], char constraint[128], strbuf *msg)
{
    th_exec(conn, "BEGIN");
    PGresult *r = PQexec(conn, sql);
    ExecStatusType st = PQresultStatus(r);
    bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
    state[0] = constraint[0] = '\0';
    if (!ok) {
        const char *s = PQresultErrorField(r, PG_DIAG_SQLSTATE);
        const char *cn = PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME);
        snprintf(state, 6, "%s", s ? s : "");
        snprintf(constraint, 128, "%s", cn ? cn : "");
        if (msg)
            sb_append(msg, PQresultErrorMessage(r));
    }
    PQclear(r);
    th_exec(conn, "ROLLBACK");
    return ok;
}

/* ---- every rule, broken once ---- */

static void test_rule_cases(void **state)
{
    (void)state;
    size_t n = sizeof cases / sizeof cases[0], bad = 0;
    strbuf report = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        char st[6], cn[128];
        strbuf msg = STRBUF_INIT;
        if (try_sql(cases[i].sql, st, cn, &msg)) {
            sb_printf(&report, "  %s: succeeded; expected %s %s\n", cases[i].name,
                      cases[i].sqlstate, cases[i].constraint);
            bad++;
        } else if (strcmp(st, cases[i].sqlstate) != 0 || strcmp(cn, cases[i].constraint) != 0) {
            sb_printf(&report, "  %s: got %s %s, expected %s %s\n    %s", cases[i].name, st,
                      cn[0] ? cn : "(no constraint)", cases[i].sqlstate, cases[i].constraint,
                      sb_str(&msg));
            bad++;
        }
        sb_free(&msg);
    }
    if (bad)
        fail_msg("%zu of %zu rule cases wrong:\n%s", bad, n, sb_str(&report));
    printf("  %zu rule cases, each refused with its SQLSTATE and constraint\n", n);
    sb_free(&report);
}

static void test_controls_succeed(void **state)
{
    (void)state;
    size_t n = sizeof controls / sizeof controls[0], bad = 0;
    strbuf report = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        char st[6], cn[128];
        strbuf msg = STRBUF_INIT;
        if (!try_sql(controls[i], st, cn, &msg)) {
            sb_printf(&report, "  %s\n    %s %s: %s", controls[i], st, cn, sb_str(&msg));
            bad++;
        }
        sb_free(&msg);
    }
    if (bad)
        fail_msg("%zu of %zu control statements failed:\n%s", bad, n, sb_str(&report));
}

/* Every CHECK, foreign key, unique or primary key, exclusion constraint and unique index in
 * public, and every trigger that reports itself as a constraint, is the rule of some case. A
 * trigger reports itself when its function raises with CONSTRAINT = 'its name', or with
 * CONSTRAINT = TG_NAME or TG_ARGV[...] (shared functions: the name is then the trigger's own,
 * and its case may expect the key TG_ARGV names). A new migration's rules need one line each in
 * cases[]. */
static void test_every_rule_has_a_case(void **state)
{
    (void)state;
    PGresult *r = PQexec(
        conn,
        "SELECT conname FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid "
        " WHERE t.relnamespace = 'public'::regnamespace AND c.contype IN ('c','f','u','p','x') "
        "   AND c.conparentid = 0 "
        "UNION "
        "SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
        " WHERE i.relnamespace = 'public'::regnamespace AND x.indisunique "
        "   AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) "
        "   AND NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = x.indexrelid) "
        "   AND (SELECT relkind FROM pg_class m WHERE m.oid = x.indrelid) <> 'm' "
        "UNION "
        "SELECT g.tgname FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid "
        "  JOIN pg_proc p ON p.oid = g.tgfoid "
        " WHERE t.relnamespace = 'public'::regnamespace AND NOT g.tgisinternal "
        "   AND g.tgparentid = 0 "
        "   AND (p.prosrc ~ ('CONSTRAINT\\s*=\\s*''' || g.tgname || '''') "
        "        OR p.prosrc ~* 'CONSTRAINT\\s*=\\s*TG_(NAME|ARGV)\\M') "
        "ORDER BY 1");
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    size_t n = sizeof cases / sizeof cases[0];
    int missing = 0;
    strbuf report = STRBUF_INIT;
    for (int row = 0; row < PQntuples(r); row++) {
        const char *rule = PQgetvalue(r, row, 0);
        size_t len = strlen(rule);
        bool found = false;
        for (size_t i = 0; i < n && !found; i++)
            found = strncmp(cases[i].name, rule, len) == 0 &&
                    (cases[i].name[len] == '\0' || cases[i].name[len] == ' ');
        if (!found) {
            sb_printf(&report, " %s", rule);
            missing++;
        }
    }
    int rules = PQntuples(r);
    PQclear(r);
    if (missing)
        fail_msg("%d of %d rules have no case in cases[] (tests/db/test_schema_rules.c):%s",
                 missing, rules, sb_str(&report));
    printf("  %d rules in the catalog, each with a case\n", rules);
    sb_free(&report);
}

/* ---- the status state machine, all 64 pairs ---- */

static void test_status_transitions(void **state)
{
    (void)state;
    static const char *const statuses[] = {"pending", "queued",    "running", "completed",
                                           "failed",  "cancelled", "timeout", "retrying"};
    static const char *const legal[] = {
        "pending>queued",    "pending>cancelled", "queued>running",    "queued>cancelled",
        "running>completed", "running>failed",    "running>timeout",   "running>cancelled",
        "failed>retrying",   "failed>cancelled",  "retrying>queued",   "retrying>cancelled"};
    int ok = 0, refused = 0, same = 0;
    strbuf report = STRBUF_INIT;
    for (size_t f = 0; f < 8; f++) {
        for (size_t t = 0; t < 8; t++) {
            const char *from = statuses[f], *to = statuses[t];
            char *pair = xasprintf("%s>%s", from, to);
            bool want = false;
            for (size_t k = 0; k < sizeof legal / sizeof legal[0]; k++)
                want = want || strcmp(legal[k], pair) == 0;
            /* A task created in the from-status (the trigger is BEFORE UPDATE only), then moved;
             * started_at is set so that every status is a consistent row. */
            char *sql = xasprintf(
                "INSERT INTO tasks (id, workflow_id, type, input, status, started_at) VALUES "
                "(" NX ", " W1 ", 'research', '{\"q\": 0}', '%s', now());"
                "UPDATE tasks SET status = '%s' WHERE id = " NX,
                from, to);
            char st[6], cn[128];
            strbuf msg = STRBUF_INIT;
            bool succeeded = try_sql(sql, st, cn, &msg);
            if (f == t) {
                same++;
                if (!succeeded)
                    sb_printf(&report, "  %s (no change) refused: %s", pair, sb_str(&msg));
            } else if (succeeded) {
                ok++;
                if (!want)
                    sb_printf(&report, "  %s allowed, should be refused\n", pair);
            } else {
                refused++;
                if (want)
                    sb_printf(&report, "  %s refused, should be allowed: %s", pair, sb_str(&msg));
                else if (strcmp(st, CHECK_VIOLATION) != 0 ||
                         strcmp(cn, "trg_validate_status_transition") != 0)
                    sb_printf(&report, "  %s refused with %s %s: %s", pair, st, cn, sb_str(&msg));
            }
            sb_free(&msg);
            free(sql);
            free(pair);
        }
    }
    if (report.len)
        fail_msg("status transitions:\n%s", sb_str(&report));
    assert_int_equal(same, 8);
    assert_int_equal(ok, 12);
    assert_int_equal(refused, 44);
    sb_free(&report);
}

/* ---- a cycle closed through 1,000 tasks ---- */

#define CHAIN_ID(i) "('00000000-0000-0000-0001-' || lpad((" i ")::text, 12, '0'))::uuid"

static void test_long_cycle(void **state)
{
    (void)state;
    th_exec(conn, "BEGIN");
    /* c1 ... c1000 in W2, and x depending on y (outside the chain) */
    th_exec(conn, "INSERT INTO tasks (id, workflow_id, type, input) "
                  "SELECT " CHAIN_ID("i") ", " W2 ", 'research', jsonb_build_object('i', i) "
                  "  FROM generate_series(1, 1002) i");
    /* c(i+1) depends on c(i), inserted in dependency order, in one statement */
    th_exec(conn, "INSERT INTO task_dependencies (task_id, depends_on_task_id) "
                  "SELECT " CHAIN_ID("i + 1") ", " CHAIN_ID("i")
                  "  FROM generate_series(1, 999) i ORDER BY i");
    th_exec(conn, "INSERT INTO task_dependencies (task_id, depends_on_task_id) "
                  "VALUES (" CHAIN_ID("1001") ", " CHAIN_ID("1002") ")");
    assert_int_equal(th_long(conn, "SELECT count(*) FROM task_dependencies WHERE workflow_id = " W2),
                     1000);
    th_exec(conn, "SAVEPOINT s");
    /* c1 depends on c1000: c1000 depends on c1 through 999 edges */
    PGresult *r = PQexec(conn, "INSERT INTO task_dependencies (task_id, depends_on_task_id) "
                               "VALUES (" CHAIN_ID("1") ", " CHAIN_ID("1000") ")");
    assert_int_equal(PQresultStatus(r), PGRES_FATAL_ERROR);
    assert_string_equal(PQresultErrorField(r, PG_DIAG_SQLSTATE), CHECK_VIOLATION);
    assert_string_equal(PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME),
                        "trg_task_dependencies_acyclic");
    PQclear(r);
    th_exec(conn, "ROLLBACK TO SAVEPOINT s");
    /* control: c1 depends on x, which depends on y; the walk visits all 1,000 dependents of c1
     * and closes no cycle */
    th_exec(conn, "INSERT INTO task_dependencies (task_id, depends_on_task_id) "
                  "VALUES (" CHAIN_ID("1") ", " CHAIN_ID("1001") ")");
    /* and an edge along the chain's direction is no cycle either */
    th_exec(conn, "INSERT INTO task_dependencies (task_id, depends_on_task_id) "
                  "VALUES (" CHAIN_ID("1000") ", " CHAIN_ID("1") ")");
    /* now y is below c1000 too: y depending on c1000 closes a cycle through 1,001 edges */
    th_exec(conn, "SAVEPOINT s");
    r = PQexec(conn, "INSERT INTO task_dependencies (task_id, depends_on_task_id) "
                     "VALUES (" CHAIN_ID("1002") ", " CHAIN_ID("1000") ")");
    assert_int_equal(PQresultStatus(r), PGRES_FATAL_ERROR);
    assert_string_equal(PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME),
                        "trg_task_dependencies_acyclic");
    PQclear(r);
    th_exec(conn, "ROLLBACK");
}

/* ---- optimistic locking ---- */

static void test_optimistic_locking(void **state)
{
    (void)state;
    static const char *const tables[][3] = {{"tasks", T1, "metadata = '{\"n\": 1}'"},
                                            {"workflows", W1, "metadata = '{\"n\": 1}'"},
                                            {"agents", AG1, "name = 'dev-9'"},
                                            {"agent_sessions", SS1, "metadata = '{\"n\": 1}'"}};
    for (size_t k = 0; k < sizeof tables / sizeof tables[0]; k++) {
        const char *tbl = tables[k][0], *id = tables[k][1], *change = tables[k][2];
        th_exec(conn, "BEGIN");
        char *q = xasprintf("SELECT version FROM %s WHERE id = %s", tbl, id);
        long v = th_long(conn, q);
        assert_int_equal(v, 1);
        /* an update with the current version wins, and bumps it */
        char *upd = xasprintf("UPDATE %s SET %s WHERE id = %s AND version = %ld", tbl, change, id,
                              v);
        PGresult *r = PQexec(conn, upd);
        assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
        assert_string_equal(PQcmdTuples(r), "1");
        PQclear(r);
        assert_int_equal(th_long(conn, q), v + 1);
        /* the same update, now stale, changes nothing */
        r = PQexec(conn, upd);
        assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
        assert_string_equal(PQcmdTuples(r), "0");
        PQclear(r);
        assert_int_equal(th_long(conn, q), v + 1);
        /* the version cannot be set: it is always the old one plus 1 */
        char *set = xasprintf("UPDATE %s SET version = 100, updated_at = '2000-01-01' WHERE id = %s",
                              tbl, id);
        th_exec(conn, set);
        assert_int_equal(th_long(conn, q), v + 2);
        char *upd_at = xasprintf("SELECT count(*) FROM %s WHERE id = %s AND updated_at = now()",
                                 tbl, id);
        assert_int_equal(th_long(conn, upd_at), 1);
        th_exec(conn, "ROLLBACK");
        free(upd_at);
        free(set);
        free(upd);
        free(q);
    }
}

/* agent_definitions: updated_at follows every update (it cannot be set back), and
 * config_sha256 is the SHA-256 of the configuration's text, changing with it. */
static void test_definition_maintained_columns(void **state)
{
    (void)state;
    th_exec(conn, "BEGIN");
    char *before = th_value(conn, "SELECT config_sha256 FROM agent_definitions WHERE id = " DF1);
    assert_non_null(before);
    assert_int_equal(th_long(conn, "SELECT count(*) FROM agent_definitions WHERE id = " DF1
                                   " AND config_sha256 = encode(sha256(convert_to(yaml_config::text, "
                                   "'UTF8')), 'hex')"), 1);
    th_exec(conn, "UPDATE agent_definitions SET yaml_config = '{\"name\": \"coordinator\", "
                  "\"v\": 2}', updated_at = '2000-01-01' WHERE id = " DF1);
    char *after = th_value(conn, "SELECT config_sha256 FROM agent_definitions WHERE id = " DF1);
    assert_string_not_equal(before, after);
    assert_int_equal(th_long(conn, "SELECT count(*) FROM agent_definitions WHERE id = " DF1
                                   " AND updated_at = now() AND config_sha256 = "
                                   "encode(sha256(convert_to(yaml_config::text, 'UTF8')), 'hex')"), 1);
    th_exec(conn, "ROLLBACK");
    free(before);
    free(after);
}

/* ---- catalog rules that hold for every migration ---- */

/* Every foreign key in public says what happens on delete (CASCADE, RESTRICT, SET NULL or SET
 * DEFAULT; NO ACTION, the default, cannot be told from an omitted clause) and has a valid,
 * non-partial index whose leading columns are the key's columns. */
static void test_foreign_keys_indexed_with_on_delete(void **state)
{
    (void)state;
    char *bad = th_value(
        conn,
        "SELECT string_agg(format('  %s on %s: %s', c.conname, c.conrelid::regclass, problem), "
        "                  E'\\n' ORDER BY c.conrelid::regclass::text, c.conname) "
        "  FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid "
        " CROSS JOIN LATERAL (VALUES "
        "   (CASE WHEN c.confdeltype NOT IN ('c', 'r', 'n', 'd') "
        "         THEN 'no explicit ON DELETE (CASCADE, RESTRICT, SET NULL or SET DEFAULT)' END), "
        "   (CASE WHEN NOT EXISTS ("
        "         SELECT 1 FROM pg_index i "
        "          WHERE i.indrelid = c.conrelid AND i.indpred IS NULL AND i.indisvalid "
        "            AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey "
        "            AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] <@ c.conkey) "
        "         THEN 'no index whose leading columns are the key''s' END)) p(problem) "
        " WHERE c.contype = 'f' AND t.relnamespace = 'public'::regnamespace "
        "   AND problem IS NOT NULL");
    if (bad)
        fail_msg("foreign keys:\n%s", bad);
    assert_true(th_long(conn, "SELECT count(*) FROM pg_constraint c JOIN pg_class t "
                              "ON t.oid = c.conrelid WHERE c.contype = 'f' "
                              "AND t.relnamespace = 'public'::regnamespace") > 0);
}

/* Every table in public (partitions aside: their parent's comment describes them) has a comment. */
static void test_tables_commented(void **state)
{
    (void)state;
    char *bad = th_value(conn, "SELECT string_agg(relname, ', ' ORDER BY relname) FROM pg_class "
                               " WHERE relnamespace = 'public'::regnamespace "
                               "   AND relkind IN ('r', 'p') AND NOT relispartition "
                               "   AND coalesce(obj_description(oid, 'pg_class'), '') = ''");
    if (bad)
        fail_msg("tables without a COMMENT: %s", bad);
}


/* ---- DDL is logged; concurrent writers cannot close a cycle ---- */

/* Seed 004 asks for an audit of every schema change: the event triggers of 0007 write a row per
 * DDL command and per dropped object, in the same transaction. */
static void test_ddl_is_logged(void **state)
{
    (void)state;
    th_exec(conn, "BEGIN");
    long before = th_long(conn, "SELECT count(*) FROM schema_change_log");
    th_exec(conn, "CREATE TABLE public.ddl_probe (x int)");
    assert_int_equal(th_long(conn, "SELECT count(*) FROM schema_change_log WHERE event = 'ddl_command_end' "
                                   "AND command_tag = 'CREATE TABLE' AND object_identity = 'public.ddl_probe' "
                                   "AND session_user_name = session_user AND transaction_id = pg_current_xact_id()"),
                     1);
    th_exec(conn, "DROP TABLE public.ddl_probe");
    assert_int_equal(th_long(conn, "SELECT count(*) FROM schema_change_log WHERE event = 'sql_drop' "
                                   "AND command_tag = 'DROP TABLE' AND object_identity = 'public.ddl_probe'"),
                     1);
    assert_true(th_long(conn, "SELECT count(*) FROM schema_change_log") >= before + 2);
    th_exec(conn, "ROLLBACK");
}

#define CX "'00000000-0000-0000-0000-0000000003a1'"
#define CY "'00000000-0000-0000-0000-0000000003a2'"

/* Two sessions each add one edge between the same two tasks, in opposite directions, at the same
 * time (seed 000 §7.4, referential integrity under concurrent access). Each edge alone is fine;
 * together they are a cycle. The second waits on the workflow's advisory lock and, once the first
 * commits, its check sees the first edge and refuses: one edge remains, never both. */
static void test_concurrent_edges_no_cycle(void **state)
{
    (void)state;
    PGconn *a = th_connect(DB), *b = th_connect(DB), *watch = th_connect(DB);
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(watch);
    th_exec(a, "INSERT INTO tasks (id, workflow_id, type, input) VALUES "
               "(" CX ", " W3 ", 'research', '{\"q\": 1}'), (" CY ", " W3 ", 'research', '{\"q\": 2}')");
    th_exec(a, "BEGIN");
    th_exec(a, "INSERT INTO task_dependencies (task_id, depends_on_task_id) VALUES (" CX ", " CY ")");
    th_exec(b, "BEGIN");
    assert_int_equal(PQsendQuery(b, "INSERT INTO task_dependencies (task_id, depends_on_task_id) "
                                    "VALUES (" CY ", " CX ")"),
                     1);
    /* wait (without a clock assert) until b is queued behind a's advisory lock */
    bool waiting = false;
    for (int i = 0; i < 600 && !waiting; i++) {
        waiting = th_long(watch, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                                 "AND NOT granted") > 0;
        if (!waiting)
            usleep(50 * 1000);
    }
    assert_true(waiting);
    th_exec(a, "COMMIT");
    PGresult *r = PQgetResult(b);
    assert_int_equal(PQresultStatus(r), PGRES_FATAL_ERROR);
    assert_string_equal(PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME), "trg_task_dependencies_acyclic");
    PQclear(r);
    while ((r = PQgetResult(b)))
        PQclear(r);
    th_exec(b, "ROLLBACK");
    assert_int_equal(th_long(watch, "SELECT count(*) FROM task_dependencies WHERE task_id IN (" CX ", " CY ")"),
                     1);
    th_exec(watch, "DELETE FROM task_dependencies WHERE task_id IN (" CX ", " CY ")");
    th_exec(watch, "DELETE FROM tasks WHERE id IN (" CX ", " CY ")");
    PQfinish(a);
    PQfinish(b);
    PQfinish(watch);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule_cases),
        cmocka_unit_test(test_controls_succeed),
        cmocka_unit_test(test_every_rule_has_a_case),
        cmocka_unit_test(test_status_transitions),
        cmocka_unit_test(test_long_cycle),
        cmocka_unit_test(test_optimistic_locking),
        cmocka_unit_test(test_definition_maintained_columns),
        cmocka_unit_test(test_foreign_keys_indexed_with_on_delete),
        cmocka_unit_test(test_tables_commented),
        cmocka_unit_test(test_ddl_is_logged),
        cmocka_unit_test(test_concurrent_edges_no_cycle),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
