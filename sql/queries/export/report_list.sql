-- The names of the report views, for the error message about an unknown one.
SELECT string_agg(c.relname, ', ' ORDER BY c.relname)
  FROM pg_catalog.pg_class c
 WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('v', 'm')
   AND c.relname LIKE 'report\_%'
