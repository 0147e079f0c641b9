-- check: trust_level_chain
-- severity: error
-- description: trust-level changes that do not chain, or agents whose level is not their last
--
-- Each trust_level row of trust_metrics (and, for periods retention aggregated, of
-- trust_metrics_daily) moves an agent from previous_level to new_level: its previous_level must
-- be the new_level of the agent's change before it, and agents.trust_level the new_level of the
-- last one.
WITH ev AS (
    SELECT 'trust_metrics'::text AS tbl, m.id::text AS id, m.agent_id, m.recorded_at AS at,
           m.previous_level, m.new_level
      FROM public.trust_metrics m
     WHERE m.metric_type = 'trust_level'
    UNION ALL
    SELECT 'trust_metrics_daily', d.day::text, d.agent_id, d.first_recorded_at,
           d.first_previous_level, d.last_new_level
      FROM public.trust_metrics_daily d
     WHERE d.metric_type = 'trust_level'
), seq AS (
    SELECT ev.*,
           lag(ev.new_level) OVER (PARTITION BY ev.agent_id ORDER BY ev.at, ev.id) AS prior_level,
           row_number() OVER (PARTITION BY ev.agent_id ORDER BY ev.at DESC, ev.id DESC) AS from_end
      FROM ev
)
SELECT s.tbl AS "table", s.id, s.agent_id, s.at, s.previous_level AS level_before,
       s.prior_level AS expected, 'does not follow the change before it' AS problem
  FROM seq s
 WHERE s.prior_level IS NOT NULL AND s.previous_level IS DISTINCT FROM s.prior_level
UNION ALL
SELECT 'agents', a.id::text, a.id, s.at, a.trust_level, s.new_level,
       'agent level is not its last change'
  FROM public.agents a
  JOIN seq s ON s.agent_id = a.id AND s.from_end = 1
 WHERE a.trust_level IS DISTINCT FROM s.new_level
 ORDER BY 3, 4, 2
