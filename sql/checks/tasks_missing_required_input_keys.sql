-- check: tasks_missing_required_input_keys
-- severity: warning
-- description: tasks whose input lacks a key their type now requires
--
-- trg_validate_input_schema checks task_types.required_input_keys when a task's input or type
-- is written; changing a type's keys later does not revalidate existing tasks.
SELECT 'tasks' AS "table", t.id::text AS id, t.workflow_id, t.id AS task_id, t.type,
       array_to_string(ARRAY(SELECT k FROM unnest(tt.required_input_keys) AS k
                              WHERE NOT t.input ? k), ', ') AS missing_keys
  FROM public.tasks t
  JOIN public.task_types tt ON tt.name = t.type
 WHERE cardinality(tt.required_input_keys) > 0
   AND NOT (jsonb_typeof(t.input) = 'object' AND t.input ?& tt.required_input_keys)
 ORDER BY t.workflow_id, t.id
