-- The Dashboard's "last check result": one row summarising the last stored result of every
-- check (agentdb.check_results, written by 'check run'): when the latest run was, how many checks
-- have a result, how many fail (and how many of those are errors rather than warnings) with how
-- many offending rows, how many could not run, and the failing checks by name.
-- The table is created by the first 'check run' that may write; before that this query fails
-- with SQLSTATE 42P01, so run queries/check/results_exist.sql first and show "never run" when it
-- says false.
SELECT max(r.ran_at) AS last_run_at,
       count(*) AS checks,
       count(*) FILTER (WHERE r.result = 'fail') AS failing,
       count(*) FILTER (WHERE r.result = 'fail' AND r.severity = 'error') AS failing_errors,
       coalesce(sum(r.offending) FILTER (WHERE r.result = 'fail'), 0) AS offending_rows,
       count(*) FILTER (WHERE r.result = 'error') AS broken,
       string_agg(r.check_name, ', ' ORDER BY r.check_name) FILTER (WHERE r.result = 'fail')
           AS failing_checks
  FROM agentdb.check_results r
