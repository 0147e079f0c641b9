-- Workflows screen: one page, newest first, keyset-paged on (created_at, id) through
-- idx_workflows_created_id. Filters are parameters: $1 status, $2 case-insensitive regex on
-- user_prompt, $3 created since. $4/$5: the (created_at, id) of the last row of the previous
-- page. The trailing columns are the keyset and are not shown. The page is cut first and its task
-- counts taken after, so only the rows shown are counted whatever plan the filters lead to.
WITH page AS (
    SELECT w.id, w.status, w.created_at, w.total_reward, w.current_version, w.user_prompt
      FROM workflows w
     WHERE ($1::text IS NULL OR w.status = $1)
       AND ($2::text IS NULL OR w.user_prompt ~* $2)
       AND ($3::timestamptz IS NULL OR w.created_at >= $3::timestamptz)
       AND ($4::timestamptz IS NULL OR (w.created_at, w.id) < ($4::timestamptz, $5::uuid))
     ORDER BY w.created_at DESC, w.id DESC
     LIMIT 200
)
SELECT p.id::text AS id, p.status,
       to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS created,
       (SELECT count(*) FROM tasks t WHERE t.workflow_id = p.id) AS tasks,
       round(p.total_reward::numeric, 3) AS reward,
       p.current_version AS ver,
       left(p.user_prompt, 300) AS prompt,
       p.created_at::text AS k_created
  FROM page p
 ORDER BY p.created_at DESC, p.id DESC
