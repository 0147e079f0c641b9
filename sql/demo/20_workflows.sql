-- Demo generator, step 2: workflows, with their size, DAG shape and outcome decided here (kept in
-- the session-temporary demo_wf for the later steps). Workflow 1 is the giant one: 10,000 tasks
-- at scale 1. The others average about 98 tasks, so scale 1 holds about a million tasks.
CREATE TEMP TABLE demo_wf ON COMMIT DROP AS
WITH w AS (
    SELECT i,
           pg_temp.duuid('workflow', i) AS id,
           pg_temp.duuid('project', 1 + (i % pg_temp.cnt(20, 2))) AS project_id,
           CASE WHEN i = 1 THEN pg_temp.cnt(10000, 200)
                ELSE 8 + floor(power(pg_temp.dr('wf-n', i), 2) * 270)::int END AS n,
           CASE WHEN i = 1 THEN 'layered'
                ELSE pg_temp.pick(ARRAY['chain', 'chain', 'fanout', 'fanout', 'mapreduce',
                                        'mapreduce', 'layered'], 'wf-shape', i) END AS shape,
           pg_temp.dr('wf-outcome', i) AS o,
           pg_temp.epoch() - pg_temp.dr('wf-age', i) * interval '90 days' AS created_at,
           2 + floor(pg_temp.dr('wf-step', i) * 28)::int AS step_s
      FROM generate_series(1, pg_temp.cnt(10000, 10)) AS i
)
SELECT i, id, project_id, n, shape, created_at, step_s,
       CASE WHEN i = 1 THEN 'failed'
            WHEN o < 0.66 THEN 'completed'
            WHEN o < 0.78 THEN 'failed'
            WHEN o < 0.86 THEN 'running'
            WHEN o < 0.93 THEN 'pending'
            ELSE 'cancelled' END AS status,
       -- a corrected workflow: its first failed task was replaced by a generation-1 task
       (i % 7 = 3 AND o < 0.66) AS corrected,
       -- where the run stopped: tasks before it completed, the task at it failed or runs
       greatest(1, floor(pg_temp.dr('wf-stop', i) * n)::int) AS stop_k
  FROM w;
CREATE UNIQUE INDEX ON demo_wf (i);
ANALYZE demo_wf;

INSERT INTO workflows (id, project_id, user_prompt, status, created_at, started_at, completed_at,
                       total_reward, metadata, current_version, version, updated_at)
SELECT w.id, w.project_id,
       format('%s %s %s', pg_temp.pick(ARRAY['Build', 'Analyze', 'Summarize', 'Translate',
                                             'Refactor', 'Optimize', 'Research', 'Visualize'],
                                       'prompt-verb', w.i),
              pg_temp.pick(ARRAY['the quarterly sales data', 'the onboarding docs',
                                 'the payment service', 'customer feedback from March',
                                 'the search ranking model', 'the ETL pipeline',
                                 'competitor pricing', 'the incident reports'],
                           'prompt-object', w.i),
              pg_temp.pick(ARRAY['and report the findings', 'into a dashboard',
                                 'with tests', 'for the board meeting', 'before Friday',
                                 'in Spanish and German', 'with a rollback plan', ''],
                           'prompt-tail', w.i)),
       w.status,
       w.created_at,
       CASE WHEN w.status <> 'pending' THEN w.created_at + interval '5 seconds' END,
       CASE WHEN w.status IN ('completed', 'failed', 'cancelled')
            THEN w.created_at + interval '5 seconds'
                 -- a corrected workflow ends after its replacement task (30_tasks.sql)
                 + (w.n + 2 + CASE WHEN w.corrected THEN w.stop_k + 2 ELSE 0 END) * w.step_s * interval '1 second' END,
       NULL, -- filled from the tasks in step 3
       jsonb_build_object(
           'complexity', jsonb_build_object('estimate', round(pg_temp.dr('wf-cx', w.i)::numeric, 2),
                                            'tasks_planned', w.n,
                                            'shape', w.shape),
           'execution', jsonb_build_object('step_seconds', w.step_s,
                                           'model', pg_temp.pick(ARRAY['gpt-4', 'claude-3', 'llama-3'],
                                                                 'wf-model', w.i)),
           'demo', true),
       CASE WHEN w.corrected THEN 2 ELSE 1 END,
       1,
       w.created_at
  FROM demo_wf w;
