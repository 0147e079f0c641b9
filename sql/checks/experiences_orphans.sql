-- check: experiences_orphans
-- severity: error
-- description: experiences whose episode is missing or belongs to another workflow or project
--
-- experiences has no foreign keys (it is partitioned and append-only); trg_experiences_links
-- checks the episode when a row is written, but deleting an episode later leaves its steps.
SELECT 'experiences' AS "table", x.id::text AS id, x.workflow_id, x.task_id, x.episode_id,
       x.occurred_at, e.workflow_id AS episode_workflow_id
  FROM public.experiences x
  LEFT JOIN public.learning_episodes e ON e.id = x.episode_id
 WHERE e.id IS NULL OR e.workflow_id <> x.workflow_id OR e.project_id <> x.project_id
 ORDER BY x.workflow_id, x.episode_id, x.step
