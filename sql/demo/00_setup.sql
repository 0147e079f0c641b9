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
-- same value, whatever order or parallelism the server uses.
CREATE FUNCTION pg_temp.dr(salt text, i bigint) RETURNS double precision
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT ('x' || substr(md5(current_setting('agentdb.demo_seed') || ':' || salt || ':' || i), 1, 13))::bit(52)::bigint
           / 4503599627370496.0
$$;

-- Integer in [lo, hi].
CREATE FUNCTION pg_temp.di(salt text, i bigint, lo bigint, hi bigint) RETURNS bigint
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT lo + floor(pg_temp.dr(salt, i) * (hi - lo + 1))::bigint
$$;

-- Deterministic uuid for the i-th object of a kind in this load (batch keeps appends distinct).
CREATE FUNCTION pg_temp.duuid(kind text, i bigint) RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT md5(current_setting('agentdb.demo_seed') || ':' || current_setting('agentdb.demo_batch')
               || ':' || kind || ':' || i)::uuid
$$;

CREATE FUNCTION pg_temp.scale() RETURNS numeric
    LANGUAGE sql STABLE AS $$ SELECT current_setting('agentdb.demo_scale')::numeric $$;

CREATE FUNCTION pg_temp.epoch() RETURNS timestamptz
    LANGUAGE sql STABLE AS $$ SELECT current_setting('agentdb.demo_epoch')::timestamptz $$;

-- How many of a kind at this scale: round(n * scale), at least lo.
CREATE FUNCTION pg_temp.cnt(n numeric, lo bigint) RETURNS bigint
    LANGUAGE sql STABLE AS $$ SELECT greatest(lo, round(n * pg_temp.scale()))::bigint $$;

-- Pick one element of an array.
CREATE FUNCTION pg_temp.pick(arr text[], salt text, i bigint) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT arr[1 + floor(pg_temp.dr(salt, i) * array_length(arr, 1))::int]
$$;
