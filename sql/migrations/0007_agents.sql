-- The agent side of the data model: agent_definitions (seed 003's versioned YAML registry), agents
-- (one table for seed 001's agents, seed 004's personas and seed 002's agent_type, with the current
-- trust level), agent_capabilities (001), agent_sessions, agent_decisions, trust_metrics,
-- agent_knowledge, conversation_history and agent_audit_log (004), the tasks.agent_id foreign key
-- (seed 001's fk_tasks_agent), and seed 004's "audit all schema changes" (schema_change_log, fed by
-- event triggers when a superuser runs this file).
--
-- Tenancy: agents, their capabilities and definitions and their trust history are global (shared
-- by every project), so they carry no project_id and row-level security does not filter them.
-- Everything an agent does inside a project is tenant data: agent_sessions.project_id is NOT NULL
-- and never changes, and the session's children (agent_decisions, conversation_history, and
-- agent_audit_log when it names a session) carry a copy of it, filled and checked by trigger, so
-- RLS can filter them without a join. agent_knowledge.project_id is NULL for knowledge shared by
-- all projects.
--
-- Append-only tables (agent_decisions, trust_metrics, conversation_history, agent_audit_log) are
-- partitioned by time with one DEFAULT partition; the partition-maintenance migration creates the
-- real (monthly) partitions. No foreign key points into them.
--
-- Encryption: agent_decisions.decision_rationale is encrypted with pgcrypto (pgp_sym_encrypt,
-- AES-256) by a trigger, with the key taken from the setting agentdb.decision_key; only the
-- ciphertext (decision_rationale_enc) is stored. See the comment on that column for how operators
-- provide the key. pgcrypto is created here when missing and dropped by the down only if this
-- file created it (marked by its comment). It is a trusted extension: a migrator that is not a
-- superuser needs CREATE on the database (the database owner has it), or a superuser installs it
-- beforehand.
--
-- agent_audit_log and schema_change_log are append-only: UPDATE, DELETE and TRUNCATE are refused
-- with SQLSTATE 23514 and the refusing trigger's name as constraint name, like task_events.
-- @up

-- ---------------------------------------------------------------------------------------------
-- pgcrypto (postgresql-contrib), for the decision rationale. It must live in public: the trigger
-- calls public.pgp_sym_encrypt. The comment marks it as ours, so the down never drops an
-- extension the database had before.
-- ---------------------------------------------------------------------------------------------
DO $do$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'pgcrypto') THEN
        CREATE EXTENSION pgcrypto WITH SCHEMA public;
        COMMENT ON EXTENSION pgcrypto IS
            'cryptographic functions; created by agentdb migration 0007_agents, whose down drops it';
    ELSIF (SELECT extnamespace FROM pg_catalog.pg_extension WHERE extname = 'pgcrypto')
          <> 'public'::regnamespace THEN
        RAISE EXCEPTION 'pgcrypto is installed in schema %, agentdb needs it in public',
                        (SELECT extnamespace::regnamespace FROM pg_catalog.pg_extension
                          WHERE extname = 'pgcrypto')
            USING ERRCODE = '55000',
                  HINT = 'ALTER EXTENSION pgcrypto SET SCHEMA public, then run the migration again.';
    END IF;
END
$do$;

-- ---------------------------------------------------------------------------------------------
-- agent_definitions (seed 003): the agent registry, one row per version of an agent's YAML
-- configuration. config_sha256 detects configuration changes.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE agent_definitions (
    id                    uuid          NOT NULL DEFAULT gen_random_uuid(),
    agent_name            text          NOT NULL,
    agent_version         text          NOT NULL,
    description           text,
    yaml_config           jsonb         NOT NULL,
    parsed_metadata       jsonb         NOT NULL DEFAULT '{}'::jsonb,
    capabilities          text[]        NOT NULL DEFAULT '{}',
    triggers              text[]        NOT NULL DEFAULT '{}',
    -- SHA-256 (hex) of the UTF-8 text of yaml_config in jsonb's canonical form, so only a change
    -- of content changes it (not key order or whitespace). convert_to() is only STABLE, which a
    -- generated column cannot use; decode(..., 'escape') of the text with its backslashes doubled
    -- gives the same bytes and is IMMUTABLE (it is the server encoding's bytes: UTF-8 here).
    config_sha256         text          NOT NULL GENERATED ALWAYS AS (
        encode(sha256(decode(replace(yaml_config::text, '\', '\\'), 'escape')), 'hex')
    ) STORED,
    is_active             boolean       NOT NULL DEFAULT true,
    success_rate          numeric(5,4),
    quality_score         numeric(5,4),
    avg_execution_time_ms numeric(12,2),
    execution_count       bigint        NOT NULL DEFAULT 0,
    created_at            timestamptz   NOT NULL DEFAULT now(),
    updated_at            timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT agent_definitions_pkey PRIMARY KEY (id),
    CONSTRAINT uq_agent_definitions_name_version UNIQUE (agent_name, agent_version),
    CONSTRAINT chk_agent_definitions_agent_name_format
        CHECK (agent_name ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$'),
    CONSTRAINT chk_agent_definitions_agent_version_format
        CHECK (agent_version ~ '^[A-Za-z0-9][A-Za-z0-9_.+-]{0,49}$'),
    CONSTRAINT chk_agent_definitions_description_length CHECK (char_length(description) <= 10000),
    CONSTRAINT chk_agent_definitions_yaml_config_object CHECK (jsonb_typeof(yaml_config) = 'object'),
    CONSTRAINT chk_agent_definitions_yaml_config_size CHECK (pg_column_size(yaml_config) <= 1048576),
    CONSTRAINT chk_agent_definitions_parsed_metadata_object
        CHECK (jsonb_typeof(parsed_metadata) = 'object'),
    -- One-dimensional, without NULLs. array_position() raises on a multidimensional array, so
    -- the CASE tests the dimensions first.
    CONSTRAINT chk_agent_definitions_capabilities CHECK (
        CASE WHEN coalesce(array_ndims(capabilities), 1) = 1
             THEN array_position(capabilities, NULL) IS NULL ELSE false END
    ),
    CONSTRAINT chk_agent_definitions_triggers CHECK (
        CASE WHEN coalesce(array_ndims(triggers), 1) = 1
             THEN array_position(triggers, NULL) IS NULL ELSE false END
    ),
    -- NaN sorts above every number, so these reject it too.
    CONSTRAINT chk_agent_definitions_success_rate_range CHECK (success_rate BETWEEN 0 AND 1),
    CONSTRAINT chk_agent_definitions_quality_score_range CHECK (quality_score BETWEEN 0 AND 1),
    CONSTRAINT chk_agent_definitions_avg_execution_time_range
        CHECK (avg_execution_time_ms >= 0 AND avg_execution_time_ms < 'Infinity'),
    CONSTRAINT chk_agent_definitions_execution_count_nonnegative CHECK (execution_count >= 0)
);
-- Seed 003's GIN indexes: containment and key queries on the configuration and metadata, and
-- capability/trigger matching with the array operators (capabilities && '{x,y}', @>).
CREATE INDEX idx_agent_definitions_yaml_config_gin ON agent_definitions USING gin (yaml_config);
CREATE INDEX idx_agent_definitions_parsed_metadata_gin
    ON agent_definitions USING gin (parsed_metadata);
CREATE INDEX idx_agent_definitions_capabilities_gin ON agent_definitions USING gin (capabilities);
CREATE INDEX idx_agent_definitions_triggers_gin ON agent_definitions USING gin (triggers);
-- Seed 003's composite performance index: best agents first. Query with the same ORDER BY
-- (success_rate DESC NULLS LAST, quality_score DESC NULLS LAST, avg_execution_time_ms) so that
-- unmeasured definitions come last.
CREATE INDEX idx_agent_definitions_performance ON agent_definitions
    (success_rate DESC NULLS LAST, quality_score DESC NULLS LAST, avg_execution_time_ms ASC);
-- Change detection: "is this configuration already registered?".
CREATE INDEX idx_agent_definitions_config_sha256 ON agent_definitions (config_sha256);
-- Routing looks only at active definitions.
CREATE INDEX idx_agent_definitions_active_name ON agent_definitions (agent_name) WHERE is_active;
CREATE TRIGGER trg_agent_definitions_updated_at
    BEFORE UPDATE ON agent_definitions
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
COMMENT ON TABLE agent_definitions IS
    'Agent definitions (seed 003): the agent registry, one row per (agent_name, agent_version) '
    'with the YAML configuration as JSONB, its parsed metadata, capabilities and triggers for '
    'routing, a SHA-256 of the configuration for change detection, and performance figures.';
COMMENT ON COLUMN agent_definitions.config_sha256 IS
    'Seed 003''s hash for change detection: hex SHA-256 of yaml_config''s canonical jsonb text '
    '(generated). Equal hashes mean equal configurations.';
COMMENT ON COLUMN agent_definitions.success_rate IS 'Share of successful executions, 0..1.';
COMMENT ON COLUMN agent_definitions.quality_score IS 'Mean quality score of executions, 0..1.';

-- ---------------------------------------------------------------------------------------------
-- agents: seed 001's agents (tasks.agent_id), seed 004's agents (name, persona_type,
-- capabilities, config, is_active, optimistic locking), seed 002's agent_type, and the current
-- trust level. Global: an agent serves every project.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE agents (
    id            uuid        NOT NULL DEFAULT gen_random_uuid(),
    name          text        NOT NULL,
    persona_type  text        NOT NULL,
    agent_type    text        NOT NULL,
    definition_id uuid,
    capabilities  jsonb       NOT NULL DEFAULT '[]'::jsonb,
    config        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    is_active     boolean     NOT NULL DEFAULT true,
    -- Trust levels (0-4) and row versions are small: bigint would only widen the row.
    -- squawk-ignore prefer-bigint-over-int
    trust_level   integer     NOT NULL DEFAULT 0,
    -- squawk-ignore prefer-bigint-over-int
    version       integer     NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT agents_pkey PRIMARY KEY (id),
    CONSTRAINT uq_agents_name UNIQUE (name),
    CONSTRAINT chk_agents_name_length CHECK (char_length(name) BETWEEN 1 AND 100),
    CONSTRAINT chk_agents_persona_type_format CHECK (persona_type ~ '^[a-z][a-z0-9_]{1,49}$'),
    -- Same domain as task_types.agent_type, which routes a task type to agents of this type.
    CONSTRAINT chk_agents_agent_type_length CHECK (char_length(agent_type) BETWEEN 1 AND 50),
    CONSTRAINT chk_agents_capabilities_strings CHECK (
        jsonb_typeof(capabilities) = 'array' AND
        NOT jsonb_path_exists(capabilities, 'strict $[*] ? (@.type() != "string")')
    ),
    CONSTRAINT chk_agents_config_object CHECK (jsonb_typeof(config) = 'object'),
    CONSTRAINT chk_agents_trust_level_range CHECK (trust_level BETWEEN 0 AND 4),
    CONSTRAINT chk_agents_version_positive CHECK (version >= 1),
    -- The definition the agent runs. Deleting a definition version leaves the agent without one.
    CONSTRAINT fk_agents_definition FOREIGN KEY (definition_id)
        REFERENCES agent_definitions (id) ON DELETE SET NULL
);
CREATE INDEX idx_agents_definition ON agents (definition_id);
-- Routing: active agents of the type a task type asks for, and by declared capability.
CREATE INDEX idx_agents_agent_type_active ON agents (agent_type) WHERE is_active;
CREATE INDEX idx_agents_capabilities_gin ON agents USING gin (capabilities);
CREATE TRIGGER trg_agents_updated_at
    BEFORE UPDATE ON agents
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER trg_agents_version
    BEFORE UPDATE ON agents
    FOR EACH ROW EXECUTE FUNCTION bump_row_version();
COMMENT ON TABLE agents IS
    'Agents: seed 001''s agents (referenced by tasks.agent_id), seed 004''s personas (name, '
    'persona_type, capabilities, config, is_active, version) and seed 002''s agent_type, with the '
    'current trust level (0-4). Global: shared by all projects, not filtered by row-level '
    'security. Retire an agent with is_active = false; one with audit history cannot be deleted.';
COMMENT ON COLUMN agents.persona_type IS
    'Seed 004: the persona (developer, qa, architect, ...), lower-case snake_case.';
COMMENT ON COLUMN agents.agent_type IS
    'Seed 002''s agent_type (NLPAgent, CodeAgent, ...): matches task_types.agent_type for routing.';
COMMENT ON COLUMN agents.capabilities IS
    'Seed 004: the capabilities the agent declares, a JSON array of strings (query with '
    'capabilities ? ''x''). Measured proficiency per capability is in agent_capabilities.';
COMMENT ON COLUMN agents.trust_level IS
    'Current trust level, L0 (supervised) to L4 (autonomous); its history is the trust_level '
    'rows of trust_metrics.';
COMMENT ON COLUMN agents.version IS
    'Row version for optimistic locking (seed 004); incremented by every UPDATE.';

-- ---------------------------------------------------------------------------------------------
-- agent_capabilities (seed 001, "Agent Capabilities Table"; the seed names it without a
-- definition): one row per agent and capability, with a proficiency in [0, 1].
-- ---------------------------------------------------------------------------------------------
CREATE TABLE agent_capabilities (
    agent_id    uuid         NOT NULL,
    capability  text         NOT NULL,
    proficiency numeric(3,2) NOT NULL,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    updated_at  timestamptz  NOT NULL DEFAULT now(),
    -- One row per agent and capability; also the foreign-key index.
    CONSTRAINT agent_capabilities_pkey PRIMARY KEY (agent_id, capability),
    CONSTRAINT chk_agent_capabilities_capability_format
        CHECK (capability ~ '^[a-z0-9][a-z0-9_.:-]{0,99}$'),
    CONSTRAINT chk_agent_capabilities_proficiency_range CHECK (proficiency BETWEEN 0 AND 1),
    -- A capability row is an attribute of its agent.
    CONSTRAINT fk_agent_capabilities_agent FOREIGN KEY (agent_id)
        REFERENCES agents (id) ON DELETE CASCADE
);
-- "Which agents can do X, best first."
CREATE INDEX idx_agent_capabilities_capability
    ON agent_capabilities (capability, proficiency DESC);
CREATE TRIGGER trg_agent_capabilities_updated_at
    BEFORE UPDATE ON agent_capabilities
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
COMMENT ON TABLE agent_capabilities IS
    'Agent capabilities (seed 001): each agent''s measured proficiency (0..1) per capability, one '
    'row per agent and capability (lower-case names, so the uniqueness ignores nothing).';

-- ---------------------------------------------------------------------------------------------
-- agent_sessions (seed 004): one agent working for one user in one project. project_id and
-- agent_id never change (trg_agent_sessions_links_immutable): the session's children copy the
-- project, and trust_metrics refers to (id, agent_id).
-- ---------------------------------------------------------------------------------------------
CREATE TABLE agent_sessions (
    id            uuid        NOT NULL DEFAULT gen_random_uuid(),
    agent_id      uuid        NOT NULL,
    user_id       uuid,
    project_id    uuid        NOT NULL,
    -- squawk-ignore prefer-bigint-over-int
    trust_level   integer     NOT NULL DEFAULT 0,
    context       jsonb       NOT NULL DEFAULT '{}'::jsonb,
    session_state text        NOT NULL DEFAULT 'active',
    metadata      jsonb       NOT NULL DEFAULT '{}'::jsonb,
    started_at    timestamptz NOT NULL DEFAULT now(),
    ended_at      timestamptz,
    -- squawk-ignore prefer-bigint-over-int
    version       integer     NOT NULL DEFAULT 1,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT agent_sessions_pkey PRIMARY KEY (id),
    -- Target of trust_metrics' (session_id, agent_id): a metric's session is its agent's.
    CONSTRAINT uq_agent_sessions_id_agent UNIQUE (id, agent_id),
    CONSTRAINT chk_agent_sessions_trust_level_range CHECK (trust_level BETWEEN 0 AND 4),
    CONSTRAINT chk_agent_sessions_state_valid
        CHECK (session_state IN ('active', 'paused', 'completed', 'expired')),
    -- An open session (active, paused) has no end; a finished one (completed, expired) has one.
    CONSTRAINT chk_agent_sessions_ended_state
        CHECK ((session_state IN ('active', 'paused')) = (ended_at IS NULL)),
    CONSTRAINT chk_agent_sessions_timestamps_ordered CHECK (ended_at >= started_at),
    CONSTRAINT chk_agent_sessions_context_object CHECK (jsonb_typeof(context) = 'object'),
    CONSTRAINT chk_agent_sessions_metadata_object CHECK (jsonb_typeof(metadata) = 'object'),
    CONSTRAINT chk_agent_sessions_version_positive CHECK (version >= 1),
    -- Seed 004's QA: CASCADE for owned rows, RESTRICT where history must survive. A session
    -- belongs to its agent; an agent with audited sessions still cannot go (agent_audit_log
    -- restricts).
    CONSTRAINT fk_agent_sessions_agent FOREIGN KEY (agent_id)
        REFERENCES agents (id) ON DELETE CASCADE,
    -- Removing a user account keeps the agent's session history (and its trust evidence).
    CONSTRAINT fk_agent_sessions_user FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE SET NULL,
    -- Like workflows: a project with sessions is not deleted by accident.
    CONSTRAINT fk_agent_sessions_project FOREIGN KEY (project_id)
        REFERENCES projects (id) ON DELETE RESTRICT
);
-- Seed 004: (agent_id, time) for history queries, and a partial index on active sessions.
CREATE INDEX idx_agent_sessions_agent_started ON agent_sessions (agent_id, started_at DESC);
CREATE INDEX idx_agent_sessions_user ON agent_sessions (user_id);
CREATE INDEX idx_agent_sessions_project_started ON agent_sessions (project_id, started_at DESC);
CREATE INDEX idx_agent_sessions_active ON agent_sessions (agent_id, started_at DESC)
    WHERE session_state = 'active';
CREATE TRIGGER trg_agent_sessions_updated_at
    BEFORE UPDATE ON agent_sessions
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER trg_agent_sessions_version
    BEFORE UPDATE ON agent_sessions
    FOR EACH ROW EXECUTE FUNCTION bump_row_version();
COMMENT ON TABLE agent_sessions IS
    'Agent sessions (seed 004): one agent working for one user in one project, with the trust '
    'level granted for the session, its context, state and metadata. project_id is the tenant '
    'key for the session''s decisions, messages and audit rows.';
COMMENT ON COLUMN agent_sessions.trust_level IS
    'Trust level granted for this session, L0..L4 (seed 004).';
COMMENT ON COLUMN agent_sessions.session_state IS
    'active, paused (ended_at NULL), completed or expired (ended_at set).';
COMMENT ON COLUMN agent_sessions.version IS
    'Row version for optimistic locking (seed 004); incremented by every UPDATE.';

CREATE FUNCTION agent_sessions_links_immutable() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION 'session % cannot change its agent or project', OLD.id
        USING ERRCODE = '23514',
              CONSTRAINT = 'trg_agent_sessions_links_immutable',
              SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
              DETAIL = format('agent %s -> %s, project %s -> %s.', OLD.agent_id, NEW.agent_id,
                              OLD.project_id, NEW.project_id),
              HINT = 'Start a new session; the session''s decisions, messages and audit rows '
                     'carry its project.';
END
$$;

CREATE TRIGGER trg_agent_sessions_links_immutable
    BEFORE UPDATE OF agent_id, project_id ON agent_sessions
    FOR EACH ROW
    WHEN (OLD.agent_id IS DISTINCT FROM NEW.agent_id
          OR OLD.project_id IS DISTINCT FROM NEW.project_id)
    EXECUTE FUNCTION agent_sessions_links_immutable();

-- ---------------------------------------------------------------------------------------------
-- Shared trigger functions for the session's children and the append-only tables.
-- ---------------------------------------------------------------------------------------------
-- Fills project_id from the session (when NULL) or checks it equals the session's. TG_ARGV[0]
-- names the session foreign key, so a missing session is reported as that key would.
CREATE FUNCTION inherit_session_project() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    session_project uuid;
BEGIN
    IF NEW.session_id IS NULL THEN
        RETURN NEW;
    END IF;
    SELECT s.project_id INTO session_project
      FROM public.agent_sessions s
     WHERE s.id = NEW.session_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%"',
                        TG_TABLE_NAME, TG_ARGV[0]
            USING ERRCODE = '23503',
                  CONSTRAINT = TG_ARGV[0],
                  SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
                  DETAIL = format('Key (session_id)=(%s) is not present in table '
                                  '"agent_sessions".', NEW.session_id);
    END IF;
    IF NEW.project_id IS NULL THEN
        NEW.project_id := session_project;
    ELSIF NEW.project_id <> session_project THEN
        RAISE EXCEPTION 'project % is not the project of session %', NEW.project_id,
                        NEW.session_id
            USING ERRCODE = '23514',
                  CONSTRAINT = TG_NAME,
                  SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME, COLUMN = 'project_id',
                  DETAIL = format('Session %s is in project %s.', NEW.session_id,
                                  session_project),
                  HINT = 'Leave project_id out; it is filled from the session.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION inherit_session_project() IS
    'BEFORE INSERT/UPDATE trigger: project_id is the session''s project (filled when NULL, '
    'refused when different). TG_ARGV[0]: the session foreign key''s name.';

-- Append-only tables refuse UPDATE, DELETE and TRUNCATE. Retention removes old rows by dropping
-- or detaching whole partitions (DDL, which no row trigger sees). SQLSTATE 23514 with the
-- trigger's name as the constraint name, like task_events (0004) and every rule trigger here.
CREATE FUNCTION refuse_append_only_change() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = '23514',
              CONSTRAINT = TG_NAME,
              SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
              HINT = 'An audit trail is never rewritten; retention removes whole partitions.';
END
$$;
COMMENT ON FUNCTION refuse_append_only_change() IS
    'Trigger for append-only tables: refuses UPDATE, DELETE (row triggers) and TRUNCATE '
    '(statement triggers) with SQLSTATE 23514 and the trigger''s name as constraint name.';

-- ---------------------------------------------------------------------------------------------
-- agent_decisions (seed 004): append-only, partitioned by created_at. The rationale is stored
-- only encrypted.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE agent_decisions (
    id                     uuid         NOT NULL DEFAULT gen_random_uuid(),
    created_at             timestamptz  NOT NULL DEFAULT now(),
    session_id             uuid         NOT NULL,
    project_id             uuid         NOT NULL,
    decision_type          text         NOT NULL,
    input_context          jsonb        NOT NULL,
    decision_rationale     text,
    decision_rationale_enc bytea,
    action_taken           jsonb        NOT NULL,
    confidence_score       numeric(3,2),
    user_feedback          text,
    -- A decision's duration in ms stays far below 2^31 (24 days).
    -- squawk-ignore prefer-bigint-over-int
    execution_time_ms      integer,
    CONSTRAINT agent_decisions_pkey PRIMARY KEY (id, created_at),
    CONSTRAINT chk_agent_decisions_decision_type_format
        CHECK (decision_type ~ '^[a-z][a-z0-9_]{1,49}$'),
    CONSTRAINT chk_agent_decisions_input_context_object
        CHECK (jsonb_typeof(input_context) = 'object'),
    CONSTRAINT chk_agent_decisions_input_context_size
        CHECK (pg_column_size(input_context) <= 1048576),
    -- The plaintext column is write-only: trg_agent_decisions_encrypt_rationale moves it into
    -- decision_rationale_enc. Should the trigger be disabled, plaintext is refused, not stored.
    CONSTRAINT chk_agent_decisions_rationale_encrypted CHECK (decision_rationale IS NULL),
    CONSTRAINT chk_agent_decisions_action_taken_object
        CHECK (jsonb_typeof(action_taken) = 'object'),
    CONSTRAINT chk_agent_decisions_confidence_range CHECK (confidence_score BETWEEN 0 AND 1),
    CONSTRAINT chk_agent_decisions_user_feedback_valid
        CHECK (user_feedback IN ('approved', 'rejected', 'modified')),
    CONSTRAINT chk_agent_decisions_execution_time_nonnegative CHECK (execution_time_ms >= 0),
    -- A session's decisions go with it (erasing a session erases what it decided); a session
    -- with audit rows cannot be deleted (agent_audit_log restricts).
    CONSTRAINT fk_agent_decisions_session FOREIGN KEY (session_id)
        REFERENCES agent_sessions (id) ON DELETE CASCADE
) PARTITION BY RANGE (created_at);
CREATE TABLE agent_decisions_default PARTITION OF agent_decisions DEFAULT;
CREATE INDEX idx_agent_decisions_created_at_brin ON agent_decisions USING brin (created_at);
CREATE INDEX idx_agent_decisions_session_created ON agent_decisions (session_id, created_at);
CREATE INDEX idx_agent_decisions_project_created
    ON agent_decisions (project_id, created_at DESC);
-- Seed 004's QA: filter by decision_type.
CREATE INDEX idx_agent_decisions_type_created ON agent_decisions (decision_type, created_at DESC);
COMMENT ON TABLE agent_decisions IS
    'Agent decisions (seed 004): what an agent decided in a session, on what input, why '
    '(encrypted), what it did, how confident it was and how the user judged it. Append-only, '
    'partitioned by created_at; project_id is the session''s (filled by trigger).';
COMMENT ON TABLE agent_decisions_default IS
    'Default partition of agent_decisions; partition maintenance keeps it empty.';
COMMENT ON COLUMN agent_decisions.decision_rationale IS
    'Write-only: INSERT (or UPDATE) the plaintext here and the trigger stores it encrypted in '
    'decision_rationale_enc; this column always reads NULL.';
COMMENT ON COLUMN agent_decisions.decision_rationale_enc IS
    'Seed 004''s "encryption for sensitive decision rationale": pgp_sym_encrypt(text, key, '
    '''cipher-algo=aes256''), key = setting agentdb.decision_key. Read it with '
    'decision_rationale_decrypt(decision_rationale_enc) or pgp_sym_decrypt(..., key). Operators '
    'provide the key per session from a secret store: SELECT set_config(''agentdb.decision_key'', '
    '$1, false) as a bound parameter (or set_config(..., true) per transaction behind PgBouncer '
    'transaction pooling), or PGOPTIONS=''-c agentdb.decision_key=...''. ALTER ROLE ... SET '
    'would store it in the catalog and in dumps of globals, and a literal SET may reach the '
    'server log. Without a key, writing a rationale fails (23514). Key rotation: UPDATE ... SET '
    'decision_rationale_enc = pgp_sym_encrypt(pgp_sym_decrypt(decision_rationale_enc, old), new, '
    '''cipher-algo=aes256'').';
COMMENT ON COLUMN agent_decisions.user_feedback IS 'Seed 004: approved, rejected or modified.';

CREATE FUNCTION encrypt_decision_rationale() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    enc_key text := current_setting('agentdb.decision_key', true);
BEGIN
    IF enc_key IS NULL OR enc_key = '' THEN
        RAISE EXCEPTION 'decision rationale cannot be stored: agentdb.decision_key is not set'
            USING ERRCODE = '23514',
                  CONSTRAINT = 'trg_agent_decisions_encrypt_rationale',
                  SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
                  COLUMN = 'decision_rationale',
                  HINT = 'Set the key for the session or transaction: SELECT '
                         'set_config(''agentdb.decision_key'', $1, false).';
    END IF;
    IF TG_OP = 'INSERT' AND NEW.decision_rationale_enc IS NOT NULL THEN
        RAISE EXCEPTION 'give decision_rationale or decision_rationale_enc, not both'
            USING ERRCODE = '23514',
                  CONSTRAINT = 'trg_agent_decisions_encrypt_rationale',
                  SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
                  COLUMN = 'decision_rationale_enc';
    END IF;
    NEW.decision_rationale_enc := public.pgp_sym_encrypt(NEW.decision_rationale, enc_key,
                                                         'cipher-algo=aes256');
    NEW.decision_rationale := NULL;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION encrypt_decision_rationale() IS
    'BEFORE INSERT/UPDATE trigger on agent_decisions: encrypts decision_rationale into '
    'decision_rationale_enc with the key in setting agentdb.decision_key (pgcrypto, AES-256) and '
    'clears the plaintext. Refuses (23514) when no key is set.';

CREATE TRIGGER trg_agent_decisions_encrypt_rationale
    BEFORE INSERT OR UPDATE OF decision_rationale ON agent_decisions
    FOR EACH ROW
    WHEN (NEW.decision_rationale IS NOT NULL)
    EXECUTE FUNCTION encrypt_decision_rationale();

CREATE TRIGGER trg_agent_decisions_session_project
    BEFORE INSERT OR UPDATE OF session_id, project_id ON agent_decisions
    FOR EACH ROW
    EXECUTE FUNCTION inherit_session_project('fk_agent_decisions_session');

CREATE FUNCTION decision_rationale_decrypt(rationale_enc bytea) RETURNS text
    LANGUAGE plpgsql STABLE STRICT
AS $$
DECLARE
    dec_key text := current_setting('agentdb.decision_key', true);
BEGIN
    IF dec_key IS NULL OR dec_key = '' THEN
        RAISE EXCEPTION 'agentdb.decision_key is not set'
            USING ERRCODE = '55000',
                  HINT = 'SELECT set_config(''agentdb.decision_key'', $1, false) first.';
    END IF;
    RETURN public.pgp_sym_decrypt(rationale_enc, dec_key);
END
$$;
COMMENT ON FUNCTION decision_rationale_decrypt(bytea) IS
    'Decrypts agent_decisions.decision_rationale_enc with the key in setting '
    'agentdb.decision_key. A wrong key fails with pgcrypto''s "Wrong key or corrupt data".';

-- ---------------------------------------------------------------------------------------------
-- trust_metrics (seed 004): append-only, partitioned by recorded_at. Per-type value ranges
-- (seed 004's QA: "CHECK constraints for metric_value ranges per metric_type"), and the trust
-- level before and after each level change so the history can be checked to chain.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE trust_metrics (
    id                  uuid         NOT NULL DEFAULT gen_random_uuid(),
    recorded_at         timestamptz  NOT NULL DEFAULT now(),
    agent_id            uuid         NOT NULL,
    session_id          uuid,
    metric_type         text         NOT NULL,
    metric_value        numeric(5,2) NOT NULL,
    -- squawk-ignore prefer-bigint-over-int
    previous_level      integer,
    -- squawk-ignore prefer-bigint-over-int
    new_level           integer,
    measurement_context jsonb        NOT NULL DEFAULT '{}'::jsonb,
    CONSTRAINT trust_metrics_pkey PRIMARY KEY (id, recorded_at),
    CONSTRAINT chk_trust_metrics_metric_type_valid
        CHECK (metric_type IN ('accuracy', 'autonomy', 'complexity', 'trust_level')),
    -- The range of each metric type. A NaN value fails every one of them.
    CONSTRAINT chk_trust_metrics_accuracy_range
        CHECK (metric_type <> 'accuracy' OR metric_value BETWEEN 0 AND 100),
    CONSTRAINT chk_trust_metrics_autonomy_range
        CHECK (metric_type <> 'autonomy' OR metric_value BETWEEN 0 AND 4),
    CONSTRAINT chk_trust_metrics_complexity_range
        CHECK (metric_type <> 'complexity' OR metric_value BETWEEN 0 AND 1),
    CONSTRAINT chk_trust_metrics_trust_level_value
        CHECK (metric_type <> 'trust_level' OR metric_value = new_level),
    -- Levels are given on trust_level rows, and only there.
    CONSTRAINT chk_trust_metrics_levels_presence CHECK (
        CASE WHEN metric_type = 'trust_level'
             THEN previous_level IS NOT NULL AND new_level IS NOT NULL
             ELSE previous_level IS NULL AND new_level IS NULL
        END
    ),
    CONSTRAINT chk_trust_metrics_levels_range
        CHECK (previous_level BETWEEN 0 AND 4 AND new_level BETWEEN 0 AND 4),
    CONSTRAINT chk_trust_metrics_level_changes CHECK (previous_level <> new_level),
    CONSTRAINT chk_trust_metrics_measurement_context_object
        CHECK (jsonb_typeof(measurement_context) = 'object'),
    -- An agent's trust history goes with the agent.
    CONSTRAINT fk_trust_metrics_agent FOREIGN KEY (agent_id)
        REFERENCES agents (id) ON DELETE CASCADE,
    -- The session, when given, is one of the agent's. Deleting the session keeps the metric
    -- (it is the agent's history) and clears only session_id.
    CONSTRAINT fk_trust_metrics_session FOREIGN KEY (session_id, agent_id)
        REFERENCES agent_sessions (id, agent_id) ON DELETE SET NULL (session_id)
) PARTITION BY RANGE (recorded_at);
CREATE TABLE trust_metrics_default PARTITION OF trust_metrics DEFAULT;
CREATE INDEX idx_trust_metrics_recorded_at_brin ON trust_metrics USING brin (recorded_at);
CREATE INDEX idx_trust_metrics_agent_recorded ON trust_metrics (agent_id, recorded_at);
CREATE INDEX idx_trust_metrics_session_agent ON trust_metrics (session_id, agent_id);
-- Trust-level progression and the "history chains" check walk only the level changes.
CREATE INDEX idx_trust_metrics_level_changes ON trust_metrics (agent_id, recorded_at)
    WHERE metric_type = 'trust_level';
COMMENT ON TABLE trust_metrics IS
    'Trust metrics (seed 004): measurements behind an agent''s trust level, L0-L4. Ranges by '
    'metric_type: accuracy 0..100 (percent correct), autonomy 0..4 (level of autonomy exercised, '
    'on the trust scale), complexity 0..1 (difficulty handled, the scale of '
    'task_types.avg_complexity), trust_level: a level change, metric_value = new_level, with '
    'previous_level <> new_level (each change''s previous_level must equal the agent''s prior '
    'new_level; sql/checks verifies the chain). Append-only, partitioned by recorded_at. Global '
    'like agents: not filtered by project.';
COMMENT ON TABLE trust_metrics_default IS
    'Default partition of trust_metrics; partition maintenance keeps it empty.';
COMMENT ON COLUMN trust_metrics.previous_level IS
    'trust_level rows only: the level before the change (NULL on other metric types).';
COMMENT ON COLUMN trust_metrics.new_level IS
    'trust_level rows only: the level after the change (NULL on other metric types).';

-- ---------------------------------------------------------------------------------------------
-- agent_knowledge (seed 004): what an agent learned, for retrieval. The embedding is real[]
-- with a dimension check because pgvector is not packaged for Debian 12.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE agent_knowledge (
    id             uuid         NOT NULL DEFAULT gen_random_uuid(),
    agent_id       uuid         NOT NULL,
    project_id     uuid,
    knowledge_type text         NOT NULL,
    domain         text         NOT NULL,
    content        jsonb        NOT NULL,
    embedding      real[],
    usage_count    bigint       NOT NULL DEFAULT 0,
    success_rate   numeric(3,2),
    created_at     timestamptz  NOT NULL DEFAULT now(),
    updated_at     timestamptz  NOT NULL DEFAULT now(),
    last_used_at   timestamptz,
    CONSTRAINT agent_knowledge_pkey PRIMARY KEY (id),
    CONSTRAINT chk_agent_knowledge_type_valid
        CHECK (knowledge_type IN ('pattern', 'solution', 'preference')),
    CONSTRAINT chk_agent_knowledge_domain_format CHECK (domain ~ '^[a-z0-9][a-z0-9_.-]{0,99}$'),
    CONSTRAINT chk_agent_knowledge_content_object CHECK (jsonb_typeof(content) = 'object'),
    CONSTRAINT chk_agent_knowledge_content_size CHECK (pg_column_size(content) <= 1048576),
    -- 1536 dimensions (seed 004's VECTOR(1536)), one-dimensional from index 1, no NULLs (the
    -- CASE keeps array_position() away from multidimensional arrays, on which it raises).
    CONSTRAINT chk_agent_knowledge_embedding_dimension CHECK (
        CASE WHEN array_ndims(embedding) = 1 AND array_lower(embedding, 1) = 1 AND
                  cardinality(embedding) = 1536
             THEN array_position(embedding, NULL) IS NULL
             ELSE embedding IS NULL
        END
    ),
    CONSTRAINT chk_agent_knowledge_usage_count_nonnegative CHECK (usage_count >= 0),
    CONSTRAINT chk_agent_knowledge_success_rate_range CHECK (success_rate BETWEEN 0 AND 1),
    CONSTRAINT chk_agent_knowledge_last_used_after_created CHECK (last_used_at >= created_at),
    -- Knowledge is the agent's.
    CONSTRAINT fk_agent_knowledge_agent FOREIGN KEY (agent_id)
        REFERENCES agents (id) ON DELETE CASCADE,
    -- Knowledge private to a project must not outlive it (nor leak to other tenants).
    CONSTRAINT fk_agent_knowledge_project FOREIGN KEY (project_id)
        REFERENCES projects (id) ON DELETE CASCADE
);
CREATE INDEX idx_agent_knowledge_agent_type ON agent_knowledge (agent_id, knowledge_type, domain);
CREATE INDEX idx_agent_knowledge_project ON agent_knowledge (project_id);
CREATE INDEX idx_agent_knowledge_domain ON agent_knowledge (domain, knowledge_type);
CREATE INDEX idx_agent_knowledge_content_gin ON agent_knowledge USING gin (content jsonb_path_ops);
CREATE TRIGGER trg_agent_knowledge_updated_at
    BEFORE UPDATE ON agent_knowledge
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
COMMENT ON TABLE agent_knowledge IS
    'Agent knowledge base (seed 004): patterns, solutions and preferences an agent learned, by '
    'domain, with an embedding for retrieval (RAG), usage count and success rate. project_id '
    'NULL: shared by all projects; set: private to that project.';
COMMENT ON COLUMN agent_knowledge.embedding IS
    'Seed 004''s VECTOR(1536) as real[1536]: pgvector is not packaged for Debian 12, so there is '
    'no vector type or ANN index; similarity search computes distances over the candidate rows '
    '(filter by agent, type and domain first). With pgvector installed, a later migration can '
    'ALTER the column to vector(1536) USING embedding::vector.';

-- ---------------------------------------------------------------------------------------------
-- conversation_history (seed 004): the messages of a session. Append-only, partitioned monthly
-- by created_at.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE conversation_history (
    id                uuid        NOT NULL DEFAULT gen_random_uuid(),
    created_at        timestamptz NOT NULL DEFAULT now(),
    session_id        uuid        NOT NULL,
    project_id        uuid        NOT NULL,
    -- Seed 004's self reference. A foreign key cannot point into a partitioned table unless it
    -- includes the partition key, so this is a plain column: the message it answers, checked
    -- by sql/checks (orphans) rather than by a constraint.
    parent_message_id uuid,
    role              text        NOT NULL,
    message_type      text        NOT NULL DEFAULT 'text',
    content           text        NOT NULL,
    -- squawk-ignore prefer-bigint-over-int
    tokens_used       integer,
    model_used        text,
    CONSTRAINT conversation_history_pkey PRIMARY KEY (id, created_at),
    CONSTRAINT chk_conversation_history_role_valid CHECK (role IN ('user', 'agent', 'system')),
    CONSTRAINT chk_conversation_history_message_type_valid
        CHECK (message_type IN ('text', 'code', 'command', 'file')),
    CONSTRAINT chk_conversation_history_content_length CHECK (char_length(content) <= 1000000),
    CONSTRAINT chk_conversation_history_tokens_nonnegative CHECK (tokens_used >= 0),
    CONSTRAINT chk_conversation_history_model_used_length
        CHECK (char_length(model_used) BETWEEN 1 AND 100),
    CONSTRAINT chk_conversation_history_parent_not_self CHECK (parent_message_id <> id),
    -- Messages belong to their session.
    CONSTRAINT fk_conversation_history_session FOREIGN KEY (session_id)
        REFERENCES agent_sessions (id) ON DELETE CASCADE
) PARTITION BY RANGE (created_at);
CREATE TABLE conversation_history_default PARTITION OF conversation_history DEFAULT;
CREATE INDEX idx_conversation_history_created_at_brin
    ON conversation_history USING brin (created_at);
-- Seed 004's QA: (session_id, created_at); also the foreign-key index.
CREATE INDEX idx_conversation_history_session_created
    ON conversation_history (session_id, created_at);
CREATE INDEX idx_conversation_history_project_created
    ON conversation_history (project_id, created_at DESC);
CREATE INDEX idx_conversation_history_parent ON conversation_history (parent_message_id)
    WHERE parent_message_id IS NOT NULL;
CREATE TRIGGER trg_conversation_history_session_project
    BEFORE INSERT OR UPDATE OF session_id, project_id ON conversation_history
    FOR EACH ROW
    EXECUTE FUNCTION inherit_session_project('fk_conversation_history_session');
COMMENT ON TABLE conversation_history IS
    'Conversation history (seed 004): every message of a session (user, agent or system), with '
    'its type, reply-to message, tokens and model. Append-only, partitioned monthly by '
    'created_at; project_id is the session''s (filled by trigger). parent_message_id has no '
    'foreign key (it would have to point into a partitioned table).';
COMMENT ON TABLE conversation_history_default IS
    'Default partition of conversation_history; partition maintenance keeps it empty.';

-- ---------------------------------------------------------------------------------------------
-- agent_audit_log (seed 004): every agent action, with its risk. Append-only: UPDATE, DELETE and
-- TRUNCATE are refused; rows leave only when retention drops their partition (3 years, seed 004).
-- Seed 004's column "timestamp" is occurred_at (a type name, and the partition key).
-- ---------------------------------------------------------------------------------------------
CREATE TABLE agent_audit_log (
    id             uuid        NOT NULL DEFAULT gen_random_uuid(),
    occurred_at    timestamptz NOT NULL DEFAULT now(),
    agent_id       uuid,
    session_id     uuid,
    user_id        uuid,
    project_id     uuid,
    action_type    text        NOT NULL,
    action_details jsonb       NOT NULL,
    risk_level     text        NOT NULL DEFAULT 'low',
    ip_address     inet,
    user_agent     text,
    CONSTRAINT agent_audit_log_pkey PRIMARY KEY (id, occurred_at),
    CONSTRAINT chk_agent_audit_log_action_type_format
        CHECK (action_type ~ '^[a-z][a-z0-9_.:-]{1,49}$'),
    CONSTRAINT chk_agent_audit_log_action_details_object
        CHECK (jsonb_typeof(action_details) = 'object'),
    CONSTRAINT chk_agent_audit_log_action_details_size
        CHECK (pg_column_size(action_details) <= 1048576),
    CONSTRAINT chk_agent_audit_log_risk_level_valid
        CHECK (risk_level IN ('low', 'medium', 'high', 'critical')),
    CONSTRAINT chk_agent_audit_log_user_agent_length CHECK (char_length(user_agent) <= 1000),
    -- An audit row says who acted: an agent, a user, or both.
    CONSTRAINT chk_agent_audit_log_actor_present
        CHECK (agent_id IS NOT NULL OR user_id IS NOT NULL),
    -- Seed 004's QA: RESTRICT for audit logs. CASCADE or SET NULL would have to delete or
    -- update audit rows, which the table refuses; the trail outlives nothing it names.
    CONSTRAINT fk_agent_audit_log_agent FOREIGN KEY (agent_id)
        REFERENCES agents (id) ON DELETE RESTRICT,
    CONSTRAINT fk_agent_audit_log_session FOREIGN KEY (session_id)
        REFERENCES agent_sessions (id) ON DELETE RESTRICT,
    CONSTRAINT fk_agent_audit_log_user FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT fk_agent_audit_log_project FOREIGN KEY (project_id)
        REFERENCES projects (id) ON DELETE RESTRICT
) PARTITION BY RANGE (occurred_at);
CREATE TABLE agent_audit_log_default PARTITION OF agent_audit_log DEFAULT;
CREATE INDEX idx_agent_audit_log_occurred_at_brin ON agent_audit_log USING brin (occurred_at);
CREATE INDEX idx_agent_audit_log_agent_occurred ON agent_audit_log (agent_id, occurred_at DESC);
CREATE INDEX idx_agent_audit_log_session_occurred ON agent_audit_log (session_id, occurred_at);
CREATE INDEX idx_agent_audit_log_user_occurred ON agent_audit_log (user_id, occurred_at DESC);
CREATE INDEX idx_agent_audit_log_project_occurred
    ON agent_audit_log (project_id, occurred_at DESC);
-- Seed 004's QA: risk_level for security queries ("latest critical actions").
CREATE INDEX idx_agent_audit_log_risk_occurred ON agent_audit_log (risk_level, occurred_at DESC);
CREATE TRIGGER trg_agent_audit_log_session_project
    BEFORE INSERT ON agent_audit_log
    FOR EACH ROW
    WHEN (NEW.session_id IS NOT NULL)
    EXECUTE FUNCTION inherit_session_project('fk_agent_audit_log_session');
-- Row triggers on a partitioned table are cloned to every partition, present and future.
CREATE TRIGGER trg_agent_audit_log_append_only
    BEFORE UPDATE OR DELETE ON agent_audit_log
    FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change();
-- Statement triggers are not cloned: TRUNCATE of one partition would bypass the parent's. So
-- each partition gets its own; partition maintenance must create it on every partition it adds.
CREATE TRIGGER trg_agent_audit_log_no_truncate
    BEFORE TRUNCATE ON agent_audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change();
CREATE TRIGGER trg_agent_audit_log_no_truncate
    BEFORE TRUNCATE ON agent_audit_log_default
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change();
COMMENT ON TABLE agent_audit_log IS
    'Agent audit log (seed 004): every agent action with its details, risk level (low, medium, '
    'high, critical), the session, user and project, client address and user agent. '
    'Append-only: UPDATE, DELETE and TRUNCATE are refused (SQLSTATE 23514); rows leave only when '
    'the retention function drops their partition (3 years). Partitioned by occurred_at (seed '
    '004''s "timestamp"). Every partition needs trigger trg_agent_audit_log_no_truncate.';
COMMENT ON TABLE agent_audit_log_default IS
    'Default partition of agent_audit_log; partition maintenance keeps it empty.';
COMMENT ON COLUMN agent_audit_log.occurred_at IS
    'When the action happened: seed 004''s "timestamp", renamed (a type name) and the partition '
    'key.';

-- ---------------------------------------------------------------------------------------------
-- tasks.agent_id -> agents (seed 001's fk_tasks_agent; 0001 created the index idx_tasks_agent).
-- Added NOT VALID, so existing tasks are not scanned under the lock. It is validated here when
-- no task names an agent yet (a new database); otherwise those agent ids name agents that could
-- not exist before this migration, and the constraint stays NOT VALID (new rows are checked)
-- until an operator clears them and runs ALTER TABLE tasks VALIDATE CONSTRAINT fk_tasks_agent.
-- ---------------------------------------------------------------------------------------------
ALTER TABLE tasks
    ADD CONSTRAINT fk_tasks_agent FOREIGN KEY (agent_id)
        REFERENCES agents (id) ON DELETE SET NULL ON UPDATE CASCADE NOT VALID;
DO $do$
BEGIN
    IF EXISTS (SELECT 1 FROM public.tasks WHERE agent_id IS NOT NULL) THEN
        RAISE NOTICE 'fk_tasks_agent left NOT VALID: tasks already name agents'
            USING HINT = 'Set tasks.agent_id to NULL where the agent does not exist, then run '
                         'ALTER TABLE tasks VALIDATE CONSTRAINT fk_tasks_agent.';
    ELSE
        ALTER TABLE public.tasks VALIDATE CONSTRAINT fk_tasks_agent;
    END IF;
END
$do$;

-- task_executions.agent_id -> agents, the same way (0004 created the table and its index
-- idx_task_executions_agent).
ALTER TABLE task_executions
    ADD CONSTRAINT fk_task_executions_agent FOREIGN KEY (agent_id)
        REFERENCES agents (id) ON DELETE SET NULL NOT VALID;
DO $do$
BEGIN
    IF EXISTS (SELECT 1 FROM public.task_executions WHERE agent_id IS NOT NULL) THEN
        RAISE NOTICE 'fk_task_executions_agent left NOT VALID: executions already name agents'
            USING HINT = 'Set task_executions.agent_id to NULL where the agent does not exist, '
                         'then run ALTER TABLE task_executions VALIDATE CONSTRAINT '
                         'fk_task_executions_agent.';
    ELSE
        ALTER TABLE public.task_executions VALIDATE CONSTRAINT fk_task_executions_agent;
    END IF;
END
$do$;

-- ---------------------------------------------------------------------------------------------
-- Schema-change audit (seed 004: "audit all schema changes"). Event triggers write every DDL
-- command (ddl_command_end) and every dropped object (sql_drop) into schema_change_log. Event
-- triggers need a superuser: when the migrator is not one, the table and function are created
-- and a NOTICE says the triggers were not.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE schema_change_log (
    -- bigint identity: DDL is rare (a few rows per migration), the log is never partitioned,
    -- and the id orders the events of one transaction.
    id                bigint      GENERATED ALWAYS AS IDENTITY,
    occurred_at       timestamptz NOT NULL DEFAULT now(),
    event             text        NOT NULL,
    command_tag       text        NOT NULL,
    object_type       text,
    schema_name       text,
    object_identity   text,
    session_user_name text        NOT NULL DEFAULT session_user,
    application_name  text,
    client_addr       inet,
    -- squawk-ignore prefer-bigint-over-int
    backend_pid       integer,
    transaction_id    xid8,
    CONSTRAINT schema_change_log_pkey PRIMARY KEY (id),
    CONSTRAINT chk_schema_change_log_event_valid CHECK (event IN ('ddl_command_end', 'sql_drop'))
);
CREATE INDEX idx_schema_change_log_occurred_at ON schema_change_log (occurred_at);
CREATE TRIGGER trg_schema_change_log_append_only
    BEFORE UPDATE OR DELETE ON schema_change_log
    FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change();
CREATE TRIGGER trg_schema_change_log_no_truncate
    BEFORE TRUNCATE ON schema_change_log
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change();
COMMENT ON TABLE schema_change_log IS
    'Schema changes (seed 004: "audit all schema changes"): one row per object a DDL command '
    'created or altered, and per object a DROP named or cascaded to, with the command tag, '
    'object, session user, application, client, backend and transaction, written by the event '
    'triggers evt_schema_change_log_ddl and evt_schema_change_log_drop (installed only when a '
    'superuser ran migration 0007). Append-only. Not logged: objects created by an extension''s '
    'script, temporary objects, the parts dropped with a dropped object, and the migration '
    'engine''s own objects in schema agentdb, which it re-creates on every run (drops there are '
    'logged).';

-- SECURITY DEFINER so that any role's DDL can be logged without granting it INSERT on the log.
-- A failure here fails the DDL: the audit is not silently skipped.
CREATE FUNCTION log_schema_change() RETURNS event_trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_EVENT = 'sql_drop' THEN
        INSERT INTO public.schema_change_log
               (occurred_at, event, command_tag, object_type, schema_name, object_identity,
                application_name, client_addr, backend_pid, transaction_id)
        SELECT clock_timestamp(), TG_EVENT, TG_TAG, d.object_type, d.schema_name,
               d.object_identity, current_setting('application_name'), inet_client_addr(),
               pg_backend_pid(), pg_current_xact_id()
          FROM pg_event_trigger_dropped_objects() d
         WHERE NOT d.is_temporary
           -- The objects the command named, and what a CASCADE took with them; not the parts
           -- of a dropped object (its columns, constraints, indexes, triggers, row type).
           AND (d.original OR
                (d.normal AND d.object_type IN ('table', 'view', 'materialized view',
                                                'foreign table', 'sequence', 'function',
                                                'procedure', 'aggregate', 'type', 'domain',
                                                'schema')));
    ELSE
        INSERT INTO public.schema_change_log
               (occurred_at, event, command_tag, object_type, schema_name, object_identity,
                application_name, client_addr, backend_pid, transaction_id)
        SELECT clock_timestamp(), TG_EVENT, c.command_tag, c.object_type, c.schema_name,
               c.object_identity, current_setting('application_name'), inet_client_addr(),
               pg_backend_pid(), pg_current_xact_id()
          FROM pg_event_trigger_ddl_commands() c
         WHERE NOT c.in_extension
           AND c.schema_name IS DISTINCT FROM 'pg_temp'
           -- The engine re-creates its history objects on every run. The first name of an
           -- object's address is its schema (a trigger's schema_name is NULL, its address is
           -- {schema, table, trigger}), or the schema itself.
           AND (pg_identify_object_as_address(c.classid, c.objid, c.objsubid)).object_names[1]
               IS DISTINCT FROM 'agentdb';
    END IF;
END
$$;
COMMENT ON FUNCTION log_schema_change() IS
    'Event trigger function: writes DDL commands (ddl_command_end) and dropped objects (sql_drop) '
    'into schema_change_log.';

DO $do$
BEGIN
    IF (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
        CREATE EVENT TRIGGER evt_schema_change_log_ddl ON ddl_command_end
            EXECUTE FUNCTION public.log_schema_change();
        CREATE EVENT TRIGGER evt_schema_change_log_drop ON sql_drop
            EXECUTE FUNCTION public.log_schema_change();
    ELSE
        RAISE NOTICE 'schema changes are not audited: event triggers need a superuser, and % is '
                     'not one', current_user
            USING HINT = 'A superuser can install them: CREATE EVENT TRIGGER '
                         'evt_schema_change_log_ddl ON ddl_command_end EXECUTE FUNCTION '
                         'public.log_schema_change(); and the same as evt_schema_change_log_drop '
                         'ON sql_drop.';
    END IF;
END
$do$;

-- @down
-- Dropping the tables this file created is the point of its down (their data goes with them;
-- the engine's down plan lists them), hence the ban-drop-table exceptions. Dropping a
-- partitioned table drops its partitions.
DROP EVENT TRIGGER IF EXISTS evt_schema_change_log_drop;
DROP EVENT TRIGGER IF EXISTS evt_schema_change_log_ddl;
DROP FUNCTION log_schema_change();
-- squawk-ignore ban-drop-table
DROP TABLE schema_change_log;
ALTER TABLE task_executions DROP CONSTRAINT fk_task_executions_agent;
ALTER TABLE tasks DROP CONSTRAINT fk_tasks_agent;
-- squawk-ignore ban-drop-table
DROP TABLE agent_audit_log;
-- squawk-ignore ban-drop-table
DROP TABLE conversation_history;
-- squawk-ignore ban-drop-table
DROP TABLE agent_knowledge;
-- squawk-ignore ban-drop-table
DROP TABLE trust_metrics;
DROP FUNCTION decision_rationale_decrypt(bytea);
-- squawk-ignore ban-drop-table
DROP TABLE agent_decisions;
DROP FUNCTION encrypt_decision_rationale();
DROP FUNCTION refuse_append_only_change();
DROP FUNCTION inherit_session_project();
-- squawk-ignore ban-drop-table
DROP TABLE agent_sessions;
DROP FUNCTION agent_sessions_links_immutable();
-- squawk-ignore ban-drop-table
DROP TABLE agent_capabilities;
-- squawk-ignore ban-drop-table
DROP TABLE agents;
-- squawk-ignore ban-drop-table
DROP TABLE agent_definitions;
-- pgcrypto goes only if the up created it (its comment says so).
DO $do$
BEGIN
    IF (SELECT obj_description(e.oid, 'pg_extension') FROM pg_catalog.pg_extension e
         WHERE e.extname = 'pgcrypto')
       = 'cryptographic functions; created by agentdb migration 0007_agents, whose down drops it'
    THEN
        DROP EXTENSION pgcrypto;
    END IF;
END
$do$;

-- @verify
SELECT count(*) = 10 FROM pg_class
 WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p')
   AND relname IN ('agent_definitions', 'agents', 'agent_capabilities', 'agent_sessions',
                   'agent_decisions', 'trust_metrics', 'agent_knowledge', 'conversation_history',
                   'agent_audit_log', 'schema_change_log');
-- The append-only tables are partitioned by their time column, each with its default partition.
SELECT count(*) = 4 FROM pg_partitioned_table pt
  JOIN pg_class c ON c.oid = pt.partrelid
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = pt.partattrs[0]
 WHERE pt.partstrat = 'r'
   AND (c.relname, a.attname) IN (('agent_decisions', 'created_at'), ('trust_metrics', 'recorded_at'),
                                  ('conversation_history', 'created_at'),
                                  ('agent_audit_log', 'occurred_at'))
   AND EXISTS (SELECT 1 FROM pg_inherits i JOIN pg_class d ON d.oid = i.inhrelid
                WHERE i.inhparent = c.oid AND d.relname = c.relname || '_default'
                  AND pg_get_expr(d.relpartbound, d.oid) = 'DEFAULT');
-- Seed 001's foreign key from tasks.
SELECT count(*) = 1 FROM pg_constraint
 WHERE conrelid = 'public.tasks'::regclass AND conname = 'fk_tasks_agent'
   AND confrelid = 'public.agents'::regclass AND confdeltype = 'n';
-- The per-type trust metric ranges.
SELECT count(*) = 4 FROM pg_constraint
 WHERE conrelid = 'public.trust_metrics'::regclass
   AND conname IN ('chk_trust_metrics_accuracy_range', 'chk_trust_metrics_autonomy_range',
                   'chk_trust_metrics_complexity_range', 'chk_trust_metrics_trust_level_value');
-- pgcrypto is in public and round-trips.
SELECT public.pgp_sym_decrypt(public.pgp_sym_encrypt('agentdb', 'verify-key', 'cipher-algo=aes256'),
                              'verify-key') = 'agentdb';
-- The audit log refuses UPDATE and DELETE on every partition (row triggers are cloned), and
-- TRUNCATE on the parent and on every partition (statement triggers are not).
SELECT count(*) = 0 FROM (
    SELECT c.oid FROM pg_class c
     WHERE c.oid = 'public.agent_audit_log'::regclass
        OR c.oid IN (SELECT relid FROM pg_partition_tree('public.agent_audit_log'))
    EXCEPT
    SELECT t.tgrelid FROM pg_trigger t
     WHERE t.tgname = 'trg_agent_audit_log_no_truncate' AND t.tgenabled <> 'D'
) missing;
SELECT count(*) = 0 FROM pg_partition_tree('public.agent_audit_log') p
 WHERE NOT EXISTS (SELECT 1 FROM pg_trigger t
                    WHERE t.tgrelid = p.relid AND t.tgname = 'trg_agent_audit_log_append_only'
                      AND t.tgenabled <> 'D');
-- Schema-change audit: both event triggers, enabled, or neither (migrator was not a superuser).
SELECT count(*) IN (0, 2) AND bool_and(evtenabled <> 'D') IS NOT FALSE FROM pg_event_trigger
 WHERE evtname IN ('evt_schema_change_log_ddl', 'evt_schema_change_log_drop');
-- Every foreign key of these tables says what happens on delete and has an index whose leading
-- columns are the key's columns (on a partitioned table, the index of the parent).
DO $verify$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT c.conname, c.conrelid::regclass AS tbl, c.confdeltype, c.conkey
          FROM pg_constraint c
         WHERE c.contype = 'f' AND c.conparentid = 0
           AND c.conrelid IN ('public.agent_definitions'::regclass, 'public.agents'::regclass,
                              'public.agent_capabilities'::regclass,
                              'public.agent_sessions'::regclass,
                              'public.agent_decisions'::regclass,
                              'public.trust_metrics'::regclass,
                              'public.agent_knowledge'::regclass,
                              'public.conversation_history'::regclass,
                              'public.agent_audit_log'::regclass,
                              'public.schema_change_log'::regclass, 'public.tasks'::regclass)
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
