-- Dashboard: workflows and tasks by status (tasks via the status index).
SELECT 'workflows' AS what, status, count(*) AS n FROM workflows GROUP BY status
UNION ALL
SELECT 'tasks', status, count(*) FROM tasks GROUP BY status
ORDER BY 1 DESC, 3 DESC
