-- json show --jsonpath: the matches of a jsonpath, evaluated by the server, in the value at a path.
-- TEMPLATE: @COLUMN@ and @TABLE@ are replaced by PQescapeIdentifier() of names first found in
-- columns.sql. $1 id, $2 path, $3 jsonpath. One row per match; a row with a NULL match when there
-- is none (has_value says whether the value at the path exists); no row when the id is unknown.
SELECT r.v IS NOT NULL AS has_value, m.value::text
  FROM (SELECT @COLUMN@ #> $2::text[] AS v FROM public.@TABLE@ WHERE id = $1 LIMIT 1) AS r
  LEFT JOIN LATERAL jsonb_path_query(r.v, $3::jsonpath) AS m(value) ON true
