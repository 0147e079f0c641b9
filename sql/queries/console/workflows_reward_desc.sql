-- Workflows screen sorted by reward, highest first, keyset-paged through idx_workflows_reward_id on
-- (coalesce(total_reward, -1e9), id): workflows without a reward count as -1e9. Filters as in
-- workflows_page.sql ($1 status, $2 regex on user_prompt, $3 created since); $4/$5 the reward key
-- (float8 text, which round-trips exactly) and id of the last row of the previous page. The page is
-- cut first and its task counts taken after, so only the rows shown are counted.
WITH page AS (
    SELECT w.id, w.status, w.created_at, w.total_reward, w.current_version, w.user_prompt,
           coalesce(w.total_reward, -1e9) AS k
      FROM workflows w
     WHERE ($1::text IS NULL OR w.status = $1)
       AND ($2::text IS NULL OR w.user_prompt ~* $2)
       AND ($3::timestamptz IS NULL OR w.created_at >= $3::timestamptz)
       AND ($4::float8 IS NULL OR (coalesce(w.total_reward, -1e9), w.id) < ($4::float8, $5::uuid))
     ORDER BY coalesce(w.total_reward, -1e9) DESC, w.id DESC
     LIMIT 200
)
SELECT p.id::text AS id, p.status,
       to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS created,
       (SELECT count(*) FROM tasks t WHERE t.workflow_id = p.id) AS tasks,
       round(p.total_reward::numeric, 3) AS reward,
       p.current_version AS ver,
       left(p.user_prompt, 300) AS prompt,
       p.k::text || E'\t' || p.id AS k_created
  FROM page p
 ORDER BY p.k DESC, p.id DESC
