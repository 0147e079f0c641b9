-- Dashboard: workflows by status (exact: ten thousand rows at scale 1) and tasks by status,
-- estimated from the planner's statistics (the most common values of tasks.status and their
-- frequencies, times reltuples) so the Dashboard never counts a million rows; approx says so.
-- A table never analysed has no statistics: then the tasks are counted.
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
SELECT 'tasks', status, count(*), false FROM tasks
 WHERE NOT EXISTS (SELECT 1 FROM est) GROUP BY status
ORDER BY 1 DESC, 3 DESC
