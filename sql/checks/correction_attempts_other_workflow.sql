-- check: correction_attempts_other_workflow
-- severity: error
-- description: correction attempts whose failed task belongs to another workflow
--
-- trg_correction_attempts_links fills and checks the attempt's workflow from its failed task.
SELECT 'correction_attempts' AS "table", c.id::text AS id, c.workflow_id,
       c.failed_task_id AS task_id, t.workflow_id AS task_workflow_id
  FROM public.correction_attempts c
  JOIN public.tasks t ON t.id = c.failed_task_id
 WHERE t.workflow_id <> c.workflow_id
 ORDER BY c.workflow_id, c.id
