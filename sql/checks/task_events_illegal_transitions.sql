-- check: task_events_illegal_transitions
-- severity: error
-- description: audited status changes the task state machine does not allow
--
-- Replays task_events: every update event that changed the status must be a move that
-- task_status_next() allows (the table trg_validate_status_transition enforces). A row here is a
-- status written with the trigger disabled, or in replica mode. The legal moves are expanded
-- once from task_status_next() over the eight statuses of chk_status_valid, so the events are
-- checked with one hash anti-join instead of a function call each.
WITH legal AS MATERIALIZED (
    SELECT s.status AS from_status, n.status AS to_status
      FROM unnest(ARRAY['pending', 'queued', 'running', 'completed', 'failed', 'cancelled',
                        'timeout', 'retrying']) AS s(status)
     CROSS JOIN LATERAL unnest(public.task_status_next(s.status)) AS n(status)
)
SELECT 'task_events' AS "table", e.id::text AS id, e.workflow_id, e.task_id, e.occurred_at,
       e.old_status, e.new_status
  FROM public.task_events e
 WHERE e.event = 'update'
   AND e.old_status IS DISTINCT FROM e.new_status
   AND NOT EXISTS (SELECT 1 FROM legal l
                    WHERE l.from_status = e.old_status AND l.to_status = e.new_status)
 ORDER BY e.id
