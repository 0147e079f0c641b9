-- check: conversation_history_orphan_parent
-- severity: warning
-- description: messages whose parent_message_id names no message
--
-- conversation_history is partitioned, so parent_message_id cannot have a foreign key. A parent
-- older than the live period may have been archived by retention: then this is expected.
SELECT 'conversation_history' AS "table", m.id::text AS id, m.session_id, m.parent_message_id,
       m.created_at
  FROM public.conversation_history m
 WHERE m.parent_message_id IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM public.conversation_history p WHERE p.id = m.parent_message_id)
 ORDER BY m.session_id, m.created_at, m.id
