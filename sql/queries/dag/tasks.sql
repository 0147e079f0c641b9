-- dag show / DAG screen: the tasks of workflow $1 as of DAG version $2. Version N holds every task
-- that no later version added and that no earlier version removed; the tasks version N itself
-- removed are returned too (flagged removed, drawn as ghosts), and those it added are flagged added
-- (version 1 adds the whole initial plan, so nothing is flagged there). A workflow without
-- workflow_versions rows shows all its tasks. Arrays are unnested once, so this stays a hash join.
WITH ch AS (
    SELECT x.task_id, v.version_no, x.kind
      FROM workflow_versions v
     CROSS JOIN LATERAL (SELECT a, 'a' FROM unnest(v.added_task_ids) a
                         UNION ALL
                         SELECT r, 'r' FROM unnest(v.removed_task_ids) r) AS x(task_id, kind)
     WHERE v.workflow_id = $1::uuid
), st AS (
    SELECT task_id,
           bool_or(kind = 'a' AND version_no > $2::int) AS later,
           bool_or(kind = 'r' AND version_no < $2::int) AS gone,
           bool_or(kind = 'a' AND version_no = $2::int AND $2::int > 1) AS added,
           bool_or(kind = 'r' AND version_no = $2::int) AS removed
      FROM ch
     GROUP BY task_id
)
SELECT t.id::text AS id, coalesce(t.title, '') AS title, t.type, t.status,
       t.execution_time AS duration, t.retry_count, t.max_retries,
       coalesce(st.added, false) AS added, coalesce(st.removed, false) AS removed
  FROM tasks t
  LEFT JOIN st ON st.task_id = t.id
 WHERE t.workflow_id = $1::uuid
   AND NOT coalesce(st.later, false)
   AND NOT coalesce(st.gone, false)
 ORDER BY t.created_at, t.id
