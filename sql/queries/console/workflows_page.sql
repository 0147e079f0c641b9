-- Workflows screen: one page, newest first, keyset-paged on (created_at, id). Filters are
-- parameters: $1 status, $2 case-insensitive regex on user_prompt, $3 created since.
-- $4/$5: the (created_at, id) of the last row of the previous page. The trailing columns are the
-- keyset and are not shown.
SELECT w.id::text AS id, w.status,
       to_char(w.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS created,
       (SELECT count(*) FROM tasks t WHERE t.workflow_id = w.id) AS tasks,
       round(w.total_reward::numeric, 3) AS reward,
       w.current_version AS ver,
       left(w.user_prompt, 300) AS prompt,
       w.created_at::text AS k_created
  FROM workflows w
 WHERE ($1::text IS NULL OR w.status = $1)
   AND ($2::text IS NULL OR w.user_prompt ~* $2)
   AND ($3::timestamptz IS NULL OR w.created_at >= $3::timestamptz)
   AND ($4::timestamptz IS NULL OR (w.created_at, w.id) < ($4::timestamptz, $5::uuid))
 ORDER BY w.created_at DESC, w.id DESC
 LIMIT 200
