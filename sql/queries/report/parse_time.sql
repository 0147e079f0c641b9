-- A time argument as the server reads it (an error when it is not one).
SELECT $1::timestamptz::text;
