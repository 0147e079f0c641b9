-- Pull requests (seed 002): the lifecycle of a pull request opened for a project, usually by a
-- task, and its validation results. A pull request belongs to its project; its link to a task is
-- optional, and deleting the task clears task_id and keeps the pull request. While linked, the
-- pull request is in the task's project, kept so by a composite foreign key to tasks (id,
-- project_id) (0004_task_audit.sql adds that key), so moving a workflow to another project
-- carries its tasks' pull requests along.
-- @up

-- ---------------------------------------------------------------------------------------------
-- pull_requests (seed 002). status is seed 002's pr_status as text with a CHECK (like
-- tasks.status, and task_executions' enums in 0004): seed 002 names the type, not its values;
-- they follow the review lifecycle of GitHub and GitLab: draft, open, approved,
-- changes_requested, merged, closed.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE pull_requests (
    id                 uuid        NOT NULL DEFAULT gen_random_uuid(),
    project_id         uuid        NOT NULL,
    task_id            uuid,
    -- Forge PR numbers stay far below 2^31.
    -- squawk-ignore prefer-bigint-over-int
    pr_number          integer,
    repository_url     text        NOT NULL,
    branch_name        text        NOT NULL,
    title              text        NOT NULL,
    status             text        NOT NULL DEFAULT 'draft',
    validation_results jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    merged_at          timestamptz,
    closed_at          timestamptz,
    CONSTRAINT pull_requests_pkey PRIMARY KEY (id),
    CONSTRAINT chk_pull_requests_pr_number_positive CHECK (pr_number >= 1),
    CONSTRAINT chk_pull_requests_repository_url_length
        CHECK (char_length(repository_url) BETWEEN 1 AND 500),
    CONSTRAINT chk_pull_requests_branch_name_length
        CHECK (char_length(branch_name) BETWEEN 1 AND 255),
    CONSTRAINT chk_pull_requests_title_length CHECK (char_length(title) BETWEEN 1 AND 500),
    CONSTRAINT chk_pull_requests_status_valid CHECK (
        status IN ('draft', 'open', 'approved', 'changes_requested', 'merged', 'closed')
    ),
    CONSTRAINT chk_pull_requests_validation_results_object
        CHECK (jsonb_typeof(validation_results) = 'object'),
    -- merged_at is set exactly when merged; closed_at exactly when merged or closed (a merged
    -- pull request is closed too, as on the forges; reopening one clears closed_at).
    CONSTRAINT chk_pull_requests_status_timestamps CHECK (
        (merged_at IS NOT NULL) = (status = 'merged') AND
        (closed_at IS NOT NULL) = (status IN ('merged', 'closed'))
    ),
    CONSTRAINT chk_pull_requests_timestamps_ordered CHECK (
        merged_at >= created_at AND closed_at >= coalesce(merged_at, created_at)
    ),
    -- A project with pull requests is not deleted by accident (like its workflows).
    CONSTRAINT fk_pull_requests_project FOREIGN KEY (project_id)
        REFERENCES projects (id) ON DELETE RESTRICT,
    -- The pull request outlives its task: SET NULL on task_id only, keeping project_id. While
    -- linked, it is in the task's project (MATCH SIMPLE: no check once task_id is NULL).
    CONSTRAINT fk_pull_requests_task FOREIGN KEY (task_id, project_id)
        REFERENCES tasks (id, project_id) ON DELETE SET NULL (task_id) ON UPDATE CASCADE
);
-- One pull request per number in a repository, once the forge has given it a number.
CREATE UNIQUE INDEX uq_pull_requests_repository_pr_number
    ON pull_requests (repository_url, pr_number)
    WHERE pr_number IS NOT NULL;
CREATE INDEX idx_pull_requests_project_created ON pull_requests (project_id, created_at DESC);
CREATE INDEX idx_pull_requests_task ON pull_requests (task_id, project_id);
CREATE INDEX idx_pull_requests_status_created ON pull_requests (status, created_at DESC);
COMMENT ON TABLE pull_requests IS
    'Pull requests (seed 002): PR lifecycle (draft, open, approved, changes_requested, merged, '
    'closed) of a project''s repository, optionally opened for a task, with validation_results.';
COMMENT ON COLUMN pull_requests.project_id IS
    'The project (seed 002). While task_id is set, the task''s project (enforced by '
    'fk_pull_requests_task); filled from the task when NULL.';
COMMENT ON COLUMN pull_requests.task_id IS
    'The task the pull request was opened for; NULL when there is none or it was deleted.';
COMMENT ON COLUMN pull_requests.pr_number IS
    'Number given by the forge; NULL until the pull request exists there.';
COMMENT ON COLUMN pull_requests.status IS
    'Seed 002''s pr_status: draft, open, approved, changes_requested, merged or closed.';
COMMENT ON COLUMN pull_requests.validation_results IS
    'Seed 002: results of the validation run on the pull request (checks, tests), a JSON object.';

CREATE TRIGGER trg_pull_requests_inherit_project
    BEFORE INSERT ON pull_requests
    FOR EACH ROW
    WHEN (NEW.project_id IS NULL AND NEW.task_id IS NOT NULL)
    EXECUTE FUNCTION inherit_task_project('fk_pull_requests_task');
CREATE TRIGGER trg_pull_requests_updated_at
    BEFORE UPDATE ON pull_requests
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- @down
DROP TRIGGER trg_pull_requests_updated_at ON pull_requests;
DROP TRIGGER trg_pull_requests_inherit_project ON pull_requests;
-- Dropping the table this file created is the point of its down (its data goes with it; the
-- engine's down plan lists it), hence the ban-drop-table exception.
-- squawk-ignore ban-drop-table
DROP TABLE pull_requests;

-- @verify
SELECT EXISTS (SELECT 1 FROM pg_class
                WHERE relnamespace = 'public'::regnamespace
                  AND relname = 'pull_requests' AND relkind = 'r');
SELECT EXISTS (SELECT 1 FROM pg_index i
                WHERE i.indexrelid = 'public.uq_pull_requests_repository_pr_number'::regclass
                  AND i.indisunique AND i.indisvalid AND i.indpred IS NOT NULL);
SELECT count(*) = 2 FROM pg_trigger
 WHERE NOT tgisinternal AND tgenabled <> 'D'
   AND (tgrelid, tgname) IN (
       ('public.pull_requests'::regclass, 'trg_pull_requests_inherit_project'),
       ('public.pull_requests'::regclass, 'trg_pull_requests_updated_at'));
-- Every foreign key says what happens on delete and has an index whose leading columns are the
-- key's columns.
DO $verify$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT c.conname, c.confdeltype, c.conkey
          FROM pg_constraint c
         WHERE c.contype = 'f' AND c.conrelid = 'public.pull_requests'::regclass
    LOOP
        IF r.confdeltype = 'a' THEN
            RAISE EXCEPTION 'foreign key % on pull_requests has no explicit ON DELETE', r.conname;
        END IF;
        IF NOT EXISTS (
            SELECT 1 FROM pg_index i
             WHERE i.indrelid = 'public.pull_requests'::regclass AND i.indpred IS NULL
               AND (i.indkey::int2[])[0:cardinality(r.conkey) - 1] @> r.conkey
               AND (i.indkey::int2[])[0:cardinality(r.conkey) - 1] <@ r.conkey
        ) THEN
            RAISE EXCEPTION 'foreign key % on pull_requests has no index', r.conname;
        END IF;
    END LOOP;
END
$verify$;
