INSERT INTO agentdb.schema_versions
       (version, name, checksum, state, client, duration_ms, statements_done, no_transaction,
        irreversible, down_sql)
VALUES ($1::integer, $2, $3, $4, $5, $6::double precision, $7::integer, $8::boolean,
        $9::boolean, $10)
ON CONFLICT (version) DO UPDATE
   SET state = EXCLUDED.state, duration_ms = EXCLUDED.duration_ms,
       statements_done = EXCLUDED.statements_done, applied_at = now()
