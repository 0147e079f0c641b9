INSERT INTO agentdb.demo_loads (scale, seed, epoch, duration_ms)
VALUES ($1::numeric, $2::bigint, $3::timestamptz, $4::double precision)
