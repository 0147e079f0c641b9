-- Agent screen: its latest decisions with their confidence (rationale stays encrypted). Each of
-- the agent's sessions gives its own latest 20 through idx_agent_decisions_session_created
-- (one short backward index scan per partition), and the 20 newest of those are kept: the same
-- answer as filtering every decision of the agent and sorting them, without reading them all
-- (60 ms down to about 5 ms at scale 1, where an agent has some 4,000 decisions).
SELECT to_char(d.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS at, d.decision_type AS type,
       d.confidence_score AS confidence, coalesce(d.user_feedback, '') AS feedback,
       d.execution_time_ms AS ms
  FROM agent_sessions s
 CROSS JOIN LATERAL (SELECT d.created_at, d.decision_type, d.confidence_score, d.user_feedback,
                            d.execution_time_ms
                       FROM agent_decisions d
                      WHERE d.session_id = s.id
                      ORDER BY d.created_at DESC
                      LIMIT 20) d
 WHERE s.agent_id = $1::uuid
 ORDER BY d.created_at DESC
 LIMIT 20
