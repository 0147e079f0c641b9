-- check: session_rows_project_mismatch
-- severity: error
-- description: decisions, messages and audit rows whose project is not their session's
--
-- inherit_session_project() fills and checks project_id from the session when a row is written;
-- row-level security trusts it.
SELECT 'agent_decisions' AS "table", d.id::text AS id, d.session_id, d.project_id,
       s.project_id AS session_project_id
  FROM public.agent_decisions d JOIN public.agent_sessions s ON s.id = d.session_id
 WHERE d.project_id IS DISTINCT FROM s.project_id
UNION ALL
SELECT 'conversation_history', m.id::text, m.session_id, m.project_id, s.project_id
  FROM public.conversation_history m JOIN public.agent_sessions s ON s.id = m.session_id
 WHERE m.project_id IS DISTINCT FROM s.project_id
UNION ALL
SELECT 'agent_audit_log', a.id::text, a.session_id, a.project_id, s.project_id
  FROM public.agent_audit_log a JOIN public.agent_sessions s ON s.id = a.session_id
 WHERE a.project_id IS DISTINCT FROM s.project_id
 ORDER BY 1, 2
