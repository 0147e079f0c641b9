-- Health: whether migration 0009 (retention_policies and the partition functions) is applied.
SELECT to_regclass('public.retention_policies') IS NOT NULL
   AND to_regprocedure('public.partition_missing(regclass,timestamptz,timestamptz)') IS NOT NULL
