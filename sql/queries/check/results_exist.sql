-- Whether the table of check results exists yet (creating it needs CREATE on the database), and
-- whether this role may read it. A role without USAGE on the agentdb schema (the project roles of
-- migration 0010 have none) gets exists = NULL and readable = false, not an error: to_regclass
-- on a schema it may not use would raise 42501, so it is asked only when the role may.
SELECT CASE
           WHEN to_regnamespace('agentdb') IS NULL THEN false
           WHEN NOT has_schema_privilege('agentdb', 'USAGE') THEN NULL
           ELSE to_regclass('agentdb.check_results') IS NOT NULL
       END AS exists,
       CASE
           WHEN to_regnamespace('agentdb') IS NULL THEN false
           WHEN NOT has_schema_privilege('agentdb', 'USAGE') THEN false
           WHEN to_regclass('agentdb.check_results') IS NULL THEN false
           ELSE has_table_privilege('agentdb.check_results', 'SELECT')
       END AS readable
