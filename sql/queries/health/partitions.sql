-- Health, partitions section: for every retention policy (0009), the partitions ahead of the
-- one holding now (UTC months or days), against premake, and the periods of [current, current +
-- premake] that no partition covers (partition_missing; partition_maintain would create them).
-- problem is set when one is missing or the table is gone. Empty before migration 0009.
SELECT p.table_name,
       CASE WHEN p.partition_interval = interval '1 day' THEN 'day' ELSE 'month' END AS period,
       p.premake,
       (SELECT count(*) FROM public.partition_ranges(t.rel) r
         WHERE NOT r.is_default AND r.range_from >= t.cur + p.partition_interval) AS ahead,
       to_char((SELECT max(r.range_to) FROM public.partition_ranges(t.rel) r
                 WHERE NOT r.is_default AND isfinite(r.range_to)) AT TIME ZONE 'UTC',
               'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS covered_until,
       m.missing,
       CASE WHEN t.rel IS NULL THEN 'the table does not exist'
            WHEN m.missing > 0 THEN format('%s of the current and next %s %ss have no partition',
                                           m.missing, p.premake, t.unit)
       END AS problem
  FROM public.retention_policies p
 CROSS JOIN LATERAL (
       SELECT to_regclass(format('public.%I', p.table_name)) AS rel,
              CASE WHEN p.partition_interval = interval '1 day' THEN 'day' ELSE 'month' END AS unit,
              date_trunc(CASE WHEN p.partition_interval = interval '1 day' THEN 'day'
                              ELSE 'month' END, now(), 'UTC') AS cur) t
 CROSS JOIN LATERAL (
       SELECT CASE WHEN t.rel IS NULL THEN NULL
                   ELSE (SELECT count(*) FROM public.partition_missing(
                                t.rel, t.cur, t.cur + (p.premake + 1) * p.partition_interval))
              END AS missing) m
 ORDER BY p.table_name
