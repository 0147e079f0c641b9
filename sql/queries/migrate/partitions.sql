-- The leaf partitions of a table named by parameter (none for a plain table): pg_dump --table on
-- a partitioned parent alone dumps no rows, so a backup names every leaf too.
SELECT c.relname::text
  FROM pg_partition_tree(to_regclass(format('%I', $1::text))) p
  JOIN pg_class c ON c.oid = p.relid
 WHERE p.isleaf AND p.level > 0
 ORDER BY 1
