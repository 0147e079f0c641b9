-- Workflow screen: its tasks, in creation order, keyset-paged on (created_at, id).
SELECT t.id::text AS id, t.status, t.type, coalesce(t.title, '') AS title,
       t.agent_id::text AS agent, round(t.reward::numeric, 3) AS reward,
       t.retry_count || '/' || t.max_retries AS tries, t.execution_time AS secs,
       t.created_at::text AS k_created
  FROM tasks t
 WHERE t.workflow_id = $1::uuid
   AND ($2::timestamptz IS NULL OR (t.created_at, t.id) > ($2::timestamptz, $3::uuid))
 ORDER BY t.created_at, t.id
 LIMIT 200
