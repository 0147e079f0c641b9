-- check: workflows_status_timestamps
-- severity: error
-- description: workflows whose status disagrees with started_at and completed_at
--
-- chk_workflows_timestamps_ordered only orders the times. A pending workflow has neither time,
-- a running one has started and not finished, and a completed, failed or cancelled one has
-- finished.
SELECT 'workflows' AS "table", w.id::text AS id, w.id AS workflow_id, w.status, w.started_at,
       w.completed_at
  FROM public.workflows w
 WHERE (w.status = 'pending' AND (w.started_at IS NOT NULL OR w.completed_at IS NOT NULL))
    OR (w.status = 'running' AND (w.started_at IS NULL OR w.completed_at IS NOT NULL))
    OR (w.status IN ('completed', 'failed', 'cancelled') AND w.completed_at IS NULL)
 ORDER BY w.id
