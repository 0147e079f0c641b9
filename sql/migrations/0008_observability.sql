-- Observability: metrics (seed 001's "Metrics Table", named in its table of contents only, so
-- designed here as a generic time series), and seed 003's agent_transformation_events and
-- router_performance_metrics. All three are append-only time series: partitioned by their time
-- column with one DEFAULT partition (the partition-maintenance migration creates the real ones),
-- BRIN on the time column, and no foreign key pointing into them.
--
-- References: metric points name agents, tasks, workflows and projects by id without foreign
-- keys: a point must outlive what it measured (tasks go with their workflow), and a key check on
-- every point would lock the hot parent rows (FOR KEY SHARE) on the ingest path. sql/checks lists
-- orphans. Transformation events keep seed 003's foreign key to agent_definitions (ON DELETE SET
-- NULL); their session_id and correlation_id are tracing ids, possibly from outside this
-- database, so they have no foreign key either.
--
-- Tenancy: transformation events and router metrics describe the routing layer (operator data,
-- not filtered by row-level security); metrics carries an optional project_id for per-project
-- series.
-- @up

-- ---------------------------------------------------------------------------------------------
-- metrics (seed 001): one row per measured point.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE metrics (
    -- bigint identity rather than uuid: the highest-rate table (a row per point), never
    -- referenced by id from elsewhere; an ever-increasing 8-byte key keeps the primary key
    -- index append-only and half the size, where random uuids would touch a random leaf per row.
    id          bigint           GENERATED ALWAYS AS IDENTITY,
    recorded_at timestamptz      NOT NULL DEFAULT now(),
    name        text             NOT NULL,
    metric_kind text             NOT NULL DEFAULT 'gauge',
    value       double precision NOT NULL,
    unit        text,
    labels      jsonb            NOT NULL DEFAULT '{}'::jsonb,
    project_id  uuid,
    agent_id    uuid,
    task_id     uuid,
    workflow_id uuid,
    CONSTRAINT metrics_pkey PRIMARY KEY (id, recorded_at),
    -- Prometheus-style names, plus dots: task.duration_seconds, router_cache_hits_total.
    CONSTRAINT chk_metrics_name_format CHECK (name ~ '^[A-Za-z_:][A-Za-z0-9_:.]{0,199}$'),
    CONSTRAINT chk_metrics_metric_kind_valid
        CHECK (metric_kind IN ('gauge', 'counter', 'histogram', 'summary')),
    -- NaN compares greater than every number, so it fails this too.
    CONSTRAINT chk_metrics_value_finite
        CHECK (value > '-Infinity'::double precision AND value < 'Infinity'::double precision),
    CONSTRAINT chk_metrics_unit_length CHECK (char_length(unit) BETWEEN 1 AND 32),
    -- Labels are a flat object of strings, small enough to stay a label and not a payload.
    CONSTRAINT chk_metrics_labels_strings CHECK (
        jsonb_typeof(labels) = 'object' AND
        NOT jsonb_path_exists(labels, 'strict $.* ? (@.type() != "string")')
    ),
    CONSTRAINT chk_metrics_labels_size CHECK (pg_column_size(labels) <= 4096)
) PARTITION BY RANGE (recorded_at);
CREATE TABLE metrics_default PARTITION OF metrics DEFAULT;
CREATE INDEX idx_metrics_recorded_at_brin ON metrics USING brin (recorded_at);
-- A series over time: WHERE name = $1 AND recorded_at >= $2.
CREATE INDEX idx_metrics_name_recorded ON metrics (name, recorded_at DESC);
CREATE INDEX idx_metrics_project_recorded ON metrics (project_id, recorded_at DESC)
    WHERE project_id IS NOT NULL;
CREATE INDEX idx_metrics_agent_recorded ON metrics (agent_id, recorded_at DESC)
    WHERE agent_id IS NOT NULL;
CREATE INDEX idx_metrics_task ON metrics (task_id) WHERE task_id IS NOT NULL;
CREATE INDEX idx_metrics_workflow_recorded ON metrics (workflow_id, recorded_at)
    WHERE workflow_id IS NOT NULL;
COMMENT ON TABLE metrics IS
    'Metrics (seed 001, "Metrics Table"): a generic time series, one row per point: name, kind, '
    'value, unit and string labels, optionally tied to a project, agent, task or workflow (by id, '
    'without foreign keys: points outlive what they measured). Append-only, partitioned by '
    'recorded_at.';
COMMENT ON TABLE metrics_default IS
    'Default partition of metrics; partition maintenance keeps it empty.';
COMMENT ON COLUMN metrics.metric_kind IS
    'gauge (a level), counter (monotonic total: aggregate with rates), histogram or summary.';
COMMENT ON COLUMN metrics.labels IS
    'Dimensions of the point, a flat JSON object of strings (at most 4 kB).';

-- ---------------------------------------------------------------------------------------------
-- agent_transformation_events (seed 003): an agent taking on another identity, with routing
-- confidence and strategy, timings, quality and the full context for replay.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE agent_transformation_events (
    id                          uuid         NOT NULL DEFAULT gen_random_uuid(),
    started_at                  timestamptz  NOT NULL DEFAULT now(),
    completed_at                timestamptz,
    event_type                  text         NOT NULL,
    -- Seed 003's tracing ids: one correlation id per request across services, and the
    -- conversation's session id.
    correlation_id              uuid         NOT NULL,
    session_id                  uuid,
    -- Seed 003's self reference for nested transformations. A foreign key cannot point into a
    -- partitioned table unless it includes the partition key, so this is a plain column, checked
    -- by sql/checks (orphans).
    parent_event_id             uuid,
    agent_definition_id         uuid,
    source_agent                text,
    target_agent                text         NOT NULL,
    transformation_reason       text,
    routing_confidence          numeric(5,4),
    routing_strategy            text,
    -- Durations in ms stay far below 2^31 (24 days).
    -- squawk-ignore prefer-bigint-over-int
    transformation_duration_ms  integer,
    -- squawk-ignore prefer-bigint-over-int
    initialization_duration_ms  integer,
    -- squawk-ignore prefer-bigint-over-int
    total_execution_duration_ms integer,
    quality_score               numeric(5,4),
    error_type                  text,
    error_message               text,
    context_snapshot            jsonb        NOT NULL DEFAULT '{}'::jsonb,
    CONSTRAINT agent_transformation_events_pkey PRIMARY KEY (id, started_at),
    CONSTRAINT chk_agent_transformation_events_event_type_valid
        CHECK (event_type IN ('transformation_start', 'transformation_complete',
                              'transformation_failed')),
    CONSTRAINT chk_agent_transformation_events_timestamps_ordered
        CHECK (completed_at >= started_at),
    CONSTRAINT chk_agent_transformation_events_parent_not_self CHECK (parent_event_id <> id),
    CONSTRAINT chk_agent_transformation_events_source_agent_length
        CHECK (char_length(source_agent) BETWEEN 1 AND 100),
    CONSTRAINT chk_agent_transformation_events_target_agent_length
        CHECK (char_length(target_agent) BETWEEN 1 AND 100),
    CONSTRAINT chk_agent_transformation_events_reason_length
        CHECK (char_length(transformation_reason) <= 10000),
    CONSTRAINT chk_agent_transformation_events_routing_confidence_range
        CHECK (routing_confidence BETWEEN 0 AND 1),
    CONSTRAINT chk_agent_transformation_events_routing_strategy_format
        CHECK (routing_strategy ~ '^[a-z][a-z0-9_]{0,49}$'),
    CONSTRAINT chk_agent_transformation_events_durations_nonnegative
        CHECK (transformation_duration_ms >= 0 AND initialization_duration_ms >= 0 AND
               total_execution_duration_ms >= 0),
    CONSTRAINT chk_agent_transformation_events_quality_score_range
        CHECK (quality_score BETWEEN 0 AND 1),
    CONSTRAINT chk_agent_transformation_events_error_type_length
        CHECK (char_length(error_type) BETWEEN 1 AND 100),
    CONSTRAINT chk_agent_transformation_events_error_message_length
        CHECK (char_length(error_message) <= 10000),
    CONSTRAINT chk_agent_transformation_events_context_object
        CHECK (jsonb_typeof(context_snapshot) = 'object'),
    CONSTRAINT chk_agent_transformation_events_context_size
        CHECK (pg_column_size(context_snapshot) <= 1048576),
    -- Seed 003's link to the definition. The event is history: it outlives the definition.
    CONSTRAINT fk_agent_transformation_events_definition FOREIGN KEY (agent_definition_id)
        REFERENCES agent_definitions (id) ON DELETE SET NULL
) PARTITION BY RANGE (started_at);
CREATE TABLE agent_transformation_events_default
    PARTITION OF agent_transformation_events DEFAULT;
CREATE INDEX idx_agent_transformation_events_started_at_brin
    ON agent_transformation_events USING brin (started_at);
CREATE INDEX idx_agent_transformation_events_definition
    ON agent_transformation_events (agent_definition_id);
CREATE INDEX idx_agent_transformation_events_correlation
    ON agent_transformation_events (correlation_id, started_at);
CREATE INDEX idx_agent_transformation_events_session
    ON agent_transformation_events (session_id, started_at) WHERE session_id IS NOT NULL;
CREATE INDEX idx_agent_transformation_events_parent
    ON agent_transformation_events (parent_event_id) WHERE parent_event_id IS NOT NULL;
CREATE INDEX idx_agent_transformation_events_target_started
    ON agent_transformation_events (target_agent, started_at DESC);
CREATE INDEX idx_agent_transformation_events_source_started
    ON agent_transformation_events (source_agent, started_at DESC) WHERE source_agent IS NOT NULL;
CREATE INDEX idx_agent_transformation_events_type_started
    ON agent_transformation_events (event_type, started_at DESC);
-- Failed transformations, for debugging.
CREATE INDEX idx_agent_transformation_events_failed
    ON agent_transformation_events (started_at DESC) WHERE event_type = 'transformation_failed';
CREATE INDEX idx_agent_transformation_events_context_gin
    ON agent_transformation_events USING gin (context_snapshot jsonb_path_ops);
COMMENT ON TABLE agent_transformation_events IS
    'Agent transformation events (seed 003): an agent (source_agent) taking on the identity of '
    'target_agent, with the definition used, routing confidence and strategy, transformation, '
    'initialization and execution times, quality score, error, and a JSONB context snapshot for '
    'debugging and replay; correlation_id and session_id for tracing; parent_event_id for nested '
    'transformations (no foreign key: it would point into a partitioned table). Append-only, '
    'partitioned by started_at.';
COMMENT ON TABLE agent_transformation_events_default IS
    'Default partition of agent_transformation_events; partition maintenance keeps it empty.';
COMMENT ON COLUMN agent_transformation_events.parent_event_id IS
    'The enclosing transformation''s id (seed 003''s self reference), without a foreign key.';

-- ---------------------------------------------------------------------------------------------
-- router_performance_metrics (seed 003): one row per routing decision.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE router_performance_metrics (
    -- bigint identity rather than uuid: a row per routing decision at the router's request rate;
    -- see metrics.id. Feedback refers to a row by (id, measured_at).
    id                         bigint       GENERATED ALWAYS AS IDENTITY,
    measured_at                timestamptz  NOT NULL DEFAULT now(),
    metric_type                text         NOT NULL DEFAULT 'routing_decision',
    correlation_id             uuid,
    session_id                 uuid,
    -- SHA-256 (hex) of the normalised request, for deduplication and cache analysis.
    request_hash               text,
    selected_agent             text,
    -- Seed 003's 4-component confidence: trigger 40%, context 30%, capability 20%, historical
    -- 10% (the weights are the router's; confidence_score is what it computed).
    confidence_score           numeric(5,4),
    trigger_confidence         numeric(5,4),
    context_confidence         numeric(5,4),
    capability_confidence      numeric(5,4),
    historical_confidence      numeric(5,4),
    -- Microsecond timings (an integer holds 35 minutes).
    -- squawk-ignore prefer-bigint-over-int
    total_routing_time_us      integer      NOT NULL,
    -- squawk-ignore prefer-bigint-over-int
    trigger_matching_time_us   integer,
    -- squawk-ignore prefer-bigint-over-int
    confidence_scoring_time_us integer,
    -- squawk-ignore prefer-bigint-over-int
    cache_lookup_time_us       integer,
    cache_hit                  boolean      NOT NULL DEFAULT false,
    -- squawk-ignore prefer-bigint-over-int
    cache_age_seconds          integer,
    alternatives               jsonb        NOT NULL DEFAULT '[]'::jsonb,
    actual_quality_score       numeric(5,4),
    -- Seed 003's prediction error: predicted confidence minus the quality actually observed
    -- (positive: over-confident). NULL until the quality is known.
    prediction_error           numeric(6,4) GENERATED ALWAYS AS
        (confidence_score - actual_quality_score) STORED,
    feedback                   text,
    feedback_comment           text,
    feedback_at                timestamptz,
    CONSTRAINT router_performance_metrics_pkey PRIMARY KEY (id, measured_at),
    CONSTRAINT chk_router_performance_metrics_metric_type_valid
        CHECK (metric_type IN ('routing_decision', 'routing_fallback', 'routing_error')),
    CONSTRAINT chk_router_performance_metrics_request_hash_format
        CHECK (request_hash ~ '^[0-9a-f]{64}$'),
    CONSTRAINT chk_router_performance_metrics_selected_agent_length
        CHECK (char_length(selected_agent) BETWEEN 1 AND 100),
    -- Only a routing error may leave the agent unselected.
    CONSTRAINT chk_router_performance_metrics_selected_agent_present
        CHECK (metric_type = 'routing_error' OR selected_agent IS NOT NULL),
    CONSTRAINT chk_router_performance_metrics_confidence_range
        CHECK (confidence_score BETWEEN 0 AND 1),
    CONSTRAINT chk_router_performance_metrics_trigger_confidence_range
        CHECK (trigger_confidence BETWEEN 0 AND 1),
    CONSTRAINT chk_router_performance_metrics_context_confidence_range
        CHECK (context_confidence BETWEEN 0 AND 1),
    CONSTRAINT chk_router_performance_metrics_capability_confidence_range
        CHECK (capability_confidence BETWEEN 0 AND 1),
    CONSTRAINT chk_router_performance_metrics_historical_confidence_range
        CHECK (historical_confidence BETWEEN 0 AND 1),
    CONSTRAINT chk_router_performance_metrics_timings_nonnegative
        CHECK (total_routing_time_us >= 0 AND trigger_matching_time_us >= 0 AND
               confidence_scoring_time_us >= 0 AND cache_lookup_time_us >= 0),
    -- A cache age only makes sense for a hit.
    CONSTRAINT chk_router_performance_metrics_cache_age
        CHECK (cache_age_seconds IS NULL OR (cache_age_seconds >= 0 AND cache_hit)),
    CONSTRAINT chk_router_performance_metrics_alternatives_array
        CHECK (jsonb_typeof(alternatives) = 'array'),
    CONSTRAINT chk_router_performance_metrics_actual_quality_range
        CHECK (actual_quality_score BETWEEN 0 AND 1),
    CONSTRAINT chk_router_performance_metrics_feedback_valid
        CHECK (feedback IN ('correct', 'incorrect', 'partially_correct')),
    CONSTRAINT chk_router_performance_metrics_feedback_comment_length
        CHECK (char_length(feedback_comment) <= 10000),
    -- feedback_at: when the feedback was given, after the decision.
    CONSTRAINT chk_router_performance_metrics_feedback_at
        CHECK (feedback_at IS NULL OR (feedback_at >= measured_at AND feedback IS NOT NULL))
) PARTITION BY RANGE (measured_at);
CREATE TABLE router_performance_metrics_default PARTITION OF router_performance_metrics DEFAULT;
CREATE INDEX idx_router_performance_metrics_measured_at_brin
    ON router_performance_metrics USING brin (measured_at);
CREATE INDEX idx_router_performance_metrics_agent_measured
    ON router_performance_metrics (selected_agent, measured_at DESC);
CREATE INDEX idx_router_performance_metrics_correlation
    ON router_performance_metrics (correlation_id) WHERE correlation_id IS NOT NULL;
CREATE INDEX idx_router_performance_metrics_session
    ON router_performance_metrics (session_id, measured_at) WHERE session_id IS NOT NULL;
-- Deduplication: "was this request routed recently, and where?".
CREATE INDEX idx_router_performance_metrics_request_hash
    ON router_performance_metrics (request_hash, measured_at DESC) WHERE request_hash IS NOT NULL;
-- Threshold monitoring: decisions slower than the 100 ms target.
CREATE INDEX idx_router_performance_metrics_slow
    ON router_performance_metrics (measured_at DESC) WHERE total_routing_time_us >= 100000;
-- Prediction accuracy: decisions whose quality is known, by error.
CREATE INDEX idx_router_performance_metrics_prediction_error
    ON router_performance_metrics (prediction_error) WHERE prediction_error IS NOT NULL;
-- The feedback queue for the learning loop.
CREATE INDEX idx_router_performance_metrics_feedback
    ON router_performance_metrics (measured_at DESC) WHERE feedback IS NOT NULL;
COMMENT ON TABLE router_performance_metrics IS
    'Router performance metrics (seed 003): one row per routing decision: microsecond timings '
    '(target < 100 ms), the selected agent and alternatives, the 4-component confidence '
    '(trigger 40%, context 30%, capability 20%, historical 10%), cache hit and age, the request '
    'hash, the quality observed later and the prediction error, and human feedback. '
    'Append-only, partitioned by measured_at.';
COMMENT ON TABLE router_performance_metrics_default IS
    'Default partition of router_performance_metrics; partition maintenance keeps it empty.';
COMMENT ON COLUMN router_performance_metrics.alternatives IS
    'The other candidate agents with their scores, a JSON array (seed 003).';
COMMENT ON COLUMN router_performance_metrics.prediction_error IS
    'confidence_score - actual_quality_score (generated): positive when the router was '
    'over-confident.';
COMMENT ON COLUMN router_performance_metrics.feedback IS
    'Human-in-the-loop judgement of the routing: correct, incorrect or partially_correct.';

-- @down
-- Dropping the tables this file created is the point of its down (their data goes with them;
-- the engine's down plan lists them), hence the ban-drop-table exceptions. Dropping a
-- partitioned table drops its partitions.
-- squawk-ignore ban-drop-table
DROP TABLE router_performance_metrics;
-- squawk-ignore ban-drop-table
DROP TABLE agent_transformation_events;
-- squawk-ignore ban-drop-table
DROP TABLE metrics;

-- @verify
-- The three tables, partitioned by range on their time column, each with its default partition.
SELECT count(*) = 3 FROM pg_partitioned_table pt
  JOIN pg_class c ON c.oid = pt.partrelid
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = pt.partattrs[0]
 WHERE c.relnamespace = 'public'::regnamespace AND pt.partstrat = 'r'
   AND (c.relname, a.attname) IN (('metrics', 'recorded_at'),
                                  ('agent_transformation_events', 'started_at'),
                                  ('router_performance_metrics', 'measured_at'))
   AND EXISTS (SELECT 1 FROM pg_inherits i JOIN pg_class d ON d.oid = i.inhrelid
                WHERE i.inhparent = c.oid AND d.relname = c.relname || '_default'
                  AND pg_get_expr(d.relpartbound, d.oid) = 'DEFAULT');
-- The 4 confidence components, each in [0, 1].
SELECT count(*) = 5 FROM pg_constraint
 WHERE conrelid = 'public.router_performance_metrics'::regclass
   AND conname IN ('chk_router_performance_metrics_confidence_range',
                   'chk_router_performance_metrics_trigger_confidence_range',
                   'chk_router_performance_metrics_context_confidence_range',
                   'chk_router_performance_metrics_capability_confidence_range',
                   'chk_router_performance_metrics_historical_confidence_range');
-- Every foreign key says what happens on delete and has an index led by its columns.
DO $verify$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT c.conname, c.conrelid::regclass AS tbl, c.confdeltype, c.conkey
          FROM pg_constraint c
         WHERE c.contype = 'f' AND c.conparentid = 0
           AND c.conrelid IN ('public.metrics'::regclass,
                              'public.agent_transformation_events'::regclass,
                              'public.router_performance_metrics'::regclass)
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
