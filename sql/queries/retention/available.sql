-- Whether migration 0009's retention functions exist here.
SELECT to_regprocedure('public.retention_apply(timestamptz, integer)') IS NOT NULL;
