-- The default anchor of generated timestamps: today at 00:00 UTC.
SELECT to_char(date_trunc('day', now() AT TIME ZONE 'UTC'), 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
