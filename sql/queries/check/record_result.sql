-- Store one check's result (one transaction per run, so a run's rows share ran_at = now()).
INSERT INTO agentdb.check_results
       (check_name, severity, result, offending, sample_ids, error, duration_ms)
VALUES ($1, $2, $3, $4::bigint, $5::text[], $6, $7::double precision)
ON CONFLICT (check_name) DO UPDATE
   SET severity = EXCLUDED.severity, result = EXCLUDED.result, offending = EXCLUDED.offending,
       sample_ids = EXCLUDED.sample_ids, error = EXCLUDED.error,
       duration_ms = EXCLUDED.duration_ms, ran_at = now(), ran_by = session_user
