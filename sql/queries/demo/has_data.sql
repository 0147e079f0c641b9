-- Does the database already hold workflows (demo or real)? Exact count only up to a small limit.
SELECT count(*) FROM (SELECT 1 FROM workflows LIMIT 1000) x
