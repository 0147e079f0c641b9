-- check: conversation_history_parent_mismatch
-- severity: error
-- description: replies whose parent message is in another session or written after the reply
SELECT 'conversation_history' AS "table", m.id::text AS id, m.session_id, m.parent_message_id,
       p.session_id AS parent_session_id, m.created_at, p.created_at AS parent_created_at
  FROM public.conversation_history m
  JOIN public.conversation_history p ON p.id = m.parent_message_id
 WHERE p.session_id <> m.session_id OR p.created_at > m.created_at
 ORDER BY m.session_id, m.created_at, m.id
