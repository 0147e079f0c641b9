INSERT INTO agentdb.schema_version_events (version, event, client, checksum, duration_ms, detail)
VALUES ($1::integer, $2, $3, $4, $5::double precision, $6)
