-- The task side of the audit trail and of execution tracking: task_events, the append-only audit
-- trail of every task modification (seed 000), written by a trigger on tasks; and
-- task_executions, one row per attempt at a task with the resources it used (seed 002).
-- task_events is partitioned by range on occurred_at with one DEFAULT partition; the
-- partition-maintenance migration creates the dated partitions. It refuses UPDATE, DELETE and
-- TRUNCATE; retention removes old events by detaching and dropping whole partitions. It has no
-- foreign key at all: the trail outlives the task, the workflow and the project it describes.
-- task_executions belongs to its task: it is a plain table, deleted with the task, and kept in the
-- task's project by a composite foreign key to tasks (id, project_id), the unique key this file
-- adds to tasks (as 0001 adds workflows (id, project_id) for tasks). A broken rule raises SQLSTATE
-- 23514 with the trigger's name as the constraint name, like 0002_task_rules.sql.
-- @up

-- ---------------------------------------------------------------------------------------------
-- tasks (id, project_id): the target of the composite foreign keys that keep a task's rows in
-- the task's project (task_executions here, pull_requests and correction_attempts later), so
-- moving a workflow to another project carries them along (ON UPDATE CASCADE), as
-- fk_tasks_workflow does for tasks. id alone is unique already; the index exists for the keys.
-- ---------------------------------------------------------------------------------------------
-- It is built here, inside this migration's transaction, because the keys below need it at once.
-- The build holds a SHARE lock on tasks (reads go on, writes wait) for about a second per million
-- tasks; on a fresh install tasks is empty.
-- squawk-ignore require-concurrent-index-creation
CREATE UNIQUE INDEX uq_tasks_id_project ON tasks (id, project_id);
ALTER TABLE tasks ADD CONSTRAINT uq_tasks_id_project UNIQUE USING INDEX uq_tasks_id_project;

-- Fills project_id from the row's task (task_id) on INSERT when it is NULL, so writers need not
-- know the project; the composite key then keeps it equal to the task's. TG_ARGV[0] names that
-- key, so a missing task is reported as the key would report it rather than as a NULL project_id.
CREATE FUNCTION inherit_task_project() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    SELECT t.project_id INTO NEW.project_id
      FROM public.tasks t
     WHERE t.id = NEW.task_id;
    -- A NULL task_id is left to its NOT NULL constraint (where task_id is optional, to
    -- project_id's).
    IF NOT FOUND AND NEW.task_id IS NOT NULL THEN
        RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%"',
                        TG_TABLE_NAME, TG_ARGV[0]
            USING ERRCODE = '23503',
                  CONSTRAINT = TG_ARGV[0],
                  SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
                  DETAIL = format('Key (task_id)=(%s) is not present in table "tasks".',
                                  NEW.task_id);
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION inherit_task_project() IS
    'BEFORE INSERT trigger: fills a NULL project_id from the task (task_id). TG_ARGV[0] is the '
    'composite foreign key to tasks (id, project_id), named in the error for a missing task.';

-- ---------------------------------------------------------------------------------------------
-- task_events (seed 000, "audit trail capabilities for tracking task modifications"): one row
-- per INSERT, UPDATE or DELETE of a task, written by trg_tasks_audit.
--
-- id is a bigint identity rather than a uuid: the checker replays each task's events in order
-- to verify the status state machine, and occurred_at cannot order them (it is the transaction
-- time, shared by every change a transaction makes). The identity's sequence (CACHE 1) hands out
-- increasing values, and the row lock an UPDATE or DELETE takes on the task orders one task's
-- writes, so a task's events sort by id in the order they happened. It is also half a uuid's
-- size on a table of hundreds of millions of rows. Rows must be inserted through task_events
-- (PostgreSQL 15 partitions do not inherit the identity).
-- ---------------------------------------------------------------------------------------------
CREATE TABLE task_events (
    id               bigint      GENERATED ALWAYS AS IDENTITY,
    occurred_at      timestamptz NOT NULL DEFAULT now(),
    task_id          uuid        NOT NULL,
    project_id       uuid        NOT NULL,
    workflow_id      uuid        NOT NULL,
    event            text        NOT NULL,
    old_status       text,
    new_status       text,
    -- The task's row version (tasks.version) after the change; for a delete, its last version.
    -- squawk-ignore prefer-bigint-over-int -- tasks.version is an integer
    task_version     integer     NOT NULL,
    changed_columns  text[]      NOT NULL,
    changes          jsonb       NOT NULL,
    actor            text        NOT NULL DEFAULT current_user,
    application_name text                 DEFAULT nullif(current_setting('application_name'), ''),
    correlation_id   text                 DEFAULT left(nullif(current_setting(
                                                   'agentdb.correlation_id', true), ''), 200),
    CONSTRAINT task_events_pkey PRIMARY KEY (id, occurred_at),
    CONSTRAINT chk_task_events_event_valid CHECK (event IN ('insert', 'update', 'delete')),
    -- An insert has no old status, a delete no new one, an update both.
    CONSTRAINT chk_task_events_status_by_event CHECK (
        CASE event
            WHEN 'insert' THEN old_status IS NULL AND new_status IS NOT NULL
            WHEN 'update' THEN old_status IS NOT NULL AND new_status IS NOT NULL
            WHEN 'delete' THEN old_status IS NOT NULL AND new_status IS NULL
        END
    ),
    CONSTRAINT chk_task_events_task_version_positive CHECK (task_version >= 1),
    -- A list of column names; an update changed at least one column. Dimensions first:
    -- array_position() raises on a multidimensional array.
    CONSTRAINT chk_task_events_changed_columns CHECK (
        CASE WHEN coalesce(array_ndims(changed_columns), 1) <> 1 THEN false
             ELSE array_position(changed_columns, NULL) IS NULL AND
                  (event <> 'update' OR cardinality(changed_columns) >= 1) END
    ),
    CONSTRAINT chk_task_events_changes_object CHECK (jsonb_typeof(changes) = 'object'),
    -- Role names and application_name are at most 63 bytes (NAMEDATALEN - 1).
    CONSTRAINT chk_task_events_actor_length CHECK (char_length(actor) BETWEEN 1 AND 63),
    CONSTRAINT chk_task_events_application_name_length
        CHECK (char_length(application_name) BETWEEN 1 AND 63),
    CONSTRAINT chk_task_events_correlation_id_length
        CHECK (char_length(correlation_id) BETWEEN 1 AND 200)
) PARTITION BY RANGE (occurred_at);
-- Catches every row outside the dated partitions, which the partition-maintenance migration
-- creates ahead of time; the integrity checks report rows left here.
CREATE TABLE task_events_default PARTITION OF task_events DEFAULT;
-- A task's history in order (the checker's replay, the console's history view).
CREATE INDEX idx_task_events_task ON task_events (task_id, id);
CREATE INDEX idx_task_events_occurred_at_brin ON task_events USING brin (occurred_at);
COMMENT ON TABLE task_events IS
    'Task audit trail (seed 000, "audit trail capabilities for tracking task modifications"): one '
    'row per insert, update or delete of a task, written by trigger trg_tasks_audit, with the old '
    'and new status, the changed columns and their values, the actor and the time. Append-only '
    '(UPDATE, DELETE and TRUNCATE are refused; retention drops whole partitions), partitioned by '
    'occurred_at, and without foreign keys: the trail outlives the task, workflow and project.';
COMMENT ON TABLE task_events_default IS
    'Default partition of task_events: rows outside every dated partition. The integrity checks '
    'report rows found here.';
COMMENT ON COLUMN task_events.id IS
    'Increasing identity: a task''s events, ordered by id, are in the order they happened.';
COMMENT ON COLUMN task_events.occurred_at IS
    'Transaction time of the change (now()); for an update it equals the task''s new updated_at.';
COMMENT ON COLUMN task_events.task_id IS
    'The task (no foreign key: the event outlives the task).';
COMMENT ON COLUMN task_events.project_id IS
    'The task''s project when the change was made (row-level security filters on it).';
COMMENT ON COLUMN task_events.changed_columns IS
    'Names of the columns in changes, sorted: for an update the columns whose value changed, for '
    'an insert or delete the non-NULL columns. updated_at, version and the generated columns are '
    'never listed; an UPDATE that changes nothing else writes no event.';
COMMENT ON COLUMN task_events.changes IS
    'Per changed column, {"old": value, "new": value} for an update, {"new": value} for an '
    'insert, {"old": value} for a delete (the deleted row), as JSON. A value larger than 8 kB is '
    'stored as {"$omitted": {"bytes": n, "sha256": hex}} of its JSON text.';
COMMENT ON COLUMN task_events.actor IS 'current_user of the session that changed the task.';
COMMENT ON COLUMN task_events.application_name IS
    'application_name of that session (which program made the change), NULL when empty.';
COMMENT ON COLUMN task_events.correlation_id IS
    'Seed 003''s correlation id: the session''s agentdb.correlation_id setting (SET LOCAL '
    'agentdb.correlation_id = ...), first 200 characters, NULL when unset. Text, not uuid, so '
    'a malformed value never makes a task update fail.';

-- A column value too large to copy into task_events.changes (over 8 kB; seed 000's
-- feedback_notes can reach megabytes, tasks.input 1 MB) is stored as its size and digest, so
-- the trail does not repeat a large document at every change. The trigger tests the size inline
-- and calls this only for such values (a call per column would double its cost).
CREATE FUNCTION task_events_digest(v jsonb) RETURNS jsonb
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
AS $$
    SELECT jsonb_build_object('$omitted', jsonb_build_object(
               'bytes', octet_length(s.b), 'sha256', encode(sha256(s.b), 'hex')))
      FROM (SELECT convert_to(v::text, 'UTF8') AS b) s
$$;
COMMENT ON FUNCTION task_events_digest(jsonb) IS
    'What task_events.changes stores for a value over 8 kB: {"$omitted": {"bytes": n, '
    '"sha256": hex}} of its JSON text (UTF-8).';

CREATE FUNCTION task_events_record() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    -- Left out of every diff: updated_at and version change at every UPDATE (the version is kept
    -- in task_version), and the generated columns follow from the others.
    skip    CONSTANT text[] := ARRAY['updated_at', 'version', 'execution_time', 'wait_time',
                                     'search_vector'];
    -- Values taking more than this many bytes are stored by task_events_digest().
    big     CONSTANT integer := 8192;
    old_doc jsonb;
    cols    text[];
    diff    jsonb;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        old_doc := to_jsonb(OLD) - skip;
        SELECT array_agg(n.key ORDER BY n.key),
               jsonb_object_agg(n.key, jsonb_build_object(
                   'old', CASE WHEN pg_column_size(o.value) <= big THEN o.value
                               ELSE public.task_events_digest(o.value) END,
                   'new', CASE WHEN pg_column_size(n.value) <= big THEN n.value
                               ELSE public.task_events_digest(n.value) END))
          INTO cols, diff
          FROM jsonb_each(to_jsonb(NEW) - skip) AS n
         CROSS JOIN LATERAL (SELECT old_doc -> n.key AS value) AS o
         WHERE n.value IS DISTINCT FROM o.value;
        IF cols IS NULL THEN
            RETURN NULL;   -- nothing but updated_at and version changed
        END IF;
        INSERT INTO public.task_events (task_id, project_id, workflow_id, event, old_status,
                                        new_status, task_version, changed_columns, changes)
        VALUES (NEW.id, NEW.project_id, NEW.workflow_id, 'update', OLD.status, NEW.status,
                NEW.version, cols, diff);
    ELSIF TG_OP = 'INSERT' THEN
        SELECT coalesce(array_agg(n.key ORDER BY n.key), '{}'),
               coalesce(jsonb_object_agg(n.key, jsonb_build_object(
                            'new', CASE WHEN pg_column_size(n.value) <= big THEN n.value
                                        ELSE public.task_events_digest(n.value) END)), '{}')
          INTO cols, diff
          FROM jsonb_each(to_jsonb(NEW) - skip - 'id') AS n
         WHERE jsonb_typeof(n.value) <> 'null';
        INSERT INTO public.task_events (task_id, project_id, workflow_id, event, old_status,
                                        new_status, task_version, changed_columns, changes)
        VALUES (NEW.id, NEW.project_id, NEW.workflow_id, 'insert', NULL, NEW.status,
                NEW.version, cols, diff);
    ELSE
        SELECT coalesce(array_agg(o.key ORDER BY o.key), '{}'),
               coalesce(jsonb_object_agg(o.key, jsonb_build_object(
                            'old', CASE WHEN pg_column_size(o.value) <= big THEN o.value
                                        ELSE public.task_events_digest(o.value) END)), '{}')
          INTO cols, diff
          FROM jsonb_each(to_jsonb(OLD) - skip - 'id') AS o
         WHERE jsonb_typeof(o.value) <> 'null';
        INSERT INTO public.task_events (task_id, project_id, workflow_id, event, old_status,
                                        new_status, task_version, changed_columns, changes)
        VALUES (OLD.id, OLD.project_id, OLD.workflow_id, 'delete', OLD.status, NULL,
                OLD.version, cols, diff);
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION task_events_record() IS
    'AFTER INSERT OR UPDATE OR DELETE row trigger on tasks: writes the change to task_events. '
    'Runs as the invoking role, so actor is the role that changed the task.';

-- AFTER, so the event records the row as the BEFORE triggers (version, updated_at, project)
-- left it, and only once every rule of 0002 has passed. Bulk loads that run with
-- session_replication_role = replica (the demo generator) skip it and write the trail themselves.
-- TRUNCATE tasks fires no row trigger and so leaves no event: the grants migration should keep
-- the TRUNCATE privilege on tasks from application roles.
CREATE TRIGGER trg_tasks_audit
    AFTER INSERT OR UPDATE OR DELETE ON tasks
    FOR EACH ROW
    EXECUTE FUNCTION task_events_record();

-- Append-only. Row triggers on a partitioned table are cloned to every partition, present and
-- future; a statement trigger is not, and TRUNCATE of a partition fires only that partition's
-- triggers, so trg_task_events_no_truncate is also created on each partition (the
-- partition-maintenance function must add it to the partitions it creates). Retention detaches
-- and drops whole partitions, which no trigger sees.
CREATE FUNCTION task_events_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_LEVEL = 'STATEMENT' THEN
        RAISE EXCEPTION 'task_events is append-only: TRUNCATE is refused'
            USING ERRCODE = '23514',
                  CONSTRAINT = 'trg_task_events_no_truncate',
                  SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
                  HINT = 'Retention removes old events by detaching and dropping whole '
                         'partitions.';
    END IF;
    RAISE EXCEPTION 'task_events is append-only: % is refused', TG_OP
        USING ERRCODE = '23514',
              CONSTRAINT = 'trg_task_events_append_only',
              SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
              DETAIL = format('Event %s (task %s, %s).', OLD.id, OLD.task_id, OLD.occurred_at),
              HINT = 'The audit trail is never rewritten; retention drops whole partitions.';
END
$$;
COMMENT ON FUNCTION task_events_refuse_change() IS
    'Trigger on task_events and its partitions: refuses UPDATE, DELETE (row level) and TRUNCATE '
    '(statement level).';

CREATE TRIGGER trg_task_events_append_only
    BEFORE UPDATE OR DELETE ON task_events
    FOR EACH ROW
    EXECUTE FUNCTION task_events_refuse_change();
CREATE TRIGGER trg_task_events_no_truncate
    BEFORE TRUNCATE ON task_events
    FOR EACH STATEMENT
    EXECUTE FUNCTION task_events_refuse_change();
CREATE TRIGGER trg_task_events_no_truncate
    BEFORE TRUNCATE ON task_events_default
    FOR EACH STATEMENT
    EXECUTE FUNCTION task_events_refuse_change();

-- ---------------------------------------------------------------------------------------------
-- task_executions (seed 002): one row per attempt at a task, with its agent, status, context,
-- results and resources used.
--
-- Not partitioned: there are a few attempts per task (millions of rows, not hundreds of
-- millions), a row is updated in place as the attempt runs (queued, running, completed), and it
-- lives and dies with its task (ON DELETE CASCADE), not with time, so time-based retention would
-- cut the history of live tasks. A plain table also lets later tables point into it.
--
-- agent_type and execution_status are seed 002's enum types as text with a CHECK, as seed 001
-- does for tasks.status ("VARCHAR with CHECK instead of ENUM for flexibility"): a migration
-- changes the list by replacing the CHECK, and its down can undo that, whereas an enum value can
-- never be dropped and one added by ALTER TYPE ... ADD VALUE cannot be used in the transaction
-- that adds it. Seed 002 names the types but not their values: agent_type takes the agent types
-- of task_types (seed 001) and seed 000's EvaluatorAgent.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE task_executions (
    id               uuid          NOT NULL DEFAULT gen_random_uuid(),
    task_id          uuid          NOT NULL,
    project_id       uuid          NOT NULL,
    -- Attempt numbers and memory in MB stay far below 2^31.
    -- squawk-ignore prefer-bigint-over-int
    attempt_no       integer       NOT NULL,
    agent_type       text          NOT NULL,
    -- The agent that ran the attempt. agents arrives in 0007_agents.sql, which adds the foreign
    -- key; the index is created here, while the table is empty.
    agent_id         uuid,
    execution_status text          NOT NULL DEFAULT 'queued',
    input_context    jsonb         NOT NULL DEFAULT '{}'::jsonb,
    output_results   jsonb         NOT NULL DEFAULT '{}'::jsonb,
    error_details    jsonb         NOT NULL DEFAULT '{}'::jsonb,
    created_at       timestamptz   NOT NULL DEFAULT now(),
    updated_at       timestamptz   NOT NULL DEFAULT now(),
    started_at       timestamptz,
    completed_at     timestamptz,
    -- squawk-ignore prefer-bigint-over-int
    memory_usage_mb  integer,
    cpu_time_ms      bigint,
    execution_time   numeric(10,2) GENERATED ALWAYS AS (
        CASE
            WHEN started_at IS NOT NULL AND completed_at IS NOT NULL
            THEN EXTRACT(EPOCH FROM (completed_at - started_at))
            ELSE NULL
        END
    ) STORED,
    CONSTRAINT task_executions_pkey PRIMARY KEY (id),
    -- One row per attempt number of a task. project_id follows from task_id (both NOT NULL,
    -- fk_task_executions_task), so this is unique (task_id, attempt_no); its leading columns
    -- also make it the index of fk_task_executions_task.
    CONSTRAINT uq_task_executions_task_attempt UNIQUE (task_id, project_id, attempt_no),
    CONSTRAINT chk_task_executions_attempt_no_positive CHECK (attempt_no >= 1),
    CONSTRAINT chk_task_executions_agent_type CHECK (
        agent_type IN ('NLPAgent', 'CodeAgent', 'DataAgent', 'ResearchAgent',
                       'OrchestratorAgent', 'EvaluatorAgent')
    ),
    CONSTRAINT chk_task_executions_execution_status_valid CHECK (
        execution_status IN ('queued', 'running', 'completed', 'failed', 'cancelled', 'timeout')
    ),
    -- Queued: not started. Running: started, not finished. Completed and timeout: started and
    -- finished. Failed and cancelled: finished, possibly without starting.
    CONSTRAINT chk_task_executions_status_timestamps CHECK (
        CASE execution_status
            WHEN 'queued'  THEN started_at IS NULL AND completed_at IS NULL
            WHEN 'running' THEN started_at IS NOT NULL AND completed_at IS NULL
            WHEN 'completed' THEN started_at IS NOT NULL AND completed_at IS NOT NULL
            WHEN 'timeout' THEN started_at IS NOT NULL AND completed_at IS NOT NULL
            ELSE completed_at IS NOT NULL
        END
    ),
    CONSTRAINT chk_task_executions_timestamps_ordered CHECK (
        (started_at IS NULL OR started_at >= created_at) AND
        (completed_at IS NULL OR completed_at >= coalesce(started_at, created_at))
    ),
    CONSTRAINT chk_task_executions_input_context_object
        CHECK (jsonb_typeof(input_context) = 'object'),
    CONSTRAINT chk_task_executions_output_results_object
        CHECK (jsonb_typeof(output_results) = 'object'),
    CONSTRAINT chk_task_executions_error_details_object
        CHECK (jsonb_typeof(error_details) = 'object'),
    CONSTRAINT chk_task_executions_memory_usage_nonnegative CHECK (memory_usage_mb >= 0),
    CONSTRAINT chk_task_executions_cpu_time_nonnegative CHECK (cpu_time_ms >= 0),
    -- An attempt belongs to its task, and is in the task's project (a workflow moved to another
    -- project carries its tasks' attempts along).
    CONSTRAINT fk_task_executions_task FOREIGN KEY (task_id, project_id)
        REFERENCES tasks (id, project_id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX idx_task_executions_agent ON task_executions (agent_id);
-- Attempts waiting or running, oldest first (the dispatcher's and the console's view).
CREATE INDEX idx_task_executions_active ON task_executions (execution_status, created_at)
    WHERE execution_status IN ('queued', 'running');
COMMENT ON TABLE task_executions IS
    'Task executions (seed 002): one row per attempt at a task: agent type and agent, '
    'execution_status, input context, output results, error details, start and end, and the '
    'memory and CPU time used. Deleted with its task.';
COMMENT ON COLUMN task_executions.project_id IS
    'The task''s project (enforced by fk_task_executions_task); filled from the task when NULL.';
COMMENT ON COLUMN task_executions.attempt_no IS
    'Attempt number within the task, from 1 (unique per task).';
COMMENT ON COLUMN task_executions.agent_type IS
    'Seed 002''s agent_type: NLPAgent, CodeAgent, DataAgent, ResearchAgent, OrchestratorAgent '
    '(the agent types of task_types, seed 001) or EvaluatorAgent (seed 000).';
COMMENT ON COLUMN task_executions.execution_status IS
    'Seed 002''s execution_status: queued, running, completed, failed, cancelled or timeout.';
COMMENT ON COLUMN task_executions.execution_time IS
    'Duration of the attempt: seconds from started_at to completed_at (like tasks.execution_time).';

CREATE TRIGGER trg_task_executions_inherit_project
    BEFORE INSERT ON task_executions
    FOR EACH ROW
    WHEN (NEW.project_id IS NULL)
    EXECUTE FUNCTION inherit_task_project('fk_task_executions_task');
CREATE TRIGGER trg_task_executions_updated_at
    BEFORE UPDATE ON task_executions
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- @down
DROP TRIGGER trg_task_executions_updated_at ON task_executions;
DROP TRIGGER trg_task_executions_inherit_project ON task_executions;
-- Dropping the tables this file created is the point of its down (their data goes with them;
-- the engine's down plan lists them), hence the ban-drop-table exceptions.
-- squawk-ignore ban-drop-table
DROP TABLE task_executions;
DROP TRIGGER trg_tasks_audit ON tasks;
DROP FUNCTION task_events_record();
-- squawk-ignore ban-drop-table
DROP TABLE task_events;
DROP FUNCTION task_events_refuse_change();
DROP FUNCTION task_events_digest(jsonb);
DROP FUNCTION inherit_task_project();
ALTER TABLE tasks DROP CONSTRAINT uq_tasks_id_project;

-- @verify
SELECT count(*) = 2 FROM pg_class
 WHERE relnamespace = 'public'::regnamespace
   AND (relname, relkind) IN (('task_events', 'p'), ('task_executions', 'r'));
-- task_events: partitioned by range on occurred_at, with its default partition and BRIN index.
SELECT pg_get_partkeydef('public.task_events'::regclass) = 'RANGE (occurred_at)';
SELECT EXISTS (SELECT 1 FROM pg_partitioned_table p
                WHERE p.partrelid = 'public.task_events'::regclass
                  AND p.partdefid = 'public.task_events_default'::regclass);
SELECT EXISTS (SELECT 1 FROM pg_class i JOIN pg_am a ON a.oid = i.relam
                WHERE i.oid = 'public.idx_task_events_occurred_at_brin'::regclass
                  AND a.amname = 'brin');
-- No foreign key points into task_events, and it has none itself.
SELECT NOT EXISTS (SELECT 1 FROM pg_constraint
                    WHERE contype = 'f'
                      AND 'public.task_events'::regclass IN (conrelid, confrelid));
SELECT count(*) = 7 FROM pg_trigger
 WHERE NOT tgisinternal AND tgenabled <> 'D'
   AND (tgrelid, tgname) IN (
       ('public.tasks'::regclass, 'trg_tasks_audit'),
       ('public.task_events'::regclass, 'trg_task_events_append_only'),
       ('public.task_events'::regclass, 'trg_task_events_no_truncate'),
       ('public.task_events_default'::regclass, 'trg_task_events_append_only'),
       ('public.task_events_default'::regclass, 'trg_task_events_no_truncate'),
       ('public.task_executions'::regclass, 'trg_task_executions_inherit_project'),
       ('public.task_executions'::regclass, 'trg_task_executions_updated_at'));
-- Every foreign key of these tables says what happens on delete and has an index whose leading
-- columns are the key's columns.
DO $verify$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT c.conname, c.conrelid::regclass AS tbl, c.confdeltype, c.conkey
          FROM pg_constraint c
         WHERE c.contype = 'f'
           AND c.conrelid IN ('public.task_events'::regclass, 'public.task_executions'::regclass)
    LOOP
        IF r.confdeltype = 'a' THEN
            RAISE EXCEPTION 'foreign key % on % has no explicit ON DELETE', r.conname, r.tbl;
        END IF;
        IF NOT EXISTS (
            SELECT 1 FROM pg_index i
             WHERE i.indrelid = r.tbl AND i.indpred IS NULL
               AND (i.indkey::int2[])[0:cardinality(r.conkey) - 1] @> r.conkey
               AND (i.indkey::int2[])[0:cardinality(r.conkey) - 1] <@ r.conkey
        ) THEN
            RAISE EXCEPTION 'foreign key % on % has no index', r.conname, r.tbl;
        END IF;
    END LOOP;
END
$verify$;
