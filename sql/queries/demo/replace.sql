-- 'demo load --replace': empty every data table of the model in one statement, keeping the seeded
-- configuration tables. Append-only tables refuse TRUNCATE through their triggers, so this runs
-- with session_replication_role = replica (superuser only); the caller reports that clearly.
DO $$
DECLARE
    tables text;
BEGIN
    SET LOCAL session_replication_role = replica;
    SELECT string_agg(format('%I.%I', n.nspname, c.relname), ', ' ORDER BY c.relname)
      INTO tables
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public'
       AND c.relkind IN ('r', 'p')
       AND NOT c.relispartition
       AND c.relname NOT IN ('task_types', 'retention_policies', 'schema_change_log');
    IF tables IS NOT NULL THEN
        EXECUTE 'TRUNCATE ' || tables || ' CASCADE';
    END IF;
END
$$
