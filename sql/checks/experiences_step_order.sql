-- check: experiences_step_order
-- severity: warning
-- description: episode steps repeated, out of time order, or following the terminal step
--
-- Within an episode, steps are distinct and their times do not go backwards as the step number
-- grows; only the last step may be terminal. One row per step that breaks the order: the second
-- of two equal steps, a step earlier than the one before it, or the step right after a terminal
-- one. One sort of every experience (the heaviest check: about 1 s per 500,000 rows).
SELECT 'experiences' AS "table", s.id::text AS id, s.workflow_id, s.task_id, s.episode_id,
       s.step, s.occurred_at,
       CASE WHEN s.step = s.prev_step THEN 'repeated step'
            WHEN s.occurred_at < s.prev_at THEN 'earlier than the step before'
            ELSE 'after the terminal step' END AS problem
  FROM (SELECT x.id, x.workflow_id, x.task_id, x.episode_id, x.step, x.occurred_at,
               lag(x.step) OVER w AS prev_step, lag(x.occurred_at) OVER w AS prev_at,
               lag(x.terminal) OVER w AS prev_terminal
          FROM public.experiences x
        WINDOW w AS (PARTITION BY x.episode_id ORDER BY x.step, x.occurred_at, x.id)) s
 WHERE s.step = s.prev_step OR s.occurred_at < s.prev_at OR s.prev_terminal
 ORDER BY s.episode_id, s.step, s.id
