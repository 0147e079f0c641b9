-- Workflows screen, sorted by another column ($6: created, reward or status; $7: asc or desc), keyset-paged
-- on (sort key, id) where the sort key is text that orders like the column. Filters as in
-- workflows_page.sql. Workflows number in the tens of thousands, so sorting them server-side
-- per page is cheap; the default order (newest first) uses workflows_page.sql and its index.
WITH w AS (
    SELECT w.*,
           CASE $6::text
               WHEN 'created' THEN to_char(w.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')
               WHEN 'reward' THEN to_char(coalesce(w.total_reward, -1e9) + 1e12, 'FM0000000000000.000000')
               ELSE w.status || ' ' || to_char(w.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')
           END AS sort_key
      FROM workflows w
     WHERE ($1::text IS NULL OR w.status = $1)
       AND ($2::text IS NULL OR w.user_prompt ~* $2)
       AND ($3::timestamptz IS NULL OR w.created_at >= $3::timestamptz)
)
SELECT w.id::text AS id, w.status,
       to_char(w.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS created,
       (SELECT count(*) FROM tasks t WHERE t.workflow_id = w.id) AS tasks,
       round(w.total_reward::numeric, 3) AS reward,
       w.current_version AS ver,
       left(w.user_prompt, 300) AS prompt,
       w.sort_key || E'\t' || w.id AS k_created
  FROM w
 WHERE $4::text IS NULL
    OR ($7::text = 'desc' AND (w.sort_key, w.id::text) < ($4::text, $5::text))
    OR ($7::text = 'asc' AND (w.sort_key, w.id::text) > ($4::text, $5::text))
 ORDER BY CASE WHEN $7::text = 'desc' THEN w.sort_key END DESC,
          CASE WHEN $7::text = 'desc' THEN w.id::text END DESC,
          CASE WHEN $7::text = 'asc' THEN w.sort_key END ASC,
          CASE WHEN $7::text = 'asc' THEN w.id::text END ASC
 LIMIT 200
