-- Row estimates of the tables the generator fills, and the database size, after ANALYZE.
SELECT c.relname::text AS "table",
       greatest(c.reltuples, 0)::bigint AS rows_estimate,
       pg_size_pretty(pg_total_relation_size(c.oid)) AS size
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
 ORDER BY c.relname
