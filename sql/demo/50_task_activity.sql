-- Demo generator, step 5: the task side of the audit trail and the attempts. task_events holds
-- what trg_tasks_audit would have written for the path 30_tasks.sql gave each task (about 4M rows
-- at scale 1): the insert (status pending, every non-NULL column but updated_at and version), then
-- one update per status change, in order, each with its changed columns (sorted), their old and
-- new values, and the task's row version after it. The path, per attempt, is queued -> running and,
-- but for the last attempt, running -> failed (error_message set) -> retrying (retry_count + 1,
-- error_message cleared) -> queued; the last attempt ends completed (output, reward, completed_at,
-- feedback_notes) or failed (its error, reward, completed_at and feedback); cancelled tasks went
-- pending -> cancelled. The last event's new_status is tasks.status, its task_version
-- tasks.version and its time tasks.updated_at. Events are written workflow by workflow in the
-- order the workflows were created, so ids follow time closely. task_executions holds one row per
-- attempt of every task that was queued, inside the task's times, run by the task's agent.
--
-- The attempt times: attempt j of A runs over [started_at + (j - 1) L, started_at + j L) with
-- L = (completed_at - started_at) / A: it fails at 0.7 L into it, is retried at 0.8 L and queued
-- again at 0.9 L; the last attempt ends at completed_at.

-- Statistics for the joins below (tasks was filled in this transaction), and the workflows in
-- creation order, for the event order.
ANALYZE tasks;
CREATE INDEX ON demo_wf (created_at, i);
ANALYZE demo_wf;

INSERT INTO task_events (occurred_at, task_id, project_id, workflow_id, event, old_status,
                         new_status, task_version, changed_columns, changes, actor,
                         application_name, correlation_id)
SELECT ev.at, d.id, d.project_id, d.workflow_id,
       CASE ev.kind WHEN 'insert' THEN 'insert' ELSE 'update' END,
       ev.old_status, ev.new_status, ev.e + 1,
       CASE ev.kind
           WHEN 'insert' THEN '{context,correction_generation,created_at,description,input,max_retries,metadata,priority,project_id,requirements,retry_count,status,tags,title,type,workflow_id}'::text[]
           WHEN 'queue' THEN '{agent_id,status}'
           WHEN 'run' THEN CASE WHEN ev.j = 1 THEN '{started_at,status}'::text[] ELSE '{status}' END
           WHEN 'fail' THEN '{error_message,status}'
           WHEN 'retry' THEN '{error_message,retry_count,status}'
           WHEN 'final' THEN CASE WHEN d.status = 'failed'
                                  THEN '{completed_at,error_details,error_message,feedback_notes,reward,status}'::text[]
                                  WHEN t.feedback_notes IS NULL THEN '{completed_at,output,reward,status}'
                                  ELSE '{completed_at,feedback_notes,output,reward,status}' END
           ELSE '{status}'   -- requeue, cancel
       END,
       CASE ev.kind
           WHEN 'insert' THEN jsonb_build_object(
               'context', jsonb_build_object('new', t.context),
               'correction_generation', jsonb_build_object('new', t.correction_generation),
               'created_at', jsonb_build_object('new', t.created_at),
               'description', jsonb_build_object('new', t.description),
               'input', jsonb_build_object('new', t.input),
               'max_retries', jsonb_build_object('new', t.max_retries),
               'metadata', jsonb_build_object('new', t.metadata),
               'priority', jsonb_build_object('new', t.priority),
               'project_id', jsonb_build_object('new', t.project_id),
               'requirements', jsonb_build_object('new', t.requirements),
               'retry_count', jsonb_build_object('new', 0),
               'status', jsonb_build_object('new', 'pending'),
               'tags', jsonb_build_object('new', t.tags),
               'title', jsonb_build_object('new', t.title),
               'type', jsonb_build_object('new', t.type),
               'workflow_id', jsonb_build_object('new', t.workflow_id))
           WHEN 'queue' THEN jsonb_build_object(
               'agent_id', jsonb_build_object('old', NULL, 'new', t.agent_id),
               'status', jsonb_build_object('old', ev.old_status, 'new', ev.new_status))
           WHEN 'fail' THEN jsonb_build_object(
               'error_message', jsonb_build_object('old', NULL, 'new', ev.attempt_error),
               'status', jsonb_build_object('old', ev.old_status, 'new', ev.new_status))
           WHEN 'retry' THEN jsonb_build_object(
               'error_message', jsonb_build_object('old', ev.attempt_error, 'new', NULL),
               'retry_count', jsonb_build_object('old', ev.j - 1, 'new', ev.j),
               'status', jsonb_build_object('old', ev.old_status, 'new', ev.new_status))
           WHEN 'final' THEN CASE
               WHEN d.status = 'failed' THEN jsonb_build_object(
                   'completed_at', jsonb_build_object('old', NULL, 'new', t.completed_at),
                   'error_details', jsonb_build_object('old', NULL, 'new', t.error_details),
                   'error_message', jsonb_build_object('old', NULL, 'new', t.error_message),
                   -- a value over 8 kB is stored as its digest, as the trigger does
                   'feedback_notes', jsonb_build_object('old', NULL, 'new',
                       CASE WHEN octet_length(t.feedback_notes::text) < 4096
                              OR pg_column_size(jsonb_build_array(t.feedback_notes) -> 0) <= 8192
                            THEN t.feedback_notes
                            ELSE task_events_digest(t.feedback_notes) END),
                   'reward', jsonb_build_object('old', NULL, 'new', t.reward),
                   'status', jsonb_build_object('old', ev.old_status, 'new', ev.new_status))
               WHEN t.feedback_notes IS NULL THEN jsonb_build_object(
                   'completed_at', jsonb_build_object('old', NULL, 'new', t.completed_at),
                   'output', jsonb_build_object('old', NULL, 'new', t.output),
                   'reward', jsonb_build_object('old', NULL, 'new', t.reward),
                   'status', jsonb_build_object('old', ev.old_status, 'new', ev.new_status))
               ELSE jsonb_build_object(
                   'completed_at', jsonb_build_object('old', NULL, 'new', t.completed_at),
                   'feedback_notes', jsonb_build_object('old', NULL, 'new',
                       CASE WHEN octet_length(t.feedback_notes::text) < 4096
                              OR pg_column_size(jsonb_build_array(t.feedback_notes) -> 0) <= 8192
                            THEN t.feedback_notes
                            ELSE task_events_digest(t.feedback_notes) END),
                   'output', jsonb_build_object('old', NULL, 'new', t.output),
                   'reward', jsonb_build_object('old', NULL, 'new', t.reward),
                   'status', jsonb_build_object('old', ev.old_status, 'new', ev.new_status))
               END
           WHEN 'run' THEN CASE WHEN ev.j = 1 THEN jsonb_build_object(
               'started_at', jsonb_build_object('old', NULL, 'new', t.started_at),
               'status', jsonb_build_object('old', ev.old_status, 'new', ev.new_status))
               ELSE jsonb_build_object('status', jsonb_build_object('old', ev.old_status, 'new', ev.new_status)) END
           ELSE jsonb_build_object('status', jsonb_build_object('old', ev.old_status, 'new', ev.new_status))
       END,
       CASE ev.kind WHEN 'insert' THEN 'svc_planner' ELSE 'svc_orchestrator' END,
       CASE ev.kind WHEN 'insert' THEN 'agentdb-planner'
                    WHEN 'run' THEN 'agentdb-worker' WHEN 'fail' THEN 'agentdb-worker'
                    WHEN 'final' THEN 'agentdb-worker'
                    ELSE 'agentdb-orchestrator' END,
       w.corr
  FROM (SELECT w.i, w.created_at, pg_temp.duuid('correlation', w.i)::text AS corr FROM demo_wf w) w
  JOIN demo_task d ON d.i = w.i
  JOIN tasks t ON t.id = d.id
 CROSS JOIN LATERAL (
        SELECT g.e, g.kind, g.j,
               CASE g.kind
                   WHEN 'insert' THEN NULL
                   WHEN 'queue' THEN 'pending'
                   WHEN 'cancel' THEN 'pending'
                   WHEN 'run' THEN 'queued'
                   WHEN 'fail' THEN 'running'
                   WHEN 'retry' THEN 'failed'
                   WHEN 'requeue' THEN 'retrying'
                   ELSE 'running'
               END AS old_status,
               CASE g.kind
                   WHEN 'insert' THEN 'pending'
                   WHEN 'queue' THEN 'queued'
                   WHEN 'cancel' THEN 'cancelled'
                   WHEN 'run' THEN 'running'
                   WHEN 'fail' THEN 'failed'
                   WHEN 'retry' THEN 'retrying'
                   WHEN 'requeue' THEN 'queued'
                   ELSE d.status
               END AS new_status,
               CASE g.kind
                   WHEN 'insert' THEN d.created_at
                   WHEN 'queue' THEN d.queued_at
                   WHEN 'cancel' THEN d.cancelled_at
                   WHEN 'final' THEN d.completed_at
                   ELSE CASE WHEN g.j = 1 AND g.kind = 'run' THEN d.started_at ELSE d.started_at + ((g.j - 1) + CASE g.kind WHEN 'run' THEN 0 WHEN 'fail' THEN 0.7
                                                                WHEN 'retry' THEN 0.8 ELSE 0.9 END)
                                       * (d.completed_at - d.started_at) / d.attempts END
               END AS at,
               pg_temp.pick(ARRAY['timeout calling the model', 'output schema mismatch',
                                  'rate limited by the model provider', 'worker lost'],
                            'task-attempt-err', d.gid * 10 + g.j) AS attempt_error
          FROM (SELECT e,
                       CASE WHEN e = 0 THEN 'insert'
                            WHEN d.status = 'cancelled' THEN 'cancel'
                            WHEN e = 1 THEN 'queue'
                            WHEN (e - 2) % 4 = 0 THEN 'run'
                            WHEN (e - 2) % 4 = 1 AND (e - 2) / 4 + 1 = d.attempts THEN 'final'
                            WHEN (e - 2) % 4 = 1 THEN 'fail'
                            WHEN (e - 2) % 4 = 2 THEN 'retry'
                            ELSE 'requeue'
                       END AS kind,
                       CASE WHEN e >= 2 THEN (e - 2) / 4 + 1 END AS j
                  FROM generate_series(0, d.version - 1) AS e) g
     ) ev
 ORDER BY w.created_at, w.i, d.k, ev.e;

-- One attempt per queued run: failed ones, then the last, which the task's status describes.
INSERT INTO task_executions (id, task_id, project_id, attempt_no, agent_type, agent_id,
                             execution_status, input_context, output_results, error_details,
                             created_at, updated_at, started_at, completed_at, memory_usage_mb,
                             cpu_time_ms)
SELECT pg_temp.duuid('execution', x.gid * 10 + x.j), x.id, x.project_id, x.j, x.agent_type,
       x.agent_id, x.status,
       jsonb_build_object('attempt', x.j, 'model', pg_temp.pick(ARRAY['gpt-4', 'claude-3', 'llama-3'], 'task-model', x.gid),
                          'timeout_s', 300),
       CASE WHEN x.status = 'completed'
            THEN jsonb_build_object('tokens', pg_temp.di('exec-tok', x.gid, 100, 9000), 'artifacts', pg_temp.di('exec-art', x.gid, 0, 4))
            ELSE '{}' END,
       CASE WHEN x.status = 'failed'
            THEN jsonb_build_object('message', CASE WHEN x.j = x.attempts THEN x.error_message ELSE x.attempt_error END,
                                    'retryable', x.j < x.attempts)
            ELSE '{}' END,
       x.created_at, coalesce(x.completed_at, x.started_at, x.created_at), x.started_at, x.completed_at,
       CASE WHEN x.started_at IS NOT NULL THEN pg_temp.di('exec-mem', x.gid * 10 + x.j, 64, 4096) END,
       CASE WHEN x.completed_at IS NOT NULL
            THEN (extract(epoch FROM x.completed_at - x.started_at) * 1000
                  * (0.2 + 0.7 * pg_temp.dr('exec-cpu', x.gid * 10 + x.j)))::bigint END
  FROM (
        SELECT d.gid, d.id, d.project_id, d.agent_type, d.agent_id, d.attempts, t.error_message, j.j,
               pg_temp.pick(ARRAY['timeout calling the model', 'output schema mismatch',
                                  'rate limited by the model provider', 'worker lost'],
                            'task-attempt-err', d.gid * 10 + j.j) AS attempt_error,
               CASE WHEN d.status = 'queued' THEN 'queued'
                    WHEN j.j < d.attempts THEN 'failed'
                    ELSE d.status END AS status,
               CASE WHEN d.status = 'queued' OR j.j = 1 THEN d.queued_at
                    ELSE d.started_at + (j.j - 2 + 0.9) * (d.completed_at - d.started_at) / d.attempts END AS created_at,
               CASE WHEN d.status <> 'queued'
                    THEN d.started_at + (j.j - 1) * (d.completed_at - d.started_at) / d.attempts END AS started_at_raw,
               d.started_at AS task_started_at, d.completed_at AS task_completed_at, d.status AS task_status
          FROM demo_task d
          JOIN tasks t ON t.id = d.id
         CROSS JOIN LATERAL generate_series(1, greatest(d.attempts, 1)) AS j(j)
         WHERE d.status IN ('queued', 'running', 'completed', 'failed')
     ) x0
 CROSS JOIN LATERAL (
        SELECT x0.*,
               CASE WHEN x0.task_status = 'running' THEN x0.task_started_at ELSE x0.started_at_raw END AS started_at,
               CASE WHEN x0.task_status IN ('completed', 'failed')
                    THEN CASE WHEN x0.j = x0.attempts THEN x0.task_completed_at
                              ELSE x0.task_started_at + (x0.j - 1 + 0.7) * (x0.task_completed_at - x0.task_started_at) / x0.attempts END
               END AS completed_at
     ) x
 ORDER BY x.created_at, x.gid, x.j;
