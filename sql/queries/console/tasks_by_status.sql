-- Tasks screen sorted by status: status A-Z and newest first within a status, or with $9 = 'desc'
-- status Z-A and oldest first, keyset-paged on (status, created_at, id) with one range scan of
-- idx_tasks_status_created per status (at most 8 x 200 rows read). Filters $1-$5 as in
-- tasks_page.sql; $6/$7/$8: the (status, created_at, id) of the last row of the previous page.
-- Per status, either the whole status follows the key ("next") or the key's own status
-- continues after it ("same"); statuses before the key are skipped by a one-time filter.
SELECT x.status, x.type, coalesce(x.title, '') AS title,
       round(x.reward::numeric, 3) AS reward, x.retry_count || '/' || x.max_retries AS tries,
       x.execution_time AS secs, a.name AS agent,
       to_char(x.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS created, x.id::text AS id,
       x.status || E'\t' || x.created_at::text || E'\t' || x.id AS k
  FROM unnest('{pending,queued,running,retrying,completed,failed,cancelled,timeout}'::text[]) s(st)
 CROSS JOIN LATERAL (
       (SELECT t.* FROM tasks t                                    -- asc, next statuses
         WHERE $9::text = 'asc' AND ($6::text IS NULL OR s.st > $6) AND t.status = s.st
           AND ($2::text IS NULL OR t.type = $2)
           AND ($3::text IS NULL OR t.agent_id IN (SELECT a.id FROM agents a WHERE a.name = $3 OR a.id::text = $3))
           AND ($4::timestamptz IS NULL OR t.created_at >= $4::timestamptz)
           AND ($5::text IS NULL OR t.title ~* $5 OR t.description ~* $5)
         ORDER BY t.created_at DESC, t.id DESC LIMIT 200)
       UNION ALL
       (SELECT t.* FROM tasks t                                    -- asc, same status
         WHERE $9::text = 'asc' AND s.st = $6 AND t.status = s.st
           AND ($2::text IS NULL OR t.type = $2)
           AND ($3::text IS NULL OR t.agent_id IN (SELECT a.id FROM agents a WHERE a.name = $3 OR a.id::text = $3))
           AND ($4::timestamptz IS NULL OR t.created_at >= $4::timestamptz)
           AND ($5::text IS NULL OR t.title ~* $5 OR t.description ~* $5)
           AND t.created_at <= $7::timestamptz AND (t.created_at, t.id) < ($7::timestamptz, $8::uuid)
         ORDER BY t.created_at DESC, t.id DESC LIMIT 200)
       UNION ALL
       (SELECT t.* FROM tasks t                                    -- desc, next statuses
         WHERE $9::text = 'desc' AND ($6::text IS NULL OR s.st < $6) AND t.status = s.st
           AND ($2::text IS NULL OR t.type = $2)
           AND ($3::text IS NULL OR t.agent_id IN (SELECT a.id FROM agents a WHERE a.name = $3 OR a.id::text = $3))
           AND ($4::timestamptz IS NULL OR t.created_at >= $4::timestamptz)
           AND ($5::text IS NULL OR t.title ~* $5 OR t.description ~* $5)
         ORDER BY t.created_at, t.id LIMIT 200)
       UNION ALL
       (SELECT t.* FROM tasks t                                    -- desc, same status
         WHERE $9::text = 'desc' AND s.st = $6 AND t.status = s.st
           AND ($2::text IS NULL OR t.type = $2)
           AND ($3::text IS NULL OR t.agent_id IN (SELECT a.id FROM agents a WHERE a.name = $3 OR a.id::text = $3))
           AND ($4::timestamptz IS NULL OR t.created_at >= $4::timestamptz)
           AND ($5::text IS NULL OR t.title ~* $5 OR t.description ~* $5)
           AND t.created_at >= $7::timestamptz AND (t.created_at, t.id) > ($7::timestamptz, $8::uuid)
         ORDER BY t.created_at, t.id LIMIT 200)
       ) x
  LEFT JOIN agents a ON a.id = x.agent_id
 WHERE ($1::text IS NULL OR s.st = $1)
   AND ($5::text IS NULL OR ('' ~* $5) IS NOT NULL)
   -- an unknown agent matches nothing, at once (not after a scan of every task)
   AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM agents a WHERE a.name = $3 OR a.id::text = $3))
 ORDER BY CASE WHEN $9::text = 'asc' THEN x.status END,
          CASE WHEN $9::text = 'asc' THEN x.created_at END DESC,
          CASE WHEN $9::text = 'asc' THEN x.id END DESC,
          CASE WHEN $9::text = 'desc' THEN x.status END DESC,
          CASE WHEN $9::text = 'desc' THEN x.created_at END,
          CASE WHEN $9::text = 'desc' THEN x.id END
 LIMIT 200
