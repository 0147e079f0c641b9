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
    "  (" T2 ", " T1 "), (" T3 ", " T2 "), (" T6 ", " T5 ");";

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
};

/* Statements that must succeed: each is a break case's statement less the break, so a case fails
 * for its rule and not for something else in its statement. */
static const char *const controls[] = {
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
};

/* ---- the test database ---- */

static PGconn *conn;

static int setup(void **state)
{
    (void)state;
    th_create_db(DB, NULL);
    th_run r = th_agentdb(DB, NULL, NULL, "-c", "migrate up", NULL);
    int st = r.status;
    if (st != 0)
        fprintf(stderr, "migrate up exited %d:\n%s%s", st, r.out, r.err);
    th_run_free(&r);
    if (st != 0)
        return -1;
    conn = th_connect(DB);
    th_exec(conn, fixture);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    if (conn)
        PQfinish(conn);
    conn = NULL;
    th_drop_db(DB);
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
 * public, and every trigger that reports itself as a constraint, is the rule of some case. A new
 * migration's rules need one line each in cases[]. */
static void test_every_rule_has_a_case(void **state)
{
    (void)state;
    PGresult *r = PQexec(
        conn,
        "SELECT conname FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid "
        " WHERE t.relnamespace = 'public'::regnamespace AND c.contype IN ('c','f','u','p','x') "
        "UNION "
        "SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
        " WHERE i.relnamespace = 'public'::regnamespace AND x.indisunique "
        "   AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) "
        "UNION "
        "SELECT g.tgname FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid "
        "  JOIN pg_proc p ON p.oid = g.tgfoid "
        " WHERE t.relnamespace = 'public'::regnamespace AND NOT g.tgisinternal "
        "   AND p.prosrc ~ ('CONSTRAINT\\s*=\\s*''' || g.tgname || '''') "
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
    static const char *const tables[][2] = {{"tasks", T1}, {"workflows", W1}};
    for (size_t k = 0; k < 2; k++) {
        const char *tbl = tables[k][0], *id = tables[k][1];
        th_exec(conn, "BEGIN");
        char *q = xasprintf("SELECT version FROM %s WHERE id = %s", tbl, id);
        long v = th_long(conn, q);
        assert_int_equal(v, 1);
        /* an update with the current version wins, and bumps it */
        char *upd = xasprintf("UPDATE %s SET metadata = '{\"n\": 1}' WHERE id = %s AND version = %ld",
                              tbl, id, v);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule_cases),
        cmocka_unit_test(test_controls_succeed),
        cmocka_unit_test(test_every_rule_has_a_case),
        cmocka_unit_test(test_status_transitions),
        cmocka_unit_test(test_long_cycle),
        cmocka_unit_test(test_optimistic_locking),
        cmocka_unit_test(test_foreign_keys_indexed_with_on_delete),
        cmocka_unit_test(test_tables_commented),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
