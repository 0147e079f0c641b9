-- The columns of report $1 (a view named report_* in public), in order: the quoted name, the
-- plain name and the type's category (D date/time, N numeric, S string, U uuid and others), and
-- the quoted name of its materialized view (mv_<report>) when it has one, else NULL.
-- No row: no such report.
SELECT quote_ident(c.relname) AS qrel, quote_ident(a.attname) AS qcol, a.attname AS col,
       t.typcategory::text AS category, format_type(a.atttypid, a.atttypmod) AS type,
       (SELECT quote_ident(m.relname) FROM pg_class m
         WHERE m.relnamespace = c.relnamespace AND m.relkind = 'm'
           AND m.relname = 'mv_' || c.relname) AS qmv
  FROM pg_class c
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  JOIN pg_type t ON t.oid = a.atttypid
 WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'v'
   AND c.relname LIKE 'report\_%' AND c.relname = $1
 ORDER BY a.attnum;
