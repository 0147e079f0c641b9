-- Health, replication section. On a standby, one row: lag = now() - the commit time of the
-- last replayed transaction (it grows while the primary is idle, too) and the bytes received
-- but not yet replayed. On a primary, one row per replica from pg_stat_replication (replay_lag
-- is NULL once a replica has caught up and nothing is written), or one 'no replicas' row.
SELECT 'standby' AS role, NULL::text AS replica, 'in recovery' AS state, NULL::text AS sync_state,
       (now() - pg_last_xact_replay_timestamp())::text AS lag,
       pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())::bigint AS lag_bytes
 WHERE pg_is_in_recovery()
UNION ALL
SELECT CASE WHEN pg_is_in_recovery() THEN 'standby' ELSE 'primary' END,
       concat_ws(' ', nullif(r.application_name, ''), coalesce(r.client_addr::text, 'local')),
       r.state, r.sync_state, r.replay_lag::text,
       CASE WHEN NOT pg_is_in_recovery()
            THEN pg_wal_lsn_diff(pg_current_wal_lsn(), r.replay_lsn)::bigint END
  FROM pg_catalog.pg_stat_replication r
UNION ALL
SELECT 'primary', NULL, 'no replicas', NULL, NULL, NULL
 WHERE NOT pg_is_in_recovery() AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_stat_replication)
