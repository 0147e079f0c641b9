-- The Checks screen: the last stored result of every check (agentdb.check_results; run
-- results_exist.sql first): name, result, offending rows, milliseconds, when, sample ids.
SELECT r.check_name, r.result, r.offending, round(r.duration_ms)::text AS ms,
       to_char(r.ran_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS ran_at,
       array_to_string(r.sample_ids, ' ') AS sample
  FROM agentdb.check_results r
 ORDER BY r.check_name
