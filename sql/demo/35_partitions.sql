-- Demo generator, step 3b: the dated partitions of every append-only table over the time range the
-- later steps write into it, created before any row goes in so that none lands in a DEFAULT
-- partition. Ranges: trust history from 150 days before the epoch, the metrics of the last 30
-- days, the rest of the last 90 days (to the end of the last workflow for the task trail and the
-- experiences, which run past the epoch). Needs partition_create() from the partition-maintenance
-- migration; without it the rows go to the DEFAULT partitions. p_move_default moves rows an
-- earlier load left in a DEFAULT partition (before that migration existed) into the partition
-- that now owns their range.
DO $$
DECLARE
    last_wf timestamptz;
    r       record;
BEGIN
    IF to_regprocedure('public.partition_create(regclass,timestamptz,timestamptz,boolean)') IS NULL
       OR to_regclass('public.retention_policies') IS NULL THEN
        RETURN;
    END IF;
    SELECT greatest(pg_temp.epoch(), max(w.created_at + (w.n + w.stop_k + 6) * w.step_s * interval '1 second'))
      INTO last_wf
      FROM demo_wf w;
    FOR r IN
        SELECT format('public.%I', p.table_name)::regclass AS tbl,
               pg_temp.epoch() - coalesce(x.days, 91) * interval '1 day' AS lo,
               CASE WHEN p.table_name IN ('task_events', 'experiences') THEN last_wf
                    ELSE pg_temp.epoch() END + interval '1 day' AS hi
          FROM public.retention_policies p
          JOIN pg_catalog.pg_class c ON c.relname = p.table_name
                                    AND c.relnamespace = 'public'::regnamespace
          JOIN pg_catalog.pg_partitioned_table pt ON pt.partrelid = c.oid
          LEFT JOIN (VALUES ('trust_metrics', 150), ('metrics', 31)) AS x (table_name, days)
                 ON x.table_name = p.table_name
         ORDER BY p.table_name
    LOOP
        PERFORM public.partition_create(r.tbl, r.lo, r.hi, p_move_default => true);
    END LOOP;
END
$$;
