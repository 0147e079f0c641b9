-- check: task_events_illegal_transitions
-- severity: error
-- description: audited status changes the task state machine does not allow
--
-- Replays task_events: every update event that changed the status must be a move that
-- task_status_next() allows (the table trg_validate_status_transition enforces). A row here is a
-- status written with the trigger disabled, or in replica mode.
SELECT 'task_events' AS "table", e.id::text AS id, e.workflow_id, e.task_id, e.occurred_at,
       e.old_status, e.new_status
  FROM public.task_events e
 WHERE e.event = 'update'
   AND e.old_status IS DISTINCT FROM e.new_status
   AND NOT (e.new_status = ANY (public.task_status_next(e.old_status)))
 ORDER BY e.id
