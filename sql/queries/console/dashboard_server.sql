-- Dashboard: server health and migration state in one row (works before the first migration).
SELECT current_setting('server_version') AS version,
       pg_size_pretty(pg_database_size(current_database())) AS size,
       (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()) AS connections,
       CASE WHEN pg_is_in_recovery() THEN 'standby' ELSE 'primary' END AS role,
       CASE WHEN to_regclass('agentdb.schema_versions') IS NULL THEN 'no migrations applied'
            ELSE (xpath('/row/v/text()',
                        query_to_xml('SELECT coalesce(max(version), 0) || '' ('' || count(*) || '' applied)'' AS v
                                        FROM agentdb.schema_versions', false, true, '')))[1]::text
       END AS migrations
