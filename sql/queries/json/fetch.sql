-- json show: one JSONB value, by id, at a text[] path ('{}' for the whole value).
-- TEMPLATE: @COLUMN@ and @TABLE@ are replaced by PQescapeIdentifier() of names first found in
-- columns.sql (a closed list from the catalog); every value is a $n parameter. $1 id, $2 path.
SELECT (@COLUMN@ #> $2::text[])::text
  FROM public.@TABLE@
 WHERE id = $1
 LIMIT 1
