-- check: workflows_current_version_missing
-- severity: error
-- description: workflows whose current_version has no row in workflow_versions
--
-- workflows.current_version names the DAG version in force; there is no foreign key (version 1
-- of a new workflow may not be written yet). A workflow with any version row, or past version 1,
-- must have the row of its current version.
SELECT 'workflows' AS "table", w.id::text AS id, w.id AS workflow_id, w.current_version,
       (SELECT max(v.version_no) FROM public.workflow_versions v
         WHERE v.workflow_id = w.id) AS latest_version
  FROM public.workflows w
 WHERE NOT EXISTS (SELECT 1 FROM public.workflow_versions v
                    WHERE v.workflow_id = w.id AND v.version_no = w.current_version)
   AND (w.current_version > 1
        OR EXISTS (SELECT 1 FROM public.workflow_versions v WHERE v.workflow_id = w.id))
 ORDER BY w.id
