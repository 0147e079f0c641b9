-- Reinforcement-learning data (seed 000's "Experience Buffer Tables"): learning_episodes (one RL
-- episode over a workflow), correction_attempts (DAG surgery on a failed task, with the workflow
-- version before and after), and experiences (the replay buffer: one transition per step,
-- append-only, partitioned by range on occurred_at). Also the foreign key from
-- workflow_versions.correction_attempt_id, which 0001_core.sql left out (and indexed) until
-- correction_attempts existed. Every row carries project_id for row-level security: the plain
-- tables through a composite foreign key to workflows (id, project_id) like tasks; experiences,
-- which has no foreign keys, through a trigger that takes it from the episode.
-- @up

-- Fills project_id from the row's workflow (workflow_id) on INSERT when it is NULL, like 0002's
-- tasks_inherit_project. TG_ARGV[0] names the composite foreign key to workflows (id,
-- project_id), reported for a missing workflow rather than a NULL project_id.
CREATE FUNCTION inherit_workflow_project() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    SELECT w.project_id INTO NEW.project_id
      FROM public.workflows w
     WHERE w.id = NEW.workflow_id;
    -- A NULL workflow_id is reported by its NOT NULL constraint.
    IF NOT FOUND AND NEW.workflow_id IS NOT NULL THEN
        RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%"',
                        TG_TABLE_NAME, TG_ARGV[0]
            USING ERRCODE = '23503',
                  CONSTRAINT = TG_ARGV[0],
                  SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
                  DETAIL = format('Key (workflow_id)=(%s) is not present in table "workflows".',
                                  NEW.workflow_id);
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION inherit_workflow_project() IS
    'BEFORE INSERT trigger: fills a NULL project_id from the workflow (workflow_id). TG_ARGV[0] '
    'is the composite foreign key to workflows (id, project_id), named in the error for a '
    'missing workflow.';

-- ---------------------------------------------------------------------------------------------
-- learning_episodes (seed 000, "tracking complete RL episodes"): one episode of the orchestration
-- loop over a workflow. Its steps are the experiences with its episode_id, numbered from 0.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE learning_episodes (
    id           uuid             NOT NULL DEFAULT gen_random_uuid(),
    project_id   uuid             NOT NULL,
    workflow_id  uuid             NOT NULL,
    status       text             NOT NULL DEFAULT 'running',
    started_at   timestamptz      NOT NULL DEFAULT now(),
    ended_at     timestamptz,
    total_reward double precision NOT NULL DEFAULT 0,
    -- Steps of one episode stay far below 2^31.
    -- squawk-ignore prefer-bigint-over-int
    steps        integer          NOT NULL DEFAULT 0,
    metadata     jsonb            NOT NULL DEFAULT '{}'::jsonb,
    updated_at   timestamptz      NOT NULL DEFAULT now(),
    CONSTRAINT learning_episodes_pkey PRIMARY KEY (id),
    CONSTRAINT chk_learning_episodes_status_valid
        CHECK (status IN ('running', 'completed', 'failed', 'cancelled')),
    -- An episode has ended exactly when it is no longer running.
    CONSTRAINT chk_learning_episodes_status_ended CHECK ((status = 'running') = (ended_at IS NULL)),
    CONSTRAINT chk_learning_episodes_timestamps_ordered CHECK (ended_at >= started_at),
    -- NaN compares greater than every number, so it fails this too.
    CONSTRAINT chk_learning_episodes_total_reward_finite
        CHECK (total_reward > '-Infinity'::double precision
               AND total_reward < 'Infinity'::double precision),
    CONSTRAINT chk_learning_episodes_steps_nonnegative CHECK (steps >= 0),
    CONSTRAINT chk_learning_episodes_metadata_object CHECK (jsonb_typeof(metadata) = 'object'),
    -- The episode is the workflow's RL record: deleted with it, and in its project (moving the
    -- workflow to another project carries the episode along).
    CONSTRAINT fk_learning_episodes_workflow FOREIGN KEY (workflow_id, project_id)
        REFERENCES workflows (id, project_id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX idx_learning_episodes_workflow ON learning_episodes (workflow_id, project_id);
COMMENT ON TABLE learning_episodes IS
    'Learning episodes (seed 000, "tracking complete RL episodes"): one RL episode over a '
    'workflow: status, start and end, total reward, number of steps, metadata. Its steps are the '
    'experiences rows with its episode_id.';
COMMENT ON COLUMN learning_episodes.project_id IS
    'The workflow''s project (enforced by fk_learning_episodes_workflow); filled from the '
    'workflow when NULL.';
COMMENT ON COLUMN learning_episodes.steps IS
    'Number of steps (experiences) in the episode; they are numbered 0 to steps - 1.';
COMMENT ON COLUMN learning_episodes.total_reward IS
    'Sum of the rewards received in the episode.';

CREATE TRIGGER trg_learning_episodes_inherit_project
    BEFORE INSERT ON learning_episodes
    FOR EACH ROW
    WHEN (NEW.project_id IS NULL)
    EXECUTE FUNCTION inherit_workflow_project('fk_learning_episodes_workflow');
CREATE TRIGGER trg_learning_episodes_updated_at
    BEFORE UPDATE ON learning_episodes
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- ---------------------------------------------------------------------------------------------
-- correction_attempts (seed 000): DAG surgery on a failed task. Seed 000's attempt_id is id, and
-- its success_outcome and execution_time are generated from status and the timestamps.
--
-- Life of an attempt: planned (the plan is written, version_before is the DAG version in force),
-- applied (the new DAG version is written to workflow_versions with correction_attempt_id = this
-- attempt, and version_after names it), then succeeded, failed or abandoned (completed_at set).
-- ---------------------------------------------------------------------------------------------
CREATE TABLE correction_attempts (
    id              uuid          NOT NULL DEFAULT gen_random_uuid(),
    project_id      uuid          NOT NULL,
    workflow_id     uuid          NOT NULL,
    -- NULL only once the failed task has been deleted (an attempt is written for a failed task).
    failed_task_id  uuid,
    -- Correction generations and DAG versions stay far below 2^31.
    -- squawk-ignore prefer-bigint-over-int
    generation      integer       NOT NULL,
    status          text          NOT NULL DEFAULT 'planned',
    correction_plan jsonb         NOT NULL,
    outcome         jsonb,
    -- squawk-ignore prefer-bigint-over-int
    version_before  integer       NOT NULL,
    -- squawk-ignore prefer-bigint-over-int
    version_after   integer,
    created_at      timestamptz   NOT NULL DEFAULT now(),
    completed_at    timestamptz,
    updated_at      timestamptz   NOT NULL DEFAULT now(),
    success_outcome boolean GENERATED ALWAYS AS (
        CASE status
            WHEN 'succeeded' THEN true
            WHEN 'failed'    THEN false
            WHEN 'abandoned' THEN false
            ELSE NULL
        END
    ) STORED,
    execution_time  numeric(10,2) GENERATED ALWAYS AS (
        CASE
            WHEN completed_at IS NOT NULL
            THEN EXTRACT(EPOCH FROM (completed_at - created_at))
            ELSE NULL
        END
    ) STORED,
    CONSTRAINT correction_attempts_pkey PRIMARY KEY (id),
    CONSTRAINT chk_correction_attempts_generation_positive CHECK (generation >= 1),
    CONSTRAINT chk_correction_attempts_status_valid
        CHECK (status IN ('planned', 'applied', 'succeeded', 'failed', 'abandoned')),
    CONSTRAINT chk_correction_attempts_correction_plan_object
        CHECK (jsonb_typeof(correction_plan) = 'object'),
    CONSTRAINT chk_correction_attempts_outcome_object CHECK (jsonb_typeof(outcome) = 'object'),
    CONSTRAINT chk_correction_attempts_versions_ordered CHECK (version_after > version_before),
    -- A planned attempt has not produced a version yet; an applied or successful one has.
    CONSTRAINT chk_correction_attempts_status_version CHECK (
        CASE status
            WHEN 'planned'   THEN version_after IS NULL
            WHEN 'applied'   THEN version_after IS NOT NULL
            WHEN 'succeeded' THEN version_after IS NOT NULL
            ELSE true
        END
    ),
    -- completed_at is set exactly when the outcome is known.
    CONSTRAINT chk_correction_attempts_status_completed CHECK (
        (completed_at IS NOT NULL) = (status IN ('succeeded', 'failed', 'abandoned'))
    ),
    CONSTRAINT chk_correction_attempts_timestamps_ordered CHECK (completed_at >= created_at),
    -- Part of the workflow's history: deleted with it, and in its project.
    CONSTRAINT fk_correction_attempts_workflow FOREIGN KEY (workflow_id, project_id)
        REFERENCES workflows (id, project_id) ON DELETE CASCADE ON UPDATE CASCADE,
    -- The attempt outlives its failed task (a correction may remove it from the DAG): SET NULL
    -- on the task column only, keeping project_id.
    CONSTRAINT fk_correction_attempts_failed_task FOREIGN KEY (failed_task_id, project_id)
        REFERENCES tasks (id, project_id) ON DELETE SET NULL (failed_task_id) ON UPDATE CASCADE,
    -- The versions before and after. Versions are deleted only with their workflow, which
    -- deletes the attempt too; CASCADE (not RESTRICT, which is checked at once, before the
    -- cascade reaches the attempt) keeps that deletion working.
    CONSTRAINT fk_correction_attempts_version_before FOREIGN KEY (workflow_id, version_before)
        REFERENCES workflow_versions (workflow_id, version_no) ON DELETE CASCADE,
    CONSTRAINT fk_correction_attempts_version_after FOREIGN KEY (workflow_id, version_after)
        REFERENCES workflow_versions (workflow_id, version_no) ON DELETE CASCADE
);
CREATE INDEX idx_correction_attempts_workflow ON correction_attempts (workflow_id, project_id);
CREATE INDEX idx_correction_attempts_failed_task
    ON correction_attempts (failed_task_id, project_id);
CREATE INDEX idx_correction_attempts_version_before
    ON correction_attempts (workflow_id, version_before);
CREATE INDEX idx_correction_attempts_version_after
    ON correction_attempts (workflow_id, version_after);
COMMENT ON TABLE correction_attempts IS
    'Correction attempts (seed 000, "DAG surgery operations"): a correction of a failed task: '
    'the plan, the outcome (status, success_outcome, outcome details), the time taken '
    '(execution_time) and the workflow DAG version before and after.';
COMMENT ON COLUMN correction_attempts.id IS 'Seed 000''s attempt_id.';
COMMENT ON COLUMN correction_attempts.failed_task_id IS
    'The failed task the correction started from (seed 000); in the attempt''s workflow. NULL '
    'only after that task was deleted.';
COMMENT ON COLUMN correction_attempts.generation IS
    'Correction cycle, from 1; the tasks it adds carry it as tasks.correction_generation.';
COMMENT ON COLUMN correction_attempts.status IS
    'planned, applied (version_after written), then succeeded, failed or abandoned.';
COMMENT ON COLUMN correction_attempts.outcome IS
    'Details of the outcome (validation results, errors), a JSON object; NULL until known.';
COMMENT ON COLUMN correction_attempts.version_before IS
    'The DAG version (workflow_versions.version_no) the correction started from.';
COMMENT ON COLUMN correction_attempts.version_after IS
    'The DAG version the correction produced; NULL while planned.';
COMMENT ON COLUMN correction_attempts.success_outcome IS
    'Seed 000''s success_outcome: true when succeeded, false when failed or abandoned, NULL '
    'while planned or applied.';
COMMENT ON COLUMN correction_attempts.execution_time IS
    'Seed 000''s execution_time: seconds from created_at to completed_at.';

-- A correction attempt's workflow is its failed task's: workflow_id is filled from the task
-- (and project_id when NULL; fk_correction_attempts_failed_task keeps it the task's). It runs
-- only when failed_task_id or workflow_id really changes, so the cascades of a workflow moving
-- project, or of the task's deletion, pass through.
CREATE FUNCTION correction_attempts_links() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    task_workflow uuid;
    task_project  uuid;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.failed_task_id IS NOT DISTINCT FROM OLD.failed_task_id
       AND NEW.workflow_id IS NOT DISTINCT FROM OLD.workflow_id THEN
        RETURN NEW;
    END IF;
    IF NEW.failed_task_id IS NULL THEN
        IF TG_OP = 'INSERT' THEN
            RAISE EXCEPTION 'a correction attempt needs the failed task it corrects'
                USING ERRCODE = '23514',
                      CONSTRAINT = 'trg_correction_attempts_links',
                      SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME, COLUMN = 'failed_task_id',
                      HINT = 'failed_task_id becomes NULL only when the failed task is deleted.';
        END IF;
        RETURN NEW;
    END IF;
    SELECT t.workflow_id, t.project_id INTO task_workflow, task_project
      FROM public.tasks t
     WHERE t.id = NEW.failed_task_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%"',
                        TG_TABLE_NAME, 'fk_correction_attempts_failed_task'
            USING ERRCODE = '23503',
                  CONSTRAINT = 'fk_correction_attempts_failed_task',
                  SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
                  DETAIL = format('Key (failed_task_id)=(%s) is not present in table "tasks".',
                                  NEW.failed_task_id);
    END IF;
    IF NEW.workflow_id IS NULL THEN
        NEW.workflow_id := task_workflow;
    ELSIF NEW.workflow_id <> task_workflow THEN
        RAISE EXCEPTION 'correction attempt is in workflow %, its failed task % in workflow %',
                        NEW.workflow_id, NEW.failed_task_id, task_workflow
            USING ERRCODE = '23514',
                  CONSTRAINT = 'trg_correction_attempts_links',
                  SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME, COLUMN = 'workflow_id',
                  HINT = 'Leave workflow_id out; it is filled from the failed task.';
    END IF;
    IF NEW.project_id IS NULL THEN
        NEW.project_id := task_project;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION correction_attempts_links() IS
    'BEFORE INSERT OR UPDATE trigger on correction_attempts: the failed task is required on '
    'insert, and the attempt''s workflow (and project, when NULL) is the failed task''s.';

CREATE TRIGGER trg_correction_attempts_links
    BEFORE INSERT OR UPDATE OF failed_task_id, workflow_id ON correction_attempts
    FOR EACH ROW
    EXECUTE FUNCTION correction_attempts_links();
CREATE TRIGGER trg_correction_attempts_updated_at
    BEFORE UPDATE ON correction_attempts
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- workflow_versions.correction_attempt_id (0001_core.sql, indexed there by
-- idx_workflow_versions_correction_attempt): a version outlives the attempt that produced it.
-- Added NOT VALID, so workflow_versions is not scanned under the lock, like fk_tasks_agent in
-- 0007. It is validated here when no version names an attempt (any database this migration
-- meets, unless correction_attempt_id was filled by hand: correction_attempts did not exist);
-- otherwise it stays NOT VALID (new rows are checked, the integrity checks list it) until an
-- operator clears those ids and runs ALTER TABLE workflow_versions VALIDATE CONSTRAINT
-- fk_workflow_versions_correction_attempt.
ALTER TABLE workflow_versions
    ADD CONSTRAINT fk_workflow_versions_correction_attempt FOREIGN KEY (correction_attempt_id)
        REFERENCES correction_attempts (id) ON DELETE SET NULL NOT VALID;
DO $do$
BEGIN
    IF EXISTS (SELECT 1 FROM public.workflow_versions WHERE correction_attempt_id IS NOT NULL) THEN
        RAISE NOTICE 'fk_workflow_versions_correction_attempt left NOT VALID: versions already '
                     'name correction attempts'
            USING HINT = 'Set workflow_versions.correction_attempt_id to NULL where the attempt '
                         'does not exist, then run ALTER TABLE workflow_versions VALIDATE '
                         'CONSTRAINT fk_workflow_versions_correction_attempt.';
    ELSE
        ALTER TABLE public.workflow_versions
            VALIDATE CONSTRAINT fk_workflow_versions_correction_attempt;
    END IF;
END
$do$;

-- ---------------------------------------------------------------------------------------------
-- experiences (seed 000, "storing RL training data"): the replay buffer, one transition per step
-- of an episode: the state, the action taken, the reward received, and whether the episode
-- ended there. Seed 000's experience_id and timestamp are id and occurred_at.
--
-- Append-only and partitioned by range on occurred_at, with one DEFAULT partition (the
-- partition-maintenance migration creates the dated ones). No foreign keys: one into it is
-- impossible, and one out of it (to learning_episodes, workflows or tasks) would make deleting
-- an episode or a workflow search every partition, and cascade into history that retention, not
-- deletion, removes. trg_experiences_links checks the links when a row is written instead: the
-- episode exists, the workflow is the episode's, the task (if any) is in that workflow, and
-- project_id is the episode's (filled when NULL). Rows whose episode, workflow or task was
-- deleted later stay; the integrity checks report them. An experience is not rewritten by later
-- changes: a workflow moved to another project leaves its past experiences in the old project.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE experiences (
    id              uuid             NOT NULL DEFAULT gen_random_uuid(),
    occurred_at     timestamptz      NOT NULL DEFAULT now(),
    project_id      uuid             NOT NULL,
    workflow_id     uuid             NOT NULL,
    episode_id      uuid             NOT NULL,
    task_id         uuid,
    -- Steps of one episode stay far below 2^31.
    -- squawk-ignore prefer-bigint-over-int
    step            integer          NOT NULL,
    state_context   jsonb            NOT NULL,
    action_taken    jsonb            NOT NULL,
    reward_received double precision NOT NULL,
    terminal        boolean          NOT NULL DEFAULT false,
    CONSTRAINT experiences_pkey PRIMARY KEY (id, occurred_at),
    CONSTRAINT chk_experiences_step_nonnegative CHECK (step >= 0),
    CONSTRAINT chk_experiences_state_context_object CHECK (jsonb_typeof(state_context) = 'object'),
    CONSTRAINT chk_experiences_action_taken_object CHECK (jsonb_typeof(action_taken) = 'object'),
    -- Normalised to [-1, 1] like tasks.reward; NaN compares greater than 1, so it fails too.
    CONSTRAINT chk_experiences_reward_range CHECK (reward_received >= -1 AND reward_received <= 1)
) PARTITION BY RANGE (occurred_at);
CREATE TABLE experiences_default PARTITION OF experiences DEFAULT;
-- An episode's trajectory in order (training batches, the contiguity check).
CREATE INDEX idx_experiences_episode_step ON experiences (episode_id, step);
CREATE INDEX idx_experiences_occurred_at_brin ON experiences USING brin (occurred_at);
COMMENT ON TABLE experiences IS
    'Experiences (seed 000, "storing RL training data"): the RL replay buffer, one transition per '
    'step of a learning episode: state_context, action_taken, reward_received, step and terminal '
    'flag. Append-only, partitioned by occurred_at, without foreign keys (trigger '
    'trg_experiences_links checks the links on write; the integrity checks find orphans).';
COMMENT ON TABLE experiences_default IS
    'Default partition of experiences: rows outside every dated partition. The integrity checks '
    'report rows found here.';
COMMENT ON COLUMN experiences.id IS 'Seed 000''s experience_id.';
COMMENT ON COLUMN experiences.occurred_at IS 'Seed 000''s timestamp: when the step happened.';
COMMENT ON COLUMN experiences.project_id IS
    'The episode''s project when the row was written (filled from the episode when NULL).';
COMMENT ON COLUMN experiences.episode_id IS
    'The learning episode (no foreign key; checked on write by trg_experiences_links).';
COMMENT ON COLUMN experiences.task_id IS
    'The task whose execution the step was, if any (no foreign key; in the episode''s workflow '
    'when written).';
COMMENT ON COLUMN experiences.step IS
    'Position in the episode, from 0; an episode''s steps are 0 to learning_episodes.steps - 1.';
COMMENT ON COLUMN experiences.reward_received IS
    'Reward for the action, normalised to [-1, 1] like tasks.reward.';
COMMENT ON COLUMN experiences.terminal IS 'True on the episode''s last step.';

CREATE FUNCTION experiences_links() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    episode_workflow uuid;
    episode_project  uuid;
    task_workflow    uuid;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.episode_id = OLD.episode_id AND NEW.workflow_id = OLD.workflow_id
       AND NEW.project_id = OLD.project_id AND NEW.task_id IS NOT DISTINCT FROM OLD.task_id THEN
        RETURN NEW;
    END IF;
    SELECT e.workflow_id, e.project_id INTO episode_workflow, episode_project
      FROM public.learning_episodes e
     WHERE e.id = NEW.episode_id;
    IF NOT FOUND THEN
        IF NEW.episode_id IS NULL THEN
            RETURN NEW;   -- its NOT NULL constraint reports it
        END IF;
        RAISE EXCEPTION 'learning episode % does not exist', NEW.episode_id
            USING ERRCODE = '23503',
                  CONSTRAINT = 'trg_experiences_links',
                  SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME, COLUMN = 'episode_id',
                  HINT = 'Write the learning_episodes row before its experiences.';
    END IF;
    IF NEW.workflow_id IS NULL THEN
        NEW.workflow_id := episode_workflow;
    ELSIF NEW.workflow_id <> episode_workflow THEN
        RAISE EXCEPTION 'experience is in workflow %, its episode % in workflow %',
                        NEW.workflow_id, NEW.episode_id, episode_workflow
            USING ERRCODE = '23514',
                  CONSTRAINT = 'trg_experiences_links',
                  SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME, COLUMN = 'workflow_id',
                  HINT = 'Leave workflow_id out; it is filled from the episode.';
    END IF;
    IF NEW.project_id IS NULL THEN
        NEW.project_id := episode_project;
    ELSIF NEW.project_id <> episode_project THEN
        RAISE EXCEPTION 'experience is in project %, its episode % in project %',
                        NEW.project_id, NEW.episode_id, episode_project
            USING ERRCODE = '23514',
                  CONSTRAINT = 'trg_experiences_links',
                  SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME, COLUMN = 'project_id',
                  HINT = 'Leave project_id out; it is filled from the episode.';
    END IF;
    IF NEW.task_id IS NOT NULL THEN
        SELECT t.workflow_id INTO task_workflow
          FROM public.tasks t
         WHERE t.id = NEW.task_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'task % does not exist', NEW.task_id
                USING ERRCODE = '23503',
                      CONSTRAINT = 'trg_experiences_links',
                      SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME, COLUMN = 'task_id';
        END IF;
        IF task_workflow <> episode_workflow THEN
            RAISE EXCEPTION 'task % is in workflow %, not in the episode''s workflow %',
                            NEW.task_id, task_workflow, episode_workflow
                USING ERRCODE = '23514',
                      CONSTRAINT = 'trg_experiences_links',
                      SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME, COLUMN = 'task_id';
        END IF;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION experiences_links() IS
    'BEFORE INSERT OR UPDATE trigger on experiences, in place of foreign keys: the episode '
    'exists, workflow_id and project_id are the episode''s (filled when NULL), and the task, if '
    'any, exists and is in the episode''s workflow.';

-- Row triggers on a partitioned table are cloned to every partition, present and future.
CREATE TRIGGER trg_experiences_links
    BEFORE INSERT OR UPDATE OF episode_id, workflow_id, project_id, task_id ON experiences
    FOR EACH ROW
    EXECUTE FUNCTION experiences_links();

-- @down
DROP TRIGGER trg_experiences_links ON experiences;
DROP FUNCTION experiences_links();
-- Dropping the tables this file created is the point of its down (their data goes with them;
-- the engine's down plan lists them), hence the ban-drop-table exceptions.
-- squawk-ignore ban-drop-table
DROP TABLE experiences;
ALTER TABLE workflow_versions DROP CONSTRAINT fk_workflow_versions_correction_attempt;
DROP TRIGGER trg_correction_attempts_updated_at ON correction_attempts;
DROP TRIGGER trg_correction_attempts_links ON correction_attempts;
DROP FUNCTION correction_attempts_links();
-- squawk-ignore ban-drop-table
DROP TABLE correction_attempts;
DROP TRIGGER trg_learning_episodes_updated_at ON learning_episodes;
DROP TRIGGER trg_learning_episodes_inherit_project ON learning_episodes;
-- squawk-ignore ban-drop-table
DROP TABLE learning_episodes;
DROP FUNCTION inherit_workflow_project();

-- @verify
SELECT count(*) = 3 FROM pg_class
 WHERE relnamespace = 'public'::regnamespace
   AND (relname, relkind) IN (('learning_episodes', 'r'), ('correction_attempts', 'r'),
                              ('experiences', 'p'));
-- experiences: partitioned by range on occurred_at, with its default partition and BRIN index,
-- and no foreign key in or out.
SELECT pg_get_partkeydef('public.experiences'::regclass) = 'RANGE (occurred_at)';
SELECT EXISTS (SELECT 1 FROM pg_partitioned_table p
                WHERE p.partrelid = 'public.experiences'::regclass
                  AND p.partdefid = 'public.experiences_default'::regclass);
SELECT EXISTS (SELECT 1 FROM pg_class i JOIN pg_am a ON a.oid = i.relam
                WHERE i.oid = 'public.idx_experiences_occurred_at_brin'::regclass
                  AND a.amname = 'brin');
SELECT NOT EXISTS (SELECT 1 FROM pg_constraint
                    WHERE contype = 'f'
                      AND 'public.experiences'::regclass IN (conrelid, confrelid));
-- workflow_versions.correction_attempt_id now references correction_attempts, ON DELETE SET NULL
-- (validated unless versions named attempts before this migration; see the up section).
SELECT EXISTS (SELECT 1 FROM pg_constraint
                WHERE conrelid = 'public.workflow_versions'::regclass
                  AND conname = 'fk_workflow_versions_correction_attempt'
                  AND confrelid = 'public.correction_attempts'::regclass
                  AND confdeltype = 'n');
SELECT count(*) = 6 FROM pg_trigger
 WHERE NOT tgisinternal AND tgenabled <> 'D'
   AND (tgrelid, tgname) IN (
       ('public.learning_episodes'::regclass, 'trg_learning_episodes_inherit_project'),
       ('public.learning_episodes'::regclass, 'trg_learning_episodes_updated_at'),
       ('public.correction_attempts'::regclass, 'trg_correction_attempts_links'),
       ('public.correction_attempts'::regclass, 'trg_correction_attempts_updated_at'),
       ('public.experiences'::regclass, 'trg_experiences_links'),
       ('public.experiences_default'::regclass, 'trg_experiences_links'));
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
           AND c.conrelid IN ('public.learning_episodes'::regclass,
                              'public.correction_attempts'::regclass,
                              'public.experiences'::regclass,
                              'public.workflow_versions'::regclass)
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
