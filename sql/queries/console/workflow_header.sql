-- Workflow screen header: one workflow with its timings and counts.
SELECT w.id::text AS id, w.status, w.user_prompt, p.name AS project,
       round(w.total_reward::numeric, 4) AS total_reward, w.current_version,
       (SELECT count(*) FROM workflow_versions v WHERE v.workflow_id = w.id) AS versions,
       to_char(w.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS created,
       to_char(w.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS started,
       to_char(w.completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS completed,
       to_char(w.completed_at - w.started_at, 'HH24:MI:SS') AS duration,
       (SELECT count(*) FROM tasks t WHERE t.workflow_id = w.id) AS tasks,
       (SELECT count(*) FROM tasks t WHERE t.workflow_id = w.id AND t.status = 'failed') AS failed
  FROM workflows w
  JOIN projects p ON p.id = w.project_id
 WHERE w.id = $1::uuid
