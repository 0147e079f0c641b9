-- Partition maintenance and retention (design/schema.md "Partition maintenance"; seed 000's "table
-- partitioning" and "data retention policies", seed 004's retention periods). retention_policies
-- holds one row per append-only partitioned table (0004-0008): how it is partitioned (monthly or
-- daily), how long rows stay in the live table, what happens to them then (detach into an archive
-- table, drop, or aggregate into trust_metrics_daily and drop), how long archives are kept, and how
-- many partitions to create ahead. The functions:
--   partition_create(table, from, to)  create the dated partitions covering [from, to);
--   partition_maintain(now)            create every policy table's partitions ahead (premake);
--   retention_plan(now)                what retention_apply would do, partition by partition;
--   retention_apply(now, limit)        do it, at most limit partitions per call (a batch).
-- They run as their owner (SECURITY DEFINER; EXECUTE is revoked from PUBLIC and granted to
-- agentdb_admin by 0010), because only a table's owner may create, detach and drop its partitions.
-- The console calls them (retention plan/apply); with pg_cron installed, schedule
--   SELECT cron.schedule('agentdb-retention', '15 0 * * *',
--                        'SELECT * FROM public.retention_apply()');
-- in this database (cron.schedule_in_database from another one).
--
-- Partitions are UTC months (<table>_pYYYYMM) or UTC days (<table>_pYYYYMMDD): the functions run
-- with TimeZone = UTC, so the bounds never depend on the caller's time zone. Indexes and row
-- triggers come from the parent (PostgreSQL clones them); statement-level triggers (the
-- append-only tables' BEFORE TRUNCATE refusals) are not cloned, so partition_create copies them,
-- and it copies the parent's row-level security switches too. No privilege is granted on a
-- partition: roles read and write through the parent, where row-level security applies.
--
-- This migration moves no rows. Its up creates, for every policy table, the current period's
-- partition and premake periods ahead, except where the DEFAULT partition already holds rows of
-- that period (a database that ran without dated partitions): those are reported (WARNING) and
-- left to partition_create(..., p_move_default => true). Its down drops every dated partition;
-- rows they hold are first moved back into the table's DEFAULT partition, so rolling back loses
-- no data. Archive tables (partitions detached by retention_apply) are standalone tables: the
-- down leaves them, with their rows.
-- @up

-- ---------------------------------------------------------------------------------------------
-- retention_policies (seed 000 "data retention policies", seed 004 "Data Retention").
-- ---------------------------------------------------------------------------------------------
CREATE TABLE retention_policies (
    table_name         text        NOT NULL,
    partition_interval interval    NOT NULL,
    keep_active        interval    NOT NULL,
    keep_archived      interval,
    action             text        NOT NULL,
    -- A handful of partitions ahead; bigint would only widen the row.
    -- squawk-ignore prefer-bigint-over-int
    premake            integer     NOT NULL DEFAULT 3,
    reason             text        NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT retention_policies_pkey PRIMARY KEY (table_name),
    -- A table of schema public, by its plain (unquoted) name; trg_retention_policies_table checks
    -- it is range-partitioned on one timestamptz column. 50 characters leave room for the
    -- partition suffix (_pYYYYMMDD) within the 63-byte name limit.
    CONSTRAINT chk_retention_policies_table_name_format
        CHECK (table_name ~ '^[a-z_][a-z0-9_]{0,49}$'),
    -- Exactly one month or one day. Interval equality alone would let '30 days' pass as a month
    -- and '24 hours' as a day, so the field is checked too.
    CONSTRAINT chk_retention_policies_partition_interval CHECK (
        (partition_interval = interval '1 month' AND date_part('month', partition_interval) = 1)
        OR (partition_interval = interval '1 day' AND date_part('day', partition_interval) = 1)
    ),
    CONSTRAINT chk_retention_policies_keep_active_positive
        CHECK (keep_active >= interval '1 day'),
    -- Ages are measured from the row's time: archives outlive the live period.
    CONSTRAINT chk_retention_policies_keep_archived_after_active
        CHECK (keep_archived > keep_active),
    CONSTRAINT chk_retention_policies_action_valid
        CHECK (action IN ('detach', 'drop', 'aggregate')),
    -- Only detached partitions become archives.
    CONSTRAINT chk_retention_policies_keep_archived_detach
        CHECK (keep_archived IS NULL OR action = 'detach'),
    -- The aggregation is written for trust_metrics (into trust_metrics_daily).
    CONSTRAINT chk_retention_policies_aggregate_trust_metrics
        CHECK (action <> 'aggregate' OR table_name = 'trust_metrics'),
    CONSTRAINT chk_retention_policies_premake_range CHECK (premake BETWEEN 0 AND 100),
    CONSTRAINT chk_retention_policies_reason_length CHECK (char_length(reason) BETWEEN 1 AND 2000)
);
COMMENT ON TABLE retention_policies IS
    'Retention policies (seed 000 "data retention policies", seed 004 "Data Retention"): one row '
    'per append-only partitioned table: partition_interval (1 month or 1 day, UTC), keep_active '
    '(rows older than this leave the live table, a whole partition at a time: one whose upper '
    'bound is at least keep_active old), action (detach: the partition becomes a standalone '
    'archive table, dropped once keep_archived old, or kept until an operator drops it when '
    'keep_archived is NULL; drop; aggregate: trust_metrics rows are summarised into '
    'trust_metrics_daily, then dropped), premake (partitions created ahead of the current one), '
    'and the reason for the choice. Read by partition_maintain, retention_plan and '
    'retention_apply.';
COMMENT ON COLUMN retention_policies.keep_active IS
    'Age (from the row''s time) after which rows leave the live table. A partition goes when its '
    'upper bound is keep_active old, so rows stay between keep_active and keep_active plus one '
    'partition_interval.';
COMMENT ON COLUMN retention_policies.keep_archived IS
    'detach only: age (from the row''s time, not from the detach) at which the archive table is '
    'dropped. NULL: archives are kept until an operator drops them.';
COMMENT ON COLUMN retention_policies.premake IS
    'Partitions created ahead of the one holding now(): 3 months, or 7 days.';

CREATE TRIGGER trg_retention_policies_updated_at
    BEFORE UPDATE ON retention_policies
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- The policy's table must be one the functions can maintain.
CREATE FUNCTION retention_policies_table() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    rel      regclass := to_regclass(format('public.%I', NEW.table_name));
    strategy "char";
    keytypes oid[];
BEGIN
    SELECT pt.partstrat, ARRAY(SELECT a.atttypid
                                 FROM unnest(pt.partattrs::int2[]) AS k(attnum)
                                 JOIN pg_catalog.pg_attribute a
                                   ON a.attrelid = pt.partrelid AND a.attnum = k.attnum)
      INTO strategy, keytypes
      FROM pg_catalog.pg_partitioned_table pt
     WHERE pt.partrelid = rel;
    IF rel IS NULL OR strategy IS DISTINCT FROM 'r'
       OR keytypes IS DISTINCT FROM ARRAY['timestamptz'::regtype::oid] THEN
        RAISE EXCEPTION 'retention policy for "%": not a table partitioned by range on one '
                        'timestamptz column', NEW.table_name
            USING ERRCODE = '23514',
                  CONSTRAINT = 'trg_retention_policies_table',
                  SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME, COLUMN = 'table_name',
                  DETAIL = CASE WHEN rel IS NULL THEN 'There is no table public.'
                                     || quote_ident(NEW.table_name) || '.'
                                WHEN strategy IS NULL THEN 'The table is not partitioned.'
                                ELSE 'Its partition key is not RANGE on one timestamptz column.'
                           END,
                  HINT = 'Policies name the append-only tables of migrations 0004-0008 '
                         '(PARTITION BY RANGE on their time column).';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION retention_policies_table() IS
    'BEFORE INSERT OR UPDATE trigger on retention_policies: table_name must be a table of schema '
    'public partitioned by RANGE on one timestamptz column.';

CREATE TRIGGER trg_retention_policies_table
    BEFORE INSERT OR UPDATE OF table_name ON retention_policies
    FOR EACH ROW EXECUTE FUNCTION retention_policies_table();

-- Seed 004's periods, and choices for the tables the seeds give none. Monthly partitions unless
-- the table is both high-rate and short-lived (then daily, so a day's rows leave at once).
INSERT INTO retention_policies (table_name, partition_interval, keep_active, keep_archived,
                                action, premake, reason) VALUES
    ('conversation_history', '1 month', '90 days', '1 year', 'detach', 3,
     'Seed 004: conversation history is active for 90 days and kept archived up to 1 year; 004 '
     'also asks for monthly partitions.'),
    ('agent_decisions', '1 month', '6 months', '2 years', 'detach', 3,
     'Seed 004: decision logs are active for 6 months and kept archived up to 2 years.'),
    ('agent_audit_log', '1 month', '3 years', NULL, 'drop', 3,
     'Seed 004: audit logs are kept 3 years (compliance requirement), then dropped; dropping a '
     'whole partition is the only way rows leave this append-only table.'),
    ('trust_metrics', '1 month', '30 days', NULL, 'aggregate', 3,
     'Seed 004: trust metrics are aggregated after 30 days: a month partition entirely older than '
     '30 days is summarised per agent, metric type and day into trust_metrics_daily (count, sum, '
     'min, max, first and last level) and dropped. Raw rows live 30 to 61 days. Monthly, not '
     'daily: a few rows per session do not justify 30 partitions.'),
    ('task_events', '1 month', '13 months', '3 years', 'detach', 3,
     'No seed period. The task audit trail (seed 000) stays live for 13 months (a year back from '
     'any day of the current month, for year-over-year questions) and is kept archived up to 3 '
     'years like the agent audit log (seed 004''s compliance period).'),
    ('experiences', '1 month', '6 months', '1 year', 'detach', 3,
     'No seed period. The RL replay buffer (seed 000) trains on recent behaviour: 6 months live; '
     'archives are kept up to a year for export to external analysis tools (seed 000), then '
     'dropped. Episode totals stay in learning_episodes.'),
    ('metrics', '1 day', '30 days', NULL, 'drop', 7,
     'No seed period. The highest-rate table (a row per point): daily partitions, 30 days, like a '
     'Prometheus server''s default horizon; long-term trends belong to the reports.'),
    ('agent_transformation_events', '1 month', '90 days', NULL, 'drop', 3,
     'No seed period. Seed 003 keeps transformation events for debugging and replay of recent '
     'routing; 90 days covers an incident investigation.'),
    ('router_performance_metrics', '1 day', '90 days', NULL, 'drop', 7,
     'No seed period. A row per routing decision (high rate): daily partitions; 90 days keep a '
     'quarter of accuracy and latency trend (report_router_accuracy) and of feedback.');

-- ---------------------------------------------------------------------------------------------
-- trust_metrics_daily (seed 004 "Trust metrics: Aggregate after 30 days"): what retention keeps
-- of trust_metrics once the raw rows are dropped.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE trust_metrics_daily (
    day                  date         NOT NULL,
    agent_id             uuid         NOT NULL,
    metric_type          text         NOT NULL,
    samples              bigint       NOT NULL,
    value_sum            numeric      NOT NULL,
    value_min            numeric(5,2) NOT NULL,
    value_max            numeric(5,2) NOT NULL,
    first_recorded_at    timestamptz  NOT NULL,
    last_recorded_at     timestamptz  NOT NULL,
    -- Trust levels are 0-4.
    -- squawk-ignore prefer-bigint-over-int
    first_previous_level integer,
    -- squawk-ignore prefer-bigint-over-int
    last_new_level       integer,
    aggregated_at        timestamptz  NOT NULL DEFAULT now(),
    -- One row per agent, metric type and day; also the foreign-key index (agent_id leads).
    CONSTRAINT trust_metrics_daily_pkey PRIMARY KEY (agent_id, metric_type, day),
    CONSTRAINT chk_trust_metrics_daily_metric_type_valid
        CHECK (metric_type IN ('accuracy', 'autonomy', 'complexity', 'trust_level')),
    CONSTRAINT chk_trust_metrics_daily_samples_positive CHECK (samples >= 1),
    -- The summary is consistent, and within trust_metrics' range for the type.
    CONSTRAINT chk_trust_metrics_daily_values CHECK (
        value_min <= value_max
        AND value_sum BETWEEN value_min * samples AND value_max * samples
        AND value_min >= 0
        AND value_max <= CASE metric_type WHEN 'accuracy' THEN 100 WHEN 'complexity' THEN 1
                                          ELSE 4 END
    ),
    -- Both times fall on the row's day (UTC), in order.
    CONSTRAINT chk_trust_metrics_daily_recorded_on_day CHECK (
        first_recorded_at <= last_recorded_at
        AND (first_recorded_at AT TIME ZONE 'UTC')::date = day
        AND (last_recorded_at AT TIME ZONE 'UTC')::date = day
    ),
    -- Levels only on trust_level rows, like trust_metrics.
    CONSTRAINT chk_trust_metrics_daily_levels CHECK (
        CASE WHEN metric_type = 'trust_level'
             THEN coalesce(first_previous_level BETWEEN 0 AND 4 AND last_new_level BETWEEN 0 AND 4,
                           false)
             ELSE first_previous_level IS NULL AND last_new_level IS NULL
        END
    ),
    -- An agent's trust history goes with the agent (as fk_trust_metrics_agent does).
    CONSTRAINT fk_trust_metrics_daily_agent FOREIGN KEY (agent_id)
        REFERENCES agents (id) ON DELETE CASCADE
);
COMMENT ON TABLE trust_metrics_daily IS
    'Daily trust-metric aggregates (seed 004 "Trust metrics: Aggregate after 30 days"): written '
    'by retention_apply from a trust_metrics partition just before it drops it, one row per '
    'agent, metric type and UTC day: samples, sum (mean = value_sum / samples), min, max, first '
    'and last time, and for trust_level rows the level before the day''s first change and after '
    'its last (so the trust history still chains, day by day). Sessions are not kept.';
COMMENT ON COLUMN trust_metrics_daily.samples IS
    'Raw rows summarised; for trust_level, the number of level changes that day.';

-- ---------------------------------------------------------------------------------------------
-- Reading the partitions of a table.
-- ---------------------------------------------------------------------------------------------
-- The attached partitions of p_table with their bounds (MINVALUE and MAXVALUE as -infinity and
-- infinity; both NULL for the DEFAULT partition). pg_get_expr writes the bounds with the
-- session's DateStyle and TimeZone, and they are read back in the same session.
CREATE FUNCTION partition_ranges(p_table regclass)
    RETURNS TABLE (partition regclass, range_from timestamptz, range_to timestamptz,
                   is_default boolean)
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT c.oid::regclass,
           CASE WHEN b.m[1] = 'MINVALUE' THEN '-infinity'::timestamptz
                WHEN b.m[1] = 'MAXVALUE' THEN 'infinity'::timestamptz
                ELSE trim(both '''' from b.m[1])::timestamptz END,
           CASE WHEN b.m[2] = 'MINVALUE' THEN '-infinity'::timestamptz
                WHEN b.m[2] = 'MAXVALUE' THEN 'infinity'::timestamptz
                ELSE trim(both '''' from b.m[2])::timestamptz END,
           b.m IS NULL
      FROM pg_inherits i
      JOIN pg_class c ON c.oid = i.inhrelid
     CROSS JOIN LATERAL (SELECT regexp_match(pg_get_expr(c.relpartbound, c.oid),
                                             '^FOR VALUES FROM \((.*)\) TO \((.*)\)$') AS m) b
     WHERE i.inhparent = p_table
$$;
COMMENT ON FUNCTION partition_ranges(regclass) IS
    'The partitions attached to a range-partitioned table, with their bounds [range_from, '
    'range_to); is_default for the DEFAULT partition (bounds NULL).';

-- The periods of p_table's grid (UTC months or days, from its policy) in [p_from, p_to) that no
-- attached partition overlaps, with the partition name each would get and the number of rows of
-- its range now in the DEFAULT partition (which would have to move into it).
CREATE FUNCTION partition_missing(p_table regclass, p_from timestamptz, p_to timestamptz)
    RETURNS TABLE (partition_name text, range_from timestamptz, range_to timestamptz,
                   default_rows bigint)
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
    SET TimeZone = 'UTC'
    SET DateStyle = 'ISO, YMD'
AS $$
DECLARE
    relname  name;
    step     interval;
    unit     text;
    keycol   name;
    def      regclass;
    existing record;
    lo       timestamptz;
    hi       timestamptz;
    periods  integer := 0;
    covered boolean;
BEGIN
    SELECT c.relname INTO relname
      FROM pg_class c
     WHERE c.oid = p_table AND c.relnamespace = 'public'::regnamespace;
    SELECT p.partition_interval INTO step
      FROM public.retention_policies p
     WHERE p.table_name = relname;
    IF step IS NULL THEN
        RAISE EXCEPTION 'no retention policy for table %', p_table
            USING ERRCODE = '55000',
                  HINT = 'Partitioned tables are maintained through retention_policies: insert '
                         'a row for the table first.';
    END IF;
    IF p_from IS NULL OR p_to IS NULL OR NOT isfinite(p_from) OR NOT isfinite(p_to)
       OR p_from >= p_to THEN
        RAISE EXCEPTION 'partition range [%, %) is not a finite, non-empty range', p_from, p_to
            USING ERRCODE = '22023';
    END IF;
    unit := CASE WHEN step = interval '1 day' THEN 'day' ELSE 'month' END;
    SELECT a.attname, nullif(pt.partdefid, 0)::regclass INTO keycol, def
      FROM pg_partitioned_table pt
      JOIN pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = pt.partattrs[0]
     WHERE pt.partrelid = p_table;
    lo := date_trunc(unit, p_from);
    WHILE lo < p_to LOOP
        periods := periods + 1;
        IF periods > 10000 THEN
            RAISE EXCEPTION 'partition range [%, %) spans more than 10000 %s', p_from, p_to, unit
                USING ERRCODE = '22023';
        END IF;
        hi := lo + step;
        covered := false;
        FOR existing IN
            SELECT r.range_from, r.range_to
              FROM public.partition_ranges(p_table) r
             WHERE NOT r.is_default
        LOOP
            IF existing.range_from < hi AND existing.range_to > lo THEN
                covered := true;
                EXIT;
            END IF;
        END LOOP;
        IF NOT covered THEN
            partition_name := relname || '_p' || to_char(lo, CASE unit WHEN 'day' THEN 'YYYYMMDD'
                                                                       ELSE 'YYYYMM' END);
            range_from := lo;
            range_to := hi;
            default_rows := 0;
            IF def IS NOT NULL THEN
                EXECUTE format('SELECT count(*) FROM %s WHERE %I >= $1 AND %I < $2',
                               def, keycol, keycol)
                   INTO default_rows USING lo, hi;
            END IF;
            RETURN NEXT;
        END IF;
        lo := hi;
    END LOOP;
END
$$;
COMMENT ON FUNCTION partition_missing(regclass, timestamptz, timestamptz) IS
    'The periods (UTC months or days, per the table''s retention policy) in [p_from, p_to) that '
    'no attached partition covers: the partition name, its range, and the rows of that range '
    'now in the DEFAULT partition.';

-- ---------------------------------------------------------------------------------------------
-- partition_create: one dated partition per missing period of [p_from, p_to).
-- ---------------------------------------------------------------------------------------------
-- All the functions that create, detach or drop partitions take the same transaction-level
-- advisory lock, so two maintenance runs (console and pg_cron) never race on one table:
-- pg_advisory_xact_lock(1885434484 ('part'), 0).
CREATE FUNCTION partition_create(p_table regclass, p_from timestamptz, p_to timestamptz,
                                 p_move_default boolean DEFAULT false)
    RETURNS integer
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET TimeZone = 'UTC'
    SET DateStyle = 'ISO, YMD'
AS $$
DECLARE
    m        record;
    trg      record;
    def      regclass;
    keycol   name;
    part     regclass;
    created  integer := 0;
    rls      boolean;
    rls_force boolean;
BEGIN
    PERFORM pg_advisory_xact_lock(1885434484, 0);
    SELECT a.attname, nullif(pt.partdefid, 0)::regclass INTO keycol, def
      FROM pg_partitioned_table pt
      JOIN pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = pt.partattrs[0]
     WHERE pt.partrelid = p_table;
    SELECT c.relrowsecurity, c.relforcerowsecurity INTO rls, rls_force
      FROM pg_class c WHERE c.oid = p_table;

    FOR m IN SELECT * FROM public.partition_missing(p_table, p_from, p_to) LOOP
        IF to_regclass(format('public.%I', m.partition_name)) IS NOT NULL THEN
            RAISE EXCEPTION 'cannot create partition % of %: a relation of that name exists',
                            m.partition_name, p_table
                USING ERRCODE = '42P07',
                      HINT = 'It may be an archive detached by retention_apply. Rename or drop '
                             'it, then call partition_create again.';
        END IF;
        IF m.default_rows = 0 THEN
            -- The DEFAULT partition is scanned (it holds none of the range) under an ACCESS
            -- EXCLUSIVE lock; empty or BRIN-indexed, that is brief.
            EXECUTE format('CREATE TABLE public.%I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
                           m.partition_name, p_table, m.range_from, m.range_to);
        ELSIF NOT p_move_default THEN
            RAISE EXCEPTION 'the default partition of % holds % rows in [%, %)', p_table,
                            m.default_rows, m.range_from, m.range_to
                USING ERRCODE = '55000',
                      DETAIL = format('Partition %s would own them; they cannot stay in %s once '
                                      'it exists.', m.partition_name, def),
                      HINT = format('SELECT partition_create(%L, %L, %L, p_move_default => true) '
                                    'moves them into the new partition, holding an ACCESS '
                                    'EXCLUSIVE lock on %s while it copies them.', p_table,
                                    m.range_from, m.range_to, p_table);
        ELSE
            -- Move the rows: fill a standalone copy of the parent (no triggers fire on it, so
            -- the rows are copied as they are), detach the default (which drops its cloned row
            -- triggers, so the append-only refusals do not see the DELETE), delete the moved rows
            -- from it, attach the copy (its rows are checked against the range) and re-attach
            -- the default (checked against every partition).
            EXECUTE format('CREATE TABLE public.%I (LIKE %s INCLUDING DEFAULTS INCLUDING '
                           'CONSTRAINTS INCLUDING GENERATED INCLUDING STORAGE INCLUDING '
                           'COMPRESSION)', m.partition_name, p_table);
            -- Every column but the generated ones, which the copy computes again.
            EXECUTE format('INSERT INTO public.%1$s (%2$s) SELECT %2$s FROM %3$s '
                           'WHERE %4$s >= $1 AND %4$s < $2',
                           quote_ident(m.partition_name),
                           (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum)
                              FROM pg_attribute a
                             WHERE a.attrelid = p_table AND a.attnum > 0 AND NOT a.attisdropped
                               AND a.attgenerated = ''),
                           def, quote_ident(keycol))
               USING m.range_from, m.range_to;
            EXECUTE format('ALTER TABLE %s DETACH PARTITION %s', p_table, def);
            EXECUTE format('DELETE FROM %s WHERE %I >= $1 AND %I < $2', def, keycol, keycol)
               USING m.range_from, m.range_to;
            EXECUTE format('ALTER TABLE %s ATTACH PARTITION public.%I FOR VALUES FROM (%L) TO '
                           '(%L)', p_table, m.partition_name, m.range_from, m.range_to);
            EXECUTE format('ALTER TABLE %s ATTACH PARTITION %s DEFAULT', p_table, def);
            RAISE NOTICE 'moved % rows of % from % into %', m.default_rows, p_table, def,
                         m.partition_name;
        END IF;
        part := format('public.%I', m.partition_name)::regclass;
        -- Statement-level triggers are not cloned to partitions (TRUNCATE of a partition fires
        -- only its own): give the partition each one its parent has.
        -- The server's own definition of the trigger, with the partition for the parent (both
        -- names as regclass writes them, quoted where needed).
        FOR trg IN
            SELECT t.oid
              FROM pg_trigger t
             WHERE t.tgrelid = p_table AND NOT t.tgisinternal AND (t.tgtype & 1) = 0
             ORDER BY t.tgname
        LOOP
            EXECUTE replace(pg_get_triggerdef(trg.oid), ' ON ' || p_table::text || ' ',
                            ' ON ' || part::text || ' ');
        END LOOP;
        -- Row-level security is not inherited either: a partition read directly must not show
        -- more than its parent (no role is granted a partition, but a grant may come later).
        IF rls THEN
            EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', part);
        END IF;
        IF rls_force THEN
            EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', part);
        END IF;
        created := created + 1;
    END LOOP;
    RETURN created;
END
$$;
COMMENT ON FUNCTION partition_create(regclass, timestamptz, timestamptz, boolean) IS
    'Creates the dated partitions (<table>_pYYYYMM or _pYYYYMMDD, UTC, per the table''s retention '
    'policy) covering [p_from, p_to) that do not exist yet; returns how many. Each gets the '
    'parent''s indexes and row triggers (cloned), its statement-level triggers and its '
    'row-level security switches. Rows of a new partition''s range found in the DEFAULT '
    'partition make it fail (SQLSTATE 55000, with the count), unless p_move_default: then they '
    'are moved into the new partition (the default is detached and re-attached around the move, '
    'an ACCESS EXCLUSIVE lock on the table throughout). Run as the owner.';

-- ---------------------------------------------------------------------------------------------
-- partition_maintain: every policy table's partitions ahead of time.
-- ---------------------------------------------------------------------------------------------
CREATE FUNCTION partition_maintain(p_now timestamptz DEFAULT now())
    RETURNS TABLE (table_name text, partition_name text, range_from timestamptz,
                   range_to timestamptz, status text)
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET TimeZone = 'UTC'
    SET DateStyle = 'ISO, YMD'
AS $$
DECLARE
    pol  record;
    m    record;
    rel  regclass;
    unit text;
    lo   timestamptz;
BEGIN
    PERFORM pg_advisory_xact_lock(1885434484, 0);
    FOR pol IN SELECT * FROM public.retention_policies p ORDER BY p.table_name LOOP
        rel := to_regclass(format('public.%I', pol.table_name));
        table_name := pol.table_name;
        IF rel IS NULL THEN
            partition_name := NULL;
            range_from := NULL;
            range_to := NULL;
            status := 'no such table';
            RETURN NEXT;
            CONTINUE;
        END IF;
        unit := CASE WHEN pol.partition_interval = interval '1 day' THEN 'day' ELSE 'month' END;
        lo := date_trunc(unit, p_now);
        FOR m IN
            SELECT * FROM public.partition_missing(rel, lo,
                                                   lo + (pol.premake + 1) * pol.partition_interval)
        LOOP
            partition_name := m.partition_name;
            range_from := m.range_from;
            range_to := m.range_to;
            IF m.default_rows = 0 THEN
                PERFORM public.partition_create(rel, m.range_from, m.range_to);
                status := 'created';
            ELSE
                status := format('blocked: %s rows in the default partition', m.default_rows);
                RAISE WARNING 'partition % of % not created: the default partition holds % rows '
                              'of its range', m.partition_name, rel, m.default_rows
                    USING HINT = format('SELECT partition_create(%L, %L, %L, p_move_default => '
                                        'true) moves them.', rel, m.range_from, m.range_to);
            END IF;
            RETURN NEXT;
        END LOOP;
    END LOOP;
END
$$;
COMMENT ON FUNCTION partition_maintain(timestamptz) IS
    'For every retention policy, creates the partition holding p_now and premake partitions '
    'ahead, where missing. Returns one row per partition it created (status created) or could '
    'not create because the DEFAULT partition holds rows of its range (status blocked; a '
    'WARNING says how to move them). Never moves rows. Safe to run often (pg_cron).';

-- ---------------------------------------------------------------------------------------------
-- retention_plan and retention_apply.
-- ---------------------------------------------------------------------------------------------
-- Row count of a partition or archive without reading a large one: the planner's estimate when
-- the table was analysed or vacuumed, an exact count when it was not and is at most 64 MB, NULL
-- otherwise.
CREATE FUNCTION retention_row_estimate(p_rel regclass) RETURNS bigint
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    tuples real;
    n      bigint;
BEGIN
    SELECT c.reltuples INTO tuples FROM pg_class c WHERE c.oid = p_rel;
    IF tuples >= 0 THEN
        RETURN tuples::bigint;
    END IF;
    IF pg_relation_size(p_rel) > 64 * 1024 * 1024 THEN
        RETURN NULL;
    END IF;
    EXECUTE format('SELECT count(*) FROM %s', p_rel) INTO n;
    RETURN n;
END
$$;
COMMENT ON FUNCTION retention_row_estimate(regclass) IS
    'Rows of a table: pg_class.reltuples once analysed, else an exact count up to 64 MB, else '
    'NULL.';

CREATE FUNCTION retention_plan(p_now timestamptz DEFAULT now())
    RETURNS TABLE (table_name text, partition_name text, range_from timestamptz,
                   range_to timestamptz, action text, rows_estimate bigint, bytes bigint)
    LANGUAGE plpgsql STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET TimeZone = 'UTC'
    SET DateStyle = 'ISO, YMD'
AS $$
DECLARE
    pol     record;
    r       record;
    rel     regclass;
    unit    text;
    lo      timestamptz;
    archive_after interval;
BEGIN
    FOR pol IN SELECT * FROM public.retention_policies p ORDER BY p.table_name LOOP
        rel := to_regclass(format('public.%I', pol.table_name));
        CONTINUE WHEN rel IS NULL;
        table_name := pol.table_name;
        unit := CASE WHEN pol.partition_interval = interval '1 day' THEN 'day' ELSE 'month' END;

        -- Partitions partition_maintain would create (rows_estimate: rows of the range in the
        -- DEFAULT partition; more than 0 means blocked).
        lo := date_trunc(unit, p_now);
        FOR r IN
            SELECT * FROM public.partition_missing(rel, lo,
                                                   lo + (pol.premake + 1) * pol.partition_interval)
        LOOP
            partition_name := r.partition_name;
            range_from := r.range_from;
            range_to := r.range_to;
            action := 'create';
            rows_estimate := r.default_rows;
            bytes := NULL;
            RETURN NEXT;
        END LOOP;

        -- Attached partitions whose rows are all older than keep_active. A detach policy drops
        -- at once a partition already past keep_archived.
        FOR r IN
            SELECT pr.partition, pr.range_from, pr.range_to
              FROM public.partition_ranges(rel) pr
             WHERE NOT pr.is_default AND pr.range_to <= p_now - pol.keep_active
             ORDER BY pr.range_from
        LOOP
            partition_name := (SELECT c.relname::text FROM pg_class c WHERE c.oid = r.partition);
            range_from := r.range_from;
            range_to := r.range_to;
            action := CASE WHEN pol.action = 'detach' AND pol.keep_archived IS NOT NULL
                                AND r.range_to <= p_now - pol.keep_archived THEN 'drop'
                           ELSE pol.action END;
            rows_estimate := public.retention_row_estimate(r.partition);
            bytes := pg_total_relation_size(r.partition);
            RETURN NEXT;
        END LOOP;

        -- Archives (partitions retention_apply detached: standalone tables named like a
        -- partition of this table, marked by their comment) past keep_archived. Under a drop or
        -- aggregate policy, an archive left from an earlier detach policy goes after keep_active.
        archive_after := CASE WHEN pol.action = 'detach' THEN pol.keep_archived
                              ELSE pol.keep_active END;
        CONTINUE WHEN archive_after IS NULL;
        FOR r IN
            SELECT a.oid, a.relname, a.lo, a.lo + CASE WHEN length(a.digits) = 8
                                                       THEN interval '1 day'
                                                       ELSE interval '1 month' END AS hi
              FROM (SELECT c.oid, c.relname, d.m[1] AS digits,
                           to_timestamp(d.m[1], CASE WHEN length(d.m[1]) = 8 THEN 'YYYYMMDD'
                                                     ELSE 'YYYYMM' END) AS lo
                      FROM pg_class c
                     CROSS JOIN LATERAL (SELECT regexp_match(
                                c.relname,
                                '^' || pol.table_name || '_p([0-9]{8}|[0-9]{6})$') AS m) d
                     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
                       AND NOT c.relispartition AND d.m IS NOT NULL
                       AND obj_description(c.oid, 'pg_class')
                           LIKE 'Retention archive of ' || pol.table_name || ' %') a
             ORDER BY a.lo
        LOOP
            CONTINUE WHEN r.hi > p_now - archive_after;
            partition_name := r.relname::text;
            range_from := r.lo;
            range_to := r.hi;
            action := 'drop';
            rows_estimate := public.retention_row_estimate(r.oid);
            bytes := pg_total_relation_size(r.oid);
            RETURN NEXT;
        END LOOP;
    END LOOP;
END
$$;
COMMENT ON FUNCTION retention_plan(timestamptz) IS
    'What retention_apply(p_now) would do, one row per partition, per table in the order it '
    'would do it: create (a partition ahead; rows_estimate = rows of its range in the DEFAULT '
    'partition, which block it), then, oldest first, detach, drop or aggregate (an attached '
    'partition whose upper bound is keep_active old; drop at once when a detach policy''s '
    'keep_archived has passed too) and drop (an archive table keep_archived old). rows_estimate '
    'is pg_class.reltuples, or an exact count for an unanalysed table up to 64 MB, else NULL; '
    'bytes is pg_total_relation_size.';

CREATE FUNCTION retention_apply(p_now timestamptz DEFAULT now(), p_limit integer DEFAULT NULL)
    RETURNS TABLE (table_name text, partition_name text, range_from timestamptz,
                   range_to timestamptz, action text, rows_estimate bigint, bytes bigint,
                   status text)
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET TimeZone = 'UTC'
    SET DateStyle = 'ISO, YMD'
AS $$
DECLARE
    r      record;
    parent regclass;
    part   regclass;
    done   integer := 0;
BEGIN
    IF p_limit IS NOT NULL AND p_limit < 1 THEN
        RAISE EXCEPTION 'p_limit must be at least 1 (or NULL for no limit)'
            USING ERRCODE = '22023';
    END IF;
    PERFORM pg_advisory_xact_lock(1885434484, 0);
    FOR r IN
        SELECT p.*
          FROM public.retention_plan(p_now) p
         ORDER BY p.action <> 'create', p.range_from, p.table_name
    LOOP
        EXIT WHEN done >= p_limit;
        table_name := r.table_name;
        partition_name := r.partition_name;
        range_from := r.range_from;
        range_to := r.range_to;
        action := r.action;
        rows_estimate := r.rows_estimate;
        bytes := r.bytes;
        parent := format('public.%I', r.table_name)::regclass;
        part := to_regclass(format('public.%I', r.partition_name));
        IF r.action = 'create' THEN
            IF r.rows_estimate > 0 THEN
                -- Not counted against p_limit: a client looping until a batch does nothing
                -- must not spin on it.
                status := format('blocked: %s rows in the default partition', r.rows_estimate);
                RETURN NEXT;
                CONTINUE;
            END IF;
            PERFORM public.partition_create(parent, r.range_from, r.range_to);
        ELSIF part IS NULL THEN
            CONTINUE;   -- gone since the plan was made
        ELSIF r.action = 'detach' THEN
            -- Not CONCURRENTLY: that form cannot run inside a transaction, and a function
            -- always runs in one. The ACCESS EXCLUSIVE lock on the parent is held to the end of
            -- the caller's transaction: commit between batches.
            EXECUTE format('ALTER TABLE %s DETACH PARTITION %s', parent, part);
            EXECUTE format('COMMENT ON TABLE %s IS %L', part,
                           format('Retention archive of %s rows in [%s, %s), detached by '
                                  'retention_apply at %s; dropped by retention_apply once '
                                  'keep_archived old (see retention_policies).', r.table_name,
                                  r.range_from, r.range_to, now()));
        ELSIF r.action = 'aggregate' THEN
            -- trust_metrics only (chk_retention_policies_aggregate_trust_metrics). A day split
            -- over two partitions, or aggregated twice, merges into one row.
            EXECUTE format(
                'INSERT INTO public.trust_metrics_daily AS d (day, agent_id, metric_type, samples, '
                '       value_sum, value_min, value_max, first_recorded_at, last_recorded_at, '
                '       first_previous_level, last_new_level) '
                'SELECT (t.recorded_at AT TIME ZONE ''UTC'')::date, t.agent_id, t.metric_type, '
                '       count(*), sum(t.metric_value), min(t.metric_value), max(t.metric_value), '
                '       min(t.recorded_at), max(t.recorded_at), '
                '       (array_agg(t.previous_level ORDER BY t.recorded_at, t.id))[1], '
                '       (array_agg(t.new_level ORDER BY t.recorded_at DESC, t.id DESC))[1] '
                '  FROM %s t GROUP BY 1, 2, 3 '
                'ON CONFLICT (agent_id, metric_type, day) DO UPDATE SET '
                '  samples = d.samples + excluded.samples, '
                '  value_sum = d.value_sum + excluded.value_sum, '
                '  value_min = least(d.value_min, excluded.value_min), '
                '  value_max = greatest(d.value_max, excluded.value_max), '
                '  first_recorded_at = least(d.first_recorded_at, excluded.first_recorded_at), '
                '  last_recorded_at = greatest(d.last_recorded_at, excluded.last_recorded_at), '
                '  first_previous_level = CASE WHEN excluded.first_recorded_at < '
                '      d.first_recorded_at THEN excluded.first_previous_level '
                '      ELSE d.first_previous_level END, '
                '  last_new_level = CASE WHEN excluded.last_recorded_at > d.last_recorded_at '
                '      THEN excluded.last_new_level ELSE d.last_new_level END, '
                '  aggregated_at = now()', part);
            -- DDL: the append-only triggers (row and TRUNCATE) do not fire.
            EXECUTE format('DROP TABLE %s', part);
        ELSE
            EXECUTE format('DROP TABLE %s', part);
        END IF;
        status := 'done';
        done := done + 1;
        RETURN NEXT;
    END LOOP;
END
$$;
COMMENT ON FUNCTION retention_apply(timestamptz, integer) IS
    'Carries out retention_plan(p_now), at most p_limit partitions (NULL: all): creates the '
    'partitions ahead first, then, oldest first, detaches (the partition becomes a standalone '
    'archive table, commented "Retention archive of ..."), aggregates (trust_metrics into '
    'trust_metrics_daily, then drops) or drops. Returns each step with status done, or blocked '
    'for a partition ahead whose range has rows in the DEFAULT partition (not counted against '
    'p_limit). Loop until a batch has no done row, committing in between: DETACH and DROP hold '
    'an ACCESS EXCLUSIVE lock on the table to the end of the transaction (DETACH ... '
    'CONCURRENTLY cannot run inside a function), so set lock_timeout. This is the only way rows '
    'leave the append-only tables (task_events, agent_audit_log): dropping and detaching '
    'partitions is DDL, which their UPDATE/DELETE/TRUNCATE refusals do not see. Run as the '
    'owner (SECURITY DEFINER; EXECUTE granted to agentdb_admin).';

-- Only the owner and agentdb_admin (granted by 0010) run maintenance.
REVOKE EXECUTE ON FUNCTION partition_create(regclass, timestamptz, timestamptz, boolean),
                           partition_maintain(timestamptz), retention_plan(timestamptz),
                           retention_apply(timestamptz, integer)
    FROM PUBLIC;

-- The partitions holding now and the premake periods ahead, for every policy table.
SELECT count(*) FROM partition_maintain(now());

-- @down
-- Every dated partition of the partitioned tables goes. Their rows move back into the table's
-- DEFAULT partition (detached meanwhile, so no trigger sees the copy), so that rolling back
-- this migration loses no data; empty partitions are just dropped. Archive tables are left.
DO $do$
DECLARE
    parent     record;
    part       record;
    def        regclass;
    cols       text;
    has_rows   boolean;
    full_parts regclass[];
    p          regclass;
BEGIN
    FOR parent IN
        SELECT pt.partrelid::regclass AS rel, nullif(pt.partdefid, 0)::regclass AS def
          FROM pg_catalog.pg_partitioned_table pt
          JOIN pg_catalog.pg_class c ON c.oid = pt.partrelid
         WHERE c.relnamespace = 'public'::regnamespace AND NOT c.relispartition
         ORDER BY c.relname
    LOOP
        def := parent.def;
        full_parts := '{}';
        FOR part IN
            SELECT r.partition FROM public.partition_ranges(parent.rel) r
             WHERE NOT r.is_default ORDER BY r.range_from
        LOOP
            EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s)', part.partition) INTO has_rows;
            IF has_rows THEN
                full_parts := full_parts || part.partition;
            ELSE
                EXECUTE format('DROP TABLE %s', part.partition);
            END IF;
        END LOOP;
        CONTINUE WHEN cardinality(full_parts) = 0;
        IF def IS NULL THEN
            RAISE EXCEPTION '% has no DEFAULT partition to take back the rows of %', parent.rel,
                            full_parts
                USING ERRCODE = '55000';
        END IF;
        SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO cols
          FROM pg_catalog.pg_attribute a
         WHERE a.attrelid = parent.rel AND a.attnum > 0 AND NOT a.attisdropped
           AND a.attgenerated = '';
        FOREACH p IN ARRAY full_parts LOOP
            EXECUTE format('ALTER TABLE %s DETACH PARTITION %s', parent.rel, p);
        END LOOP;
        EXECUTE format('ALTER TABLE %s DETACH PARTITION %s', parent.rel, def);
        FOREACH p IN ARRAY full_parts LOOP
            EXECUTE format('INSERT INTO %s (%s) SELECT %s FROM %s', def, cols, cols, p);
            EXECUTE format('DROP TABLE %s', p);
        END LOOP;
        EXECUTE format('ALTER TABLE %s ATTACH PARTITION %s DEFAULT', parent.rel, def);
        RAISE NOTICE 'rows of % moved back into %', parent.rel, def;
    END LOOP;
END
$do$;
DROP FUNCTION retention_apply(timestamptz, integer);
DROP FUNCTION retention_plan(timestamptz);
DROP FUNCTION retention_row_estimate(regclass);
DROP FUNCTION partition_maintain(timestamptz);
DROP FUNCTION partition_create(regclass, timestamptz, timestamptz, boolean);
DROP FUNCTION partition_missing(regclass, timestamptz, timestamptz);
DROP FUNCTION partition_ranges(regclass);
-- Dropping the tables this file created is the point of its down (their data goes with them;
-- the engine's down plan lists them), hence the ban-drop-table exceptions.
-- squawk-ignore ban-drop-table
DROP TABLE trust_metrics_daily;
DROP TRIGGER trg_retention_policies_table ON retention_policies;
DROP FUNCTION retention_policies_table();
DROP TRIGGER trg_retention_policies_updated_at ON retention_policies;
-- squawk-ignore ban-drop-table
DROP TABLE retention_policies;

-- @verify
SELECT count(*) = 2 FROM pg_class
 WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'
   AND relname IN ('retention_policies', 'trust_metrics_daily');
-- A policy for each of the nine append-only tables, with seed 004's periods.
SELECT array_agg(table_name ORDER BY table_name) = ARRAY[
           'agent_audit_log', 'agent_decisions', 'agent_transformation_events',
           'conversation_history', 'experiences', 'metrics', 'router_performance_metrics',
           'task_events', 'trust_metrics']
  FROM retention_policies;
SELECT count(*) = 4 FROM retention_policies p
  JOIN (VALUES ('conversation_history', interval '90 days', interval '1 year', 'detach'),
               ('agent_decisions', interval '6 months', interval '2 years', 'detach'),
               ('agent_audit_log', interval '3 years', NULL, 'drop'),
               ('trust_metrics', interval '30 days', NULL, 'aggregate'))
       AS s (table_name, keep_active, keep_archived, action)
    ON s.table_name = p.table_name AND s.keep_active = p.keep_active
   AND s.keep_archived IS NOT DISTINCT FROM p.keep_archived AND s.action = p.action;
-- Every policy table has dated partitions (the up created the current period's and premake
-- ahead; later ones come from partition_maintain, and sql/checks reports missing ones), and each
-- dated partition of an append-only table carries the parent's TRUNCATE refusal.
SELECT count(*) = 0 FROM retention_policies p
 WHERE NOT EXISTS (SELECT 1 FROM partition_ranges(format('public.%I', p.table_name)::regclass) r
                    WHERE NOT r.is_default);
SELECT count(*) = 0 FROM pg_trigger pt
  JOIN pg_inherits i ON i.inhparent = pt.tgrelid
 WHERE NOT pt.tgisinternal AND (pt.tgtype & 1) = 0
   AND pt.tgrelid IN (SELECT format('public.%I', table_name)::regclass FROM retention_policies)
   AND NOT EXISTS (SELECT 1 FROM pg_trigger ct
                    WHERE ct.tgrelid = i.inhrelid AND ct.tgname = pt.tgname);
-- The plan can be made (it only reads).
SELECT count(*) >= 0 FROM retention_plan(now());
-- Every foreign key says what happens on delete and has an index led by its columns.
DO $verify$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT c.conname, c.conrelid::regclass AS tbl, c.confdeltype, c.conkey
          FROM pg_constraint c
         WHERE c.contype = 'f'
           AND c.conrelid IN ('public.retention_policies'::regclass,
                              'public.trust_metrics_daily'::regclass)
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
