-- The Workflows screen sorted by reward (its second sort order) pages through an index instead of
-- sorting every workflow per page: coalesce(total_reward, -1e9) puts workflows without a reward
-- last in descending order, as the screen shows them, and id breaks ties for the keyset. Built
-- CONCURRENTLY so that a populated database stays writable; a failed build leaves an invalid index
-- that the engine drops and rebuilds on the next run.
-- @no-transaction
-- @statement-timeout 60min
-- @up
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_workflows_reward_id
    ON workflows ((coalesce(total_reward, -1e9)), id);

-- @down
DROP INDEX CONCURRENTLY IF EXISTS idx_workflows_reward_id;

-- @verify
-- It exists, and is not left invalid by an interrupted build.
SELECT count(*) = 1 FROM pg_index i
  JOIN pg_class c ON c.oid = i.indexrelid
 WHERE i.indrelid = 'public.workflows'::regclass AND c.relname = 'idx_workflows_reward_id'
   AND i.indisvalid AND i.indisready;
