-- check: task_dependencies_cross_workflow
-- severity: error
-- description: dependency edges whose tasks are not both in the edge's workflow
--
-- trg_task_dependencies_same_workflow keeps both ends in one workflow when an edge is written.
SELECT 'task_dependencies' AS "table", d.task_id::text AS id, d.workflow_id, d.task_id,
       d.depends_on_task_id, t.workflow_id AS task_workflow_id,
       o.workflow_id AS depends_on_workflow_id
  FROM public.task_dependencies d
  JOIN public.tasks t ON t.id = d.task_id
  JOIN public.tasks o ON o.id = d.depends_on_task_id
 WHERE t.workflow_id <> d.workflow_id OR o.workflow_id <> d.workflow_id
 ORDER BY d.workflow_id, d.task_id, d.depends_on_task_id
