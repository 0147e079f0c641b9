-- Validate a --since/--until value and return it in one unambiguous form, ISO 8601 in UTC
-- with microseconds (raises 22007/22008 on a bad value); isfinite says whether it is +-infinity.
SELECT to_char($1::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
       isfinite($1::timestamptz)
