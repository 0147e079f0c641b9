-- check: tasks_status_timestamps
-- severity: error
-- description: tasks whose status disagrees with started_at and completed_at
--
-- chk_timestamps_ordered only orders the times. A pending task has not started; a running one
-- has started and not finished; a completed, failed or timed-out one has finished. Queued and
-- retrying tasks may keep the times of an earlier attempt; cancelled ones may be either.
SELECT 'tasks' AS "table", t.id::text AS id, t.workflow_id, t.id AS task_id, t.status,
       t.started_at, t.completed_at
  FROM public.tasks t
 WHERE (t.status = 'pending' AND (t.started_at IS NOT NULL OR t.completed_at IS NOT NULL))
    OR (t.status = 'running' AND (t.started_at IS NULL OR t.completed_at IS NOT NULL))
    OR (t.status IN ('completed', 'failed', 'timeout') AND t.completed_at IS NULL)
 ORDER BY t.workflow_id, t.id
