-- One batch of retention: at most $1 partitions (0009's retention_apply; its own transaction).
SELECT a.table_name, a.partition_name, a.range_from, a.range_to, a.action, a.rows_estimate,
       a.bytes, a.status
  FROM public.retention_apply(now(), $1::integer) a;
