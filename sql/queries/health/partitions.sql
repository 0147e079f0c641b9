-- Health, partitions section: for every retention policy (0009), the partitions ahead of the
-- one holding now (UTC months or days) against premake, how far the partitions reach, and how
-- many periods of [current, current + premake] no partition covers (partition_maintain would
-- create them). problem is set when one is missing or the table is gone. Periods are computed
-- on UTC timestamps without a time zone, so the session's TimeZone cannot shift them.
-- Needs migration 0009 (health checks has_policies.sql first).
WITH pol AS (
    SELECT p.table_name, p.premake, p.partition_interval AS step,
           to_regclass(format('public.%I', p.table_name)) AS rel,
           CASE WHEN p.partition_interval = interval '1 day' THEN 'day' ELSE 'month' END AS unit
      FROM public.retention_policies p
), cur AS (
    SELECT pol.*, date_trunc(pol.unit, now() AT TIME ZONE 'UTC') AS cur FROM pol
), parts AS MATERIALIZED (
    SELECT cur.table_name, r.range_from, r.range_to
      FROM cur
     CROSS JOIN LATERAL public.partition_ranges(cur.rel) r
     WHERE cur.rel IS NOT NULL AND NOT r.is_default
), periods AS (
    SELECT cur.table_name, (cur.cur + k * cur.step) AT TIME ZONE 'UTC' AS lo,
           (cur.cur + (k + 1) * cur.step) AT TIME ZONE 'UTC' AS hi
      FROM cur
     CROSS JOIN LATERAL generate_series(0, cur.premake) k
     WHERE cur.rel IS NOT NULL
)
SELECT cur.table_name, cur.unit AS period, cur.premake,
       (SELECT count(*) FROM parts
         WHERE parts.table_name = cur.table_name
           AND parts.range_from >= (cur.cur + cur.step) AT TIME ZONE 'UTC') AS ahead,
       to_char((SELECT max(parts.range_to) FROM parts
                 WHERE parts.table_name = cur.table_name AND isfinite(parts.range_to))
               AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS covered_until,
       m.missing,
       CASE WHEN cur.rel IS NULL THEN 'the table does not exist'
            WHEN m.missing > 0 THEN format('%s of the current and next %s %ss have no partition',
                                           m.missing, cur.premake, cur.unit)
       END AS problem
  FROM cur
 CROSS JOIN LATERAL (
       SELECT CASE WHEN cur.rel IS NULL THEN NULL
                   ELSE (SELECT count(*) FROM periods
                          WHERE periods.table_name = cur.table_name
                            AND NOT EXISTS (SELECT 1 FROM parts
                                             WHERE parts.table_name = cur.table_name
                                               AND parts.range_from < periods.hi
                                               AND parts.range_to > periods.lo))
              END AS missing) m
 ORDER BY cur.table_name
