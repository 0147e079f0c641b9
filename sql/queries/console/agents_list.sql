-- Agents screen: every agent with its trust level, kind, definition and session count.
SELECT a.id::text AS id, a.name, a.trust_level AS trust, a.persona_type AS persona,
       a.agent_type AS type, CASE WHEN a.is_active THEN 'yes' ELSE 'no' END AS active,
       jsonb_array_length(a.capabilities) AS caps,
       d.agent_name || ' ' || d.agent_version AS definition,
       (SELECT count(*) FROM agent_sessions s WHERE s.agent_id = a.id) AS sessions
  FROM agents a
  LEFT JOIN agent_definitions d ON d.id = a.definition_id
 WHERE ($1::text IS NULL OR a.name ~* $1)
 ORDER BY a.trust_level DESC, a.name
 LIMIT 500
