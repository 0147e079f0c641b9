-- Demo generator, step 0: deterministic helpers (session-temporary, nothing is left behind) and
-- bulk-load mode. Parameters come from 'demo load' through current_setting('agentdb.demo_*').
-- Bulk mode (session_replication_role = replica) skips the row triggers: the generator writes
-- rows that already obey every rule, and writes the audit trail (task_events) itself, with the
-- full status history a real run would leave. CHECK constraints still apply. Needs a superuser.
DO $$
BEGIN
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        RAISE EXCEPTION 'demo load writes in bulk mode, which needs a superuser'
            USING ERRCODE = '42501',
                  HINT = 'Load demo data into a scratch database you own as superuser '
                         '(agentdb --local is one).';
    END IF;
END
$$;
SET LOCAL session_replication_role = replica;

-- Uniform double in [0, 1) from the seed, a salt and an index: the same inputs always give the
-- same value, whatever order or parallelism the server uses. It uses the portable hash functions
-- of hash partitioning (stable across platforms and releases), several times faster than md5,
-- which matters at tens of millions of calls.
CREATE OR REPLACE FUNCTION pg_temp.dr(salt text, i bigint) RETURNS double precision
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT (hashint8extended(i, hashtextextended(salt, current_setting('agentdb.demo_seed')::bigint))
            & 4503599627370495)::double precision / 4503599627370496.0
$$;

-- Integer in [lo, hi].
CREATE OR REPLACE FUNCTION pg_temp.di(salt text, i bigint, lo bigint, hi bigint) RETURNS bigint
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT lo + floor(pg_temp.dr(salt, i) * (hi - lo + 1))::bigint
$$;

-- Deterministic uuid for the i-th object of a kind in this load (batch keeps appends distinct).
CREATE OR REPLACE FUNCTION pg_temp.duuid(kind text, i bigint) RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT md5(current_setting('agentdb.demo_seed') || ':' || current_setting('agentdb.demo_batch')
               || ':' || kind || ':' || i)::uuid
$$;

CREATE OR REPLACE FUNCTION pg_temp.scale() RETURNS numeric
    LANGUAGE sql STABLE AS $$ SELECT current_setting('agentdb.demo_scale')::numeric $$;

CREATE OR REPLACE FUNCTION pg_temp.epoch() RETURNS timestamptz
    LANGUAGE sql STABLE AS $$ SELECT current_setting('agentdb.demo_epoch')::timestamptz $$;

-- How many of a kind at this scale: round(n * scale), at least lo.
CREATE OR REPLACE FUNCTION pg_temp.cnt(n numeric, lo bigint) RETURNS bigint
    LANGUAGE sql STABLE AS $$ SELECT greatest(lo, round(n * pg_temp.scale()))::bigint $$;

-- Pick one element of an array.
CREATE OR REPLACE FUNCTION pg_temp.pick(arr text[], salt text, i bigint) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT arr[1 + floor(pg_temp.dr(salt, i) * array_length(arr, 1))::int]
$$;

-- The agent roster, shared by the steps that name agents before or after 40_agents.sql writes
-- them: agent a (1..agents_n()) has type agent_types()[1 + (a - 1) % 6], so every type has at
-- least one agent (at least 8 agents), and agent_pick() draws one agent of a type.
CREATE OR REPLACE FUNCTION pg_temp.agent_types() RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT ARRAY['NLPAgent', 'CodeAgent', 'DataAgent', 'ResearchAgent', 'OrchestratorAgent',
                 'EvaluatorAgent']
$$;

CREATE OR REPLACE FUNCTION pg_temp.agents_n() RETURNS bigint
    LANGUAGE sql STABLE AS $$ SELECT pg_temp.cnt(50, 8) $$;

CREATE OR REPLACE FUNCTION pg_temp.agent_pick(agent_type text, salt text, i bigint) RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT pg_temp.duuid('agent', array_position(pg_temp.agent_types(), agent_type)
                                  + 6 * pg_temp.di(salt, i, 0, (pg_temp.agents_n()
                                        - array_position(pg_temp.agent_types(), agent_type)) / 6))
$$;

-- Bulk steps sort and hash millions of rows. Their plans cost enough to be JIT-compiled, which
-- takes longer than the statements themselves (the helper functions make them look expensive).
SET LOCAL work_mem = '128MB';
SET LOCAL jit = off;
