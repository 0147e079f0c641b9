-- Health: one round trip, timed by the client for the latency figure.
SELECT 1
