-- Demo generator, step 6: reinforcement-learning data. One learning episode per finished
-- (completed or failed) workflow, about 8,000 at scale 1, and 5,000,000 experiences shared out in
-- proportion to the tasks each workflow ran: steps 0 to steps - 1 without gaps, the last one
-- terminal, each inside the episode's time and, when the step ran a task, naming a task of the
-- episode's workflow (what trg_experiences_links would have checked). The episode's steps and
-- total_reward are its experiences' count and sum. Then the correction attempts: the corrected
-- workflows' successful one (version 1 -> 2, named by workflow_versions.correction_attempt_id),
-- and failed or abandoned attempts on half of the failed workflows.

CREATE TEMP TABLE demo_ep ON COMMIT DROP AS
WITH e AS (
    SELECT w.i, w.id AS workflow_id, w.project_id, w.status, w.shape, w.n, w.stop_k, w.corrected,
           w.created_at + interval '5 seconds' AS started_at,
           w.created_at + interval '5 seconds'
               + (w.n + 2 + CASE WHEN w.corrected THEN w.stop_k + 2 ELSE 0 END) * w.step_s * interval '1 second'
               AS ended_at,
           -- the tasks the run went through: all of them (and the replacement), or up to the failure
           CASE WHEN w.status = 'completed' THEN w.n + CASE WHEN w.corrected THEN 1 ELSE 0 END
                ELSE w.stop_k END AS m
      FROM demo_wf w
     WHERE w.status IN ('completed', 'failed')
), c AS (
    SELECT e.*, sum(e.m) OVER (ORDER BY e.i) AS cum, sum(e.m) OVER () AS total
      FROM e
)
SELECT c.i, pg_temp.duuid('episode', c.i) AS id, c.workflow_id, c.project_id, c.status, c.shape,
       c.started_at, c.ended_at, c.m,
       greatest(1, floor(pg_temp.cnt(5000000, 500) * c.cum::numeric / c.total)
                   - floor(pg_temp.cnt(5000000, 500) * (c.cum - c.m)::numeric / c.total))::int AS steps
  FROM c;
CREATE UNIQUE INDEX ON demo_ep (i);
-- episodes in the order they started, for the experiences' insert order (no big sort)
CREATE INDEX ON demo_ep (started_at, i);
ANALYZE demo_ep;

-- Steps: 0 plans the run, the last one finishes it (terminal, +1 or -1 by the outcome); in
-- between each step works on one task of the run, in order (task_id set).
WITH x AS (
    INSERT INTO experiences (id, occurred_at, project_id, workflow_id, episode_id, task_id, step,
                             state_context, action_taken, reward_received, terminal)
    SELECT pg_temp.duuid('experience', e.i * 10000000 + s.step),
           e.started_at + (s.step + 0.5::double precision) / e.steps * (e.ended_at - e.started_at),
           e.project_id, e.workflow_id, e.id,
           CASE WHEN s.step > 0 AND s.step < e.steps - 1
                THEN pg_temp.duuid('task', e.i * 100000 + 1 + s.step::bigint * e.m / e.steps) END,
           s.step,
           jsonb_build_object('task', 1 + s.step::bigint * e.m / e.steps, 'of', e.m,
                              'queue', pg_temp.di('xp-q', e.i * 10000000 + s.step, 0, 12)),
           CASE WHEN s.step = 0 THEN '{"type": "plan"}'::jsonb
                WHEN s.step = e.steps - 1 THEN '{"type": "finish"}'::jsonb
                ELSE (ARRAY['{"type": "dispatch"}', '{"type": "observe"}', '{"type": "evaluate"}',
                            '{"type": "retry"}', '{"type": "reroute"}']::jsonb[])
                     [1 + pg_temp.di('xp-a', e.i * 10000000 + s.step, 0, 4)::int]
           END,
           -- rounded to 4 decimals
           CASE WHEN s.step = e.steps - 1 THEN CASE WHEN e.status = 'completed' THEN 1 ELSE -1 END
                ELSE round((0.4 * pg_temp.dr('xp-r', e.i * 10000000 + s.step)
                            - CASE WHEN e.status = 'failed' THEN 0.25 ELSE 0.1 END) * 10000) / 10000
           END,
           s.step = e.steps - 1
      FROM demo_ep e
     CROSS JOIN LATERAL generate_series(0, e.steps - 1) AS s(step)
     ORDER BY e.started_at, e.i, s.step
    RETURNING episode_id, reward_received
)
INSERT INTO learning_episodes (id, project_id, workflow_id, status, started_at, ended_at,
                               total_reward, steps, metadata, updated_at)
SELECT e.id, e.project_id, e.workflow_id, e.status, e.started_at, e.ended_at,
       round(r.total::numeric, 4)::double precision, r.steps,
       jsonb_build_object('algorithm', 'ppo',
                          'policy_version', 'v' || (1 + e.i % 5),
                          'gamma', 0.99,
                          'workflow_shape', e.shape),
       e.ended_at
  FROM demo_ep e
  JOIN (SELECT episode_id, sum(reward_received) AS total, count(*)::int AS steps
          FROM x GROUP BY episode_id) r ON r.episode_id = e.id
 ORDER BY e.started_at, e.i;

-- Correction attempts: the corrected workflows' (it replaced the failed task with the
-- generation-1 task and produced version 2), and on half the failed workflows an attempt that
-- failed or was abandoned before it produced a version.
INSERT INTO correction_attempts (id, project_id, workflow_id, failed_task_id, generation, status,
                                 correction_plan, outcome, version_before, version_after,
                                 created_at, completed_at, updated_at)
SELECT pg_temp.duuid('correction', w.i), w.project_id, w.id, f.id, 1,
       CASE WHEN w.corrected THEN 'succeeded'
            WHEN pg_temp.dr('corr-abandon', w.i) < 0.3 THEN 'abandoned' ELSE 'failed' END,
       jsonb_build_object('action', 'replace_task',
                          'failed_task', f.id,
                          'replacement', CASE WHEN w.corrected THEN r.id END,
                          'strategy', pg_temp.pick(ARRAY['split the task and add a schema check',
                                                         'switch to a stronger model',
                                                         'add the missing input and retry'], 'corr-strategy', w.i),
                          'rewire_dependents', true),
       CASE WHEN w.corrected THEN jsonb_build_object('validation', 'passed', 'replacement_status', r.status,
                                                     'reward', r.reward)
            ELSE jsonb_build_object('validation', 'failed',
                                    'error', pg_temp.pick(ARRAY['replacement failed validation',
                                                                'no agent with the capability',
                                                                'plan rejected by the operator'], 'corr-err', w.i)) END,
       1,
       CASE WHEN w.corrected THEN 2 END,
       f.completed_at,
       CASE WHEN w.corrected THEN r.completed_at
            ELSE f.completed_at + pg_temp.di('corr-len', w.i, 10, 600) * interval '1 second' END,
       CASE WHEN w.corrected THEN r.completed_at
            ELSE f.completed_at + pg_temp.di('corr-len', w.i, 10, 600) * interval '1 second' END
  FROM demo_wf w
  JOIN demo_task f ON f.i = w.i AND f.k = w.stop_k
  LEFT JOIN demo_task r ON r.i = w.i AND r.k = w.n + 1
 WHERE w.corrected OR (w.status = 'failed' AND pg_temp.dr('corr-failed', w.i) < 0.5)
 ORDER BY f.completed_at, w.i;

UPDATE workflow_versions v
   SET correction_attempt_id = pg_temp.duuid('correction', w.i)
  FROM demo_wf w
 WHERE w.corrected AND v.workflow_id = w.id AND v.version_no = 2;
