UPDATE agentdb.schema_versions SET checksum = $2, down_sql = $3, name = $4 WHERE version = $1::integer
