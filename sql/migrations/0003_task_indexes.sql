-- Hot-path indexes on tasks, built with CREATE INDEX CONCURRENTLY so that a populated table stays
-- writable: seed 001's status, queue, failure and JSONB-path indexes, seed 002's tag search, and
-- seed 000's reward and workflow lookups. Foreign-key indexes (idx_tasks_type among them) are in
-- 0001_core.sql, so no foreign key is ever unindexed. Each statement runs on its own; a failed
-- build leaves an invalid index that the engine drops and rebuilds on the next run.
-- @no-transaction
-- @statement-timeout 60min
-- @up

-- Seed 001: filter by status, and the status list ordered by age. (idx_tasks_status is a prefix of
-- idx_tasks_status_created; it is kept because seed 001 asks for it by name.)
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_tasks_status ON tasks (status);
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_tasks_status_created ON tasks (status, created_at DESC);

-- Seed 001: active (non-terminal, not failed) tasks, and failed tasks with no retry left.
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_tasks_active ON tasks (id)
    WHERE status IN ('pending', 'queued', 'running', 'retrying');
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_tasks_failed ON tasks (created_at DESC)
    WHERE status IN ('failed', 'timeout') AND retry_count >= max_retries;

-- Seed 001's dispatcher query: pending tasks by priority, then age.
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_tasks_pending_priority ON tasks (priority, created_at)
    WHERE status = 'pending';

-- Seed 001: JSONB containment and key queries on input (@>, ?, ?&, ?|), and the hot paths.
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_tasks_input_gin ON tasks USING gin (input);
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_tasks_input_model ON tasks ((input ->> 'model'));
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_tasks_input_language ON tasks ((input ->> 'language'));
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_tasks_type_input_model
    ON tasks (type, (input ->> 'model'));

-- Seed 002: tag queries (tags ? 'frontend', tags @> '["a","b"]').
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_tasks_tags_gin ON tasks USING gin (tags);

-- Seed 000: reward queries, and workflow lookups. (workflow_id, status) answers "which tasks of
-- this workflow are still open" and the per-status counts of a page of workflows from the index
-- alone; the plain lookup by workflow uses the foreign-key index idx_tasks_workflow.
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_tasks_reward ON tasks (reward)
    WHERE reward IS NOT NULL;
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_tasks_workflow_status ON tasks (workflow_id, status);

-- @down
DROP INDEX CONCURRENTLY IF EXISTS idx_tasks_workflow_status;
DROP INDEX CONCURRENTLY IF EXISTS idx_tasks_reward;
DROP INDEX CONCURRENTLY IF EXISTS idx_tasks_tags_gin;
DROP INDEX CONCURRENTLY IF EXISTS idx_tasks_type_input_model;
DROP INDEX CONCURRENTLY IF EXISTS idx_tasks_input_language;
DROP INDEX CONCURRENTLY IF EXISTS idx_tasks_input_model;
DROP INDEX CONCURRENTLY IF EXISTS idx_tasks_input_gin;
DROP INDEX CONCURRENTLY IF EXISTS idx_tasks_pending_priority;
DROP INDEX CONCURRENTLY IF EXISTS idx_tasks_failed;
DROP INDEX CONCURRENTLY IF EXISTS idx_tasks_active;
DROP INDEX CONCURRENTLY IF EXISTS idx_tasks_status_created;
DROP INDEX CONCURRENTLY IF EXISTS idx_tasks_status;

-- @verify
-- All 12 exist on tasks, and none is left invalid by an interrupted build.
SELECT count(*) = 12 FROM pg_index i
  JOIN pg_class c ON c.oid = i.indexrelid
 WHERE i.indrelid = 'public.tasks'::regclass AND i.indisvalid AND i.indisready
   AND c.relname IN ('idx_tasks_status', 'idx_tasks_status_created', 'idx_tasks_active',
                     'idx_tasks_failed', 'idx_tasks_pending_priority', 'idx_tasks_input_gin',
                     'idx_tasks_input_model', 'idx_tasks_input_language',
                     'idx_tasks_type_input_model', 'idx_tasks_tags_gin', 'idx_tasks_reward',
                     'idx_tasks_workflow_status');
