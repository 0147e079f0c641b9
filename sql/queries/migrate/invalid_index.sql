-- An index left invalid by a failed CREATE INDEX CONCURRENTLY, in the search path.
SELECT 1
  FROM pg_index i
  JOIN pg_class c ON c.oid = i.indexrelid
 WHERE c.relname = $1 AND NOT i.indisvalid AND pg_table_is_visible(c.oid)
