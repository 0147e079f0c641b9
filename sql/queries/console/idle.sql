-- A no-op whose result marks the moment the connection is idle (screens that then run engine
-- work synchronously, such as Migrations).
SELECT 1;
