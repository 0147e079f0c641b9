-- Dashboard: workflows by status (exact: ten thousand rows at scale 1) and tasks by status,
-- estimated from the planner's statistics (the most common values of tasks.status and their
-- frequencies, times reltuples) so the Dashboard never counts a million rows; approx says so.
-- A table never analysed has no statistics: then the tasks are counted. That count sits on the
-- inner side of a join with a row that exists only then, so it is never started otherwise (as a
-- filtered branch it still launched parallel workers: 20 ms of a 27 ms query at scale 1).
WITH est AS (
    SELECT v.status, round(v.freq * greatest(c.reltuples, 0))::bigint AS n
      FROM pg_stats s
     CROSS JOIN LATERAL unnest(s.most_common_vals::text::text[], s.most_common_freqs)
                        AS v(status, freq)
      JOIN pg_class c ON c.oid = 'public.tasks'::regclass
     WHERE s.schemaname = 'public' AND s.tablename = 'tasks' AND s.attname = 'status'
       AND c.reltuples > 0
)
SELECT 'workflows' AS what, status, count(*) AS n, false AS approx FROM workflows GROUP BY status
UNION ALL
SELECT 'tasks', status, n, true FROM est
UNION ALL
SELECT 'tasks', t.status, t.n, false
  FROM (SELECT WHERE NOT EXISTS (SELECT 1 FROM est)) need
 CROSS JOIN LATERAL (SELECT status, count(*) AS n FROM tasks GROUP BY status) t
ORDER BY 1 DESC, 3 DESC
