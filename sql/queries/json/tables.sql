-- json show: every table of the public schema with an id column and at least one JSONB column,
-- for the message that names the valid choices after an unknown TABLE.
SELECT DISTINCT c.relname
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                     AND a.atttypid = 'jsonb'::regtype
  JOIN pg_attribute idc ON idc.attrelid = c.oid AND idc.attname = 'id' AND NOT idc.attisdropped
 WHERE n.nspname = 'public'
   AND c.relkind IN ('r', 'p', 'v', 'm')
   AND NOT c.relispartition
 ORDER BY c.relname
