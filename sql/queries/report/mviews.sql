-- The materialized reports to refresh: all (when $1 is NULL) or the one behind report $1, with
-- whether it is populated (a never-populated view cannot be refreshed CONCURRENTLY).
SELECT quote_ident(m.relname) AS qrel, m.relname AS name, m.relispopulated AS populated,
       pg_total_relation_size(m.oid) AS bytes
  FROM pg_class m
 WHERE m.relnamespace = 'public'::regnamespace AND m.relkind = 'm'
   AND m.relname LIKE 'mv\_report\_%'
   AND ($1::text IS NULL OR m.relname = 'mv_' || $1::text)
 ORDER BY m.relname;
