-- Workflow screen: the DAG versions, newest first.
SELECT v.version_no AS version, v.reason,
       coalesce(array_length(v.added_task_ids, 1), 0) AS added,
       coalesce(array_length(v.removed_task_ids, 1), 0) AS removed,
       to_char(v.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS created
  FROM workflow_versions v
 WHERE v.workflow_id = $1::uuid
 ORDER BY v.version_no DESC
 LIMIT 50
