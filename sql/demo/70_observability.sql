-- Demo generator, step 7: observability time series. metrics (about 500,000 points at scale 1
-- over the last 30 days, the table's retention: task durations tied to their task, workflow,
-- project and agent; per-agent gauges and counters; per-project and global series),
-- agent_transformation_events (about 100,000: a start and an end event per transformation,
-- nested transformations pointing at their parent's start event) and router_performance_metrics
-- (about 200,000 routing decisions over the last 90 days), every value inside the CHECKs of the
-- observability migration: flat string labels, the 4-component confidence weighted 40/30/20/10,
-- cache ages only on hits, feedback times only with feedback, SHA-256 request hashes (repeated
-- requests share one).

-- Task durations: completed tasks that finished in the last 30 days, a random share of them.
INSERT INTO metrics (recorded_at, name, metric_kind, value, unit, labels, project_id, agent_id,
                     task_id, workflow_id)
SELECT x.completed_at, 'task.duration_seconds', 'histogram',
       round(extract(epoch FROM x.completed_at - x.started_at), 3)::double precision, 's',
       jsonb_build_object('type', x.type, 'agent_type', x.agent_type, 'status', x.status),
       x.project_id, x.agent_id, x.id, x.workflow_id
  FROM (SELECT d.*
          FROM demo_task d
         WHERE d.status IN ('completed', 'failed') AND d.completed_at >= pg_temp.epoch() - interval '30 days'
           AND d.completed_at < pg_temp.epoch()
         ORDER BY pg_temp.dr('metric-task', d.gid), d.gid
         LIMIT pg_temp.cnt(200000, 400)) x
 ORDER BY x.completed_at, x.gid;

-- Per-agent series: memory (gauge), active sessions (gauge), tokens used (counter), each point
-- evenly spaced over the 30 days.
INSERT INTO metrics (recorded_at, name, metric_kind, value, unit, labels, agent_id)
SELECT pg_temp.epoch() - interval '30 days' + (p.p + 0.5) / p.n * interval '30 days',
       s.name, s.kind,
       CASE s.name
           WHEN 'agent.memory_mb' THEN round((300 + 2000 * pg_temp.dr('m-mem', a.a * 1000000 + p.p))::numeric, 1)::double precision
           WHEN 'agent.active_sessions' THEN pg_temp.di('m-act', a.a * 1000000 + p.p, 0, 6)::double precision
           -- a counter: monotonic, a per-agent rate plus a wobble smaller than one step
           ELSE floor((p.p + 0.5 * pg_temp.dr('m-tok', a.a * 1000000 + p.p)) * (500 + 4000 * pg_temp.dr('m-rate', a.a)))
       END,
       s.unit,
       jsonb_build_object('agent', a.persona, 'agent_type', a.agent_type),
       a.id
  FROM demo_agent a
 CROSS JOIN (VALUES ('agent.memory_mb', 'gauge', 'MB'), ('agent.active_sessions', 'gauge', NULL),
                    ('agent.tokens_total', 'counter', 'tokens')) AS s(name, kind, unit)
 CROSS JOIN LATERAL (SELECT p, pg_temp.cnt(200000, 400) / (3 * pg_temp.agents_n()) AS n
                       FROM generate_series(0, pg_temp.cnt(200000, 400) / (3 * pg_temp.agents_n()) - 1) AS p) p
 ORDER BY 1, a.a, s.name;

-- Per-project and global series, every few minutes.
INSERT INTO metrics (recorded_at, name, metric_kind, value, unit, labels, project_id)
SELECT pg_temp.epoch() - interval '30 days' + (p.p + 0.5) / p.n * interval '30 days',
       s.name, s.kind,
       CASE s.name
           WHEN 'queue.depth' THEN pg_temp.di('m-q', s.k * 10000000 + p.p, 0, 250)::double precision
           WHEN 'db.connections' THEN pg_temp.di('m-conn', p.p, 8, 60)::double precision
           WHEN 'workflows.running' THEN pg_temp.di('m-wf', p.p, 0, 40)::double precision
           ELSE floor((p.p + 0.5 * pg_temp.dr('m-done', s.k * 10000000 + p.p)) * (3 + 20 * pg_temp.dr('m-drate', s.k)))
       END,
       s.unit,
       CASE WHEN s.project IS NULL THEN jsonb_build_object('scope', 'global')
            ELSE jsonb_build_object('scope', 'project') END,
       s.project
  FROM (SELECT 1 AS k, 'queue.depth' AS name, 'gauge' AS kind, 'tasks' AS unit, NULL::uuid AS project
        UNION ALL SELECT 2, 'db.connections', 'gauge', NULL, NULL
        UNION ALL SELECT 3, 'workflows.running', 'gauge', 'workflows', NULL
        UNION ALL SELECT 3 + pr, 'project.tasks_completed_total', 'counter', 'tasks', pg_temp.duuid('project', pr)
          FROM generate_series(1, pg_temp.cnt(20, 2)) AS pr) s
 CROSS JOIN LATERAL (SELECT p, pg_temp.cnt(100000, 200) / (3 + pg_temp.cnt(20, 2)) AS n
                       FROM generate_series(0, pg_temp.cnt(100000, 200) / (3 + pg_temp.cnt(20, 2)) - 1) AS p) p
 ORDER BY 1, s.k;

-- Transformations: groups of three share a request (correlation id); the first is routed from
-- the entry point, the other two are nested in it. Each has a start event and an end event
-- (complete, or failed one time in twelve).
INSERT INTO agent_transformation_events (id, started_at, completed_at, event_type, correlation_id,
                                         session_id, parent_event_id, agent_definition_id,
                                         source_agent, target_agent, transformation_reason,
                                         routing_confidence, routing_strategy,
                                         transformation_duration_ms, initialization_duration_ms,
                                         total_execution_duration_ms, quality_score, error_type,
                                         error_message, context_snapshot)
SELECT pg_temp.duuid('xform', x.x * 2 + ev.e), x.started_at,
       CASE WHEN ev.e = 1 THEN x.started_at + x.total_ms * interval '1 millisecond' END,
       CASE WHEN ev.e = 0 THEN 'transformation_start'
            WHEN x.failed THEN 'transformation_failed' ELSE 'transformation_complete' END,
       x.corr, x.session_id,
       CASE WHEN x.x % 3 <> 0 THEN pg_temp.duuid('xform', (x.x - x.x % 3) * 2) END,
       pg_temp.duuid('definition', f.f * 10 + f.nv),
       CASE WHEN x.x % 3 <> 0 THEN src.agent_name END,
       f.agent_name,
       format('%s matched "%s"', replace(x.strategy, '_', ' '), f.trigs[1]),
       x.conf, x.strategy,
       CASE WHEN ev.e = 1 THEN x.xform_ms END,
       CASE WHEN ev.e = 1 THEN x.init_ms END,
       CASE WHEN ev.e = 1 THEN x.total_ms END,
       CASE WHEN ev.e = 1 AND NOT x.failed THEN round((0.5 + 0.5 * pg_temp.dr('xf-q', x.x))::numeric, 4) END,
       CASE WHEN ev.e = 1 AND x.failed THEN pg_temp.pick(ARRAY['InitializationError', 'ToolTimeout', 'ContextOverflow'], 'xf-err', x.x) END,
       CASE WHEN ev.e = 1 AND x.failed THEN 'the agent did not become ready in time' END,
       jsonb_build_object('request', pg_temp.pick(ARRAY['fix the login bug', 'summarise the thread',
                                                        'translate the release notes', 'plot weekly sales',
                                                        'plan the data migration'], 'xf-req', x.x / 3),
                          'candidates', pg_temp.di('xf-cand', x.x, 1, 6),
                          'depth', x.x % 3)
  FROM (SELECT x,
               pg_temp.epoch() - interval '90 days' + pg_temp.dr('xf-at', x / 3) * interval '90 days'
                   + (x % 3) * interval '2 seconds' AS started_at,
               pg_temp.duuid('xcorr', x / 3) AS corr,
               CASE WHEN pg_temp.dr('xf-sess', x / 3) < 0.8
                    THEN pg_temp.duuid('session', 1 + pg_temp.di('xf-s', x / 3, 0, pg_temp.cnt(5000, 40) - 1)) END AS session_id,
               1 + pg_temp.di('xf-f', x, 0, 15) AS f,
               1 + pg_temp.di('xf-src', x, 0, 15) AS src,
               pg_temp.dr('xf-fail', x) < 1.0 / 12 AS failed,
               round((0.35 + 0.64 * pg_temp.dr('xf-conf', x))::numeric, 4) AS conf,
               pg_temp.pick(ARRAY['trigger_match', 'capability_match', 'semantic_similarity', 'historical', 'fallback'],
                            'xf-strat', x) AS strategy,
               pg_temp.di('xf-ms', x, 5, 400) AS xform_ms,
               pg_temp.di('xf-init', x, 10, 2000) AS init_ms,
               pg_temp.di('xf-total', x, 2500, 120000) AS total_ms
          FROM generate_series(0, pg_temp.cnt(50000, 100) - 1) AS x) x
  JOIN demo_family f ON f.f = x.f
  JOIN demo_family src ON src.f = x.src
 CROSS JOIN (VALUES (0), (1)) AS ev(e)
 ORDER BY x.started_at, x.x, ev.e;

-- Routing decisions. A request is repeated now and then (same hash), which is when the cache can
-- hit; a hit skips trigger matching and scoring.
INSERT INTO router_performance_metrics (measured_at, metric_type, correlation_id, session_id,
                                        request_hash, selected_agent, confidence_score,
                                        trigger_confidence, context_confidence,
                                        capability_confidence, historical_confidence,
                                        total_routing_time_us, trigger_matching_time_us,
                                        confidence_scoring_time_us, cache_lookup_time_us,
                                        cache_hit, cache_age_seconds, alternatives,
                                        actual_quality_score, feedback, feedback_comment,
                                        feedback_at)
SELECT r.at, r.type, pg_temp.duuid('rcorr', r.r), r.session_id,
       encode(sha256(convert_to(format('%s:%s:request:%s', current_setting('agentdb.demo_seed'),
                                       current_setting('agentdb.demo_batch'), r.req), 'UTF8')), 'hex'),
       CASE WHEN r.type <> 'routing_error' THEN f.agent_name END,
       CASE WHEN r.type <> 'routing_error' THEN round(0.4 * r.tc + 0.3 * r.cc + 0.2 * r.capc + 0.1 * r.hc, 4) END,
       CASE WHEN r.type <> 'routing_error' THEN r.tc END,
       CASE WHEN r.type <> 'routing_error' THEN r.cc END,
       CASE WHEN r.type <> 'routing_error' THEN r.capc END,
       CASE WHEN r.type <> 'routing_error' THEN r.hc END,
       r.lookup_us + r.overhead_us + CASE WHEN r.hit THEN 0 ELSE r.trigger_us + r.scoring_us END + r.slow_us,
       CASE WHEN NOT r.hit THEN r.trigger_us END,
       CASE WHEN NOT r.hit THEN r.scoring_us END,
       r.lookup_us,
       r.hit,
       CASE WHEN r.hit THEN pg_temp.di('rt-age', r.r, 1, 3600)::int END,
       CASE WHEN r.type = 'routing_error' THEN '[]'::jsonb
            ELSE jsonb_build_array(
                     jsonb_build_object('agent', g.agent_name, 'score', round(r.tc * 0.8, 4)),
                     jsonb_build_object('agent', h.agent_name, 'score', round(r.cc * 0.7, 4))) END,
       r.quality,
       r.feedback,
       CASE WHEN r.feedback = 'incorrect' AND pg_temp.dr('rt-fbc', r.r) < 0.5
            THEN 'should have gone to ' || g.agent_name END,
       CASE WHEN r.feedback IS NOT NULL THEN r.at + pg_temp.di('rt-fbat', r.r, 60, 172800) * interval '1 second' END
  FROM (SELECT q.*,
               -- the type first: only decisions hit the cache, and only they are judged
               q.type = 'routing_decision' AND pg_temp.dr('rt-hit', q.r) < 0.35 AS hit,
               CASE WHEN q.type = 'routing_decision' AND pg_temp.dr('rt-qual', q.r) < 0.6
                    THEN round((0.3 + 0.7 * pg_temp.dr('rt-qv', q.r))::numeric, 4) END AS quality,
               CASE WHEN q.type = 'routing_decision' AND pg_temp.dr('rt-fb', q.r) < 0.1
                    THEN pg_temp.pick(ARRAY['correct', 'correct', 'correct', 'partially_correct', 'incorrect'], 'rt-fbv', q.r) END AS feedback
          FROM (SELECT r,
                       pg_temp.epoch() - interval '90 days' + (r + pg_temp.dr('rt-at', r)) / pg_temp.cnt(200000, 400) * interval '90 days' AS at,
                       CASE WHEN pg_temp.dr('rt-type', r) < 0.94 THEN 'routing_decision'
                            WHEN pg_temp.dr('rt-type', r) < 0.99 THEN 'routing_fallback'
                            ELSE 'routing_error' END AS type,
                       pg_temp.di('rt-req', r, 1, greatest(1, pg_temp.cnt(200000, 400) / 4)) AS req,
                       CASE WHEN pg_temp.dr('rt-sess', r) < 0.7
                            THEN pg_temp.duuid('session', 1 + pg_temp.di('rt-s', r, 0, pg_temp.cnt(5000, 40) - 1)) END AS session_id,
                       round(pg_temp.dr('rt-tc', r)::numeric, 4) AS tc,
                       round(pg_temp.dr('rt-cc', r)::numeric, 4) AS cc,
                       round(pg_temp.dr('rt-capc', r)::numeric, 4) AS capc,
                       round(pg_temp.dr('rt-hc', r)::numeric, 4) AS hc,
                       pg_temp.di('rt-trig', r, 200, 20000)::int AS trigger_us,
                       pg_temp.di('rt-score', r, 100, 15000)::int AS scoring_us,
                       pg_temp.di('rt-look', r, 20, 2000)::int AS lookup_us,
                       pg_temp.di('rt-over', r, 100, 5000)::int AS overhead_us,
                       -- one decision in a hundred misses the 100 ms target
                       CASE WHEN pg_temp.dr('rt-slow', r) < 0.01 THEN pg_temp.di('rt-slowus', r, 100000, 400000)::int ELSE 0 END AS slow_us,
                       1 + pg_temp.di('rt-f', r, 0, 15) AS f,
                       1 + pg_temp.di('rt-g', r, 0, 15) AS g,
                       1 + pg_temp.di('rt-h', r, 0, 15) AS h
                  FROM generate_series(0, pg_temp.cnt(200000, 400) - 1) AS r) q) r
  JOIN demo_family f ON f.f = r.f
  JOIN demo_family g ON g.f = r.g
  JOIN demo_family h ON h.f = r.h
 ORDER BY r.at, r.r;
