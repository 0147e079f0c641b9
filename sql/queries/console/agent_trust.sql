-- Agent screen: trust over time: accuracy measurements (for the chart) and level changes.
SELECT t.metric_type, t.metric_value::float8 AS value, t.previous_level, t.new_level,
       to_char(t.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day
  FROM (SELECT * FROM trust_metrics
         WHERE agent_id = $1::uuid AND metric_type IN ('accuracy', 'trust_level')
         ORDER BY recorded_at DESC LIMIT 400) t
 ORDER BY t.recorded_at
