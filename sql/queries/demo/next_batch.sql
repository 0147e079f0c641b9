SELECT coalesce(max(id), 0)::text FROM agentdb.demo_loads
