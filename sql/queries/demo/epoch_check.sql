-- Validate and normalise a user-given epoch (raises 22007/22008 on a bad value).
SELECT to_char($1::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
