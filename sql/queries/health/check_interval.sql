-- Validate a threshold option (raises 22007/22008/22015 on a bad value): the interval's text and
-- whether it is not negative.
SELECT $1::interval::text, $1::interval >= interval '0'
