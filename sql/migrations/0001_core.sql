-- Core of the data model: projects (the tenant boundary), users, task_types (with the input keys
-- each type requires, as data), workflows and their DAG versions, tasks, and task_dependencies.
-- Rules that need triggers (status state machine, per-type input keys, DAG acyclicity and
-- same-workflow edges, updated_at and version maintenance) are in 0002_task_rules.sql; the
-- hot-path indexes on tasks are built concurrently by 0003_task_indexes.sql. Every foreign key
-- here has an explicit ON DELETE and an index whose leading columns are the key's columns.
-- @up

-- ---------------------------------------------------------------------------------------------
-- projects (seed 002): the tenant boundary. Row-level security will filter on project_id.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE projects (
    id              uuid        NOT NULL DEFAULT gen_random_uuid(),
    name            text        NOT NULL,
    description     text,
    repository_url  text,
    repository_name text,
    default_branch  text        NOT NULL DEFAULT 'main',
    settings        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT projects_pkey PRIMARY KEY (id),
    CONSTRAINT uq_projects_name UNIQUE (name),
    CONSTRAINT chk_projects_name_length CHECK (char_length(name) BETWEEN 1 AND 255),
    CONSTRAINT chk_projects_repository_url_length CHECK (char_length(repository_url) <= 500),
    CONSTRAINT chk_projects_repository_name_length CHECK (char_length(repository_name) <= 255),
    CONSTRAINT chk_projects_default_branch_length
        CHECK (char_length(default_branch) BETWEEN 1 AND 100),
    CONSTRAINT chk_projects_settings_object CHECK (jsonb_typeof(settings) = 'object')
);
COMMENT ON TABLE projects IS
    'Projects (seed 002): the tenant boundary. Workflows and tasks carry project_id; row-level '
    'security isolates one project''s rows from another''s.';

-- ---------------------------------------------------------------------------------------------
-- users (seed 004 references users(user_id)): people and service accounts. Referencing columns
-- are named user_id; the key itself is users.id.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE users (
    id         uuid        NOT NULL DEFAULT gen_random_uuid(),
    name       text        NOT NULL,
    email      text,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT chk_users_name_length CHECK (char_length(name) BETWEEN 1 AND 255),
    CONSTRAINT chk_users_email_format
        CHECK (char_length(email) <= 320 AND email ~ '^[^@[:space:]]+@[^@[:space:]]+$')
);
-- One account per address, whatever its case.
CREATE UNIQUE INDEX uq_users_email ON users (lower(email));
COMMENT ON TABLE users IS
    'Users (seed 004: agent_sessions.user_id and agent_audit_log.user_id reference them): the '
    'people and service accounts that start sessions and workflows.';

-- ---------------------------------------------------------------------------------------------
-- task_types (seed 001): the 13 standard types. required_input_keys holds, as data, the keys
-- seed 001's validate_task_input_schema() listed in a CASE; trg_validate_input_schema reads it.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE task_types (
    name                 text         NOT NULL,
    description          text         NOT NULL,
    agent_type           text         NOT NULL,
    avg_complexity       numeric(3,2),
    avg_duration_seconds numeric(10,2),
    required_input_keys  text[]       NOT NULL DEFAULT '{}',
    created_at           timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT task_types_pkey PRIMARY KEY (name),
    CONSTRAINT chk_task_type_format CHECK (name ~ '^[a-z0-9_]{3,50}$'),
    CONSTRAINT chk_task_types_agent_type_length CHECK (char_length(agent_type) BETWEEN 1 AND 50),
    CONSTRAINT chk_task_types_avg_complexity_range CHECK (avg_complexity BETWEEN 0 AND 1),
    CONSTRAINT chk_task_types_avg_duration_nonnegative CHECK (avg_duration_seconds >= 0),
    CONSTRAINT chk_task_types_required_input_keys
        -- dimensions first: array_position() raises on a multidimensional array
        CHECK (CASE WHEN coalesce(array_ndims(required_input_keys), 1) <> 1 THEN false
                    ELSE array_position(required_input_keys, NULL) IS NULL END)
);
COMMENT ON TABLE task_types IS
    'Task types (seed 001): routing and metrics category of a task, and the input keys a task of '
    'the type must have (required_input_keys, checked by trg_validate_input_schema).';
COMMENT ON COLUMN task_types.required_input_keys IS
    'Top-level keys tasks.input must contain for this type (seed 001''s per-type CASE, as data). '
    'Changing it does not revalidate existing tasks.';

INSERT INTO task_types (name, description, agent_type, avg_complexity, avg_duration_seconds,
                        required_input_keys) VALUES
    ('text_analysis', 'Analyze text for sentiment, entities, etc.', 'NLPAgent', 0.50, 5.0,
     '{text}'),
    ('text_generation', 'Generate text from prompts', 'NLPAgent', 0.60, 10.0,
     '{prompt}'),
    ('translation', 'Translate text between languages', 'NLPAgent', 0.55, 8.0,
     '{text,source_lang,target_lang}'),
    ('code_generation', 'Generate code from specifications', 'CodeAgent', 0.75, 30.0,
     '{specification}'),
    ('code_analysis', 'Analyze code for bugs, quality', 'CodeAgent', 0.65, 15.0,
     '{code}'),
    ('code_optimization', 'Optimize existing code', 'CodeAgent', 0.80, 45.0,
     '{}'),
    ('data_processing', 'Process and transform data', 'DataAgent', 0.65, 20.0,
     '{data}'),
    ('data_analysis', 'Statistical analysis of data', 'DataAgent', 0.70, 25.0,
     '{data}'),
    ('data_visualization', 'Create visualizations', 'DataAgent', 0.45, 12.0,
     '{}'),
    ('research', 'Conduct research on topic', 'ResearchAgent', 0.75, 60.0,
     '{}'),
    ('summarization', 'Summarize documents/data', 'ResearchAgent', 0.55, 15.0,
     '{}'),
    ('multi_step', 'Complex multi-stage task', 'OrchestratorAgent', 0.85, 120.0,
     '{}'),
    ('pipeline', 'Data pipeline execution', 'OrchestratorAgent', 0.75, 90.0,
     '{}');

-- ---------------------------------------------------------------------------------------------
-- workflows (seed 000): one user request from prompt to final status. Seed 000's workflow_id,
-- creation_timestamp and final_status are id, created_at and status.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE workflows (
    id              uuid             NOT NULL DEFAULT gen_random_uuid(),
    project_id      uuid             NOT NULL,
    user_prompt     text             NOT NULL,
    status          text             NOT NULL DEFAULT 'pending',
    created_at      timestamptz      NOT NULL DEFAULT now(),
    started_at      timestamptz,
    completed_at    timestamptz,
    total_reward    double precision,
    metadata        jsonb            NOT NULL DEFAULT '{}'::jsonb,
    -- int: a DAG version and a row version stay far below 2^31.
    -- squawk-ignore prefer-bigint-over-int
    current_version integer          NOT NULL DEFAULT 1,
    -- squawk-ignore prefer-bigint-over-int
    version         integer          NOT NULL DEFAULT 1,
    updated_at      timestamptz      NOT NULL DEFAULT now(),
    CONSTRAINT workflows_pkey PRIMARY KEY (id),
    -- Target of tasks' composite key (workflow_id, project_id): a task's project is its workflow's.
    CONSTRAINT uq_workflows_id_project UNIQUE (id, project_id),
    CONSTRAINT fk_workflows_project FOREIGN KEY (project_id)
        REFERENCES projects (id) ON DELETE RESTRICT,
    CONSTRAINT chk_workflows_user_prompt_length
        CHECK (char_length(user_prompt) BETWEEN 1 AND 1000000),
    CONSTRAINT chk_workflows_status_valid
        CHECK (status IN ('pending', 'running', 'completed', 'failed', 'cancelled')),
    CONSTRAINT chk_workflows_timestamps_ordered CHECK (
        (started_at IS NULL OR started_at >= created_at) AND
        (completed_at IS NULL OR completed_at >= coalesce(started_at, created_at))
    ),
    -- NaN compares greater than every number, so it fails this too.
    CONSTRAINT chk_workflows_total_reward_finite
        CHECK (total_reward > '-Infinity'::double precision
               AND total_reward < 'Infinity'::double precision),
    CONSTRAINT chk_workflows_metadata_object CHECK (jsonb_typeof(metadata) = 'object'),
    CONSTRAINT chk_workflows_current_version_positive CHECK (current_version >= 1),
    CONSTRAINT chk_workflows_version_positive CHECK (version >= 1)
);
CREATE INDEX idx_workflows_project_created ON workflows (project_id, created_at DESC);
CREATE INDEX idx_workflows_status_created ON workflows (status, created_at DESC);
COMMENT ON TABLE workflows IS
    'Workflows (seed 000): the lifecycle of one user request: prompt, status, total reward, '
    'complexity estimates and execution metrics (metadata), and the current DAG version.';
COMMENT ON COLUMN workflows.metadata IS
    'Complexity estimates and execution metrics (seed 000), a JSON object.';
COMMENT ON COLUMN workflows.current_version IS
    'Number of the DAG version now in force (workflow_versions.version_no).';
COMMENT ON COLUMN workflows.version IS
    'Row version for optimistic locking (seed 004); incremented by every UPDATE.';

-- ---------------------------------------------------------------------------------------------
-- workflow_versions (seed 000, "DAG evolution"): one row per version of a workflow's DAG.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE workflow_versions (
    workflow_id           uuid        NOT NULL,
    -- int: versions of one workflow's DAG stay far below 2^31.
    -- squawk-ignore prefer-bigint-over-int
    version_no            integer     NOT NULL,
    reason                text        NOT NULL,
    -- The correction attempt (seed 000's DAG surgery) that produced this version. Its foreign key
    -- (ON DELETE SET NULL) is added by the migration that creates correction_attempts; the index
    -- is created here so that migration never has to build one on a large table.
    correction_attempt_id uuid,
    added_task_ids        uuid[]      NOT NULL DEFAULT '{}',
    removed_task_ids      uuid[]      NOT NULL DEFAULT '{}',
    created_at            timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT workflow_versions_pkey PRIMARY KEY (workflow_id, version_no),
    CONSTRAINT fk_workflow_versions_workflow FOREIGN KEY (workflow_id)
        REFERENCES workflows (id) ON DELETE CASCADE,
    CONSTRAINT chk_workflow_versions_version_no_positive CHECK (version_no >= 1),
    CONSTRAINT chk_workflow_versions_reason_length CHECK (char_length(reason) BETWEEN 1 AND 10000),
    CONSTRAINT chk_workflow_versions_task_ids CHECK (
        -- dimensions first: array_position() raises on a multidimensional array
        CASE WHEN coalesce(array_ndims(added_task_ids), 1) <> 1
               OR coalesce(array_ndims(removed_task_ids), 1) <> 1 THEN false
             ELSE array_position(added_task_ids, NULL) IS NULL AND
                  array_position(removed_task_ids, NULL) IS NULL END
    )
);
CREATE INDEX idx_workflow_versions_correction_attempt
    ON workflow_versions (correction_attempt_id);
COMMENT ON TABLE workflow_versions IS
    'Workflow DAG versions (seed 000, "DAG evolution"): one row per version of a workflow''s DAG, '
    'with why it changed (reason, correction attempt) and which tasks were added or removed.';

-- ---------------------------------------------------------------------------------------------
-- tasks: seed 001's full column set and constraints, seed 000's RL columns, seed 002's title,
-- description, requirements, context and tags, with full-text search over title and description.
-- Seed 000's retries is retry_count, and its parent_workflow_id is workflow_id.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE tasks (
    id                    uuid             NOT NULL DEFAULT gen_random_uuid(),
    project_id            uuid             NOT NULL,
    workflow_id           uuid             NOT NULL,
    parent_task_id        uuid,
    type                  text             NOT NULL,
    status                text             NOT NULL DEFAULT 'pending',
    -- The integer columns of tasks hold small values (priority 1-10, retries 0-10, correction
    -- generations, row versions): bigint would only widen every row.
    -- squawk-ignore prefer-bigint-over-int
    priority              integer          NOT NULL DEFAULT 5,
    title                 text,
    description           text,
    input                 jsonb            NOT NULL,
    output                jsonb,
    parameters            jsonb,
    metadata              jsonb            NOT NULL DEFAULT '{}'::jsonb,
    requirements          jsonb            NOT NULL DEFAULT '{}'::jsonb,
    context               jsonb            NOT NULL DEFAULT '{}'::jsonb,
    tags                  jsonb            NOT NULL DEFAULT '[]'::jsonb,
    error_message         text,
    error_details         jsonb,
    -- squawk-ignore prefer-bigint-over-int
    retry_count           integer          NOT NULL DEFAULT 0,
    -- squawk-ignore prefer-bigint-over-int
    max_retries           integer          NOT NULL DEFAULT 3,
    -- The agent that ran (or runs) the task. agents arrives in a later migration, which adds
    -- fk_tasks_agent (ON DELETE SET NULL); the index is created here, while tasks is empty.
    agent_id              uuid,
    reward                double precision,
    feedback_notes        jsonb,
    -- squawk-ignore prefer-bigint-over-int
    correction_generation integer          NOT NULL DEFAULT 0,
    -- squawk-ignore prefer-bigint-over-int
    version               integer          NOT NULL DEFAULT 1,
    created_at            timestamptz      NOT NULL DEFAULT now(),
    updated_at            timestamptz      NOT NULL DEFAULT now(),
    started_at            timestamptz,
    completed_at          timestamptz,
    execution_time        numeric(10,2) GENERATED ALWAYS AS (
        CASE
            WHEN started_at IS NOT NULL AND completed_at IS NOT NULL
            THEN EXTRACT(EPOCH FROM (completed_at - started_at))
            ELSE NULL
        END
    ) STORED,
    wait_time             numeric(10,2) GENERATED ALWAYS AS (
        CASE
            WHEN created_at IS NOT NULL AND started_at IS NOT NULL
            THEN EXTRACT(EPOCH FROM (started_at - created_at))
            ELSE NULL
        END
    ) STORED,
    search_vector         tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') ||
        setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'B')
    ) STORED,
    CONSTRAINT tasks_pkey PRIMARY KEY (id),

    -- Seed 001's constraints, with its names.
    CONSTRAINT chk_type_format CHECK (type ~ '^[a-z0-9_]{3,50}$'),
    CONSTRAINT chk_status_valid CHECK (
        status IN ('pending', 'queued', 'running', 'completed',
                   'failed', 'cancelled', 'timeout', 'retrying')
    ),
    CONSTRAINT chk_priority_range CHECK (priority >= 1 AND priority <= 10),
    CONSTRAINT chk_input_not_empty CHECK (jsonb_typeof(input) = 'object' AND input != '{}'::jsonb),
    CONSTRAINT chk_retry_count_valid CHECK (retry_count >= 0 AND retry_count <= max_retries),
    CONSTRAINT chk_max_retries_range CHECK (max_retries >= 0 AND max_retries <= 10),
    CONSTRAINT chk_timestamps_ordered CHECK (
        created_at IS NOT NULL AND
        (started_at IS NULL OR started_at >= created_at) AND
        (completed_at IS NULL OR
         (started_at IS NOT NULL AND completed_at >= started_at))
    ),
    CONSTRAINT chk_input_size CHECK (pg_column_size(input) <= 1048576),

    -- Seed 000's RL columns, seed 002's columns, and the row version.
    -- reward is normalised to [-1, 1]; NaN compares greater than 1, so it is rejected too.
    CONSTRAINT chk_tasks_reward_range CHECK (reward >= -1 AND reward <= 1),
    CONSTRAINT chk_tasks_feedback_notes_object CHECK (jsonb_typeof(feedback_notes) = 'object'),
    CONSTRAINT chk_tasks_correction_generation_nonnegative CHECK (correction_generation >= 0),
    CONSTRAINT chk_tasks_title_length CHECK (char_length(title) BETWEEN 1 AND 500),
    -- Keeps search_vector far below the 1 MB tsvector limit.
    CONSTRAINT chk_tasks_description_length CHECK (char_length(description) <= 100000),
    CONSTRAINT chk_tasks_metadata_object CHECK (jsonb_typeof(metadata) = 'object'),
    CONSTRAINT chk_tasks_requirements_object CHECK (jsonb_typeof(requirements) = 'object'),
    CONSTRAINT chk_tasks_context_object CHECK (jsonb_typeof(context) = 'object'),
    CONSTRAINT chk_tasks_tags_strings CHECK (
        jsonb_typeof(tags) = 'array' AND
        NOT jsonb_path_exists(tags, 'strict $[*] ? (@.type() != "string")')
    ),
    CONSTRAINT chk_tasks_parent_not_self CHECK (parent_task_id <> id),
    CONSTRAINT chk_tasks_version_positive CHECK (version >= 1),

    -- Foreign keys, each with an explicit ON DELETE.
    CONSTRAINT fk_tasks_project FOREIGN KEY (project_id)
        REFERENCES projects (id) ON DELETE RESTRICT,
    -- Composite: the task's project is always its workflow's project (moving a workflow to
    -- another project carries its tasks along).
    CONSTRAINT fk_tasks_workflow FOREIGN KEY (workflow_id, project_id)
        REFERENCES workflows (id, project_id) ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT fk_tasks_type FOREIGN KEY (type)
        REFERENCES task_types (name) ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT fk_tasks_parent FOREIGN KEY (parent_task_id)
        REFERENCES tasks (id) ON DELETE CASCADE ON UPDATE CASCADE
);
-- Foreign-key indexes (the non-key hot-path indexes are in 0003_task_indexes.sql).
CREATE INDEX idx_tasks_project_created ON tasks (project_id, created_at DESC);
CREATE INDEX idx_tasks_workflow ON tasks (workflow_id, project_id);
CREATE INDEX idx_tasks_type ON tasks (type);
CREATE INDEX idx_tasks_parent ON tasks (parent_task_id);
CREATE INDEX idx_tasks_agent ON tasks (agent_id);
-- Full-text search over title and description (seed 002).
CREATE INDEX idx_tasks_search_vector ON tasks USING gin (search_vector);
COMMENT ON TABLE tasks IS
    'Tasks: seed 001''s columns and constraints, seed 000''s RL columns (reward, feedback_notes, '
    'retry_count for 000''s retries, correction_generation, workflow_id for 000''s '
    'parent_workflow_id) and seed 002''s title, description, requirements, context and tags, '
    'with full-text search (search_vector).';
COMMENT ON COLUMN tasks.project_id IS
    'The workflow''s project (enforced by fk_tasks_workflow); filled from the workflow when NULL.';
COMMENT ON COLUMN tasks.workflow_id IS
    'Seed 000''s parent_workflow_id: the workflow the task belongs to. Never changes.';
COMMENT ON COLUMN tasks.retry_count IS 'Retry attempts so far (seed 001; seed 000''s retries).';
COMMENT ON COLUMN tasks.reward IS
    'Seed 000: performance score from the EvaluatorAgent, normalised to [-1, 1]; NULL until '
    'scored.';
COMMENT ON COLUMN tasks.feedback_notes IS
    'Seed 000: structured error details and validation results (a JSON object).';
COMMENT ON COLUMN tasks.correction_generation IS
    'Seed 000: the correction cycle that generated the task (0 for the original plan).';
COMMENT ON COLUMN tasks.tags IS 'Seed 002: a JSON array of strings (query with tags ? ''x'').';
COMMENT ON COLUMN tasks.search_vector IS
    'Full-text search (seed 002): title (weight A) and description (weight B), English config.';
COMMENT ON COLUMN tasks.version IS
    'Row version for optimistic locking (seed 004); incremented by every UPDATE.';
COMMENT ON COLUMN tasks.execution_time IS 'Seconds from started_at to completed_at (seed 001).';
COMMENT ON COLUMN tasks.wait_time IS 'Seconds from created_at to started_at (seed 001).';

-- ---------------------------------------------------------------------------------------------
-- task_dependencies (seeds 001 and 002): the DAG's edges. task_id depends on depends_on_task_id.
-- Same-workflow ends and acyclicity are enforced by triggers in 0002_task_rules.sql, which also
-- fill workflow_id from the tasks.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE task_dependencies (
    task_id            uuid        NOT NULL,
    depends_on_task_id uuid        NOT NULL,
    workflow_id        uuid        NOT NULL,
    dependency_type    text        NOT NULL DEFAULT 'blocking',
    created_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT task_dependencies_pkey PRIMARY KEY (task_id, depends_on_task_id),
    CONSTRAINT chk_task_dependencies_not_self CHECK (task_id <> depends_on_task_id),
    CONSTRAINT chk_task_dependencies_type
        CHECK (dependency_type IN ('blocking', 'data', 'soft')),
    CONSTRAINT fk_task_dependencies_task FOREIGN KEY (task_id)
        REFERENCES tasks (id) ON DELETE CASCADE,
    CONSTRAINT fk_task_dependencies_depends_on FOREIGN KEY (depends_on_task_id)
        REFERENCES tasks (id) ON DELETE CASCADE,
    CONSTRAINT fk_task_dependencies_workflow FOREIGN KEY (workflow_id)
        REFERENCES workflows (id) ON DELETE CASCADE
);
-- task_id is covered by the primary key. (depends_on_task_id, task_id) also serves the
-- dependents walk of the cycle check as an index-only scan.
CREATE INDEX idx_task_dependencies_depends_on ON task_dependencies (depends_on_task_id, task_id);
CREATE INDEX idx_task_dependencies_workflow ON task_dependencies (workflow_id);
COMMENT ON TABLE task_dependencies IS
    'DAG edges (seeds 001 and 002; replaces 002''s tasks.dependencies array): task_id depends on '
    'depends_on_task_id. Both ends are in workflow_id, no self edges, and no cycles.';
COMMENT ON COLUMN task_dependencies.dependency_type IS
    'blocking: runs after the other task completed; data: blocking, and consumes its output; '
    'soft: ordering only, runs once the other task reached any final status.';

-- @down
-- Dropping the tables this file created is the point of its down (their data goes with them;
-- the engine's down plan lists them), hence the ban-drop-table exceptions.
-- squawk-ignore ban-drop-table
DROP TABLE task_dependencies;
-- squawk-ignore ban-drop-table
DROP TABLE tasks;
-- squawk-ignore ban-drop-table
DROP TABLE workflow_versions;
-- squawk-ignore ban-drop-table
DROP TABLE workflows;
-- squawk-ignore ban-drop-table
DROP TABLE task_types;
-- squawk-ignore ban-drop-table
DROP TABLE users;
-- squawk-ignore ban-drop-table
DROP TABLE projects;

-- @verify
SELECT count(*) = 7 FROM pg_class
 WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'
   AND relname IN ('projects', 'users', 'task_types', 'workflows', 'workflow_versions',
                   'tasks', 'task_dependencies');
SELECT count(*) = 13 FROM task_types
 WHERE name IN ('text_analysis', 'text_generation', 'translation', 'code_generation',
                'code_analysis', 'code_optimization', 'data_processing', 'data_analysis',
                'data_visualization', 'research', 'summarization', 'multi_step', 'pipeline');
SELECT required_input_keys = '{text,source_lang,target_lang}' FROM task_types
 WHERE name = 'translation';
SELECT count(*) = 8 FROM pg_constraint
 WHERE conrelid = 'public.tasks'::regclass
   AND conname IN ('chk_type_format', 'chk_status_valid', 'chk_priority_range',
                   'chk_input_not_empty', 'chk_retry_count_valid', 'chk_max_retries_range',
                   'chk_timestamps_ordered', 'chk_input_size');
-- Every foreign key of these tables says what happens on delete (no default NO ACTION) and has
-- an index whose leading columns are the key's columns.
DO $verify$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT c.conname, c.conrelid::regclass AS tbl, c.confdeltype, c.conkey
          FROM pg_constraint c
         WHERE c.contype = 'f'
           AND c.conrelid IN ('public.projects'::regclass, 'public.users'::regclass,
                              'public.task_types'::regclass, 'public.workflows'::regclass,
                              'public.workflow_versions'::regclass, 'public.tasks'::regclass,
                              'public.task_dependencies'::regclass)
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
