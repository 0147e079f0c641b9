-- The Dashboard's retention line: whether this database has retention (0009) and this role may
-- see its plan (EXECUTE is granted to agentdb_admin and the owner), and if not, why.
SELECT CASE
           WHEN to_regprocedure('public.retention_plan(timestamptz)') IS NULL THEN 'none (migration 0009)'
           WHEN NOT has_function_privilege('public.retention_plan(timestamptz)', 'EXECUTE')
               THEN 'plan visible to agentdb_admin'
       END AS why_not
