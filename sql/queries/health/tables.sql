-- Health, tables section: the $1 largest tables and partitions of schema public by total size
-- (table, indexes, TOAST), with the statistics collector's live and dead tuple estimates and
-- the last (auto)vacuum.
SELECT c.relname AS name, parent.relname AS partition_of,
       pg_total_relation_size(c.oid) AS total_bytes,
       pg_size_pretty(pg_total_relation_size(c.oid)) AS total_size,
       s.n_live_tup AS live_rows, s.n_dead_tup AS dead_rows,
       round(100.0 * s.n_dead_tup / nullif(s.n_live_tup + s.n_dead_tup, 0), 1) AS dead_pct,
       to_char(greatest(s.last_vacuum, s.last_autovacuum) AT TIME ZONE 'UTC',
               'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS last_vacuum
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_stat_user_tables s ON s.relid = c.oid
  LEFT JOIN pg_catalog.pg_inherits i ON i.inhrelid = c.oid AND c.relispartition
  LEFT JOIN pg_catalog.pg_class parent ON parent.oid = i.inhparent
 WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
 ORDER BY pg_total_relation_size(c.oid) DESC, c.relname
 LIMIT $1::integer
