-- check: not_valid_constraints
-- severity: warning
-- description: foreign keys and CHECKs added NOT VALID and never validated
--
-- A NOT VALID constraint checks new rows only; rows from before it may break it. Migrations
-- 0005 and 0007 leave theirs NOT VALID when existing rows could violate them (see their
-- NOTICE). Fix: ALTER TABLE ... VALIDATE CONSTRAINT, which takes only a SHARE UPDATE EXCLUSIVE
-- lock.
SELECT 'pg_constraint' AS "table", c.conname::text AS id, c.conrelid::regclass::text AS on_table,
       CASE c.contype WHEN 'f' THEN 'foreign key' WHEN 'c' THEN 'check' ELSE c.contype::text END
           AS kind
  FROM pg_catalog.pg_constraint c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.connamespace
 WHERE NOT c.convalidated
   AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast'
 ORDER BY 3, 2
