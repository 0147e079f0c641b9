-- Health, connections section: client connections to the whole server by state, with the share
-- of the connections ordinary roles may open (max_connections less the superuser reserve), and a
-- total row. problem is set on the total when it reaches 90% of that.
WITH c AS (
    SELECT coalesce(a.state, 'unknown') AS state,
           a.datname = current_database() AS here
      FROM pg_catalog.pg_stat_activity a
     WHERE a.backend_type = 'client backend'
), lim AS (
    SELECT current_setting('max_connections')::integer
           - current_setting('superuser_reserved_connections')::integer AS usable
)
SELECT s.state, s.connections, s.this_database,
       round(100.0 * s.connections / nullif(lim.usable, 0), 1) AS pct_of_max,
       CASE WHEN s.state = 'total' AND s.connections >= 0.9 * lim.usable
            THEN format('%s of %s usable connections in use', s.connections, lim.usable)
       END AS problem
  FROM (SELECT c.state, count(*) AS connections, count(*) FILTER (WHERE c.here) AS this_database,
               0 AS ord
          FROM c GROUP BY c.state
        UNION ALL
        SELECT 'total', count(*), count(*) FILTER (WHERE c.here), 1 FROM c) s
 CROSS JOIN lim
 ORDER BY s.ord, s.connections DESC, s.state
