DELETE FROM agentdb.schema_versions WHERE version = $1::integer
