-- Tasks screen: how many tasks match the filters ($1-$5 as in tasks_page.sql), counting at most
-- 100001 so that a filter over millions of rows stays cheap; more = true means "over 100000".
SELECT count(*) AS n, count(*) > 100000 AS more
  FROM (SELECT 1 FROM tasks t
         WHERE ($1::text IS NULL OR t.status = $1)
           AND ($2::text IS NULL OR t.type = $2)
           AND ($3::text IS NULL OR t.agent_id IN (SELECT a.id FROM agents a WHERE a.name = $3 OR a.id::text = $3))
           AND ($4::timestamptz IS NULL OR t.created_at >= $4::timestamptz)
           AND ($5::text IS NULL OR t.title ~* $5 OR t.description ~* $5)
           AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM agents a WHERE a.name = $3 OR a.id::text = $3))
         LIMIT 100001) x
