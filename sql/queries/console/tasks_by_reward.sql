-- Tasks screen sorted by reward, highest (or, with $8 = 'asc', lowest) first: only tasks that
-- have a reward, as idx_tasks_reward (reward) WHERE reward IS NOT NULL is what keeps this order
-- cheap. Keyset-paged on (reward, id); filters $1-$5 as in tasks_page.sql; $6/$7: the
-- (reward, id) of the last row of the previous page.
SELECT x.status, x.type, coalesce(x.title, '') AS title,
       round(x.reward::numeric, 3) AS reward, x.retry_count || '/' || x.max_retries AS tries,
       x.execution_time AS secs, a.name AS agent,
       to_char(x.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS created, x.id::text AS id,
       x.reward::text || E'\t' || x.id AS k
  FROM (
       (SELECT t.* FROM tasks t
         WHERE $8::text = 'desc' AND t.reward IS NOT NULL
           AND ($1::text IS NULL OR t.status = $1)
           AND ($2::text IS NULL OR t.type = $2)
           AND ($3::text IS NULL OR t.agent_id IN (SELECT a.id FROM agents a WHERE a.name = $3 OR a.id::text = $3))
           AND ($4::timestamptz IS NULL OR t.created_at >= $4::timestamptz)
           AND ($5::text IS NULL OR t.title ~* $5 OR t.description ~* $5)
           AND ($6::float8 IS NULL OR (t.reward <= $6::float8
                AND (t.reward, t.id) < ($6::float8, $7::uuid)))
         ORDER BY t.reward DESC, t.id DESC LIMIT 200)
       UNION ALL
       (SELECT t.* FROM tasks t
         WHERE $8::text = 'asc' AND t.reward IS NOT NULL
           AND ($1::text IS NULL OR t.status = $1)
           AND ($2::text IS NULL OR t.type = $2)
           AND ($3::text IS NULL OR t.agent_id IN (SELECT a.id FROM agents a WHERE a.name = $3 OR a.id::text = $3))
           AND ($4::timestamptz IS NULL OR t.created_at >= $4::timestamptz)
           AND ($5::text IS NULL OR t.title ~* $5 OR t.description ~* $5)
           AND ($6::float8 IS NULL OR (t.reward >= $6::float8
                AND (t.reward, t.id) > ($6::float8, $7::uuid)))
         ORDER BY t.reward, t.id LIMIT 200)
       ) x
  LEFT JOIN agents a ON a.id = x.agent_id
 WHERE ($5::text IS NULL OR ('' ~* $5) IS NOT NULL)  -- an invalid regex fails even with no rows read
   -- an unknown agent matches nothing, at once (not after a scan of every task)
   AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM agents a WHERE a.name = $3 OR a.id::text = $3))
 ORDER BY CASE WHEN $8::text = 'desc' THEN x.reward END DESC,
          CASE WHEN $8::text = 'desc' THEN x.id END DESC,
          CASE WHEN $8::text = 'asc' THEN x.reward END,
          CASE WHEN $8::text = 'asc' THEN x.id END
 LIMIT 200
