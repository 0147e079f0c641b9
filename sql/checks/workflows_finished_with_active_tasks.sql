-- check: workflows_finished_with_active_tasks
-- severity: warning
-- description: finished workflows that still have pending, queued, running or retrying tasks
--
-- Nothing in the schema ties a workflow's status to its tasks'; an orchestrator that finishes a
-- workflow should cancel what is left of it. One row per active task of a finished workflow.
SELECT 'tasks' AS "table", t.id::text AS id, w.id AS workflow_id, t.id AS task_id,
       w.status AS workflow_status, t.status AS task_status
  FROM public.workflows w
  JOIN public.tasks t ON t.workflow_id = w.id
 WHERE w.status IN ('completed', 'failed', 'cancelled')
   AND t.status IN ('pending', 'queued', 'running', 'retrying')
 ORDER BY w.id, t.id
