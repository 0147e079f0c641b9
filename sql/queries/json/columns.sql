-- json show: the JSONB columns of table $1 in the public schema (tables with an id column only),
-- with the type of that id. The closed list that TABLE and COLUMN are checked against.
SELECT a.attname, format_type(idc.atttypid, idc.atttypmod) AS id_type
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                     AND a.atttypid = 'jsonb'::regtype
  JOIN pg_attribute idc ON idc.attrelid = c.oid AND idc.attname = 'id' AND NOT idc.attisdropped
 WHERE n.nspname = 'public'
   AND c.relkind IN ('r', 'p', 'v', 'm')
   AND NOT c.relispartition
   AND c.relname = $1
 ORDER BY a.attnum
