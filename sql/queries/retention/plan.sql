-- What retention_apply would do at $1 (NULL: now), partition by partition (0009).
SELECT p.table_name, p.partition_name, p.range_from, p.range_to, p.action, p.rows_estimate,
       p.bytes, pg_size_pretty(p.bytes) AS size
  FROM public.retention_plan(coalesce($1::timestamptz, now())) p;
