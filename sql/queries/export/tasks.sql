-- export tasks: every column of tasks in table order, limited to created_at in [since, until) and to one
-- project when given. The since, until and project markers in braces are replaced by literals
-- the server validated first, quoted with PQescapeLiteral, or by NULL (COPY takes no $n
-- parameters; see src/cmd_export.c). A NULL bound is folded away by the planner.
SELECT x.*
  FROM public.tasks x
 WHERE ({since}::timestamptz IS NULL OR x.created_at >= {since}::timestamptz)
   AND ({until}::timestamptz IS NULL OR x.created_at < {until}::timestamptz)
   AND ({project}::uuid IS NULL OR x.project_id = {project}::uuid)
