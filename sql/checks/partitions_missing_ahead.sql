-- check: partitions_missing_ahead
-- severity: warning
-- description: dated partitions missing for now or the premake periods ahead
--
-- partition_maintain() (or retention_apply()) keeps the current partition and premake more
-- ahead of now for every retention policy; when it stops running, new rows soon land in the
-- DEFAULT partition. One row per missing period. Fix: SELECT * FROM partition_maintain().
SELECT 'retention_policies' AS "table", p.table_name AS id, m.partition_name, m.range_from,
       m.range_to, m.default_rows
  FROM public.retention_policies p
 CROSS JOIN LATERAL public.partition_missing(('public.' || p.table_name)::regclass, now(),
                                             now() + p.partition_interval * p.premake) m
 ORDER BY p.table_name, m.range_from
