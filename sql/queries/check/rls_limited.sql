-- check run: whether row-level security limits what this role sees of the checked tables (a role
-- bound to a project, see 0010): true when it is active for the current user on tasks, the table
-- most rules read. Such a role's checks cover only its own projects' rows.
SELECT to_regclass('public.tasks') IS NOT NULL AND row_security_active('public.tasks') AS limited
