-- Health, server section: version, the latency the client measured ($1, in ms), this database's
-- size, uptime, role and the connection limit. Works on a primary and a standby.
SELECT current_setting('server_version') AS version,
       $1::numeric AS latency_ms,
       current_database() AS database,
       pg_database_size(current_database()) AS size_bytes,
       pg_size_pretty(pg_database_size(current_database())) AS size,
       date_trunc('second', now() - pg_postmaster_start_time())::text AS uptime,
       CASE WHEN pg_is_in_recovery() THEN 'standby' ELSE 'primary' END AS role,
       current_setting('max_connections')::integer AS max_connections
