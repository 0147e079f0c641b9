-- Views, reports and the reward calculation (seed 000 "Analytics and Reporting Views": views for
-- common analytics queries, materialized views for performance-critical reports, stored
-- procedures for complex reward calculations; seed 002's views; design/schema.md "Views,
-- reports, procedures").
--
-- - Seed 002's views: active_tasks, task_execution_summary, pr_validation_status and
--   index_usage_stats (usage_category UNUSED, LOW, MEDIUM, HIGH).
-- - The reward formula: task_reward_contribution() (one task's share), workflow_reward() (a
--   workflow's total) and the procedure refresh_workflow_rewards(), which stores it in
--   workflows.total_reward.
-- - Reports: views named report_<name>, each with a COMMENT whose first line describes it; the
--   console's Reports screen lists them from the catalog. Four are backed by materialized views
--   mv_report_<name> (reward by agent, reward by task type, failure rates, task durations),
--   each with a unique index so REFRESH MATERIALIZED VIEW CONCURRENTLY works;
--   refresh_reports() refreshes them all (REFRESH ... CONCURRENTLY may run inside a function's
--   transaction; only CREATE/DROP INDEX CONCURRENTLY and DETACH ... CONCURRENTLY may not).
--
-- Every view is security_invoker, so it reads with the caller's privileges and row-level
-- security (0010) filters the tenant tables under it. A materialized view has no row-level
-- security: the four materialized reports aggregate every project, so only agentdb_admin (and
-- the owner) may read them and their report_ views; the other views are granted to the three
-- roles. Days are UTC days.
-- @up

-- ---------------------------------------------------------------------------------------------
-- Seed 002's views.
-- ---------------------------------------------------------------------------------------------
CREATE VIEW active_tasks WITH (security_invoker = true) AS
SELECT t.id, t.project_id, p.name AS project_name, t.workflow_id, t.title, t.type, t.status,
       t.priority, t.agent_id, t.retry_count, t.max_retries, t.created_at, t.started_at,
       now() - t.created_at AS age,
       CASE WHEN t.status = 'running' THEN now() - t.started_at END AS running_for
  FROM public.tasks t
  JOIN public.projects p ON p.id = t.project_id
 -- The predicate of idx_tasks_active (0003): the index serves this view.
 WHERE t.status IN ('pending', 'queued', 'running', 'retrying');
COMMENT ON VIEW active_tasks IS
    'Active tasks (seed 002): tasks not yet in a final status (pending, queued, running, '
    'retrying), with their project''s name, their age and, when running, for how long.';

CREATE VIEW task_execution_summary WITH (security_invoker = true) AS
SELECT e.task_id, e.project_id, t.workflow_id, t.type AS task_type, t.status AS task_status,
       count(*) AS attempts,
       count(*) FILTER (WHERE e.execution_status = 'completed') AS completed,
       count(*) FILTER (WHERE e.execution_status = 'failed') AS failed,
       count(*) FILTER (WHERE e.execution_status = 'timeout') AS timed_out,
       count(*) FILTER (WHERE e.execution_status = 'cancelled') AS cancelled,
       (array_agg(e.execution_status ORDER BY e.attempt_no DESC))[1] AS last_execution_status,
       min(e.started_at) AS first_started_at,
       max(e.completed_at) AS last_completed_at,
       sum(e.execution_time) AS total_execution_seconds,
       round(avg(e.execution_time), 2) AS avg_execution_seconds,
       max(e.memory_usage_mb) AS max_memory_usage_mb,
       sum(e.cpu_time_ms) AS total_cpu_time_ms
  FROM public.task_executions e
  JOIN public.tasks t ON t.id = e.task_id
 GROUP BY e.task_id, e.project_id, t.id;
COMMENT ON VIEW task_execution_summary IS
    'Task execution performance (seed 002): per task with executions, the attempts by outcome, '
    'the last attempt''s status, first start and last end, total and mean execution seconds, '
    'peak memory (MB) and total CPU time (ms). Filter by task_id or project_id.';

-- Validation results are {"checks": [{"name": ..., "status": ...}, ...], ...} (the shape the
-- evaluator writes, as in tasks.feedback_notes): a check passed with status pass, passed or
-- success; failed with fail, failed, failure or error; anything else is pending.
CREATE VIEW pr_validation_status WITH (security_invoker = true) AS
SELECT pr.id, pr.project_id, pr.task_id, pr.pr_number, pr.repository_url, pr.branch_name,
       pr.title, pr.status, c.checks_total, c.checks_passed, c.checks_failed,
       c.checks_total - c.checks_passed - c.checks_failed AS checks_pending,
       CASE WHEN c.checks_failed > 0 THEN 'failing'
            WHEN c.checks_total = 0 THEN 'not_run'
            WHEN c.checks_passed = c.checks_total THEN 'passing'
            ELSE 'pending' END AS validation_state,
       c.failed_checks, pr.created_at, pr.updated_at
  FROM public.pull_requests pr
 CROSS JOIN LATERAL (
       SELECT count(*) AS checks_total,
              count(*) FILTER (WHERE lower(ch ->> 'status') IN ('pass', 'passed', 'success'))
                  AS checks_passed,
              count(*) FILTER (WHERE lower(ch ->> 'status')
                                     IN ('fail', 'failed', 'failure', 'error')) AS checks_failed,
              array_agg(ch ->> 'name' ORDER BY ord)
                  FILTER (WHERE lower(ch ->> 'status') IN ('fail', 'failed', 'failure', 'error'))
                  AS failed_checks
         FROM jsonb_array_elements(CASE WHEN jsonb_typeof(pr.validation_results -> 'checks')
                                             = 'array'
                                        THEN pr.validation_results -> 'checks'
                                        ELSE '[]'::jsonb END) WITH ORDINALITY AS x(ch, ord)) c;
COMMENT ON VIEW pr_validation_status IS
    'Pull-request validation status (seed 002): per pull request, its validation_results checks '
    'counted (passed, failed, pending), the names of the failed ones, and a validation_state: '
    'failing (a check failed), passing (all passed), pending, or not_run (no checks).';

CREATE VIEW index_usage_stats WITH (security_invoker = true) AS
SELECT s.schemaname AS schema_name, s.relname AS table_name, s.indexrelname AS index_name,
       s.idx_scan AS index_scans, s.idx_tup_read AS tuples_read,
       s.idx_tup_fetch AS tuples_fetched,
       pg_relation_size(s.indexrelid) AS index_bytes,
       pg_size_pretty(pg_relation_size(s.indexrelid)) AS index_size,
       x.indisunique AS is_unique, x.indisprimary AS is_primary,
       EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = s.indexrelid)
           AS enforces_constraint,
       CASE WHEN s.idx_scan = 0 THEN 'UNUSED'
            WHEN s.idx_scan < 100 THEN 'LOW'
            WHEN s.idx_scan < 10000 THEN 'MEDIUM'
            ELSE 'HIGH' END AS usage_category
  FROM pg_stat_user_indexes s
  JOIN pg_index x ON x.indexrelid = s.indexrelid
 WHERE s.schemaname = 'public';
COMMENT ON VIEW index_usage_stats IS
    'Index usage (seed 002: SELECT * FROM index_usage_stats WHERE usage_category = ''UNUSED''): '
    'scans, tuples read and fetched, and size of every index in public since the statistics '
    'were last reset; usage_category UNUSED (0 scans), LOW (< 100), MEDIUM (< 10000) or HIGH. '
    'An index of a partition is listed per partition. One that enforces_constraint (primary '
    'key, unique, exclusion) is needed even when UNUSED.';

-- ---------------------------------------------------------------------------------------------
-- The reward calculation (seed 000: "stored procedures for complex reward calculations").
-- ---------------------------------------------------------------------------------------------
-- A workflow's total reward is the sum, over its final scored tasks, of each task's reward
-- discounted for the corrections and retries it took:
--     reward * 0.9 ^ correction_generation * 0.95 ^ retry_count
-- A task counts when it has a reward and can change no more: a terminal status (completed,
-- cancelled, timeout) or failed with no retry left. A task added by the n-th correction counts
-- 0.9^n: the plan needed surgery to get it. Each retry costs 5%. No such task: NULL.
CREATE FUNCTION task_reward_contribution(p_reward double precision, p_status text,
                                         p_retry_count integer, p_max_retries integer,
                                         p_correction_generation integer)
    RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE
               WHEN p_reward IS NOT NULL
                    AND (public.task_status_is_terminal(p_status)
                         OR (p_status = 'failed' AND p_retry_count >= p_max_retries))
               THEN p_reward * power(0.9::double precision, p_correction_generation)
                             * power(0.95::double precision, p_retry_count)
           END
$$;
COMMENT ON FUNCTION task_reward_contribution(double precision, text, integer, integer, integer) IS
    'One task''s share of its workflow''s reward: reward * 0.9^correction_generation * '
    '0.95^retry_count when the task is final (terminal, or failed with retry_count >= '
    'max_retries) and scored; NULL otherwise.';

CREATE FUNCTION workflow_reward(p_workflow uuid) RETURNS double precision
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT sum(public.task_reward_contribution(t.reward, t.status, t.retry_count,
                                               t.max_retries, t.correction_generation))
      FROM public.tasks t
     WHERE t.workflow_id = p_workflow
$$;
COMMENT ON FUNCTION workflow_reward(uuid) IS
    'A workflow''s total reward (seed 000): the sum over its final scored tasks of '
    'task_reward_contribution() = reward * 0.9^correction_generation * 0.95^retry_count; NULL '
    'when no task is final and scored. Reads the tasks the caller may see.';

-- Stores workflow_reward() in workflows.total_reward: for one workflow, or for all (p_workflow
-- NULL), only where the value changes (an UPDATE bumps the row version). With p_batch, all
-- workflows are done p_batch at a time with a COMMIT after each batch, so a large table is not
-- held in one transaction: CALL it outside a transaction block then.
CREATE PROCEDURE refresh_workflow_rewards(p_workflow uuid DEFAULT NULL,
                                          p_batch integer DEFAULT NULL,
                                          INOUT updated bigint DEFAULT NULL)
    LANGUAGE plpgsql
AS $$
DECLARE
    ids     uuid[];
    last_id uuid;
    n       bigint;
BEGIN
    updated := 0;
    IF p_batch IS NOT NULL AND p_batch < 1 THEN
        RAISE EXCEPTION 'p_batch must be at least 1 (or NULL for one transaction)'
            USING ERRCODE = '22023';
    END IF;
    IF p_workflow IS NOT NULL THEN
        UPDATE public.workflows w
           SET total_reward = r.total
          FROM (SELECT public.workflow_reward(p_workflow) AS total) r
         WHERE w.id = p_workflow AND w.total_reward IS DISTINCT FROM r.total;
        GET DIAGNOSTICS updated = ROW_COUNT;
        RETURN;
    END IF;
    LOOP
        IF p_batch IS NULL THEN
            ids := NULL;    -- every workflow, in one statement
        ELSE
            SELECT array_agg(s.id ORDER BY s.id) INTO ids
              FROM (SELECT w.id FROM public.workflows w
                     WHERE last_id IS NULL OR w.id > last_id
                     ORDER BY w.id LIMIT p_batch) s;
            EXIT WHEN ids IS NULL;
        END IF;
        UPDATE public.workflows w
           SET total_reward = r.total
          FROM (SELECT w2.id, s.total
                  FROM public.workflows w2
                  LEFT JOIN (SELECT t.workflow_id,
                                    sum(public.task_reward_contribution(
                                            t.reward, t.status, t.retry_count, t.max_retries,
                                            t.correction_generation)) AS total
                               FROM public.tasks t
                              WHERE ids IS NULL OR t.workflow_id = ANY (ids)
                              GROUP BY t.workflow_id) s ON s.workflow_id = w2.id
                 WHERE ids IS NULL OR w2.id = ANY (ids)) r
         WHERE w.id = r.id AND w.total_reward IS DISTINCT FROM r.total;
        GET DIAGNOSTICS n = ROW_COUNT;
        updated := updated + n;
        EXIT WHEN p_batch IS NULL;
        last_id := ids[cardinality(ids)];
        COMMIT;
    END LOOP;
END
$$;
COMMENT ON PROCEDURE refresh_workflow_rewards(uuid, integer, bigint) IS
    'Stores workflow_reward() in workflows.total_reward for p_workflow, or for every workflow '
    'the caller may see when NULL; only changed rows are written; returns how many (updated). '
    'p_batch: commit every p_batch workflows (CALL outside a transaction block).';

-- ---------------------------------------------------------------------------------------------
-- Materialized reports. Each has a unique index on plain columns covering every row (what
-- REFRESH ... CONCURRENTLY needs); the indexes are built here, on new matviews.
-- ---------------------------------------------------------------------------------------------
CREATE MATERIALIZED VIEW mv_report_reward_by_agent AS
SELECT (t.completed_at AT TIME ZONE 'UTC')::date AS day, t.agent_id,
       count(*) AS tasks,
       round(avg(t.reward)::numeric, 4) AS reward_avg,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY t.reward))::numeric, 4) AS reward_p50,
       round((percentile_cont(0.95) WITHIN GROUP (ORDER BY t.reward))::numeric, 4) AS reward_p95
  FROM public.tasks t
 WHERE t.reward IS NOT NULL AND t.agent_id IS NOT NULL AND t.completed_at IS NOT NULL
 GROUP BY 1, 2;
-- squawk-ignore require-concurrent-index-creation -- the matview was created just above
CREATE UNIQUE INDEX uq_mv_report_reward_by_agent ON mv_report_reward_by_agent (day, agent_id);
COMMENT ON MATERIALIZED VIEW mv_report_reward_by_agent IS
    'Materialized data of report_reward_by_agent (all projects); refreshed by refresh_reports().';

CREATE MATERIALIZED VIEW mv_report_reward_by_task_type AS
SELECT (t.completed_at AT TIME ZONE 'UTC')::date AS day, t.type AS task_type,
       count(*) AS tasks,
       round(avg(t.reward)::numeric, 4) AS reward_avg,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY t.reward))::numeric, 4) AS reward_p50,
       round((percentile_cont(0.95) WITHIN GROUP (ORDER BY t.reward))::numeric, 4) AS reward_p95
  FROM public.tasks t
 WHERE t.reward IS NOT NULL AND t.completed_at IS NOT NULL
 GROUP BY 1, 2;
-- squawk-ignore require-concurrent-index-creation -- the matview was created just above
CREATE UNIQUE INDEX uq_mv_report_reward_by_task_type
    ON mv_report_reward_by_task_type (day, task_type);
COMMENT ON MATERIALIZED VIEW mv_report_reward_by_task_type IS
    'Materialized data of report_reward_by_task_type (all projects); refreshed by '
    'refresh_reports().';

-- Rates over the tasks with an outcome (completed, failed, timeout; cancelled tasks are counted
-- but not in the rates). A failed task may still be retried: its outcome is its current one.
CREATE MATERIALIZED VIEW mv_report_failure_rates AS
SELECT t.type AS task_type,
       count(*) AS tasks,
       count(*) FILTER (WHERE t.status IN ('completed', 'failed', 'timeout')) AS with_outcome,
       count(*) FILTER (WHERE t.status = 'completed') AS completed,
       count(*) FILTER (WHERE t.status = 'failed') AS failed,
       count(*) FILTER (WHERE t.status = 'timeout') AS timed_out,
       count(*) FILTER (WHERE t.status = 'cancelled') AS cancelled,
       round(count(*) FILTER (WHERE t.status IN ('failed', 'timeout'))::numeric
             / nullif(count(*) FILTER (WHERE t.status IN ('completed', 'failed', 'timeout')), 0),
             4) AS failure_rate,
       round(count(*) FILTER (WHERE t.status IN ('completed', 'failed', 'timeout')
                                AND t.retry_count > 0)::numeric
             / nullif(count(*) FILTER (WHERE t.status IN ('completed', 'failed', 'timeout')), 0),
             4) AS retry_rate,
       round(count(*) FILTER (WHERE t.status = 'completed' AND t.retry_count = 0)::numeric
             / nullif(count(*) FILTER (WHERE t.status IN ('completed', 'failed', 'timeout')), 0),
             4) AS first_try_success_rate,
       round(avg(t.retry_count) FILTER (WHERE t.status IN ('completed', 'failed', 'timeout')),
             2) AS avg_retries
  FROM public.tasks t
 GROUP BY t.type;
-- squawk-ignore require-concurrent-index-creation -- the matview was created just above
CREATE UNIQUE INDEX uq_mv_report_failure_rates ON mv_report_failure_rates (task_type);
COMMENT ON MATERIALIZED VIEW mv_report_failure_rates IS
    'Materialized data of report_failure_rates (all projects); refreshed by refresh_reports().';

CREATE MATERIALIZED VIEW mv_report_task_durations AS
SELECT t.type AS task_type,
       count(t.execution_time) AS executed,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY t.execution_time::double precision))
             ::numeric, 2) AS duration_p50_s,
       round((percentile_cont(0.95) WITHIN GROUP (ORDER BY t.execution_time::double precision))
             ::numeric, 2) AS duration_p95_s,
       round((percentile_cont(0.99) WITHIN GROUP (ORDER BY t.execution_time::double precision))
             ::numeric, 2) AS duration_p99_s,
       count(t.wait_time) AS started,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY t.wait_time::double precision))
             ::numeric, 2) AS wait_p50_s,
       round((percentile_cont(0.95) WITHIN GROUP (ORDER BY t.wait_time::double precision))
             ::numeric, 2) AS wait_p95_s,
       round((percentile_cont(0.99) WITHIN GROUP (ORDER BY t.wait_time::double precision))
             ::numeric, 2) AS wait_p99_s
  FROM public.tasks t
 WHERE t.wait_time IS NOT NULL
 GROUP BY t.type;
-- squawk-ignore require-concurrent-index-creation -- the matview was created just above
CREATE UNIQUE INDEX uq_mv_report_task_durations ON mv_report_task_durations (task_type);
COMMENT ON MATERIALIZED VIEW mv_report_task_durations IS
    'Materialized data of report_task_durations (all projects); refreshed by refresh_reports().';

-- Refreshes every materialized report, CONCURRENTLY (readers are never blocked) unless it was
-- never populated. As the owner (SECURITY DEFINER): REFRESH needs ownership; agentdb_admin may
-- call it. All refreshes run in the caller's transaction; a client that wants shorter ones runs
-- REFRESH MATERIALIZED VIEW CONCURRENTLY mv_report_... one at a time as the owner.
CREATE FUNCTION refresh_reports()
    RETURNS TABLE (view_name text, refreshed_concurrently boolean, seconds numeric)
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    mv      record;
    started timestamptz;
BEGIN
    FOR mv IN
        SELECT c.oid::regclass AS rel, c.relname, c.relispopulated
          FROM pg_class c
         WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'm'
           AND c.relname LIKE 'mv\_report\_%'
         ORDER BY c.relname
    LOOP
        started := clock_timestamp();
        IF mv.relispopulated THEN
            EXECUTE format('REFRESH MATERIALIZED VIEW CONCURRENTLY %s', mv.rel);
        ELSE
            EXECUTE format('REFRESH MATERIALIZED VIEW %s', mv.rel);
        END IF;
        view_name := mv.relname::text;
        refreshed_concurrently := mv.relispopulated;
        seconds := round(extract(epoch FROM clock_timestamp() - started)::numeric, 3);
        RETURN NEXT;
    END LOOP;
END
$$;
COMMENT ON FUNCTION refresh_reports() IS
    'Refreshes every materialized report (mv_report_*), CONCURRENTLY when populated, and returns '
    'the time each took. Runs as the owner; EXECUTE granted to agentdb_admin. Schedule it '
    '(pg_cron) as often as the reports should be fresh.';
REVOKE EXECUTE ON FUNCTION refresh_reports() FROM PUBLIC;

-- ---------------------------------------------------------------------------------------------
-- The reports. Line 1 of each comment is the Reports screen's description.
-- ---------------------------------------------------------------------------------------------
CREATE VIEW report_reward_by_agent WITH (security_invoker = true) AS
SELECT m.day, m.agent_id, a.name AS agent_name, m.tasks, m.reward_avg, m.reward_p50,
       m.reward_p95
  FROM public.mv_report_reward_by_agent m
  LEFT JOIN public.agents a ON a.id = m.agent_id
 ORDER BY m.day DESC, a.name;
COMMENT ON VIEW report_reward_by_agent IS
    E'Reward by agent per day: scored tasks, mean, p50 and p95 reward of the tasks each agent '
    'completed that day (UTC).\n'
    'Materialized (mv_report_reward_by_agent): as of the last refresh_reports(); all projects, '
    'so agentdb_admin only.\n'
    'Columns: day, agent_id, agent_name, tasks, reward_avg, reward_p50, reward_p95. Newest '
    'day first.';

CREATE VIEW report_reward_by_task_type WITH (security_invoker = true) AS
SELECT m.day, m.task_type, m.tasks, m.reward_avg, m.reward_p50, m.reward_p95
  FROM public.mv_report_reward_by_task_type m
 ORDER BY m.day DESC, m.task_type;
COMMENT ON VIEW report_reward_by_task_type IS
    E'Reward by task type per day: scored tasks, mean, p50 and p95 reward of the tasks of each '
    'type completed that day (UTC).\n'
    'Materialized (mv_report_reward_by_task_type): as of the last refresh_reports(); all '
    'projects, so agentdb_admin only.\n'
    'Columns: day, task_type, tasks, reward_avg, reward_p50, reward_p95. Newest day first.';

CREATE VIEW report_failure_rates WITH (security_invoker = true) AS
SELECT m.task_type, m.tasks, m.with_outcome, m.completed, m.failed, m.timed_out, m.cancelled,
       m.failure_rate, m.retry_rate, m.first_try_success_rate, m.avg_retries
  FROM public.mv_report_failure_rates m
 ORDER BY m.failure_rate DESC NULLS LAST, m.task_type;
COMMENT ON VIEW report_failure_rates IS
    E'Failure, retry and first-try success rates per task type, over the tasks with an outcome '
    '(completed, failed, timeout).\n'
    'Materialized (mv_report_failure_rates): as of the last refresh_reports(); all projects, so '
    'agentdb_admin only.\n'
    'failure_rate = (failed + timed_out) / with_outcome; retry_rate = share retried at least '
    'once; first_try_success_rate = completed without a retry / with_outcome. A failed task '
    'may still be retried. Worst first.';

CREATE VIEW report_task_durations WITH (security_invoker = true) AS
SELECT m.task_type, m.executed, m.duration_p50_s, m.duration_p95_s, m.duration_p99_s,
       m.started, m.wait_p50_s, m.wait_p95_s, m.wait_p99_s
  FROM public.mv_report_task_durations m
 ORDER BY m.duration_p95_s DESC NULLS LAST, m.task_type;
COMMENT ON VIEW report_task_durations IS
    E'Task duration and wait p50/p95/p99 per task type, in seconds (execution_time: start to '
    'end; wait_time: creation to start).\n'
    'Materialized (mv_report_task_durations): as of the last refresh_reports(); all projects, '
    'so agentdb_admin only.\n'
    'Slowest (p95) first.';

CREATE VIEW report_correction_success WITH (security_invoker = true) AS
SELECT c.generation, count(*) AS attempts,
       count(*) FILTER (WHERE c.status = 'succeeded') AS succeeded,
       count(*) FILTER (WHERE c.status = 'failed') AS failed,
       count(*) FILTER (WHERE c.status = 'abandoned') AS abandoned,
       count(*) FILTER (WHERE c.status IN ('planned', 'applied')) AS in_progress,
       round(count(*) FILTER (WHERE c.status = 'succeeded')::numeric
             / nullif(count(*) FILTER (WHERE c.success_outcome IS NOT NULL), 0), 4)
           AS success_rate,
       round(avg(c.execution_time), 2) AS avg_seconds,
       round((percentile_cont(0.95) WITHIN GROUP (ORDER BY c.execution_time::double precision))
             ::numeric, 2) AS p95_seconds
  FROM public.correction_attempts c
 GROUP BY c.generation
 ORDER BY c.generation;
COMMENT ON VIEW report_correction_success IS
    E'Correction success by generation: attempts, outcomes and success rate (succeeded / '
    'finished) of the DAG corrections of each generation, with mean and p95 time to outcome.\n'
    'Live view over correction_attempts; your projects only.';

CREATE VIEW report_dag_churn WITH (security_invoker = true) AS
SELECT v.versions, count(*) AS workflows,
       round(100.0 * count(*) / sum(count(*)) OVER (), 2) AS share_pct,
       round(100.0 * sum(count(*)) OVER (ORDER BY v.versions) / sum(count(*)) OVER (), 2)
           AS cumulative_pct
  FROM (SELECT w.id, count(wv.version_no) AS versions
          FROM public.workflows w
          LEFT JOIN public.workflow_versions wv ON wv.workflow_id = w.id
         GROUP BY w.id) v
 GROUP BY v.versions
 ORDER BY v.versions;
COMMENT ON VIEW report_dag_churn IS
    E'DAG churn: how many workflows have 0, 1, 2, ... DAG versions (workflow_versions rows), '
    'with their share and cumulative share.\n'
    'Live view; your projects only.';

CREATE VIEW report_trust_progression WITH (security_invoker = true) AS
SELECT x.agent_id, a.name AS agent_name, x.changed_at, x.previous_level, x.new_level,
       x.changes,
       x.changed_at - lag(x.changed_at) OVER (PARTITION BY x.agent_id ORDER BY x.changed_at)
           AS since_previous_change,
       x.source
  FROM (SELECT tm.agent_id, tm.recorded_at AS changed_at, tm.previous_level, tm.new_level,
               1::bigint AS changes, 'raw' AS source
          FROM public.trust_metrics tm
         WHERE tm.metric_type = 'trust_level'
        UNION ALL
        SELECT d.agent_id, d.last_recorded_at, d.first_previous_level, d.last_new_level,
               d.samples, 'daily'
          FROM public.trust_metrics_daily d
         WHERE d.metric_type = 'trust_level') x
  LEFT JOIN public.agents a ON a.id = x.agent_id
 ORDER BY a.name, x.agent_id, x.changed_at;
COMMENT ON VIEW report_trust_progression IS
    E'Trust-level progression per agent: every level change (L0-L4) with the time since the '
    'agent''s previous one.\n'
    'Live view over trust_metrics (source raw) and, for changes older than retention keeps raw, '
    'trust_metrics_daily (source daily: one row per day, first level before and last after, '
    'changes = how many that day).';

CREATE VIEW report_router_accuracy WITH (security_invoker = true) AS
SELECT (r.measured_at AT TIME ZONE 'UTC')::date AS day,
       count(*) AS decisions,
       count(*) FILTER (WHERE r.metric_type = 'routing_fallback') AS fallbacks,
       count(*) FILTER (WHERE r.metric_type = 'routing_error') AS errors,
       count(r.feedback) AS with_feedback,
       round(avg(CASE r.feedback WHEN 'correct' THEN 1.0 WHEN 'partially_correct' THEN 0.5
                                 WHEN 'incorrect' THEN 0.0 END), 4) AS accuracy,
       round(avg(r.actual_quality_score), 4) AS avg_quality,
       round(avg(abs(r.prediction_error)), 4) AS mean_abs_prediction_error,
       round(avg(CASE WHEN r.cache_hit THEN 1.0 ELSE 0.0 END), 4) AS cache_hit_rate,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY r.total_routing_time_us) / 1000.0)
             ::numeric, 3) AS latency_p50_ms,
       round((percentile_cont(0.95) WITHIN GROUP (ORDER BY r.total_routing_time_us) / 1000.0)
             ::numeric, 3) AS latency_p95_ms
  FROM public.router_performance_metrics r
 GROUP BY 1
 ORDER BY 1 DESC;
COMMENT ON VIEW report_router_accuracy IS
    E'Router accuracy and latency per day (UTC): decisions, fallbacks, errors, accuracy from '
    'human feedback (correct 1, partially_correct 0.5, incorrect 0), mean observed quality and '
    'absolute prediction error, cache hit rate, routing latency p50 and p95 (ms).\n'
    'Live view over router_performance_metrics (its retention keeps 90 days). Newest day first.';

CREATE VIEW report_table_sizes WITH (security_invoker = true) AS
SELECT coalesce(parent.relname, c.relname) AS table_name,
       CASE WHEN parent.oid IS NOT NULL THEN c.relname END AS partition_name,
       CASE WHEN c.relkind = 'p' THEN 'partitioned table'
            WHEN c.relkind = 'm' THEN 'materialized view'
            WHEN parent.oid IS NOT NULL AND pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT'
                THEN 'default partition'
            WHEN parent.oid IS NOT NULL THEN 'partition'
            WHEN obj_description(c.oid, 'pg_class') LIKE 'Retention archive of %' THEN 'archive'
            ELSE 'table' END AS kind,
       CASE WHEN parent.oid IS NOT NULL THEN pg_get_expr(c.relpartbound, c.oid) END AS bounds,
       CASE WHEN c.relkind = 'p'
            THEN (SELECT (sum(l.reltuples) FILTER (WHERE l.reltuples >= 0))::bigint
                    FROM pg_partition_tree(c.oid) pt JOIN pg_class l ON l.oid = pt.relid
                   WHERE pt.isleaf)
            WHEN c.reltuples >= 0 THEN c.reltuples::bigint END AS rows_estimate,
       s.table_bytes, s.index_bytes, s.total_bytes,
       pg_size_pretty(s.total_bytes) AS total_size
  FROM pg_class c
  LEFT JOIN pg_inherits i ON i.inhrelid = c.oid AND c.relispartition
  LEFT JOIN pg_class parent ON parent.oid = i.inhparent
 CROSS JOIN LATERAL (
       SELECT sum(pg_table_size(x.relid))::bigint AS table_bytes,
              sum(pg_indexes_size(x.relid))::bigint AS index_bytes,
              sum(pg_total_relation_size(x.relid))::bigint AS total_bytes
         FROM (SELECT pt.relid FROM pg_partition_tree(c.oid) pt WHERE c.relkind = 'p'
               UNION ALL
               SELECT c.oid WHERE c.relkind <> 'p') x) s
 WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'm')
 ORDER BY coalesce(parent.relname, c.relname), c.relispartition, c.relname;
COMMENT ON VIEW report_table_sizes IS
    E'Table and partition sizes: every table, partition, retention archive and materialized '
    'view in public, with its bounds, estimated rows, table, index and total bytes (a '
    'partitioned table: the sum of its partitions).\n'
    'Row counts are planner estimates (ANALYZE refreshes them).';

-- ---------------------------------------------------------------------------------------------
-- Privileges (the roles of 0010). The materialized reports aggregate every project: admin only.
-- ---------------------------------------------------------------------------------------------
GRANT SELECT ON TABLE active_tasks, task_execution_summary, pr_validation_status,
                      index_usage_stats, report_correction_success, report_dag_churn,
                      report_trust_progression, report_router_accuracy, report_table_sizes
    TO agentdb_readonly, agentdb_operator, agentdb_admin;
GRANT SELECT ON TABLE mv_report_reward_by_agent, mv_report_reward_by_task_type,
                      mv_report_failure_rates, mv_report_task_durations,
                      report_reward_by_agent, report_reward_by_task_type, report_failure_rates,
                      report_task_durations
    TO agentdb_admin;
GRANT EXECUTE ON FUNCTION refresh_reports() TO agentdb_admin;

-- @down
-- Dropping a view or function drops its grants with it.
DROP VIEW report_table_sizes;
DROP VIEW report_router_accuracy;
DROP VIEW report_trust_progression;
DROP VIEW report_dag_churn;
DROP VIEW report_correction_success;
DROP VIEW report_task_durations;
DROP VIEW report_failure_rates;
DROP VIEW report_reward_by_task_type;
DROP VIEW report_reward_by_agent;
DROP FUNCTION refresh_reports();
DROP MATERIALIZED VIEW mv_report_task_durations;
DROP MATERIALIZED VIEW mv_report_failure_rates;
DROP MATERIALIZED VIEW mv_report_reward_by_task_type;
DROP MATERIALIZED VIEW mv_report_reward_by_agent;
DROP PROCEDURE refresh_workflow_rewards(uuid, integer, bigint);
DROP FUNCTION workflow_reward(uuid);
DROP FUNCTION task_reward_contribution(double precision, text, integer, integer, integer);
DROP VIEW index_usage_stats;
DROP VIEW pr_validation_status;
DROP VIEW task_execution_summary;
DROP VIEW active_tasks;

-- @verify
-- The nine reports, each commented, each over a materialized view or live; every view in public
-- reads with its caller's rights (row-level security applies under it).
SELECT count(*) = 9 FROM pg_class c
 WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'v'
   AND c.relname IN ('report_reward_by_agent', 'report_reward_by_task_type',
                     'report_failure_rates', 'report_correction_success',
                     'report_task_durations', 'report_dag_churn', 'report_trust_progression',
                     'report_router_accuracy', 'report_table_sizes')
   AND coalesce(obj_description(c.oid, 'pg_class'), '') <> '';
SELECT count(*) = 0 FROM pg_class c
 WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'v'
   AND NOT coalesce(c.reloptions @> '{security_invoker=true}', false);
-- Each materialized report has a valid unique, non-partial, plain-column index (what REFRESH
-- ... CONCURRENTLY needs), and its report_ view says it is materialized.
SELECT count(*) = 4 FROM pg_class m
 WHERE m.relnamespace = 'public'::regnamespace AND m.relkind = 'm'
   AND m.relname LIKE 'mv\_report\_%'
   AND EXISTS (SELECT 1 FROM pg_index i
                WHERE i.indrelid = m.oid AND i.indisunique AND i.indisvalid
                  AND i.indpred IS NULL AND i.indexprs IS NULL)
   AND obj_description(to_regclass('public.' || substr(m.relname, 4)), 'pg_class')
       LIKE '%Materialized (' || m.relname || ')%';
-- Seed 002's usage categories.
SELECT count(*) = count(*) FILTER (WHERE usage_category IN ('UNUSED', 'LOW', 'MEDIUM', 'HIGH'))
  FROM index_usage_stats;
-- The reward formula on hand-computed cases.
SELECT task_reward_contribution(1.0, 'completed', 0, 3, 0) = 1.0
   AND round(task_reward_contribution(0.5, 'completed', 2, 3, 1)::numeric, 6) = 0.406125
   AND round(task_reward_contribution(-1.0, 'failed', 3, 3, 0)::numeric, 6) = -0.857375
   AND task_reward_contribution(0.7, 'running', 0, 3, 0) IS NULL
   AND task_reward_contribution(0.7, 'failed', 1, 3, 0) IS NULL
   AND task_reward_contribution(NULL, 'completed', 0, 3, 0) IS NULL;
