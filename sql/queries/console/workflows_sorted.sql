-- Workflows screen, oldest first or by status ($6: created or status; $7: asc or desc),
-- keyset-paged; newest first (workflows_page.sql) and by reward (workflows_reward_asc/desc.sql)
-- have index-backed queries of their own. Filters as in workflows_page.sql. The sort runs on typed
-- keys (k1 the status, or '' when sorting by creation; k2 created_at; then id), so no row is
-- formatted before the sort. The cursor ($4) is the last row's k1 and k2 as text joined by U+001F
-- (timestamptz text round-trips exactly), and $5 its id. Workflows number in the tens of
-- thousands, so sorting them per page is cheap.
WITH w AS (
    SELECT w.id,
           CASE WHEN $6::text = 'status' THEN w.status ELSE '' END AS k1,
           w.created_at AS k2
      FROM workflows w
     WHERE ($1::text IS NULL OR w.status = $1)
       AND ($2::text IS NULL OR w.user_prompt ~* $2)
       AND ($3::timestamptz IS NULL OR w.created_at >= $3::timestamptz)
), c AS (
    SELECT split_part($4::text, E'\x1f', 1) AS k1, split_part($4::text, E'\x1f', 2)::timestamptz AS k2,
           $5::uuid AS id
     WHERE $4::text IS NOT NULL
),
-- The page is cut on the keys alone (narrow rows sort faster than whole workflows), then joined
-- back to its workflows and their task counts, so only the 200 rows shown are read and counted.
page AS (
    SELECT w.*
      FROM w
     WHERE NOT EXISTS (SELECT FROM c)
        OR ($7::text = 'desc' AND (w.k1, w.k2, w.id) < (SELECT c.k1, c.k2, c.id FROM c))
        OR ($7::text = 'asc' AND (w.k1, w.k2, w.id) > (SELECT c.k1, c.k2, c.id FROM c))
     ORDER BY CASE WHEN $7::text = 'desc' THEN w.k1 END DESC,
              CASE WHEN $7::text = 'desc' THEN w.k2 END DESC,
              CASE WHEN $7::text = 'desc' THEN w.id END DESC,
              CASE WHEN $7::text = 'asc' THEN w.k1 END ASC,
              CASE WHEN $7::text = 'asc' THEN w.k2 END ASC,
              CASE WHEN $7::text = 'asc' THEN w.id END ASC
     LIMIT 200
)
SELECT p.id::text AS id, x.status,
       to_char(x.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS created,
       (SELECT count(*) FROM tasks t WHERE t.workflow_id = p.id) AS tasks,
       round(x.total_reward::numeric, 3) AS reward,
       x.current_version AS ver,
       left(x.user_prompt, 300) AS prompt,
       p.k1 || E'\x1f' || p.k2::text || E'\t' || p.id AS k_created
  FROM page p
  JOIN workflows x ON x.id = p.id
 ORDER BY CASE WHEN $7::text = 'desc' THEN p.k1 END DESC,
          CASE WHEN $7::text = 'desc' THEN p.k2 END DESC,
          CASE WHEN $7::text = 'desc' THEN p.id END DESC,
          CASE WHEN $7::text = 'asc' THEN p.k1 END ASC,
          CASE WHEN $7::text = 'asc' THEN p.k2 END ASC,
          CASE WHEN $7::text = 'asc' THEN p.id END ASC
