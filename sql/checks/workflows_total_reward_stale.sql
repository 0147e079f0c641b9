-- check: workflows_total_reward_stale
-- severity: warning
-- description: workflows whose total_reward differs from workflow_reward() of their tasks
--
-- total_reward is stored by CALL refresh_workflow_rewards(); a task scored or rescored since
-- leaves it stale. The sum is computed here with one pass over tasks, the same formula as
-- workflow_reward() (task_reward_contribution), and compared with a relative tolerance of 1e-9.
WITH r AS (
    SELECT t.workflow_id,
           sum(public.task_reward_contribution(t.reward, t.status, t.retry_count,
                                               t.max_retries, t.correction_generation)) AS reward
      FROM public.tasks t
     GROUP BY t.workflow_id
)
SELECT 'workflows' AS "table", w.id::text AS id, w.id AS workflow_id,
       w.total_reward AS stored, r.reward AS computed
  FROM public.workflows w
  LEFT JOIN r ON r.workflow_id = w.id
 WHERE (w.total_reward IS NULL) <> (r.reward IS NULL)
    OR abs(w.total_reward - r.reward) > 1e-9 * greatest(1, abs(r.reward))
 ORDER BY w.id
