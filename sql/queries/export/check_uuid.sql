-- Validate a --project value (raises 22P02 when it is not a uuid) and say whether the project
-- exists (as far as row-level security lets this role see).
SELECT $1::uuid::text, EXISTS (SELECT 1 FROM public.projects p WHERE p.id = $1::uuid)
