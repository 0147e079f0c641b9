-- Tasks screen: how many tasks match the filters ($1-$5 as in tasks_page.sql), counting at most
-- 10001 so that a regex over a million tasks stays cheap (under 0.2 s at scale 1 when the
-- expression matches often); more = true means "over 10000".
SELECT count(*) AS n, count(*) > 10000 AS more
  FROM (SELECT 1 FROM tasks t
         WHERE ($1::text IS NULL OR t.status = $1)
           AND ($2::text IS NULL OR t.type = $2)
           AND ($3::text IS NULL OR t.agent_id IN (SELECT a.id FROM agents a WHERE a.name = $3 OR a.id::text = $3))
           AND ($4::timestamptz IS NULL OR t.created_at >= $4::timestamptz)
           AND ($5::text IS NULL OR t.title ~* $5 OR t.description ~* $5)
           AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM agents a WHERE a.name = $3 OR a.id::text = $3))
         LIMIT 10001) x
