-- Demo generator, step 4: the agent registry (agent_definitions: 16 definition families with 1 to
-- 4 versions each), the agents (about 50 at scale 1, at least 8; the roster of 00_setup.sql, which
-- 30_tasks.sql already drew the tasks' agents from), their capabilities, and each agent's trust
-- history: the trust_level rows of trust_metrics chain (each change starts from the level the
-- previous one reached, from L0 at creation), and agents.trust_level is where the chain ends.
-- Definition names carry the load's batch after the first load, so --append stays unique.

-- Definition families: a persona, the agent type it serves, its capabilities and triggers.
CREATE TEMP TABLE demo_family ON COMMIT DROP AS
SELECT f.ord::int AS f, f.persona, f.agent_type, f.caps, f.trigs,
       replace(f.persona, '_', '-') || '-agent'
           || CASE WHEN current_setting('agentdb.demo_batch') = '0' THEN ''
                   ELSE '-b' || current_setting('agentdb.demo_batch') END AS agent_name,
       pg_temp.di('def-nv', f.ord, 1, 4)::int AS nv
  FROM (VALUES
        (1, 'developer', 'CodeAgent', ARRAY['python', 'typescript', 'sql', 'refactoring', 'unit-testing'],
         ARRAY['implement', 'fix bug', 'add endpoint', 'write code']),
        (2, 'architect', 'CodeAgent', ARRAY['system-design', 'api-design', 'code-review', 'sql'],
         ARRAY['design', 'architecture', 'schema', 'interface']),
        (3, 'reviewer', 'CodeAgent', ARRAY['code-review', 'static-analysis', 'unit-testing'],
         ARRAY['review', 'pull request', 'diff']),
        (4, 'security_auditor', 'CodeAgent', ARRAY['security-audit', 'dependency-scan', 'static-analysis'],
         ARRAY['vulnerability', 'cve', 'secret', 'audit']),
        (5, 'writer', 'NLPAgent', ARRAY['text-generation', 'summarization', 'style-editing'],
         ARRAY['write', 'draft', 'blog', 'release notes']),
        (6, 'translator', 'NLPAgent', ARRAY['translation', 'localization', 'terminology'],
         ARRAY['translate', 'localize', 'language']),
        (7, 'linguist', 'NLPAgent', ARRAY['sentiment-analysis', 'entity-extraction', 'classification'],
         ARRAY['sentiment', 'entities', 'classify']),
        (8, 'data_engineer', 'DataAgent', ARRAY['etl', 'sql', 'data-cleaning', 'spark'],
         ARRAY['pipeline', 'ingest', 'transform', 'etl']),
        (9, 'analyst', 'DataAgent', ARRAY['statistics', 'sql', 'forecasting', 'data-cleaning'],
         ARRAY['analyze', 'trend', 'forecast', 'kpi']),
        (10, 'visualizer', 'DataAgent', ARRAY['charting', 'dashboards', 'statistics'],
         ARRAY['chart', 'plot', 'dashboard', 'visualize']),
        (11, 'researcher', 'ResearchAgent', ARRAY['web-research', 'literature-review', 'citation'],
         ARRAY['research', 'investigate', 'compare', 'sources']),
        (12, 'summarizer', 'ResearchAgent', ARRAY['summarization', 'note-taking', 'citation'],
         ARRAY['summarize', 'tl;dr', 'digest']),
        (13, 'planner', 'OrchestratorAgent', ARRAY['task-decomposition', 'scheduling', 'dag-planning'],
         ARRAY['plan', 'break down', 'workflow', 'multi-step']),
        (14, 'coordinator', 'OrchestratorAgent', ARRAY['delegation', 'monitoring', 'dag-planning'],
         ARRAY['coordinate', 'delegate', 'pipeline', 'status']),
        (15, 'qa', 'EvaluatorAgent', ARRAY['test-design', 'validation', 'regression-testing'],
         ARRAY['test', 'validate', 'qa', 'verify']),
        (16, 'critic', 'EvaluatorAgent', ARRAY['scoring', 'validation', 'feedback'],
         ARRAY['evaluate', 'score', 'critique', 'grade'])
       ) AS f(ord, persona, agent_type, caps, trigs);

CREATE TEMP TABLE demo_def ON COMMIT DROP AS
SELECT f.f, v.v, f.persona, f.agent_type, f.agent_name, f.nv,
       pg_temp.duuid('definition', f.f * 10 + v.v) AS id,
       (ARRAY['1.0.0', '1.1.0', '1.4.2', '2.0.0'])[v.v] AS agent_version,
       -- the newest version is active, and now and then the one before it still is (canary)
       v.v = f.nv OR (v.v = f.nv - 1 AND pg_temp.dr('def-canary', f.f) < 0.3) AS is_active,
       pg_temp.epoch() - interval '150 days' + (v.v - 1) * interval '30 days'
           + f.f * interval '1 hour' AS created_at,
       -- each version adds a capability and a trigger word
       f.caps[1:least(cardinality(f.caps), 1 + v.v)] AS caps,
       f.trigs[1:least(cardinality(f.trigs), 1 + v.v)] AS trigs,
       pg_temp.pick(ARRAY['gpt-4', 'claude-3', 'llama-3'], 'def-model', f.f * 10 + v.v) AS model
  FROM demo_family f
 CROSS JOIN LATERAL generate_series(1, f.nv) AS v(v);

INSERT INTO agent_definitions (id, agent_name, agent_version, description, yaml_config,
                               parsed_metadata, capabilities, triggers, is_active, success_rate,
                               quality_score, avg_execution_time_ms, execution_count, created_at,
                               updated_at)
SELECT d.id, d.agent_name, d.agent_version,
       format('%s agent (%s), version %s.', initcap(replace(d.persona, '_', ' ')), d.agent_type,
              d.agent_version),
       jsonb_build_object(
           'apiVersion', 'agents/v1',
           'kind', 'Agent',
           'metadata', jsonb_build_object('name', d.agent_name, 'version', d.agent_version,
                                          'persona', d.persona, 'agent_type', d.agent_type),
           'spec', jsonb_build_object(
               'model', jsonb_build_object('name', d.model,
                                           'temperature', round((0.1 + 0.6 * pg_temp.dr('def-temp', d.f * 10 + d.v))::numeric, 2),
                                           'max_tokens', (ARRAY[2048, 4096, 8192])[1 + (d.v % 3)]),
               'system_prompt', format('You are a careful %s. Work step by step, explain your '
                                       'decisions, and stop when unsure.', replace(d.persona, '_', ' ')),
               'capabilities', to_jsonb(d.caps),
               'triggers', to_jsonb(d.trigs),
               'tools', to_jsonb((ARRAY['shell', 'editor', 'git'])[1:1 + d.v % 3]),
               'limits', jsonb_build_object('max_steps', 20 * d.v, 'timeout_s', 300,
                                            'max_parallel', 1 + d.v))),
       jsonb_build_object('source', format('agents/%s/%s.yaml', replace(d.persona, '_', '-'), d.agent_version),
                          'schema', 'agents/v1', 'lines', 40 + 7 * d.v,
                          'checksum_algorithm', 'sha256'),
       d.caps, d.trigs, d.is_active,
       round((0.70 + 0.05 * d.v + 0.1 * pg_temp.dr('def-sr', d.f * 10 + d.v))::numeric, 4),
       round((0.60 + 0.06 * d.v + 0.1 * pg_temp.dr('def-q', d.f * 10 + d.v))::numeric, 4),
       round((800 + 9000 * pg_temp.dr('def-ms', d.f * 10 + d.v))::numeric, 2),
       pg_temp.di('def-execs', d.f * 10 + d.v, 50, 20000),
       d.created_at,
       d.created_at
  FROM demo_def d
 ORDER BY d.f, d.v;

-- The agents: type from the roster, a persona of that type, and the newest version of the
-- persona's definition (one in ten still runs the version before).
CREATE TEMP TABLE demo_agent ON COMMIT DROP AS
WITH a AS (
    SELECT a.a, pg_temp.duuid('agent', a.a) AS id,
           (pg_temp.agent_types())[1 + (a.a - 1) % 6] AS agent_type,
           pg_temp.epoch() - interval '140 days' + pg_temp.dr('agent-created', a.a) * interval '20 days'
               AS created_at
      FROM generate_series(1, pg_temp.agents_n()) AS a(a)
), p AS (
    SELECT a.*,
           (SELECT f.f FROM demo_family f WHERE f.agent_type = a.agent_type
             ORDER BY f.f
            OFFSET pg_temp.di('agent-persona', a.a, 0,
                              (SELECT count(*) - 1 FROM demo_family g WHERE g.agent_type = a.agent_type))
             LIMIT 1) AS f
      FROM a
)
SELECT p.a, p.id, p.agent_type, p.created_at, f.persona, f.f,
       (SELECT d.id FROM demo_def d
         WHERE d.f = p.f
           AND d.v = CASE WHEN f.nv > 1 AND pg_temp.dr('agent-oldver', p.a) < 0.1 THEN f.nv - 1
                          ELSE f.nv END) AS definition_id,
       (SELECT d.caps FROM demo_def d WHERE d.f = p.f AND d.v = f.nv) AS caps,
       pg_temp.di('trust-k', p.a, 0, 6)::int AS k
  FROM p
  JOIN demo_family f ON f.f = p.f;
CREATE UNIQUE INDEX ON demo_agent (a);

-- Trust history: k level changes per agent, spread from its creation to the epoch, one step up
-- or down at a time (up more often), never outside 0-4 and never to the same level.
CREATE TEMP TABLE demo_trust ON COMMIT DROP AS
WITH RECURSIVE ch (a, j, prev, new) AS (
    SELECT a.a, 1, 0, 1 FROM demo_agent a WHERE a.k >= 1
    UNION ALL
    SELECT ch.a, ch.j + 1, ch.new,
           CASE WHEN ch.new = 4 THEN 3
                WHEN ch.new = 0 THEN 1
                WHEN pg_temp.dr('trust-up', ch.a * 100 + ch.j + 1) < 0.7 THEN ch.new + 1
                ELSE ch.new - 1 END
      FROM ch
      JOIN demo_agent a ON a.a = ch.a
     WHERE ch.j < a.k
)
SELECT ch.a, ch.j, ch.prev, ch.new, a.id AS agent_id,
       a.created_at + (ch.j - 0.5 + 0.8 * (pg_temp.dr('trust-at', ch.a * 100 + ch.j) - 0.5)) / a.k
                      * (pg_temp.epoch() - a.created_at) AS at
  FROM ch
  JOIN demo_agent a ON a.a = ch.a;
CREATE UNIQUE INDEX ON demo_trust (a, j);
ANALYZE demo_trust;

INSERT INTO agents (id, name, persona_type, agent_type, definition_id, capabilities, config,
                    is_active, trust_level, version, created_at, updated_at)
SELECT a.id,
       format('%s-%s.%s', replace(a.persona, '_', '-'), current_setting('agentdb.demo_batch'), a.a),
       a.persona, a.agent_type, a.definition_id,
       to_jsonb(a.caps),
       jsonb_build_object('model', pg_temp.pick(ARRAY['gpt-4', 'claude-3', 'llama-3'], 'agent-model', a.a),
                          'temperature', round((0.1 + 0.5 * pg_temp.dr('agent-temp', a.a))::numeric, 2),
                          'max_parallel_tasks', pg_temp.di('agent-par', a.a, 1, 8),
                          'sandbox', pg_temp.dr('agent-sandbox', a.a) < 0.8),
       pg_temp.dr('agent-active', a.a) < 0.92,
       coalesce(t.new, 0),
       -- every trust change updated the row
       1 + a.k,
       a.created_at,
       coalesce(t.at, a.created_at)
  FROM demo_agent a
  LEFT JOIN demo_trust t ON t.a = a.a AND t.j = a.k
 ORDER BY a.a;

INSERT INTO agent_capabilities (agent_id, capability, proficiency, created_at, updated_at)
SELECT a.id, c.cap,
       round((0.45 + 0.55 * pg_temp.dr('cap-prof', a.a * 10 + c.ord))::numeric, 2),
       a.created_at, a.created_at
  FROM demo_agent a
 CROSS JOIN LATERAL unnest(a.caps) WITH ORDINALITY AS c(cap, ord)
 ORDER BY a.a, c.ord;

INSERT INTO trust_metrics (id, recorded_at, agent_id, session_id, metric_type, metric_value,
                           previous_level, new_level, measurement_context)
SELECT pg_temp.duuid('trust-level', t.a * 100 + t.j), t.at, t.agent_id, NULL, 'trust_level',
       t.new, t.prev, t.new,
       jsonb_build_object('reason', CASE WHEN t.new > t.prev THEN 'sustained accuracy above threshold'
                                         ELSE 'rejected decisions above threshold' END,
                          'decided_by', pg_temp.pick(ARRAY['trust-policy', 'operator'], 'trust-by', t.a * 100 + t.j))
  FROM demo_trust t
 ORDER BY t.at, t.a;
