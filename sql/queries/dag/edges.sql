-- dag show / DAG screen: the dependency edges of workflow $1 (upstream task, downstream task,
-- kind). Edges whose ends are not in the version shown are dropped by the caller.
SELECT d.depends_on_task_id::text AS upstream, d.task_id::text AS downstream, d.dependency_type
  FROM task_dependencies d
 WHERE d.workflow_id = $1::uuid
 ORDER BY d.depends_on_task_id, d.task_id
