UPDATE agentdb.schema_versions SET statements_done = $2::integer WHERE version = $1::integer
