-- Demo generator, step 3: tasks in realistic DAG shapes (chains, fan-out/fan-in, map-reduce,
-- layered), their dependency edges, feedback_notes with nested validation results (one document
-- of about 10 MB on the giant workflow's failed task), corrections that add a DAG version, and
-- the workflows' total rewards. Each task that was queued has its agent (of its type's agent
-- type, from the roster of 00_setup.sql), and its row version and updated_at are what the status
-- path 50_task_activity.sql writes to task_events left them.
CREATE TEMP TABLE demo_task ON COMMIT DROP AS
WITH t AS (
    SELECT w.i, w.id AS workflow_id, w.project_id, w.n, w.shape, w.status AS wf_status,
           w.created_at AS wf_created, w.step_s, w.corrected, w.stop_k, k,
           w.i::bigint * 100000 + k AS gid
      FROM demo_wf w
     CROSS JOIN LATERAL generate_series(1, w.n + CASE WHEN w.corrected THEN 1 ELSE 0 END) AS k
), s AS (
    SELECT t.*,
           CASE
               WHEN k > n THEN 'completed'                    -- the correction's replacement
               WHEN wf_status = 'completed' AND corrected AND k = stop_k THEN 'failed'
               WHEN wf_status = 'completed' THEN 'completed'
               WHEN wf_status = 'pending' THEN 'pending'
               WHEN k < stop_k THEN 'completed'
               WHEN wf_status = 'failed' THEN CASE WHEN k = stop_k THEN 'failed' ELSE 'cancelled' END
               WHEN wf_status = 'running' THEN CASE WHEN k = stop_k THEN 'running'
                                                    WHEN k = stop_k + 1 THEN 'queued'
                                                    ELSE 'pending' END
               ELSE 'cancelled'
           END AS status,
           pg_temp.pick(ARRAY['text_analysis', 'text_generation', 'translation',
                              'code_generation', 'code_analysis', 'code_optimization',
                              'data_processing', 'data_analysis', 'data_visualization',
                              'research', 'summarization', 'multi_step', 'pipeline'],
                        'task-type', gid) AS type,
           wf_created + interval '5 seconds' + (least(k, n + 1) - 1) * step_s * interval '1 second'
               + CASE WHEN k > n THEN (stop_k + 1) * step_s * interval '1 second'
                      ELSE interval '0' END AS start_at,
           -- the replacement is created once the task it replaces has failed
           wf_created + interval '1 second' + CASE WHEN k > n THEN (stop_k + 2) * step_s * interval '1 second'
                                                 ELSE interval '0' END AS created_at
      FROM t
), u AS (
    SELECT s.*,
           CASE WHEN s.status IN ('completed', 'failed', 'running') THEN s.start_at END AS started_at,
           CASE WHEN s.status IN ('completed', 'failed')
                THEN s.start_at + s.step_s * (0.3 + 0.65 * pg_temp.dr('task-dur', s.gid)) * interval '1 second'
           END AS completed_at,
           CASE WHEN s.status = 'failed' THEN 3
                WHEN s.status = 'completed' AND pg_temp.dr('task-retry', s.gid) < 0.1
                THEN pg_temp.di('task-retries', s.gid, 1, 2)
                ELSE 0 END AS retry_count,
           -- Queued (and given its agent) between creation and the start it waited for.
           CASE WHEN s.status IN ('queued', 'running', 'completed', 'failed')
                THEN s.created_at + (s.start_at - s.created_at) * (0.1 + 0.8 * pg_temp.dr('task-q', s.gid))
           END AS queued_at,
           -- Cancelled with its workflow (the workflow's completed_at, as 20_workflows.sql sets it).
           CASE WHEN s.status = 'cancelled'
                THEN s.wf_created + interval '5 seconds' + (s.n + 2) * s.step_s * interval '1 second'
           END AS cancelled_at
      FROM s
)
SELECT u.i, u.k, u.gid, u.n, u.shape, u.stop_k, u.corrected,
       pg_temp.duuid('task', u.gid) AS id, u.workflow_id, u.project_id, u.type, u.status,
       u.created_at, u.started_at, u.completed_at, u.retry_count,
       CASE WHEN u.status = 'completed' THEN round((0.2 + 0.8 * pg_temp.dr('task-reward', u.gid))::numeric, 3)
            WHEN u.status = 'failed' THEN -round((0.2 + 0.8 * pg_temp.dr('task-reward', u.gid))::numeric, 3)
       END::double precision AS reward,
       CASE WHEN u.k > u.n THEN 1 ELSE 0 END AS generation,
       -- The agent of the task type's agent type that took the task when it was queued.
       CASE WHEN u.status IN ('queued', 'running', 'completed', 'failed')
            THEN pg_temp.agent_pick(tt.agent_type, 'task-agent', u.gid) END AS agent_id,
       tt.agent_type,
       u.queued_at, u.cancelled_at,
       -- The status path (50_task_activity.sql writes one task_events row per step): insert
       -- (pending); pending -> queued; then per attempt queued -> running and, but for the last,
       -- running -> failed -> retrying -> queued; the last ends completed or failed. Cancelled
       -- tasks went pending -> cancelled. Each step is an UPDATE, so version counts them.
       CASE WHEN u.status IN ('running', 'completed', 'failed') THEN u.retry_count + 1 ELSE 0 END AS attempts,
       CASE u.status WHEN 'pending' THEN 1 WHEN 'queued' THEN 2 WHEN 'cancelled' THEN 2
                     WHEN 'running' THEN 3 ELSE 4 * (u.retry_count + 1) END AS version,
       CASE u.status WHEN 'pending' THEN u.created_at WHEN 'queued' THEN u.queued_at
                     WHEN 'cancelled' THEN u.cancelled_at WHEN 'running' THEN u.started_at
                     ELSE u.completed_at END AS updated_at
  FROM u
  JOIN task_types tt ON tt.name = u.type;
CREATE UNIQUE INDEX ON demo_task (i, k);
ANALYZE demo_task;

INSERT INTO tasks (id, project_id, workflow_id, type, status, priority, title, description, input,
                   output, metadata, requirements, context, tags, error_message, error_details,
                   retry_count, max_retries, agent_id, reward, feedback_notes, correction_generation,
                   version, created_at, updated_at, started_at, completed_at)
SELECT t.id, t.project_id, t.workflow_id, t.type, t.status,
       pg_temp.di('task-prio', t.gid, 1, 10),
       format('%s #%s', initcap(replace(t.type, '_', ' ')), t.k),
       format('Step %s of workflow %s: %s.', t.k, t.i,
              pg_temp.pick(ARRAY['collect the inputs', 'check the intermediate results',
                                 'write the summary', 'run the validation suite',
                                 'merge the partial outputs', 'call the external API',
                                 'generate the report section', 'clean the records'],
                           'task-desc', t.gid)),
       -- every type's required keys (task_types.required_input_keys), plus the hot JSON paths
       jsonb_build_object('model', pg_temp.pick(ARRAY['gpt-4', 'claude-3', 'llama-3'], 'task-model', t.gid),
                          'language', pg_temp.pick(ARRAY['en', 'de', 'es', 'fr', 'ja'], 'task-lang', t.gid),
                          'temperature', round(pg_temp.dr('task-temp', t.gid)::numeric, 2))
       || CASE t.type
              WHEN 'text_analysis' THEN jsonb_build_object('text', 'Customer review ' || t.gid,
                                                           'analysis_types', '["sentiment","entities"]'::jsonb)
              WHEN 'text_generation' THEN jsonb_build_object('prompt', 'Write section ' || t.k, 'max_length', 400)
              WHEN 'translation' THEN jsonb_build_object('text', 'Paragraph ' || t.gid,
                                                         'source_lang', 'en', 'target_lang', 'de')
              WHEN 'code_generation' THEN jsonb_build_object('specification', 'Implement handler ' || t.k,
                                                             'include_tests', true)
              WHEN 'code_analysis' THEN jsonb_build_object('code', 'def f(x): return x * ' || t.k)
              WHEN 'data_processing' THEN jsonb_build_object('data', jsonb_build_array(t.k, t.k + 1, t.k + 2),
                                                             'operations', '["normalize"]'::jsonb)
              WHEN 'data_analysis' THEN jsonb_build_object('data', jsonb_build_array(t.k, t.n))
              ELSE jsonb_build_object('goal', 'step ' || t.k)
          END,
       CASE WHEN t.status = 'completed' THEN jsonb_build_object('ok', true, 'items', pg_temp.di('task-items', t.gid, 1, 500)) END,
       jsonb_build_object('shape', t.shape),
       jsonb_build_object('complexity', pg_temp.pick(ARRAY['low', 'medium', 'high'], 'task-cx', t.gid)),
       jsonb_build_object('attempt_budget_s', 300),
       jsonb_build_array(pg_temp.pick(ARRAY['backend', 'frontend', 'data', 'ml', 'docs'], 'task-tag', t.gid)),
       CASE WHEN t.status = 'failed' THEN pg_temp.pick(ARRAY['validation failed: 3 checks did not pass',
                                                             'timeout calling the model',
                                                             'output schema mismatch'], 'task-err', t.gid) END,
       CASE WHEN t.status = 'failed' THEN jsonb_build_object('stage', 'evaluation', 'retryable', false) END,
       t.retry_count, 3, t.agent_id, t.reward,
       CASE
           WHEN t.status = 'failed' THEN jsonb_build_object(
               'validation', jsonb_build_object(
                   'passed', false,
                   'checks', jsonb_build_array(
                       jsonb_build_object('name', 'schema', 'status', 'pass'),
                       jsonb_build_object('name', 'unit_tests', 'status', 'fail',
                                          'message', format('%s of 40 tests failed', pg_temp.di('fb-tests', t.gid, 1, 12))),
                       jsonb_build_object('name', 'lint', 'status',
                                          pg_temp.pick(ARRAY['pass', 'fail'], 'fb-lint', t.gid)))),
               'errors', jsonb_build_array(jsonb_build_object(
                   'code', pg_temp.pick(ARRAY['E_TEST', 'E_TIMEOUT', 'E_SCHEMA'], 'fb-code', t.gid),
                   'at', jsonb_build_object('file', 'src/handler.py', 'line', pg_temp.di('fb-line', t.gid, 1, 400)))),
               'evaluator', jsonb_build_object('agent', 'EvaluatorAgent', 'score', t.reward,
                                               'suggestion', 'split the task and add a schema check'))
           WHEN t.status = 'completed' AND pg_temp.dr('fb-has', t.gid) < 0.25 THEN jsonb_build_object(
               'validation', jsonb_build_object(
                   'passed', true,
                   'checks', jsonb_build_array(jsonb_build_object('name', 'schema', 'status', 'pass'),
                                               jsonb_build_object('name', 'unit_tests', 'status', 'pass'))),
               'evaluator', jsonb_build_object('agent', 'EvaluatorAgent', 'score', t.reward))
       END,
       t.generation, t.version,
       t.created_at, t.updated_at, t.started_at, t.completed_at
  FROM demo_task t
 ORDER BY t.i, t.k;

-- Edges: task k depends on earlier tasks of its workflow, by shape.
-- (Task ids are duuid('task', gid), so the other end's id is computed, not looked up.)
INSERT INTO task_dependencies (task_id, depends_on_task_id, workflow_id, dependency_type, created_at)
SELECT a.id, pg_temp.duuid('task', a.i::bigint * 100000 + e.j), a.workflow_id,
       CASE WHEN pg_temp.dr('edge-type', a.gid * 7 + e.j) < 0.85 THEN 'blocking'
            WHEN pg_temp.dr('edge-type', a.gid * 7 + e.j) < 0.95 THEN 'data' ELSE 'soft' END,
       a.created_at
  FROM demo_task a
 CROSS JOIN LATERAL (
        -- chain
        SELECT a.k - 1 AS j WHERE a.shape = 'chain' AND a.k BETWEEN 2 AND a.n
        UNION ALL
        -- fan-out from task 1, fan-in to task n
        SELECT 1 WHERE a.shape = 'fanout' AND a.k BETWEEN 2 AND a.n - 1
        UNION ALL
        SELECT g FROM generate_series(2, a.n - 1) g WHERE a.shape = 'fanout' AND a.k = a.n
        UNION ALL
        -- map-reduce: 1 splits, maps 2..m+1, reducers m+2..n-1, n merges
        SELECT 1 WHERE a.shape = 'mapreduce' AND a.k BETWEEN 2 AND ((a.n - 2) * 3) / 4 + 1
        UNION ALL
        SELECT g FROM generate_series(2, ((a.n - 2) * 3) / 4 + 1) g
         WHERE a.shape = 'mapreduce' AND a.k BETWEEN ((a.n - 2) * 3) / 4 + 2 AND a.n - 1
           AND (g - 2) % (a.n - 2 - ((a.n - 2) * 3) / 4) = (a.k - ((a.n - 2) * 3) / 4 - 2) % (a.n - 2 - ((a.n - 2) * 3) / 4)
        UNION ALL
        SELECT g FROM generate_series(((a.n - 2) * 3) / 4 + 2, a.n - 1) g
         WHERE a.shape = 'mapreduce' AND a.k = a.n
        UNION ALL
        -- layered: each task depends on one or two tasks of the layer before it
        SELECT x.j FROM (
            SELECT ((a.k - 1) / ceil(sqrt(a.n))::int - 1) * ceil(sqrt(a.n))::int + 1
                   + pg_temp.di('edge-1', a.gid, 0, ceil(sqrt(a.n))::int - 1) AS j
            UNION
            SELECT ((a.k - 1) / ceil(sqrt(a.n))::int - 1) * ceil(sqrt(a.n))::int + 1
                   + pg_temp.di('edge-2', a.gid, 0, ceil(sqrt(a.n))::int - 1)
             WHERE pg_temp.dr('edge-2p', a.gid) < 0.5
        ) x WHERE a.shape = 'layered' AND a.k <= a.n AND (a.k - 1) / ceil(sqrt(a.n))::int >= 1
     ) e
 WHERE a.k <= a.n
 ORDER BY a.i, a.k;

-- A correction's replacement task takes the failed task's place in the DAG.
INSERT INTO task_dependencies (task_id, depends_on_task_id, workflow_id, dependency_type, created_at)
SELECT r.id, d.depends_on_task_id, d.workflow_id, d.dependency_type, r.created_at
  FROM demo_task r
  JOIN demo_task f ON f.i = r.i AND f.k = r.stop_k
  JOIN task_dependencies d ON d.task_id = f.id
 WHERE r.k > r.n
UNION ALL
SELECT d.task_id, r.id, d.workflow_id, d.dependency_type, r.created_at
  FROM demo_task r
  JOIN demo_task f ON f.i = r.i AND f.k = r.stop_k
  JOIN task_dependencies d ON d.depends_on_task_id = f.id
 WHERE r.k > r.n;

-- The giant workflow's failed task carries one large feedback document (about 10 MB at scale 1):
-- every validation run with its checks and log lines, as an evaluator would keep them.
UPDATE tasks t
   SET feedback_notes = t.feedback_notes || jsonb_build_object('runs', (
       SELECT jsonb_agg(jsonb_build_object(
                  'run', r,
                  'started', to_char(pg_temp.epoch() - interval '1 day' + r * interval '1 minute', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                  'checks', jsonb_build_array(
                      jsonb_build_object('name', 'schema', 'status', 'pass', 'ms', pg_temp.di('big-ms1', r, 1, 90)),
                      jsonb_build_object('name', 'unit_tests', 'status', CASE WHEN r % 9 = 0 THEN 'fail' ELSE 'pass' END,
                                         'failed', jsonb_build_array('test_' || (r % 40), 'test_' || (r % 13))),
                      jsonb_build_object('name', 'lint', 'status', 'pass', 'warnings', r % 5)),
                  'log', format('run %s: evaluated %s items; model %s; tokens %s; verdict %s',
                                r, pg_temp.di('big-items', r, 10, 999),
                                pg_temp.pick(ARRAY['gpt-4', 'claude-3'], 'big-model', r),
                                pg_temp.di('big-tok', r, 100, 9000),
                                CASE WHEN r % 9 = 0 THEN 'reject' ELSE 'accept' END)) ORDER BY r)
         FROM generate_series(1, pg_temp.cnt(32000, 240)) AS r))
 WHERE t.id = (SELECT id FROM demo_task WHERE i = 1 AND status = 'failed' ORDER BY k LIMIT 1);

-- DAG versions: the initial plan, and for corrected workflows the correction's version 2.
INSERT INTO workflow_versions (workflow_id, version_no, reason, added_task_ids, removed_task_ids, created_at)
SELECT w.id, 1, 'initial plan',
       (SELECT array_agg(t.id ORDER BY t.k) FROM demo_task t WHERE t.i = w.i AND t.k <= w.n),
       '{}', w.created_at
  FROM demo_wf w
UNION ALL
SELECT w.id, 2, format('correction of failed task %s (generation 1)', w.stop_k),
       ARRAY[r.id], ARRAY[f.id], r.created_at
  FROM demo_wf w
  JOIN demo_task r ON r.i = w.i AND r.k = w.n + 1
  JOIN demo_task f ON f.i = w.i AND f.k = w.stop_k
 WHERE w.corrected;

UPDATE workflows wf
   SET total_reward = x.total
  FROM (SELECT t.workflow_id, round(sum(t.reward)::numeric, 4)::double precision AS total
          FROM demo_task t WHERE t.reward IS NOT NULL GROUP BY t.workflow_id) x
 WHERE wf.id = x.workflow_id;
