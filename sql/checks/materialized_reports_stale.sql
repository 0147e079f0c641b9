-- check: materialized_reports_stale
-- severity: warning
-- description: materialized reports never populated, or counting other tasks than there are now
--
-- PostgreSQL does not record when a materialized view was refreshed, so each report's own task
-- count is compared with the count its definition would give now (one pass over tasks). A
-- difference means tasks were added, finished or removed since the last refresh_reports().
-- Fix: SELECT * FROM refresh_reports().
WITH now_counts AS (
    SELECT count(*) FILTER (WHERE t.reward IS NOT NULL AND t.agent_id IS NOT NULL
                              AND t.completed_at IS NOT NULL) AS by_agent,
           count(*) FILTER (WHERE t.reward IS NOT NULL AND t.completed_at IS NOT NULL)
               AS by_task_type,
           count(*) AS all_tasks,
           count(*) FILTER (WHERE t.status IN ('completed', 'failed', 'timeout')) AS with_outcome,
           count(t.wait_time) AS started
      FROM public.tasks t
), mv AS (
    SELECT c.relname::text AS view_name, c.relispopulated AS populated
      FROM pg_catalog.pg_class c
     WHERE c.relkind = 'm' AND c.relnamespace = 'public'::regnamespace
       AND c.relname LIKE 'mv\_report\_%'
), stored AS (
    SELECT mv.view_name, mv.populated,
           CASE WHEN NOT mv.populated THEN NULL
                WHEN mv.view_name = 'mv_report_reward_by_agent'
                    THEN (SELECT coalesce(sum(r.tasks), 0) FROM public.mv_report_reward_by_agent r)
                WHEN mv.view_name = 'mv_report_reward_by_task_type'
                    THEN (SELECT coalesce(sum(r.tasks), 0)
                            FROM public.mv_report_reward_by_task_type r)
                WHEN mv.view_name = 'mv_report_failure_rates'
                    THEN (SELECT coalesce(sum(r.tasks), 0) + coalesce(sum(r.with_outcome), 0)
                            FROM public.mv_report_failure_rates r)
                WHEN mv.view_name = 'mv_report_task_durations'
                    THEN (SELECT coalesce(sum(r.started), 0) FROM public.mv_report_task_durations r)
           END AS stored_count,
           CASE mv.view_name
                WHEN 'mv_report_reward_by_agent' THEN n.by_agent
                WHEN 'mv_report_reward_by_task_type' THEN n.by_task_type
                WHEN 'mv_report_failure_rates' THEN n.all_tasks + n.with_outcome
                WHEN 'mv_report_task_durations' THEN n.started
           END AS current_count
      FROM mv CROSS JOIN now_counts n
)
SELECT 'pg_class' AS "table", s.view_name AS id, s.populated, s.stored_count, s.current_count
  FROM stored s
 WHERE NOT s.populated OR s.stored_count IS DISTINCT FROM s.current_count
 ORDER BY s.view_name
