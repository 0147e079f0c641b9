-- Dashboard: server health and migration state in one row (works before the first migration).
-- replication: on a standby, how far replay is behind (the commit time of the last replayed
-- transaction; it grows while the primary is idle); on a primary, its standbys and their worst
-- replay lag. long_xacts: other sessions with a transaction open for 5 minutes or more.
-- migrations: also for a role that may not read the migration history (the project roles of
-- 0010 have no USAGE on the agentdb schema, and to_regclass there would raise 42501).
SELECT current_setting('server_version') AS version,
       pg_size_pretty(pg_database_size(current_database())) AS size,
       (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()) AS connections,
       CASE WHEN pg_is_in_recovery() THEN 'standby' ELSE 'primary' END AS role,
       CASE WHEN pg_is_in_recovery()
            THEN 'replay lag ' || coalesce(date_trunc('second', now() - pg_last_xact_replay_timestamp())::text,
                                           'unknown (nothing replayed since the standby started)')
            ELSE (SELECT CASE WHEN count(*) = 0 THEN 'no standbys'
                              ELSE count(*) || ' standby' || CASE WHEN count(*) > 1 THEN 's' ELSE '' END
                                   || ', replay lag ' || coalesce(date_trunc('second', max(r.replay_lag))::text, '0')
                         END
                    FROM pg_catalog.pg_stat_replication r)
       END AS replication,
       (SELECT count(*) FROM pg_catalog.pg_stat_activity a
         WHERE a.backend_type = 'client backend' AND a.pid <> pg_backend_pid()
           AND a.xact_start < now() - interval '5 minutes') AS long_xacts,
       CASE WHEN to_regnamespace('agentdb') IS NULL THEN 'no migrations applied'
            WHEN NOT has_schema_privilege('agentdb', 'USAGE') THEN 'not visible to this role'
            WHEN to_regclass('agentdb.schema_versions') IS NULL THEN 'no migrations applied'
            WHEN NOT has_table_privilege('agentdb.schema_versions', 'SELECT')
                THEN 'not visible to this role'
            ELSE (xpath('/row/v/text()',
                        query_to_xml('SELECT coalesce(max(version), 0) || '' ('' || count(*) || '' applied)'' AS v
                                        FROM agentdb.schema_versions', false, true, '')))[1]::text
       END AS migrations
