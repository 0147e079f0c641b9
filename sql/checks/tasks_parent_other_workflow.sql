-- check: tasks_parent_other_workflow
-- severity: error
-- description: subtasks whose parent task belongs to another workflow
--
-- trg_tasks_parent_same_workflow refuses this when parent_task_id is written.
SELECT 'tasks' AS "table", t.id::text AS id, t.workflow_id, t.id AS task_id,
       t.parent_task_id, p.workflow_id AS parent_workflow_id
  FROM public.tasks t
  JOIN public.tasks p ON p.id = t.parent_task_id
 WHERE p.workflow_id <> t.workflow_id
 ORDER BY t.workflow_id, t.id
