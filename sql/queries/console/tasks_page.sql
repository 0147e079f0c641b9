-- Tasks screen, newest (or, with $8 = 'asc', oldest) first, keyset-paged on (created_at, id).
-- There is no index on created_at alone, so the page is merged from one range scan of
-- idx_tasks_status_created (status, created_at DESC) per status: at most 8 x 200 rows read.
-- Filters are parameters: $1 status, $2 type, $3 agent (name or id), $4 created since,
-- $5 case-insensitive regex on title or description. $6/$7: the (created_at, id) of the last
-- row of the previous page. The trailing column k is the keyset and is not shown.
SELECT x.status, x.type, coalesce(x.title, '') AS title,
       round(x.reward::numeric, 3) AS reward, x.retry_count || '/' || x.max_retries AS tries,
       x.execution_time AS secs, a.name AS agent,
       to_char(x.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS created, x.id::text AS id,
       x.created_at::text || E'\t' || x.id AS k
  FROM unnest('{pending,queued,running,retrying,completed,failed,cancelled,timeout}'::text[]) s(st)
 CROSS JOIN LATERAL (
       (SELECT t.* FROM tasks t
         WHERE $8::text = 'desc' AND t.status = s.st
           AND ($2::text IS NULL OR t.type = $2)
           AND ($3::text IS NULL OR t.agent_id IN (SELECT a.id FROM agents a WHERE a.name = $3 OR a.id::text = $3))
           AND ($4::timestamptz IS NULL OR t.created_at >= $4::timestamptz)
           AND ($5::text IS NULL OR t.title ~* $5 OR t.description ~* $5)
           AND ($6::timestamptz IS NULL OR (t.created_at <= $6::timestamptz
                AND (t.created_at, t.id) < ($6::timestamptz, $7::uuid)))
         ORDER BY t.created_at DESC, t.id DESC LIMIT 200)
       UNION ALL
       (SELECT t.* FROM tasks t
         WHERE $8::text = 'asc' AND t.status = s.st
           AND ($2::text IS NULL OR t.type = $2)
           AND ($3::text IS NULL OR t.agent_id IN (SELECT a.id FROM agents a WHERE a.name = $3 OR a.id::text = $3))
           AND ($4::timestamptz IS NULL OR t.created_at >= $4::timestamptz)
           AND ($5::text IS NULL OR t.title ~* $5 OR t.description ~* $5)
           AND ($6::timestamptz IS NULL OR (t.created_at >= $6::timestamptz
                AND (t.created_at, t.id) > ($6::timestamptz, $7::uuid)))
         ORDER BY t.created_at, t.id LIMIT 200)
       ) x
  LEFT JOIN agents a ON a.id = x.agent_id
 WHERE ($1::text IS NULL OR s.st = $1)
   -- an invalid regex is an error even when no row is read (the planner folds this constant)
   AND ($5::text IS NULL OR ('' ~* $5) IS NOT NULL)
   -- an unknown agent matches nothing, at once (not after a scan of every task)
   AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM agents a WHERE a.name = $3 OR a.id::text = $3))
 ORDER BY CASE WHEN $8::text = 'desc' THEN x.created_at END DESC,
          CASE WHEN $8::text = 'desc' THEN x.id END DESC,
          CASE WHEN $8::text = 'asc' THEN x.created_at END,
          CASE WHEN $8::text = 'asc' THEN x.id END
 LIMIT 200
