-- check: invalid_indexes
-- severity: error
-- description: indexes left invalid or not ready (a failed CREATE INDEX CONCURRENTLY)
--
-- The planner ignores an invalid index, but writes still maintain it. An index being built
-- concurrently right now is invalid until the build ends. Fix: REINDEX INDEX CONCURRENTLY, or
-- drop it and build it again ('migrate up' rebuilds its own).
SELECT 'pg_index' AS "table", i.indexrelid::regclass::text AS id,
       i.indrelid::regclass::text AS on_table, i.indisvalid AS valid, i.indisready AS ready
  FROM pg_catalog.pg_index i
  JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE (NOT i.indisvalid OR NOT i.indisready)
   AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast'
 ORDER BY 2
