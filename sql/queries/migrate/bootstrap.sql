-- Creates the migration engine's own history (idempotent; run under the migration lock).
SET client_min_messages = warning;
CREATE SCHEMA IF NOT EXISTS agentdb;
COMMENT ON SCHEMA agentdb IS 'agentdb migration engine history; managed by agentdb, do not edit by hand';
CREATE TABLE IF NOT EXISTS agentdb.schema_versions (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    state text NOT NULL CHECK (state IN ('applied', 'partial', 'baseline')),
    applied_at timestamptz NOT NULL DEFAULT now(),
    applied_by text NOT NULL DEFAULT session_user,
    client text,
    duration_ms double precision,
    statements_done integer NOT NULL DEFAULT 0,
    no_transaction boolean NOT NULL DEFAULT false,
    irreversible boolean NOT NULL DEFAULT false,
    down_sql text NOT NULL
);
COMMENT ON TABLE agentdb.schema_versions IS 'Current migration state: one row per applied migration, with the down SQL needed to roll it back';
CREATE TABLE IF NOT EXISTS agentdb.schema_version_events (
    id bigserial PRIMARY KEY,
    version integer NOT NULL,
    event text NOT NULL CHECK (event IN ('up', 'down', 'failure', 'repair', 'baseline', 'resume')),
    at timestamptz NOT NULL DEFAULT now(),
    actor text NOT NULL DEFAULT session_user,
    client text,
    checksum text,
    duration_ms double precision,
    detail text
);
COMMENT ON TABLE agentdb.schema_version_events IS 'Append-only log of every migration up, down, failure, repair and baseline';
CREATE OR REPLACE FUNCTION agentdb.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'agentdb.schema_version_events is append-only'
        USING ERRCODE = '55000', HINT = 'the migration history is never rewritten';
END;
$$;
CREATE OR REPLACE TRIGGER schema_version_events_append_only
    BEFORE UPDATE OR DELETE ON agentdb.schema_version_events
    FOR EACH ROW EXECUTE FUNCTION agentdb.refuse_change();
RESET client_min_messages;
-- Demo and bench data loads ('demo load'), so an append never reuses a load's ids.
SET client_min_messages = warning;
CREATE TABLE IF NOT EXISTS agentdb.demo_loads (
    id serial PRIMARY KEY,
    scale numeric NOT NULL,
    seed bigint NOT NULL,
    epoch timestamptz NOT NULL,
    loaded_at timestamptz NOT NULL DEFAULT now(),
    loaded_by text NOT NULL DEFAULT session_user,
    duration_ms double precision
);
COMMENT ON TABLE agentdb.demo_loads IS 'Demo data loads made by agentdb demo load';
RESET client_min_messages;
