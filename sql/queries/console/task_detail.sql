-- Task screen: every field of one task as name/value rows, generated durations included.
SELECT f.name, f.value
  FROM tasks t
 CROSS JOIN LATERAL (VALUES
        ('id', t.id::text), ('workflow', t.workflow_id::text), ('project', t.project_id::text),
        ('status', t.status), ('type', t.type), ('title', t.title), ('priority', t.priority::text),
        ('agent', t.agent_id::text), ('parent task', t.parent_task_id::text),
        ('retries', t.retry_count || ' of ' || t.max_retries),
        ('correction generation', t.correction_generation::text),
        ('reward', t.reward::text), ('created', t.created_at::text), ('started', t.started_at::text),
        ('completed', t.completed_at::text), ('wait time (s)', t.wait_time::text),
        ('execution time (s)', t.execution_time::text), ('updated', t.updated_at::text),
        ('row version', t.version::text), ('error', t.error_message),
        ('description', t.description), ('input', t.input::text), ('output', t.output::text),
        ('tags', t.tags::text),
        ('feedback_notes', CASE WHEN t.feedback_notes IS NULL THEN NULL
                                ELSE format('%s keys, %s bytes: %s', (SELECT count(*) FROM jsonb_object_keys(t.feedback_notes)),
                                            pg_column_size(t.feedback_notes),
                                            left(t.feedback_notes::text, 200)) END)
     ) AS f(name, value)
 WHERE t.id = $1::uuid
