-- Demo generator, step 8: pull requests (about 5,000 at scale 1) opened for code tasks that
-- finished, in the task's project repository, numbered per repository in the order they were
-- opened. Completed tasks' pull requests are mostly merged (some still open, approved, in review
-- or draft; a draft may not have reached the forge yet, so no number); failed tasks' are mostly
-- closed. merged_at and closed_at follow the status rules (a merged pull request is closed too).

INSERT INTO pull_requests (id, project_id, task_id, pr_number, repository_url, branch_name, title,
                           status, validation_results, created_at, updated_at, merged_at,
                           closed_at)
SELECT pg_temp.duuid('pull_request', x.gid), x.project_id, x.id,
       CASE WHEN x.status = 'draft' AND pg_temp.dr('pr-nonum', x.gid) < 0.3 THEN NULL
            ELSE row_number() OVER (PARTITION BY x.project_id
                                    ORDER BY x.status = 'draft' AND pg_temp.dr('pr-nonum', x.gid) < 0.3,
                                             x.created_at, x.gid) END,
       p.repository_url,
       format('agent/%s-%s', replace(x.type, '_', '-'), left(x.id::text, 8)),
       format('%s: %s', CASE x.type WHEN 'code_generation' THEN 'feat'
                                    WHEN 'code_optimization' THEN 'perf' ELSE 'refactor' END,
              t.title),
       x.status,
       jsonb_build_object(
           'passed', x.status IN ('merged', 'approved') OR (x.status = 'open' AND pg_temp.dr('pr-pass', x.gid) < 0.7),
           'checks', jsonb_build_array(
               jsonb_build_object('name', 'ci', 'status', CASE WHEN x.task_status = 'failed' THEN 'failure' ELSE 'success' END),
               jsonb_build_object('name', 'lint', 'status', pg_temp.pick(ARRAY['success', 'success', 'failure'], 'pr-lint', x.gid)),
               jsonb_build_object('name', 'coverage', 'value', round((0.55 + 0.4 * pg_temp.dr('pr-cov', x.gid))::numeric, 2))),
           'reviewers', jsonb_build_array(pg_temp.pick(ARRAY['reviewer-agent', 'qa-agent', 'alex', 'noor'], 'pr-rev', x.gid))),
       x.created_at,
       coalesce(x.closed_at, x.created_at + x.review),
       CASE WHEN x.status = 'merged' THEN x.closed_at END,
       x.closed_at
  FROM (SELECT c.*,
               CASE WHEN c.status IN ('merged', 'closed') THEN c.created_at + c.review END AS closed_at
          FROM (SELECT d.gid, d.id, d.project_id, d.type, d.status AS task_status,
                       d.completed_at + pg_temp.di('pr-open', d.gid, 60, 1800) * interval '1 second' AS created_at,
                       pg_temp.di('pr-review', d.gid, 600, 259200) * interval '1 second' AS review,
                       CASE WHEN d.status = 'completed'
                            THEN pg_temp.pick(ARRAY['merged', 'merged', 'merged', 'merged', 'merged', 'merged', 'merged',
                                                    'merged', 'merged', 'merged', 'merged', 'merged', 'merged',
                                                    'open', 'open', 'approved', 'changes_requested', 'closed',
                                                    'draft', 'draft'], 'pr-status', d.gid)
                            ELSE pg_temp.pick(ARRAY['closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed',
                                                    'changes_requested', 'changes_requested', 'draft'], 'pr-status', d.gid)
                       END AS status
                  FROM demo_task d
                 WHERE d.type IN ('code_generation', 'code_optimization', 'code_analysis')
                   AND d.status IN ('completed', 'failed')
                 ORDER BY pg_temp.dr('pr-pick', d.gid), d.gid
                 LIMIT pg_temp.cnt(5000, 20)) c) x
  JOIN tasks t ON t.id = x.id
  JOIN projects p ON p.id = x.project_id
 ORDER BY x.created_at, x.gid;
