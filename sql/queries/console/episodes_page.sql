-- Experiences screen: learning episodes, newest first, keyset-paged on (started_at, id) through
-- idx_learning_episodes_started_id.
SELECT e.id::text AS id, e.status, e.steps, round(e.total_reward::numeric, 3) AS reward,
       to_char(e.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS started,
       left(w.user_prompt, 200) AS workflow, e.started_at::text AS k_started
  FROM learning_episodes e
  JOIN workflows w ON w.id = e.workflow_id
 WHERE ($1::timestamptz IS NULL OR (e.started_at, e.id) < ($1::timestamptz, $2::uuid))
 ORDER BY e.started_at DESC, e.id DESC
 LIMIT 200
