-- JSON viewer: the task that replaced a failed task through a correction (the first task that the
-- correction's DAG version added), offered as the document to diff against. $1 the failed task.
SELECT v.added_task_ids[1]::text
  FROM correction_attempts ca
  JOIN workflow_versions v ON v.correction_attempt_id = ca.id
 WHERE ca.failed_task_id = $1::uuid
   AND cardinality(v.added_task_ids) > 0
 ORDER BY ca.generation DESC
 LIMIT 1
