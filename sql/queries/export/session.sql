-- Inside the export's transaction: timestamps in UTC and ISO form, whatever the server's or
-- the role's defaults, so the same rows always give the same file (SET LOCAL: gone at COMMIT).
SELECT set_config('TimeZone', 'UTC', true), set_config('DateStyle', 'ISO, YMD', true)
