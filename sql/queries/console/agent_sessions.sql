-- Agent screen: its latest sessions.
SELECT s.id::text AS id, s.session_state AS status, s.trust_level AS trust, p.name AS project,
       to_char(s.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS started,
       to_char(s.ended_at - s.started_at, 'HH24:MI:SS') AS length
  FROM agent_sessions s
  JOIN projects p ON p.id = s.project_id
 WHERE s.agent_id = $1::uuid
 ORDER BY s.started_at DESC
 LIMIT 20
