/* test_index_use.c: the indexes the requirement documents name serve the queries they were made
 * for. Each case's query is planned on demo data with sequential scans discouraged, and its plan
 * must scan the named index (or, on a partitioned table, a partition's index cloned from it). */
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

#define DB "index_use"

static PGconn *conn; /* owned here */

typedef struct index_case {
    const char *index; /* the index that must serve the query */
    const char *query; /* a query of the pattern the index was made for */
} index_case;

static const index_case cases[] = {
    /* seed 001: tasks */
    {"idx_tasks_pending_priority",
     "SELECT id FROM tasks WHERE status = 'pending' ORDER BY priority, created_at LIMIT 10"},
    {"idx_tasks_active", "SELECT id FROM active_tasks ORDER BY id LIMIT 20"},
    {"idx_tasks_reward", "SELECT id FROM tasks WHERE reward > 0.9"},
    {"idx_tasks_search_vector",
     "SELECT id FROM tasks WHERE search_vector @@ to_tsquery('english', 'report')"},
    /* seed 003: agent definitions */
    {"idx_agent_definitions_yaml_config_gin",
     "SELECT id FROM agent_definitions WHERE yaml_config @> '{\"name\": \"coordinator\"}'"},
    {"idx_agent_definitions_parsed_metadata_gin",
     "SELECT id FROM agent_definitions WHERE parsed_metadata @> '{\"k\": 1}'"},
    {"idx_agent_definitions_capabilities_gin",
     "SELECT id FROM agent_definitions WHERE capabilities @> ARRAY['code_generation']"},
    {"idx_agent_definitions_triggers_gin",
     "SELECT id FROM agent_definitions WHERE triggers @> ARRAY['on_push']"},
    {"idx_agent_definitions_performance",
     "SELECT id FROM agent_definitions ORDER BY success_rate DESC NULLS LAST, "
     "quality_score DESC NULLS LAST, avg_execution_time_ms LIMIT 5"},
    {"idx_agent_definitions_config_sha256",
     "SELECT id FROM agent_definitions WHERE config_sha256 = (SELECT config_sha256 "
     "FROM agent_definitions ORDER BY id LIMIT 1)"},
    /* seed 003: transformation events and router metrics */
    {"idx_agent_transformation_events_context_gin",
     "SELECT id FROM agent_transformation_events WHERE context_snapshot @> '{\"k\": 1}'"},
    {"idx_agent_transformation_events_failed",
     "SELECT id FROM agent_transformation_events WHERE event_type = 'transformation_failed' "
     "ORDER BY started_at DESC LIMIT 20"},
    {"idx_agent_transformation_events_correlation",
     "SELECT id FROM agent_transformation_events WHERE correlation_id = "
     "'00000000-0000-0000-0000-000000000001'"},
    {"idx_router_performance_metrics_prediction_error",
     "SELECT id FROM router_performance_metrics WHERE prediction_error > 0.5"},
    {"idx_router_performance_metrics_slow",
     "SELECT id FROM router_performance_metrics WHERE total_routing_time_us >= 100000 "
     "ORDER BY measured_at DESC LIMIT 20"},
    {"idx_router_performance_metrics_agent_measured",
     "SELECT id FROM router_performance_metrics WHERE selected_agent = 'qa-1' "
     "ORDER BY measured_at DESC LIMIT 20"},
    /* seed 004: agents, sessions, decisions, knowledge, conversations, audit */
    {"idx_agents_capabilities_gin", "SELECT id FROM agents WHERE capabilities @> '[\"python\"]'"},
    {"idx_agent_sessions_active",
     "SELECT id FROM agent_sessions WHERE session_state = 'active' "
     "ORDER BY agent_id, started_at DESC LIMIT 20"},
    {"idx_agent_decisions_type_created",
     "SELECT id FROM agent_decisions WHERE decision_type = 'code_generation' "
     "ORDER BY created_at DESC LIMIT 20"},
    {"idx_agent_knowledge_content_gin",
     "SELECT id FROM agent_knowledge WHERE content @> '{\"language\": \"python\"}'"},
    {"idx_conversation_history_session_created",
     "SELECT id FROM conversation_history WHERE session_id = (SELECT id FROM agent_sessions "
     "ORDER BY id LIMIT 1) ORDER BY created_at DESC LIMIT 50"},
    {"idx_agent_audit_log_risk_occurred",
     "SELECT id FROM agent_audit_log WHERE risk_level = 'critical' "
     "ORDER BY occurred_at DESC LIMIT 20"},
    /* migration 0013: the console's list pages and the Workflows regex filter */
    {"idx_workflows_created_id",
     "SELECT id FROM workflows ORDER BY created_at DESC, id DESC LIMIT 20"},
    {"idx_learning_episodes_started_id",
     "SELECT id FROM learning_episodes ORDER BY started_at DESC, id DESC LIMIT 200"},
    {"idx_workflows_user_prompt_trgm", "SELECT id FROM workflows WHERE user_prompt ~* 'no such prompt'"},
    /* migration 0014: Workflows sorted by reward */
    {"idx_workflows_reward_id",
     "SELECT id FROM workflows ORDER BY coalesce(total_reward, -1e9) DESC, id DESC LIMIT 20"},
    /* seed 000: metrics and experiences by time */
    {"idx_metrics_name_recorded",
     "SELECT value FROM metrics WHERE name = 'task.duration_seconds' "
     "AND recorded_at >= '2025-12-01' ORDER BY recorded_at DESC LIMIT 100"},
};

static int setup(void **state)
{
    (void)state;
    conn = th_migrated_db(DB, "--scale=0.005 --seed=11");
    if (!conn)
        return -1;
    th_exec(conn, "ANALYZE");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    th_done_db(conn, DB);
    conn = NULL;
    return 0;
}

/* The indexes a plan scans, and whether one of them is idx or cloned from it (an index of a
 * partition has the partitioned index as an ancestor). */
static bool plan_uses(const char *plan_json, const char *idx, strbuf *used)
{
    const char *p[2] = {plan_json, idx};
    PGresult *r = PQexecParams(
        conn,
        "SELECT string_agg(DISTINCT n, ' '), "
        "       coalesce(bool_or(n = $2 OR to_regclass($2) IN (SELECT relid FROM "
        "                pg_partition_ancestors(to_regclass(quote_ident(n))))), false) "
        "  FROM (SELECT v #>> '{}' AS n "
        "          FROM jsonb_path_query($1::jsonb, 'strict $.**.\"Index Name\"') v) s",
        2, NULL, p, NULL, NULL, 0);
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    sb_append(used, PQgetvalue(r, 0, 0));
    bool ok = strcmp(PQgetvalue(r, 0, 1), "t") == 0;
    PQclear(r);
    return ok;
}

static void test_indexes_serve_their_queries(void **state)
{
    (void)state;
    size_t n = sizeof cases / sizeof cases[0];
    strbuf bad = STRBUF_INIT;
    th_exec(conn, "SET enable_seqscan = off");
    for (size_t i = 0; i < n; i++) {
        /* The index must exist under that name, so a rename does not pass silently. */
        const char *p[1] = {cases[i].index};
        PGresult *e = PQexecParams(conn, "SELECT to_regclass($1) IS NOT NULL", 1, NULL, p, NULL,
                                   NULL, 0);
        bool exists = PQresultStatus(e) == PGRES_TUPLES_OK && PQgetvalue(e, 0, 0)[0] == 't';
        PQclear(e);
        if (!exists) {
            sb_printf(&bad, "  %s: no such index\n", cases[i].index);
            continue;
        }
        char *q = xasprintf("EXPLAIN (FORMAT JSON) %s", cases[i].query);
        PGresult *r = PQexec(conn, q);
        free(q);
        if (PQresultStatus(r) != PGRES_TUPLES_OK) {
            sb_printf(&bad, "  %s: %s", cases[i].index, PQresultErrorMessage(r));
            PQclear(r);
            continue;
        }
        strbuf used = STRBUF_INIT;
        if (!plan_uses(PQgetvalue(r, 0, 0), cases[i].index, &used))
            sb_printf(&bad, "  %s: not used by %s (plan uses: %s)\n", cases[i].index,
                      cases[i].query, used.len ? sb_str(&used) : "no index");
        sb_free(&used);
        PQclear(r);
    }
    th_exec(conn, "RESET enable_seqscan");
    if (bad.len)
        fail_msg("indexes:\n%s", sb_str(&bad));
    printf("  %zu named indexes, each used by the query it is for\n", n);
    sb_free(&bad);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_indexes_serve_their_queries),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
