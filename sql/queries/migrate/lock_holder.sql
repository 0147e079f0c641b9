-- Who holds the migration lock (a bigint key below 2^31 shows as classid 0, objid key, objsubid 1).
SELECT a.pid::text, coalesce(nullif(a.application_name, ''), '?'), coalesce(a.usename::text, '?'),
       coalesce(a.client_addr::text, 'local')
  FROM pg_locks l
  JOIN pg_stat_activity a ON a.pid = l.pid
 WHERE l.locktype = 'advisory' AND l.granted
   AND l.classid = 0 AND l.objid = $1::bigint::oid AND l.objsubid = 1
 LIMIT 1
