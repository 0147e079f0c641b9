-- Keyset indexes for the console's two newest-first lists that had none: Workflows pages on
-- (created_at, id) and Experiences on (started_at, id). Without them each page sorted the whole
-- table (and, for Workflows, counted the tasks of every workflow before the sort): 27-45 ms a page
-- at scale 1, against 2-3 ms with them (make bench). And a trigram index (pg_trgm, from
-- postgresql-contrib) on workflows.user_prompt for the Workflows screen's regex filter ('/'): a
-- pattern that matches few workflows otherwise reads every prompt (15 ms at scale 1 for one that
-- matches none). Built CONCURRENTLY so that a populated database stays writable; a failed build
-- leaves an invalid index that the engine drops and rebuilds on the next run. pg_trgm is a trusted
-- extension, so a database owner may create it; the down drops it only if this up created it.
-- @no-transaction
-- @statement-timeout 60min
-- @up
DO $do$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'pg_trgm') THEN
        CREATE EXTENSION pg_trgm WITH SCHEMA public;
        COMMENT ON EXTENSION pg_trgm IS
            'trigram matching; created by agentdb migration 0013_list_page_indexes, whose down drops it';
    END IF;
END
$do$;
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_workflows_created_id
    ON workflows (created_at DESC, id DESC);
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_learning_episodes_started_id
    ON learning_episodes (started_at DESC, id DESC);
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_workflows_user_prompt_trgm
    ON workflows USING gin (user_prompt public.gin_trgm_ops);

-- @down
DROP INDEX CONCURRENTLY IF EXISTS idx_workflows_user_prompt_trgm;
DROP INDEX CONCURRENTLY IF EXISTS idx_learning_episodes_started_id;
DROP INDEX CONCURRENTLY IF EXISTS idx_workflows_created_id;
DO $do$
BEGIN
    IF (SELECT obj_description(e.oid, 'pg_extension') FROM pg_catalog.pg_extension e
         WHERE e.extname = 'pg_trgm')
       = 'trigram matching; created by agentdb migration 0013_list_page_indexes, whose down drops it'
    THEN
        DROP EXTENSION pg_trgm;
    END IF;
END
$do$;

-- @verify
-- All three exist, and none is left invalid by an interrupted build.
SELECT count(*) = 3 FROM pg_index i
  JOIN pg_class c ON c.oid = i.indexrelid
 WHERE i.indisvalid AND i.indisready
   AND (i.indrelid, c.relname) IN (('public.workflows'::regclass, 'idx_workflows_created_id'),
                                   ('public.learning_episodes'::regclass, 'idx_learning_episodes_started_id'),
                                   ('public.workflows'::regclass, 'idx_workflows_user_prompt_trgm'));
