-- dag show / DAG screen: the workflow, its current DAG version and its highest recorded version
-- (0 when it has no workflow_versions rows).
SELECT w.id::text AS id, w.status, w.current_version,
       (SELECT coalesce(max(v.version_no), 0) FROM workflow_versions v
         WHERE v.workflow_id = w.id) AS max_version
  FROM workflows w
 WHERE w.id = $1::uuid
