-- Agent screen: its latest decisions with their confidence (rationale stays encrypted).
SELECT to_char(d.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS at, d.decision_type AS type,
       d.confidence_score AS confidence, coalesce(d.user_feedback, '') AS feedback,
       d.execution_time_ms AS ms
  FROM agent_decisions d
 WHERE d.session_id IN (SELECT s.id FROM agent_sessions s WHERE s.agent_id = $1::uuid)
 ORDER BY d.created_at DESC
 LIMIT 20
