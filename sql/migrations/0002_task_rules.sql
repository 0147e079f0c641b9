-- Rules on the core tables that need triggers: seed 001's task status state machine and per-type
-- required input keys, updated_at maintenance, optimistic-locking row versions (seed 004), a
-- task's workflow and project links, and the DAG rules on task_dependencies (both ends in the same
-- workflow, no cycle). A broken rule raises SQLSTATE 23514 (check_violation) with the trigger's
-- name as the constraint name, so clients read the rule from PG_DIAG_CONSTRAINT_NAME like any
-- CHECK. Function bodies qualify every name, so they work under any search_path.
-- @up

-- ---------------------------------------------------------------------------------------------
-- Status state machine (seed 001), written once: the trigger and the integrity checks use it.
-- ---------------------------------------------------------------------------------------------
CREATE FUNCTION task_status_next(from_status text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT CASE from_status
        WHEN 'pending'  THEN ARRAY['queued', 'cancelled']
        WHEN 'queued'   THEN ARRAY['running', 'cancelled']
        WHEN 'running'  THEN ARRAY['completed', 'failed', 'timeout', 'cancelled']
        WHEN 'failed'   THEN ARRAY['retrying', 'cancelled']
        WHEN 'retrying' THEN ARRAY['queued', 'cancelled']
        ELSE '{}'::text[]   -- completed, cancelled and timeout are terminal
    END
$$;
COMMENT ON FUNCTION task_status_next(text) IS
    'Seed 001''s task status transition table: the statuses a task in from_status may move to. '
    'Empty for the terminal statuses (completed, cancelled, timeout).';

CREATE FUNCTION task_status_is_terminal(status text) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT status IN ('completed', 'cancelled', 'timeout')
$$;
COMMENT ON FUNCTION task_status_is_terminal(text) IS
    'True for the statuses seed 001 makes terminal: completed, cancelled, timeout.';

CREATE FUNCTION validate_task_status_transition() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    IF NOT (NEW.status = ANY (public.task_status_next(OLD.status))) THEN
        RAISE EXCEPTION 'invalid task status transition: % -> %', OLD.status, NEW.status
            USING ERRCODE = '23514',
                  CONSTRAINT = 'trg_validate_status_transition',
                  SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME, COLUMN = 'status',
                  DETAIL = format('Task %s is %s.', OLD.id, OLD.status),
                  HINT = CASE WHEN public.task_status_is_terminal(OLD.status)
                              THEN format('%s is a terminal status.', OLD.status)
                              ELSE format('From %s a task may move to: %s.', OLD.status,
                                          array_to_string(public.task_status_next(OLD.status),
                                                          ', '))
                         END;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER trg_validate_status_transition
    BEFORE UPDATE OF status ON tasks
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION validate_task_status_transition();

-- ---------------------------------------------------------------------------------------------
-- Per-type required input keys (seed 001), read from task_types.required_input_keys.
-- ---------------------------------------------------------------------------------------------
CREATE FUNCTION validate_task_input_schema() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    required text[];
    missing  text[];
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.type = OLD.type AND NEW.input = OLD.input THEN
        RETURN NEW;
    END IF;
    SELECT tt.required_input_keys INTO required
      FROM public.task_types tt
     WHERE tt.name = NEW.type;
    -- An unknown type is reported by fk_tasks_type; jsonb_typeof guards against a non-object
    -- input, which chk_input_not_empty reports.
    IF NOT FOUND OR jsonb_typeof(NEW.input) IS DISTINCT FROM 'object'
       OR NEW.input ?& required THEN
        RETURN NEW;
    END IF;
    SELECT array_agg(k ORDER BY ord) INTO missing
      FROM unnest(required) WITH ORDINALITY AS r(k, ord)
     WHERE NOT NEW.input ? k;
    RAISE EXCEPTION 'task type "%" requires input key(s) %', NEW.type,
                    array_to_string(missing, ', ')
        USING ERRCODE = '23514',
              CONSTRAINT = 'trg_validate_input_schema',
              SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME, COLUMN = 'input',
              DETAIL = format('Missing: %s. Required for %s: %s.', array_to_string(missing, ', '),
                              NEW.type, array_to_string(required, ', ')),
              HINT = 'The required keys of each type are in task_types.required_input_keys.';
END
$$;

CREATE TRIGGER trg_validate_input_schema
    BEFORE INSERT OR UPDATE OF input, type ON tasks
    FOR EACH ROW
    EXECUTE FUNCTION validate_task_input_schema();

-- ---------------------------------------------------------------------------------------------
-- updated_at and optimistic locking. Every UPDATE sets updated_at to the transaction time and
-- increments version, whatever the statement set them to. A client updates with
-- "... WHERE id = $1 AND version = $2" and treats 0 rows as a lost race.
-- ---------------------------------------------------------------------------------------------
CREATE FUNCTION set_updated_at() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION set_updated_at() IS
    'BEFORE UPDATE trigger: sets updated_at to the transaction time.';

CREATE FUNCTION bump_row_version() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    NEW.version := OLD.version + 1;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION bump_row_version() IS
    'BEFORE UPDATE trigger: optimistic locking (seed 004); version becomes the old version + 1.';

CREATE TRIGGER trg_projects_updated_at
    BEFORE UPDATE ON projects
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER trg_workflows_updated_at
    BEFORE UPDATE ON workflows
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER trg_workflows_version
    BEFORE UPDATE ON workflows
    FOR EACH ROW EXECUTE FUNCTION bump_row_version();
CREATE TRIGGER trg_tasks_updated_at
    BEFORE UPDATE ON tasks
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER trg_tasks_version
    BEFORE UPDATE ON tasks
    FOR EACH ROW EXECUTE FUNCTION bump_row_version();

-- ---------------------------------------------------------------------------------------------
-- A task's links: project filled from the workflow, workflow fixed for life, parent in the same
-- workflow. (fk_tasks_workflow already keeps project_id equal to the workflow's project.)
-- ---------------------------------------------------------------------------------------------
CREATE FUNCTION tasks_inherit_project() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    SELECT w.project_id INTO NEW.project_id
      FROM public.workflows w
     WHERE w.id = NEW.workflow_id;
    -- Report a missing workflow as fk_tasks_workflow would, rather than as a NULL project_id.
    -- (A NULL workflow_id is reported by its NOT NULL constraint.)
    IF NOT FOUND AND NEW.workflow_id IS NOT NULL THEN
        RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%"',
                        TG_TABLE_NAME, 'fk_tasks_workflow'
            USING ERRCODE = '23503',
                  CONSTRAINT = 'fk_tasks_workflow',
                  SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
                  DETAIL = format('Key (workflow_id)=(%s) is not present in table "workflows".',
                                  NEW.workflow_id);
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER trg_tasks_inherit_project
    BEFORE INSERT ON tasks
    FOR EACH ROW
    WHEN (NEW.project_id IS NULL)
    EXECUTE FUNCTION tasks_inherit_project();

CREATE FUNCTION tasks_workflow_immutable() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION 'task % cannot move from workflow % to workflow %',
                    OLD.id, OLD.workflow_id, NEW.workflow_id
        USING ERRCODE = '23514',
              CONSTRAINT = 'trg_tasks_workflow_immutable',
              SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME, COLUMN = 'workflow_id',
              HINT = 'A task''s workflow never changes; create a task in the other workflow.';
END
$$;

CREATE TRIGGER trg_tasks_workflow_immutable
    BEFORE UPDATE OF workflow_id ON tasks
    FOR EACH ROW
    WHEN (OLD.workflow_id IS DISTINCT FROM NEW.workflow_id)
    EXECUTE FUNCTION tasks_workflow_immutable();

CREATE FUNCTION tasks_parent_same_workflow() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    parent_workflow uuid;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.parent_task_id = OLD.parent_task_id THEN
        RETURN NEW;
    END IF;
    SELECT t.workflow_id INTO parent_workflow
      FROM public.tasks t
     WHERE t.id = NEW.parent_task_id;
    -- A missing parent is reported by fk_tasks_parent.
    IF FOUND AND parent_workflow <> NEW.workflow_id THEN
        RAISE EXCEPTION 'parent task % is in workflow %, not in the task''s workflow %',
                        NEW.parent_task_id, parent_workflow, NEW.workflow_id
            USING ERRCODE = '23514',
                  CONSTRAINT = 'trg_tasks_parent_same_workflow',
                  SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME, COLUMN = 'parent_task_id',
                  DETAIL = format('Task %s.', NEW.id);
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER trg_tasks_parent_same_workflow
    BEFORE INSERT OR UPDATE OF parent_task_id ON tasks
    FOR EACH ROW
    WHEN (NEW.parent_task_id IS NOT NULL)
    EXECUTE FUNCTION tasks_parent_same_workflow();

-- ---------------------------------------------------------------------------------------------
-- task_dependencies: both ends in one workflow (workflow_id filled from the tasks), no cycle.
-- ---------------------------------------------------------------------------------------------
CREATE FUNCTION task_dependencies_same_workflow() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    task_workflow       uuid;
    depends_on_workflow uuid;
BEGIN
    SELECT t.workflow_id INTO task_workflow FROM public.tasks t WHERE t.id = NEW.task_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%"',
                        TG_TABLE_NAME, 'fk_task_dependencies_task'
            USING ERRCODE = '23503',
                  CONSTRAINT = 'fk_task_dependencies_task',
                  SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
                  DETAIL = format('Key (task_id)=(%s) is not present in table "tasks".',
                                  NEW.task_id);
    END IF;
    SELECT t.workflow_id INTO depends_on_workflow
      FROM public.tasks t
     WHERE t.id = NEW.depends_on_task_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%"',
                        TG_TABLE_NAME, 'fk_task_dependencies_depends_on'
            USING ERRCODE = '23503',
                  CONSTRAINT = 'fk_task_dependencies_depends_on',
                  SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
                  DETAIL = format('Key (depends_on_task_id)=(%s) is not present in table "tasks".',
                                  NEW.depends_on_task_id);
    END IF;
    IF task_workflow <> depends_on_workflow THEN
        RAISE EXCEPTION 'task % (workflow %) cannot depend on task % (workflow %)',
                        NEW.task_id, task_workflow, NEW.depends_on_task_id, depends_on_workflow
            USING ERRCODE = '23514',
                  CONSTRAINT = 'trg_task_dependencies_same_workflow',
                  SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
                  HINT = 'Both tasks of a dependency must be in the same workflow.';
    END IF;
    IF NEW.workflow_id IS NOT NULL AND NEW.workflow_id <> task_workflow THEN
        RAISE EXCEPTION 'dependency % -> % is in workflow %, not %',
                        NEW.task_id, NEW.depends_on_task_id, task_workflow, NEW.workflow_id
            USING ERRCODE = '23514',
                  CONSTRAINT = 'trg_task_dependencies_same_workflow',
                  SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME, COLUMN = 'workflow_id',
                  HINT = 'Leave workflow_id out; it is filled from the tasks.';
    END IF;
    NEW.workflow_id := task_workflow;
    RETURN NEW;
END
$$;

-- Cycle check. The edge (t, d) says t depends on d; it closes a cycle when d already depends on
-- t, directly or transitively, that is when d is among t's dependents. The walk goes over
-- dependents (index idx_task_dependencies_depends_on) because a DAG usually grows by adding tasks
-- that depend on existing ones, which have no dependents yet: the first fast path then answers
-- at once. The second fast path (d depends on nothing) covers DAGs built from the sinks up.
--
-- Concurrency: a transaction-level advisory lock per workflow serialises the checks of one
-- workflow's edges. In READ COMMITTED the walk then sees every edge committed before the lock
-- was granted; in SERIALIZABLE, SSI aborts one of two transactions whose edges would together
-- form a cycle. REPEATABLE READ would check against a snapshot older than the lock, so it is
-- refused. Lock key: pg_advisory_xact_lock(1952735591 ('tdag'), first 32 bits of the workflow id).
--
-- This trigger may fire before trg_task_dependencies_same_workflow (triggers fire in name
-- order), so it finds the workflow itself rather than trusting NEW.workflow_id.
CREATE FUNCTION task_dependencies_acyclic() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    wf          uuid;
    old_task    uuid;
    old_depends uuid;
    closes      boolean;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NEW.task_id = OLD.task_id AND NEW.depends_on_task_id = OLD.depends_on_task_id THEN
            RETURN NEW;
        END IF;
        -- The row being updated still holds its old ends; the walk must not use them.
        old_task := OLD.task_id;
        old_depends := OLD.depends_on_task_id;
    END IF;
    IF NEW.task_id = NEW.depends_on_task_id THEN
        RETURN NEW;   -- chk_task_dependencies_not_self reports it
    END IF;
    SELECT t.workflow_id INTO wf FROM public.tasks t WHERE t.id = NEW.task_id;
    IF NOT FOUND THEN
        RETURN NEW;   -- fk_task_dependencies_task reports it
    END IF;
    IF current_setting('transaction_isolation') = 'repeatable read' THEN
        RAISE EXCEPTION 'task_dependencies cannot be written in a REPEATABLE READ transaction'
            USING ERRCODE = '0A000',
                  CONSTRAINT = 'trg_task_dependencies_acyclic',
                  SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
                  DETAIL = 'The cycle check needs to see edges committed by concurrent '
                           'transactions.',
                  HINT = 'Use READ COMMITTED or SERIALIZABLE.';
    END IF;

    PERFORM pg_advisory_xact_lock(1952735591, ('x' || left(wf::text, 8))::bit(32)::integer);

    IF NOT EXISTS (SELECT 1 FROM public.task_dependencies e
                    WHERE e.depends_on_task_id = NEW.task_id
                      AND (e.task_id, e.depends_on_task_id)
                          IS DISTINCT FROM (old_task, old_depends))
       OR NOT EXISTS (SELECT 1 FROM public.task_dependencies e
                       WHERE e.task_id = NEW.depends_on_task_id
                         AND (e.task_id, e.depends_on_task_id)
                             IS DISTINCT FROM (old_task, old_depends)) THEN
        RETURN NEW;
    END IF;

    -- Edges never leave their workflow (trg_task_dependencies_same_workflow, and a task's workflow
    -- never changes), so the walk stays inside wf. The LATERAL ... OFFSET 0 keeps it one index
    -- probe per reached task: a plain join lets the planner hash the whole edge table once per
    -- step when its statistics are missing or stale, which is quadratic on a long chain.
    WITH RECURSIVE dependents (id) AS (
        SELECT NEW.task_id
        UNION
        SELECT e.task_id
          FROM dependents d
         CROSS JOIN LATERAL (
                SELECT x.task_id
                  FROM public.task_dependencies x
                 WHERE x.depends_on_task_id = d.id
                   AND (x.task_id, x.depends_on_task_id) IS DISTINCT FROM (old_task, old_depends)
                OFFSET 0) e
    )
    SELECT EXISTS (SELECT 1 FROM dependents WHERE id = NEW.depends_on_task_id) INTO closes;

    IF closes THEN
        RAISE EXCEPTION 'dependency % -> % would close a cycle',
                        NEW.task_id, NEW.depends_on_task_id
            USING ERRCODE = '23514',
                  CONSTRAINT = 'trg_task_dependencies_acyclic',
                  SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
                  DETAIL = format('Task %s already depends, directly or transitively, on task '
                                  '%s (workflow %s).', NEW.depends_on_task_id, NEW.task_id, wf);
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER trg_task_dependencies_same_workflow
    BEFORE INSERT OR UPDATE ON task_dependencies
    FOR EACH ROW
    EXECUTE FUNCTION task_dependencies_same_workflow();

CREATE TRIGGER trg_task_dependencies_acyclic
    BEFORE INSERT OR UPDATE OF task_id, depends_on_task_id ON task_dependencies
    FOR EACH ROW
    EXECUTE FUNCTION task_dependencies_acyclic();

-- @down
DROP TRIGGER trg_task_dependencies_acyclic ON task_dependencies;
DROP TRIGGER trg_task_dependencies_same_workflow ON task_dependencies;
DROP FUNCTION task_dependencies_acyclic();
DROP FUNCTION task_dependencies_same_workflow();
DROP TRIGGER trg_tasks_parent_same_workflow ON tasks;
DROP FUNCTION tasks_parent_same_workflow();
DROP TRIGGER trg_tasks_workflow_immutable ON tasks;
DROP FUNCTION tasks_workflow_immutable();
DROP TRIGGER trg_tasks_inherit_project ON tasks;
DROP FUNCTION tasks_inherit_project();
DROP TRIGGER trg_tasks_version ON tasks;
DROP TRIGGER trg_tasks_updated_at ON tasks;
DROP TRIGGER trg_workflows_version ON workflows;
DROP TRIGGER trg_workflows_updated_at ON workflows;
DROP TRIGGER trg_projects_updated_at ON projects;
DROP FUNCTION bump_row_version();
DROP FUNCTION set_updated_at();
DROP TRIGGER trg_validate_input_schema ON tasks;
DROP FUNCTION validate_task_input_schema();
DROP TRIGGER trg_validate_status_transition ON tasks;
DROP FUNCTION validate_task_status_transition();
DROP FUNCTION task_status_is_terminal(text);
DROP FUNCTION task_status_next(text);

-- @verify
-- Seed 001's transition table, pair by pair (12 legal transitions), and its 3 terminal statuses.
SELECT array_agg(f || '>' || t ORDER BY f, t) = ARRAY[
           'failed>cancelled', 'failed>retrying', 'pending>cancelled', 'pending>queued',
           'queued>cancelled', 'queued>running', 'retrying>cancelled', 'retrying>queued',
           'running>cancelled', 'running>completed', 'running>failed', 'running>timeout']
  FROM unnest('{pending,queued,running,completed,failed,cancelled,timeout,retrying}'::text[]) f,
       unnest(public.task_status_next(f)) t;
SELECT array_agg(s ORDER BY s) = '{cancelled,completed,timeout}'
  FROM unnest('{pending,queued,running,completed,failed,cancelled,timeout,retrying}'::text[]) s
 WHERE public.task_status_is_terminal(s);
SELECT count(*) = 12 FROM pg_trigger
 WHERE NOT tgisinternal AND tgenabled <> 'D'
   AND (tgrelid, tgname) IN (
       ('public.tasks'::regclass, 'trg_validate_status_transition'),
       ('public.tasks'::regclass, 'trg_validate_input_schema'),
       ('public.tasks'::regclass, 'trg_tasks_updated_at'),
       ('public.tasks'::regclass, 'trg_tasks_version'),
       ('public.tasks'::regclass, 'trg_tasks_inherit_project'),
       ('public.tasks'::regclass, 'trg_tasks_workflow_immutable'),
       ('public.tasks'::regclass, 'trg_tasks_parent_same_workflow'),
       ('public.workflows'::regclass, 'trg_workflows_updated_at'),
       ('public.workflows'::regclass, 'trg_workflows_version'),
       ('public.projects'::regclass, 'trg_projects_updated_at'),
       ('public.task_dependencies'::regclass, 'trg_task_dependencies_same_workflow'),
       ('public.task_dependencies'::regclass, 'trg_task_dependencies_acyclic'));
