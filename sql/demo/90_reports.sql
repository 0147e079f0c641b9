-- Demo generator, step 9: what the reports migration derives from the data, so the console shows
-- it at once: each workflow's total_reward by workflow_reward()'s formula (replacing the plain
-- sum 30_tasks.sql stored), and the materialized reports refreshed. Skipped when the database
-- has no such procedure or function.
DO $$
DECLARE
    updated bigint;
BEGIN
    IF to_regprocedure('public.refresh_workflow_rewards(uuid,integer,bigint)') IS NOT NULL THEN
        CALL public.refresh_workflow_rewards(NULL, NULL, updated);
    END IF;
    IF to_regprocedure('public.refresh_reports()') IS NOT NULL THEN
        PERFORM public.refresh_reports();
    END IF;
END
$$;
