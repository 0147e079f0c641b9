-- check: default_partition_rows
-- severity: error
-- description: rows in a DEFAULT partition (partition maintenance fell behind)
--
-- Every partitioned table has a DEFAULT partition so an insert never fails for want of a dated
-- one. A row there means the partition for its time was missing when it was written; it blocks
-- the creation of that partition (partition_maintain() reports "blocked"). Fix: SELECT
-- partition_create('table', from, to, p_move_default => true). One row per row found.
SELECT 'task_events' AS "table", id::text AS id, occurred_at AS at FROM public.task_events_default
UNION ALL
SELECT 'experiences', id::text, occurred_at FROM public.experiences_default
UNION ALL
SELECT 'agent_decisions', id::text, created_at FROM public.agent_decisions_default
UNION ALL
SELECT 'trust_metrics', id::text, recorded_at FROM public.trust_metrics_default
UNION ALL
SELECT 'conversation_history', id::text, created_at FROM public.conversation_history_default
UNION ALL
SELECT 'agent_audit_log', id::text, occurred_at FROM public.agent_audit_log_default
UNION ALL
SELECT 'metrics', id::text, recorded_at FROM public.metrics_default
UNION ALL
SELECT 'agent_transformation_events', id::text, started_at
  FROM public.agent_transformation_events_default
UNION ALL
SELECT 'router_performance_metrics', id::text, measured_at
  FROM public.router_performance_metrics_default
 ORDER BY 1, 3, 2
