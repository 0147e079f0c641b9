SELECT version, name, checksum, state, to_char(applied_at, 'YYYY-MM-DD HH24:MI:SSOF'), applied_by,
       round(duration_ms::numeric, 1)::text, down_sql, statements_done, irreversible
  FROM agentdb.schema_versions
 ORDER BY version
