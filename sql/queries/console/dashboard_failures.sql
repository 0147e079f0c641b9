-- Dashboard: the latest failed tasks.
SELECT t.id::text AS id, to_char(t.created_at AT TIME ZONE 'UTC', 'MM-DD HH24:MI') AS at, t.type,
       coalesce(t.error_message, '') AS error
  FROM tasks t
 WHERE t.status IN ('failed', 'timeout')
 ORDER BY t.created_at DESC
 LIMIT 5
