-- Task screen: the tasks it depends on (upstream) and the tasks that depend on it (downstream).
SELECT 'upstream' AS direction, d.depends_on_task_id::text AS task, u.status, u.type,
       coalesce(u.title, '') AS title, d.dependency_type AS edge
  FROM task_dependencies d JOIN tasks u ON u.id = d.depends_on_task_id
 WHERE d.task_id = $1::uuid
UNION ALL
SELECT 'downstream', d.task_id::text, u.status, u.type, coalesce(u.title, ''), d.dependency_type
  FROM task_dependencies d JOIN tasks u ON u.id = d.task_id
 WHERE d.depends_on_task_id = $1::uuid
 ORDER BY 1 DESC, 2
 LIMIT 200
