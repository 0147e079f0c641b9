-- Dashboard: running workflows, most recently started first.
SELECT w.id::text AS id, to_char(w.started_at AT TIME ZONE 'UTC', 'MM-DD HH24:MI') AS started,
       left(w.user_prompt, 200) AS prompt
  FROM workflows w
 WHERE w.status = 'running'
 ORDER BY w.created_at DESC
 LIMIT 5
