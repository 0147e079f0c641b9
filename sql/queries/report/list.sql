-- The reports: views named report_* in public, with the first line of their COMMENT, and
-- whether a materialized view (mv_report_*) holds their data, and when that was last refreshed
-- (unknown to PostgreSQL; NULL) or whether it was never populated.
SELECT c.relname AS name,
       CASE WHEN m.oid IS NULL THEN 'view' ELSE 'materialized' END AS kind,
       CASE WHEN m.oid IS NULL THEN NULL ELSE m.relispopulated END AS populated,
       split_part(coalesce(obj_description(c.oid, 'pg_class'), ''), E'\n', 1) AS description
  FROM pg_class c
  LEFT JOIN pg_class m ON m.relnamespace = c.relnamespace AND m.relkind = 'm'
                      AND m.relname = 'mv_' || c.relname
 WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'v'
   AND c.relname LIKE 'report\_%'
 ORDER BY c.relname;
