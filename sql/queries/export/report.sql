-- export REPORT: every row of one report view. The report marker in braces is replaced by the
-- view's name, checked against the catalog (report_exists.sql) and quoted with
-- PQescapeIdentifier (COPY takes no $n parameters; see src/cmd_export.c).
SELECT x.* FROM public.{report} x
