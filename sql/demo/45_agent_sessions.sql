-- Demo generator, step 4b: what the agents did in the projects: agent_sessions (about 5,000 at
-- scale 1: an agent working for a user in a project over the last 90 days; a few still open),
-- their decisions (about 200,000, the rationale stored only encrypted, as the trigger would with
-- the demo key), the trust measurements taken at the end of each finished session, agent_knowledge
-- (about 500, each with a 1536-dimension embedding), conversation_history (about 300,000 messages,
-- each answering the one before it) and agent_audit_log (about 100,000 actions). The session's
-- children carry its project, as the triggers that do not run in bulk mode would have set it.

-- The key the encryption trigger reads; the demo's rationale decrypts with
-- pgp_sym_decrypt(decision_rationale_enc, 'demo-key') or, with the setting made,
-- decision_rationale_decrypt(decision_rationale_enc).
SELECT set_config('agentdb.decision_key', 'demo-key', true);

CREATE TEMP TABLE demo_session ON COMMIT DROP AS
WITH s AS (
    SELECT s.s, pg_temp.duuid('session', s.s) AS id,
           1 + pg_temp.di('sess-agent', s.s, 0, pg_temp.agents_n() - 1) AS a,
           1 + pg_temp.di('sess-project', s.s, 0, pg_temp.cnt(20, 2) - 1) AS p,
           CASE WHEN pg_temp.dr('sess-nouser', s.s) >= 0.05
                THEN pg_temp.duuid('user', 1 + pg_temp.di('sess-user', s.s, 0, pg_temp.cnt(200, 5) - 1))
           END AS user_id,
           pg_temp.dr('sess-open', s.s) < 0.03 AS open,
           interval '5 minutes' + power(pg_temp.dr('sess-len', s.s), 2) * interval '8 hours' AS len
      FROM generate_series(1, pg_temp.cnt(5000, 40)) AS s(s)
), t AS (
    SELECT s.*,
           CASE WHEN s.open THEN pg_temp.epoch() - s.len * pg_temp.dr('sess-age', s.s)
                ELSE pg_temp.epoch() - interval '90 days'
                     + pg_temp.dr('sess-age', s.s) * (interval '90 days' - s.len) END AS started_at
      FROM s
)
SELECT t.s, t.id, t.a, a.id AS agent_id, a.agent_type, a.persona, t.user_id,
       pg_temp.duuid('project', t.p) AS project_id, t.started_at,
       CASE WHEN NOT t.open THEN t.started_at + t.len END AS ended_at,
       -- where the session's activity ends: its end, or the epoch for an open one
       CASE WHEN t.open THEN pg_temp.epoch() ELSE t.started_at + t.len END AS last_at,
       CASE WHEN t.open THEN CASE WHEN pg_temp.dr('sess-state', t.s) < 0.7 THEN 'active' ELSE 'paused' END
            WHEN pg_temp.dr('sess-state', t.s) < 0.88 THEN 'completed' ELSE 'expired' END AS state,
       -- the trust level the agent had when the session started
       coalesce((SELECT tr.new FROM demo_trust tr WHERE tr.a = t.a AND tr.at <= t.started_at
                  ORDER BY tr.j DESC LIMIT 1), 0) AS trust_level
  FROM t
  JOIN demo_agent a ON a.a = t.a;
CREATE UNIQUE INDEX ON demo_session (s);
ANALYZE demo_session;

INSERT INTO agent_sessions (id, agent_id, user_id, project_id, trust_level, context, session_state,
                            metadata, started_at, ended_at, version, updated_at)
SELECT s.id, s.agent_id, s.user_id, s.project_id, s.trust_level,
       jsonb_build_object('branch', format('agent/%s-%s', replace(s.persona, '_', '-'), s.s),
                          'goal', pg_temp.pick(ARRAY['fix the flaky checkout test', 'add pagination to the API',
                                                     'translate the help pages', 'clean the March import',
                                                     'summarise the incident reports', 'plan the Q3 migration',
                                                     'review the payment service changes'], 'sess-goal', s.s),
                          'working_dir', '/workspace/' || s.s),
       s.state,
       jsonb_build_object('client', pg_temp.pick(ARRAY['cli', 'vscode', 'api', 'slack'], 'sess-client', s.s),
                          'model', pg_temp.pick(ARRAY['gpt-4', 'claude-3', 'llama-3'], 'sess-model', s.s)),
       s.started_at, s.ended_at,
       -- ending (or pausing) the session updated it once
       CASE WHEN s.state = 'active' THEN 1 ELSE 2 END,
       CASE WHEN s.ended_at IS NOT NULL THEN s.ended_at
            WHEN s.state = 'paused' THEN s.started_at + (s.last_at - s.started_at) / 2
            ELSE s.started_at END
  FROM demo_session s
 ORDER BY s.started_at, s.s;

-- Decisions: 10 to 70 per session, spread over it.
INSERT INTO agent_decisions (id, created_at, session_id, project_id, decision_type, input_context,
                             decision_rationale_enc, action_taken, confidence_score, user_feedback,
                             execution_time_ms)
SELECT pg_temp.duuid('decision', s.s * 1000 + d.j),
       s.started_at + (d.j - 0.5) / d.n * (s.last_at - s.started_at),
       s.id, s.project_id, d.type,
       jsonb_build_object('step', d.j, 'open_files', pg_temp.di('dec-files', s.s * 1000 + d.j, 0, 12),
                          'context_tokens', pg_temp.di('dec-tok', s.s * 1000 + d.j, 200, 32000)),
       pgp_sym_encrypt(
           format('Chose %s at step %s: %s; %s alternatives scored lower.', replace(d.type, '_', ' '), d.j,
                  pg_temp.pick(ARRAY['the tests pin the expected behaviour',
                                     'the user asked for the smallest change',
                                     'the previous attempt timed out',
                                     'the schema requires this key',
                                     'it keeps the public API unchanged',
                                     'the evaluator flagged the earlier output'], 'dec-why', s.s * 1000 + d.j),
                  pg_temp.di('dec-alt', s.s * 1000 + d.j, 1, 4)),
           current_setting('agentdb.decision_key'),
           -- the trigger's algorithm; the minimum S2K iteration count keeps 200,000 rows fast
           'cipher-algo=aes256, s2k-count=1024'),
       jsonb_build_object('tool', pg_temp.pick(ARRAY['editor', 'shell', 'git', 'search', 'http'], 'dec-tool', s.s * 1000 + d.j),
                          'target', format('src/module_%s.py', pg_temp.di('dec-file', s.s * 1000 + d.j, 1, 40))),
       round((0.35 + 0.64 * pg_temp.dr('dec-conf', s.s * 1000 + d.j))::numeric, 2),
       CASE WHEN pg_temp.dr('dec-fb', s.s * 1000 + d.j) < 0.3
            THEN pg_temp.pick(ARRAY['approved', 'approved', 'approved', 'modified', 'rejected'],
                              'dec-fbv', s.s * 1000 + d.j) END,
       pg_temp.di('dec-ms', s.s * 1000 + d.j, 5, 30000)
  FROM demo_session s
 CROSS JOIN LATERAL (
        SELECT j, pg_temp.di('dec-n', s.s, 10, 70) AS n,
               pg_temp.pick(ARRAY['tool_selection', 'code_change', 'plan_step', 'delegation',
                                  'escalation', 'retry', 'approval_request', 'file_edit', 'test_run'],
                            'dec-type', s.s * 1000 + j) AS type
          FROM generate_series(1, pg_temp.di('dec-n', s.s, 10, 70)) AS j
     ) d
 ORDER BY s.started_at, s.s, d.j;

-- Trust measurements at the end of each finished session: accuracy (percent of its decisions
-- the user did not reject), autonomy exercised (around the session's trust level) and the
-- complexity handled.
INSERT INTO trust_metrics (id, recorded_at, agent_id, session_id, metric_type, metric_value,
                           measurement_context)
SELECT pg_temp.duuid('trust-m', s.s * 4 + m.k), s.ended_at, s.agent_id, s.id, m.type, m.value,
       jsonb_build_object('window', 'session', 'samples', pg_temp.di('tm-n', s.s, 5, 60))
  FROM demo_session s
 CROSS JOIN LATERAL (VALUES
        (1, 'accuracy', round((70 + 30 * pg_temp.dr('tm-acc', s.s))::numeric, 2)),
        (2, 'autonomy', round(least(4, greatest(0, s.trust_level + 1.2 * (pg_temp.dr('tm-aut', s.s) - 0.5)))::numeric, 2)),
        (3, 'complexity', round(pg_temp.dr('tm-cx', s.s)::numeric, 2))
     ) AS m(k, type, value)
 WHERE s.ended_at IS NOT NULL
 ORDER BY s.ended_at, s.s, m.k;

-- Knowledge: patterns, solutions and preferences, a third shared by all projects.
INSERT INTO agent_knowledge (id, agent_id, project_id, knowledge_type, domain, content, embedding,
                             usage_count, success_rate, created_at, updated_at, last_used_at)
SELECT pg_temp.duuid('knowledge', k.k), a.id,
       CASE WHEN pg_temp.dr('kn-shared', k.k) >= 0.33
            THEN pg_temp.duuid('project', 1 + pg_temp.di('kn-project', k.k, 0, pg_temp.cnt(20, 2) - 1)) END,
       pg_temp.pick(ARRAY['pattern', 'solution', 'preference'], 'kn-type', k.k),
       k.domain,
       jsonb_build_object('title', format('%s note %s', k.domain, k.k),
                          'summary', pg_temp.pick(ARRAY['Prefer small, reviewed steps.',
                                                        'Retry model timeouts once with a shorter prompt.',
                                                        'Validate the schema before writing output.',
                                                        'Batch database writes by 1,000 rows.',
                                                        'Ask before touching files outside the task.'],
                                                  'kn-sum', k.k),
                          'examples', jsonb_build_array('task ' || k.k, 'review ' || (k.k + 1))),
       -- a deterministic unit-ish vector: a sine wave with per-row frequency and phase
       ARRAY(SELECT (sin(g * k.f + k.ph) / 27.7)::real FROM generate_series(1, 1536) AS g ORDER BY g),
       pg_temp.di('kn-uses', k.k, 0, 500),
       round((0.5 + 0.5 * pg_temp.dr('kn-sr', k.k))::numeric, 2),
       a.created_at + pg_temp.dr('kn-at', k.k) * (pg_temp.epoch() - a.created_at),
       a.created_at + pg_temp.dr('kn-at', k.k) * (pg_temp.epoch() - a.created_at),
       CASE WHEN pg_temp.dr('kn-used', k.k) < 0.8
            THEN a.created_at + (0.5 + 0.5 * pg_temp.dr('kn-at', k.k)) * (pg_temp.epoch() - a.created_at) END
  FROM (SELECT k, 1 + pg_temp.di('kn-agent', k, 0, pg_temp.agents_n() - 1) AS a,
               pg_temp.pick(ARRAY['python', 'sql', 'testing', 'api-design', 'data.cleaning',
                                  'nlp.translation', 'security', 'devops.ci'], 'kn-domain', k) AS domain,
               0.01 + pg_temp.dr('kn-f', k) AS f, 6.283 * pg_temp.dr('kn-ph', k) AS ph
          FROM generate_series(1, pg_temp.cnt(500, 10)) AS k) k
  JOIN demo_agent a ON a.a = k.a
 ORDER BY k.k;

-- Conversations: 20 to 100 messages per session, each answering the one before it; a fifth of
-- the sessions open with a system message, then user and agent take turns.
INSERT INTO conversation_history (id, created_at, session_id, project_id, parent_message_id, role,
                                  message_type, content, tokens_used, model_used)
SELECT pg_temp.duuid('message', s.s * 1000 + m.j),
       s.started_at + (m.j - 0.5) / m.n * (s.last_at - s.started_at),
       s.id, s.project_id,
       CASE WHEN m.j > 1 THEN pg_temp.duuid('message', s.s * 1000 + m.j - 1) END,
       m.role,
       CASE WHEN m.role = 'agent' THEN pg_temp.pick(ARRAY['text', 'text', 'text', 'code', 'code', 'command', 'file'],
                                                    'msg-type', s.s * 1000 + m.j)
            WHEN m.role = 'user' AND pg_temp.dr('msg-cmd', s.s * 1000 + m.j) < 0.1 THEN 'command'
            ELSE 'text' END,
       CASE m.role
           WHEN 'system' THEN format('Session for %s. Trust level L%s. Stay inside %s.',
                                     s.persona, s.trust_level, '/workspace/' || s.s)
           WHEN 'user' THEN pg_temp.pick(ARRAY['Can you look at the failing test first?',
                                               'Please keep the change small.',
                                               'Go ahead.', 'Why did you pick that approach?',
                                               'Run the linter before committing.',
                                               'Looks good, continue with the next step.'],
                                         'msg-user', s.s * 1000 + m.j)
           ELSE pg_temp.pick(ARRAY['I read the module and found where the timeout is set.',
                                   E'def handler(event):\n    return process(event[\"body\"])',
                                   'pytest -q tests/test_handler.py',
                                   'The change touches 3 files; the tests pass locally.',
                                   'I need approval to run the migration on staging.',
                                   'Summary: 2 issues fixed, 1 left for review.'],
                             'msg-agent', s.s * 1000 + m.j)
       END,
       CASE WHEN m.role <> 'system' THEN pg_temp.di('msg-tok', s.s * 1000 + m.j, 8, 1800) END,
       CASE WHEN m.role = 'agent' THEN pg_temp.pick(ARRAY['gpt-4', 'claude-3', 'llama-3'], 'msg-model', s.s) END
  FROM demo_session s
 CROSS JOIN LATERAL (
        SELECT j, pg_temp.di('msg-n', s.s, 20, 100) AS n,
               CASE WHEN pg_temp.dr('msg-sys', s.s) < 0.2 THEN
                        CASE WHEN j = 1 THEN 'system' WHEN j % 2 = 0 THEN 'user' ELSE 'agent' END
                    ELSE CASE WHEN j % 2 = 1 THEN 'user' ELSE 'agent' END END AS role
          FROM generate_series(1, pg_temp.di('msg-n', s.s, 20, 100)) AS j
     ) m
 ORDER BY s.started_at, s.s, m.j;

-- Audit: 5 to 35 actions per session (its start, what the agent did, its end), and actions users
-- took on agents outside sessions (agent_id is the agent acted on).
INSERT INTO agent_audit_log (id, occurred_at, agent_id, session_id, user_id, project_id,
                             action_type, action_details, risk_level, ip_address, user_agent)
SELECT pg_temp.duuid('audit', s.s * 1000 + x.j),
       s.started_at + CASE WHEN x.j = 1 THEN interval '0'
                           WHEN x.j = x.n AND s.ended_at IS NOT NULL THEN s.last_at - s.started_at
                           ELSE (x.j - 1.0) / x.n * (s.last_at - s.started_at) END,
       s.agent_id, s.id, s.user_id, s.project_id,
       x.action,
       CASE x.action
           WHEN 'session.start' THEN jsonb_build_object('trust_level', s.trust_level)
           WHEN 'session.end' THEN jsonb_build_object('state', s.state)
           WHEN 'command.exec' THEN jsonb_build_object('command', pg_temp.pick(ARRAY['make test', 'npm ci', 'pytest -q', 'git status'], 'aud-cmd', s.s * 1000 + x.j),
                                                       'exit_code', CASE WHEN pg_temp.dr('aud-exit', s.s * 1000 + x.j) < 0.9 THEN 0 ELSE 1 END)
           WHEN 'secret.read' THEN jsonb_build_object('secret', pg_temp.pick(ARRAY['GITHUB_TOKEN', 'STAGING_DB_URL', 'API_KEY'], 'aud-sec', s.s * 1000 + x.j))
           WHEN 'deploy.trigger' THEN jsonb_build_object('environment', pg_temp.pick(ARRAY['staging', 'staging', 'production'], 'aud-env', s.s * 1000 + x.j))
           ELSE jsonb_build_object('path', format('src/module_%s.py', pg_temp.di('aud-file', s.s * 1000 + x.j, 1, 40)))
       END,
       CASE x.action
           WHEN 'secret.read' THEN 'high'
           WHEN 'deploy.trigger' THEN CASE WHEN pg_temp.dr('aud-crit', s.s * 1000 + x.j) < 0.3 THEN 'critical' ELSE 'high' END
           WHEN 'command.exec' THEN 'medium'
           WHEN 'git.push' THEN 'medium'
           WHEN 'package.install' THEN 'medium'
           ELSE 'low' END,
       ('10.' || (s.s % 200) || '.' || (s.a % 250) || '.' || (1 + s.s % 250))::inet,
       'agentdb-agent/1.4 (' || s.persona || ')'
  FROM demo_session s
 CROSS JOIN LATERAL (
        SELECT j, pg_temp.di('aud-n', s.s, 5, 35) AS n,
               CASE WHEN j = 1 THEN 'session.start'
                    WHEN j = pg_temp.di('aud-n', s.s, 5, 35) AND s.ended_at IS NOT NULL THEN 'session.end'
                    ELSE pg_temp.pick(ARRAY['file.read', 'file.read', 'file.write', 'file.write', 'command.exec',
                                            'git.commit', 'git.push', 'package.install', 'network.request',
                                            'secret.read', 'deploy.trigger'], 'aud-act', s.s * 1000 + j) END AS action
          FROM generate_series(1, pg_temp.di('aud-n', s.s, 5, 35)) AS j
     ) x
UNION ALL
SELECT pg_temp.duuid('audit-user', u.u),
       pg_temp.epoch() - pg_temp.dr('aud-u-at', u.u) * interval '90 days',
       a.id,
       NULL,
       pg_temp.duuid('user', 1 + pg_temp.di('aud-u-user', u.u, 0, pg_temp.cnt(200, 5) - 1)),
       CASE WHEN pg_temp.dr('aud-u-proj', u.u) < 0.5
            THEN pg_temp.duuid('project', 1 + pg_temp.di('aud-u-p', u.u, 0, pg_temp.cnt(20, 2) - 1)) END,
       u.action,
       jsonb_build_object('agent', a.name, 'via', 'console'),
       CASE u.action WHEN 'agent.trust.override' THEN 'high' WHEN 'agent.config.update' THEN 'medium' ELSE 'low' END,
       ('192.168.' || (u.u % 250) || '.' || (1 + u.u % 200))::inet,
       'agentdb-console/1.0'
  FROM (SELECT u, pg_temp.pick(ARRAY['agent.config.update', 'agent.pause', 'agent.resume',
                                     'agent.trust.override', 'agent.knowledge.export'], 'aud-u-act', u) AS action,
               1 + pg_temp.di('aud-u-a', u, 0, pg_temp.agents_n() - 1) AS a
          FROM generate_series(1, pg_temp.cnt(2000, 10)) AS u) u
  JOIN (SELECT d.a, ag.id, ag.name FROM demo_agent d JOIN agents ag ON ag.id = d.id) a ON a.a = u.a
 ORDER BY 2, 1;
