-- Health, transactions section: other sessions (any database) whose transaction has been open
-- at least $1, or that have sat idle in a transaction at least $2 (both intervals). Query text
-- is shown only as far as pg_stat_activity lets this role see it.
SELECT a.pid, a.datname AS database, a.usename AS username,
       nullif(a.application_name, '') AS application,
       coalesce(a.client_addr::text, 'local') AS client, a.state,
       date_trunc('second', now() - a.xact_start)::text AS xact_age,
       date_trunc('second', now() - a.state_change)::text AS state_age,
       CASE WHEN a.state IN ('idle in transaction', 'idle in transaction (aborted)')
                 AND now() - a.state_change >= $2::interval
            THEN 'idle in transaction for ' || date_trunc('second', now() - a.state_change)
            ELSE 'transaction open for ' || date_trunc('second', now() - a.xact_start) END
           AS problem,
       left(regexp_replace(a.query, '\s+', ' ', 'g'), 120) AS query
  FROM pg_catalog.pg_stat_activity a
 WHERE a.backend_type = 'client backend' AND a.pid <> pg_backend_pid()
   AND a.xact_start IS NOT NULL
   AND (now() - a.xact_start >= $1::interval
        OR (a.state IN ('idle in transaction', 'idle in transaction (aborted)')
            AND now() - a.state_change >= $2::interval))
 ORDER BY a.xact_start, a.pid
