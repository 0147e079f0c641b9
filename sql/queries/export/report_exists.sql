-- The report view named $1 (given with or without its report_ prefix) from the catalog, or no
-- row; the export's REPORT argument must be one of these.
SELECT c.relname::text
  FROM pg_catalog.pg_class c
 WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('v', 'm')
   AND c.relname LIKE 'report\_%'
   AND c.relname::text IN ($1::text, 'report_' || $1::text)
 ORDER BY c.relname::text = $1::text DESC
 LIMIT 1
