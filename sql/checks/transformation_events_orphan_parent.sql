-- check: transformation_events_orphan_parent
-- severity: warning
-- description: agent transformation events whose parent_event_id names no event
--
-- agent_transformation_events is partitioned, so parent_event_id cannot have a foreign key. A
-- parent older than the 90 days kept may have been dropped by retention.
SELECT 'agent_transformation_events' AS "table", e.id::text AS id, e.parent_event_id,
       e.correlation_id, e.started_at
  FROM public.agent_transformation_events e
 WHERE e.parent_event_id IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM public.agent_transformation_events p
                    WHERE p.id = e.parent_event_id)
 ORDER BY e.started_at, e.id
