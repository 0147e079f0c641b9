-- A small one.
-- @lock-timeout 2s
-- @up
CREATE TABLE x (id int);
-- @down
DROP TABLE x;
-- @verify
SELECT count(*) = 1 FROM pg_class WHERE relname = 'x';
