-- The Dashboard's retention line: what 'retention apply' would do now, in one row.
SELECT count(*) FILTER (WHERE p.action <> 'create') AS due,
       coalesce(pg_size_pretty(sum(p.bytes) FILTER (WHERE p.action <> 'create')), '0 bytes') AS due_size,
       count(*) FILTER (WHERE p.action = 'create') AS ahead_missing,
       count(*) FILTER (WHERE p.action = 'create' AND p.rows_estimate > 0) AS blocked
  FROM public.retention_plan(now()) p
