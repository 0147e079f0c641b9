-- The last result of each integrity check ('check run'), kept in the migration engine's schema
-- with agentdb's other bookkeeping: it is the tool's state, not application data, so no migration
-- owns it (a rollback never drops it) and schema dumps of public leave it out. Idempotent.
SET client_min_messages = warning;
CREATE SCHEMA IF NOT EXISTS agentdb;
CREATE TABLE IF NOT EXISTS agentdb.check_results (
    check_name  text PRIMARY KEY,
    severity    text NOT NULL CHECK (severity IN ('error', 'warning')),
    result      text NOT NULL CHECK (result IN ('pass', 'fail', 'error')),
    offending   bigint CHECK (offending >= 0),
    sample_ids  text[] NOT NULL DEFAULT '{}',
    error       text,
    duration_ms double precision NOT NULL,
    ran_at      timestamptz NOT NULL DEFAULT now(),
    ran_by      text NOT NULL DEFAULT session_user
);
COMMENT ON TABLE agentdb.check_results IS 'Last result of each integrity check (agentdb check run); one row per check, rows of one run share ran_at';
RESET client_min_messages;
