SELECT to_regclass('agentdb.schema_versions') IS NOT NULL
