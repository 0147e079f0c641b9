-- Multi-tenant access (seed 004 "row-level security for multi-tenant access"; design/schema.md:
-- projects are the tenant boundary). Three group roles, NOLOGIN, that login roles are made members
-- of (GRANT agentdb_operator TO alice):
--   agentdb_readonly  reads the rows of its projects;
--   agentdb_operator  reads and writes the rows of its projects (writes are checked: a row
--                     cannot be written into, or moved to, another project);
--   agentdb_admin     reads and writes every row, and runs retention (0009's functions).
-- project_members binds a role to the projects it may see (binding a group role binds its
-- members). Every table with a project_id (and projects itself, and workflow_versions and
-- task_dependencies through their workflow) has row-level security with five policies:
-- member_select (readonly and operator), member_insert, member_update, member_delete (operator,
-- WITH CHECK on the new row) and admin_all. A policy finds the caller's projects once per query
-- through agentdb_member_projects(current_user), a SECURITY DEFINER function, so policies never
-- recurse into project_members' own row-level security.
--
-- Decisions:
-- - Roles are cluster-wide: the up creates each one only if missing (a CREATEROLE migrator, or a
--   superuser beforehand), and the down does not drop them (another database of the cluster may
--   use them, and a role that still owns privileges cannot be dropped); it revokes what the up
--   granted and drops the policies.
-- - No FORCE ROW LEVEL SECURITY. The tables' owner is the migrating role (the schema owner); it
--   runs migrations, retention, the demo loader, the integrity checks and the report refreshes,
--   which must see every project. Superusers bypass row-level security anyway. Applications and
--   people connect as login roles that are members of the group roles, never as the owner.
-- - Grants go to the parent tables only, never to partitions (a partition read directly is not
--   filtered by its parent's policies) and there are no default privileges (they would grant on
--   the partitions partition_create makes). Partitions of a protected table get row-level
--   security enabled with no policy, so that even a later grant on one shows nothing.
-- - Global tables (agents and their definitions, capabilities and trust history, task_types,
--   users, the routing telemetry) carry no project and are not filtered: readonly and operator
--   read them. Rows of agent_knowledge and metrics with a NULL project_id are shared: every
--   member reads them, only agentdb_admin writes them; agent_audit_log rows without a project are
--   visible to agentdb_admin only.
-- - No role gets TRUNCATE (it bypasses row-level security and tasks' audit trigger, see 0004),
--   TRIGGER (code that would run as whoever writes the table) or REFERENCES. schema_change_log
--   is written only by its event trigger: every role just reads it.
-- - Uniqueness and foreign-key checks bypass row-level security, so a write that collides with a
--   row of another project fails with 23505/23503 and thereby reveals that the key exists; keys
--   are uuids, which no one guesses.
-- @up

-- ---------------------------------------------------------------------------------------------
-- The group roles.
-- ---------------------------------------------------------------------------------------------
DO $do$
DECLARE
    r    text;
    what text;
BEGIN
    FOR r, what IN
        VALUES ('agentdb_readonly', 'reads the rows of its projects (project_members)'),
               ('agentdb_operator', 'reads and writes the rows of its projects (project_members)'),
               ('agentdb_admin', 'reads and writes every row; runs retention')
    LOOP
        CONTINUE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r);
        BEGIN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r);
            EXECUTE format('COMMENT ON ROLE %I IS %L', r,
                           'agentdb group role (migration 0010): ' || what
                           || '. Grant it to login roles.');
        EXCEPTION
            -- Created meanwhile by a migration of another database of the cluster.
            WHEN duplicate_object OR unique_violation THEN
                NULL;
            WHEN insufficient_privilege THEN
                RAISE EXCEPTION 'role % does not exist and % may not create roles', r,
                                current_user
                    USING ERRCODE = '42501',
                          HINT = 'A superuser creates the three group roles once per cluster: '
                                 'CREATE ROLE agentdb_readonly NOLOGIN; CREATE ROLE '
                                 'agentdb_operator NOLOGIN; CREATE ROLE agentdb_admin NOLOGIN; '
                                 'then run the migration again.';
        END;
    END LOOP;
END
$do$;

-- ---------------------------------------------------------------------------------------------
-- project_members (seed 004, "row-level security for multi-tenant access"): which roles may see
-- which projects.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE project_members (
    role_name  name        NOT NULL,
    project_id uuid        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    -- One binding per role and project; role_name leads, so the policies' lookup (the roles of
    -- the caller) is an index scan.
    CONSTRAINT project_members_pkey PRIMARY KEY (role_name, project_id),
    -- A binding is an attribute of the project: it goes with it.
    CONSTRAINT fk_project_members_project FOREIGN KEY (project_id)
        REFERENCES projects (id) ON DELETE CASCADE
);
CREATE INDEX idx_project_members_project ON project_members (project_id);
COMMENT ON TABLE project_members IS
    'Project members (seed 004, "row-level security for multi-tenant access"): role_name may see '
    'the rows of project_id, as agentdb_readonly or agentdb_operator allow it. Binding a group '
    'role binds every role that has its privileges. A dropped role''s bindings stay and bind '
    'nothing (until a role of that name is created again: delete them with the role). Managed '
    'by agentdb_admin.';
COMMENT ON COLUMN project_members.role_name IS
    'A role of the cluster (checked on write by trg_project_members_role_exists, which also '
    'rules out the empty name: no role has it).';

CREATE FUNCTION project_members_role_exists() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = NEW.role_name) THEN
        RAISE EXCEPTION 'role "%" does not exist', NEW.role_name
            USING ERRCODE = '23503',
                  CONSTRAINT = 'trg_project_members_role_exists',
                  SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME, COLUMN = 'role_name',
                  HINT = 'Create the login role first (CREATE ROLE ... LOGIN), then bind it.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION project_members_role_exists() IS
    'BEFORE INSERT OR UPDATE trigger on project_members: role_name must name an existing role.';

CREATE TRIGGER trg_project_members_role_exists
    BEFORE INSERT OR UPDATE OF role_name ON project_members
    FOR EACH ROW EXECUTE FUNCTION project_members_role_exists();

-- The projects p_role may see: those bound to it or to any role whose privileges it has. Only
-- for the session's own roles (p_role is the session user, or a role it may SET ROLE to):
-- asked about another role it returns no project, so it reveals nothing about others.
-- SECURITY DEFINER: it reads project_members as the owner, past that table's own policies.
-- PARALLEL RESTRICTED: the policies call it once per query, in the leader (an InitPlan), which
-- leaves the rest of the plan free to run in parallel.
CREATE FUNCTION agentdb_member_projects(p_role name DEFAULT current_user) RETURNS uuid[]
    LANGUAGE sql STABLE PARALLEL RESTRICTED
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
               WHEN p_role IS NULL OR NOT pg_has_role(session_user, p_role, 'MEMBER')
               THEN '{}'::uuid[]
               ELSE coalesce((SELECT array_agg(DISTINCT m.project_id)
                                FROM public.project_members m
                               WHERE m.role_name = ANY (ARRAY(
                                         SELECT r.rolname FROM pg_roles r
                                          WHERE pg_has_role(p_role, r.oid, 'USAGE')))),
                             '{}'::uuid[])
           END
$$;
COMMENT ON FUNCTION agentdb_member_projects(name) IS
    'The projects p_role (default current_user) may see: bound to it, or to a role whose '
    'privileges it has, in project_members. Empty unless p_role is the session user or a role '
    'it is a member of. The row-level security policies call it as '
    '(SELECT agentdb_member_projects(current_user)), once per query.';

-- ---------------------------------------------------------------------------------------------
-- Privileges. The schema, then per table: readonly reads, operator writes the tenant tables (and
-- appends the global telemetry), admin writes everything but the schema-change log.
-- ---------------------------------------------------------------------------------------------
GRANT USAGE ON SCHEMA public TO agentdb_readonly, agentdb_operator, agentdb_admin;
GRANT SELECT ON TABLE
    projects, users, task_types, workflows, workflow_versions, tasks, task_dependencies,
    task_events, task_executions, learning_episodes, correction_attempts, experiences,
    pull_requests, agent_definitions, agents, agent_capabilities, agent_sessions, agent_decisions,
    trust_metrics, agent_knowledge, conversation_history, agent_audit_log, schema_change_log,
    metrics, agent_transformation_events, router_performance_metrics, retention_policies,
    trust_metrics_daily, project_members
    TO agentdb_readonly, agentdb_operator, agentdb_admin;
-- Tenant tables (row-level security decides which rows).
GRANT INSERT, UPDATE, DELETE ON TABLE
    projects, workflows, workflow_versions, tasks, task_dependencies, task_events,
    task_executions, learning_episodes, correction_attempts, experiences, pull_requests,
    agent_sessions, agent_decisions, agent_knowledge, conversation_history, agent_audit_log,
    metrics
    TO agentdb_operator, agentdb_admin;
-- Global telemetry the agents' runtime appends (router feedback is written later, by UPDATE).
GRANT INSERT ON TABLE trust_metrics, agent_transformation_events, router_performance_metrics
    TO agentdb_operator;
GRANT UPDATE ON TABLE router_performance_metrics TO agentdb_operator;
-- Global configuration, telemetry and memberships: the admin's.
GRANT INSERT, UPDATE, DELETE ON TABLE
    users, task_types, agent_definitions, agents, agent_capabilities, trust_metrics,
    agent_transformation_events, router_performance_metrics, retention_policies,
    trust_metrics_daily, project_members
    TO agentdb_admin;
-- The identity sequences (task_events, metrics, router_performance_metrics, schema_change_log).
-- Inserting into an identity column needs no privilege on its sequence; USAGE (nextval) is
-- for writers only, readers may look at the current values.
GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO agentdb_readonly;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO agentdb_operator, agentdb_admin;
-- Partition maintenance and retention (0009) run as their owner; the admin may call them.
GRANT EXECUTE ON FUNCTION partition_create(regclass, timestamptz, timestamptz, boolean),
                          partition_maintain(timestamptz), retention_plan(timestamptz),
                          retention_apply(timestamptz, integer)
    TO agentdb_admin;

-- ---------------------------------------------------------------------------------------------
-- Row-level security on the tenant tables. A table's rows are its project's (by project_id, by
-- id for projects, through the workflow for workflow_versions and task_dependencies); shared
-- rows (project_id NULL) of agent_knowledge and metrics are readable by every member. The
-- member set is computed once per query (an InitPlan), and "project_id = ANY (...)" can use the
-- tables' (project_id, ...) indexes.
-- ---------------------------------------------------------------------------------------------
DO $do$
DECLARE
    -- The cast makes it an expression: ANY ((SELECT ...)) would be read as ANY (subquery).
    member CONSTANT text := '(SELECT public.agentdb_member_projects(current_user))::uuid[]';
    t      record;
    p      regclass;
    own    text;
    readable text;
BEGIN
    FOR t IN
        SELECT v.tbl, v.kind
          FROM (VALUES ('projects', 'id'), ('workflows', 'own'), ('workflow_versions', 'workflow'),
                       ('tasks', 'own'), ('task_dependencies', 'workflow'),
                       ('task_events', 'own'), ('task_executions', 'own'),
                       ('learning_episodes', 'own'), ('correction_attempts', 'own'),
                       ('experiences', 'own'), ('pull_requests', 'own'),
                       ('agent_sessions', 'own'), ('agent_decisions', 'own'),
                       ('agent_knowledge', 'shared'), ('conversation_history', 'own'),
                       ('agent_audit_log', 'own'), ('metrics', 'shared')) AS v (tbl, kind)
    LOOP
        own := CASE t.kind
                   WHEN 'id' THEN format('id = ANY (%s)', member)
                   WHEN 'workflow' THEN format('EXISTS (SELECT 1 FROM public.workflows w WHERE '
                                               'w.id = %I.workflow_id AND w.project_id = ANY (%s))',
                                               t.tbl, member)
                   ELSE format('project_id = ANY (%s)', member)
               END;
        readable := CASE t.kind WHEN 'shared' THEN 'project_id IS NULL OR ' || own ELSE own END;
        EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', t.tbl);
        EXECUTE format('CREATE POLICY member_select ON public.%I FOR SELECT '
                       'TO agentdb_readonly, agentdb_operator USING (%s)', t.tbl, readable);
        EXECUTE format('CREATE POLICY member_insert ON public.%I FOR INSERT '
                       'TO agentdb_operator WITH CHECK (%s)', t.tbl, own);
        EXECUTE format('CREATE POLICY member_update ON public.%I FOR UPDATE '
                       'TO agentdb_operator USING (%s) WITH CHECK (%s)', t.tbl, own, own);
        EXECUTE format('CREATE POLICY member_delete ON public.%I FOR DELETE '
                       'TO agentdb_operator USING (%s)', t.tbl, own);
        EXECUTE format('CREATE POLICY admin_all ON public.%I FOR ALL '
                       'TO agentdb_admin USING (true) WITH CHECK (true)', t.tbl);
        -- Partitions: enabled without policies (partition_create does the same for new ones).
        FOR p IN
            SELECT pt.relid FROM pg_catalog.pg_partition_tree(format('public.%I', t.tbl)) pt
             WHERE pt.level > 0
        LOOP
            EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', p);
        END LOOP;
    END LOOP;
END
$do$;

-- project_members: members see their own bindings; the admin manages them.
ALTER TABLE project_members ENABLE ROW LEVEL SECURITY;
CREATE POLICY member_select ON project_members FOR SELECT
    TO agentdb_readonly, agentdb_operator USING (role_name = current_user);
CREATE POLICY admin_all ON project_members FOR ALL
    TO agentdb_admin USING (true) WITH CHECK (true);

-- @down
-- The roles stay (cluster-wide; see the header): the down revokes what the up granted.
DROP POLICY admin_all ON project_members;
DROP POLICY member_select ON project_members;
ALTER TABLE project_members DISABLE ROW LEVEL SECURITY;
DO $do$
DECLARE
    tbl text;
    p   regclass;
BEGIN
    FOREACH tbl IN ARRAY ARRAY['metrics', 'agent_audit_log', 'conversation_history',
                               'agent_knowledge', 'agent_decisions', 'agent_sessions',
                               'pull_requests', 'experiences', 'correction_attempts',
                               'learning_episodes', 'task_executions', 'task_events',
                               'task_dependencies', 'tasks', 'workflow_versions', 'workflows',
                               'projects']
    LOOP
        -- Every partition, including those created since the up (archives detached by retention
        -- are standalone tables and keep the setting).
        FOR p IN
            SELECT pt.relid FROM pg_catalog.pg_partition_tree(format('public.%I', tbl)) pt
             WHERE pt.level > 0
        LOOP
            EXECUTE format('ALTER TABLE %s DISABLE ROW LEVEL SECURITY', p);
        END LOOP;
        EXECUTE format('DROP POLICY admin_all ON public.%I', tbl);
        EXECUTE format('DROP POLICY member_delete ON public.%I', tbl);
        EXECUTE format('DROP POLICY member_update ON public.%I', tbl);
        EXECUTE format('DROP POLICY member_insert ON public.%I', tbl);
        EXECUTE format('DROP POLICY member_select ON public.%I', tbl);
        EXECUTE format('ALTER TABLE public.%I DISABLE ROW LEVEL SECURITY', tbl);
    END LOOP;
END
$do$;
REVOKE EXECUTE ON FUNCTION partition_create(regclass, timestamptz, timestamptz, boolean),
                           partition_maintain(timestamptz), retention_plan(timestamptz),
                           retention_apply(timestamptz, integer)
    FROM agentdb_admin;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public
    FROM agentdb_readonly, agentdb_operator, agentdb_admin;
REVOKE ALL ON TABLE
    projects, users, task_types, workflows, workflow_versions, tasks, task_dependencies,
    task_events, task_executions, learning_episodes, correction_attempts, experiences,
    pull_requests, agent_definitions, agents, agent_capabilities, agent_sessions, agent_decisions,
    trust_metrics, agent_knowledge, conversation_history, agent_audit_log, schema_change_log,
    metrics, agent_transformation_events, router_performance_metrics, retention_policies,
    trust_metrics_daily, project_members
    FROM agentdb_readonly, agentdb_operator, agentdb_admin;
REVOKE USAGE ON SCHEMA public FROM agentdb_readonly, agentdb_operator, agentdb_admin;
DROP FUNCTION agentdb_member_projects(name);
DROP TRIGGER trg_project_members_role_exists ON project_members;
DROP FUNCTION project_members_role_exists();
-- Dropping the table this file created is the point of its down (its rows go with it; the
-- engine's down plan lists it), hence the ban-drop-table exception.
-- squawk-ignore ban-drop-table
DROP TABLE project_members;

-- @verify
SELECT count(*) = 3 FROM pg_roles
 WHERE rolname IN ('agentdb_readonly', 'agentdb_operator', 'agentdb_admin');
-- The 17 tenant tables (and project_members) have row-level security and their five policies
-- (two for project_members), not forced.
SELECT count(*) = 18 FROM pg_class c
 WHERE c.relnamespace = 'public'::regnamespace AND c.relrowsecurity AND NOT c.relforcerowsecurity
   AND c.relname IN ('projects', 'workflows', 'workflow_versions', 'tasks', 'task_dependencies',
                     'task_events', 'task_executions', 'learning_episodes',
                     'correction_attempts', 'experiences', 'pull_requests', 'agent_sessions',
                     'agent_decisions', 'agent_knowledge', 'conversation_history',
                     'agent_audit_log', 'metrics', 'project_members')
   AND (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid)
       = CASE c.relname WHEN 'project_members' THEN 2 ELSE 5 END;
-- Every partition of a protected table has row-level security too, and no role is granted
-- anything on a partition.
SELECT count(*) = 0 FROM pg_class c
  JOIN pg_inherits i ON i.inhrelid = c.oid
  JOIN pg_class parent ON parent.oid = i.inhparent
 WHERE parent.relnamespace = 'public'::regnamespace AND parent.relrowsecurity
   AND NOT c.relrowsecurity;
SELECT count(*) = 0 FROM pg_class c
 CROSS JOIN unnest(ARRAY['agentdb_readonly', 'agentdb_operator', 'agentdb_admin']) AS r(role)
 WHERE c.relnamespace = 'public'::regnamespace AND c.relispartition AND c.relkind IN ('r', 'p')
   AND has_table_privilege(r.role, c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE');
-- Readers read every table and write none; operators do not manage memberships or retention;
-- nobody may truncate.
SELECT bool_and(has_table_privilege('agentdb_readonly', c.oid, 'SELECT')
                AND NOT has_table_privilege('agentdb_readonly', c.oid, 'INSERT, UPDATE, DELETE')
                AND NOT has_table_privilege('agentdb_operator', c.oid, 'TRUNCATE')
                AND NOT has_table_privilege('agentdb_admin', c.oid, 'TRUNCATE'))
  FROM pg_class c
 WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
   AND NOT c.relispartition
   AND c.relname IN ('projects', 'tasks', 'task_events', 'agent_audit_log', 'agents',
                     'project_members', 'retention_policies', 'schema_change_log');
SELECT NOT has_table_privilege('agentdb_operator', 'public.project_members', 'INSERT')
   AND NOT has_table_privilege('agentdb_operator', 'public.retention_policies', 'UPDATE')
   AND NOT has_table_privilege('agentdb_admin', 'public.schema_change_log', 'INSERT')
   AND has_table_privilege('agentdb_operator', 'public.tasks', 'INSERT, UPDATE, DELETE')
   AND has_function_privilege('agentdb_admin', 'public.retention_apply(timestamptz, integer)',
                              'EXECUTE')
   AND NOT has_function_privilege('agentdb_operator',
                                  'public.retention_apply(timestamptz, integer)', 'EXECUTE');
-- The membership function runs as its owner with a fixed search_path.
SELECT prosecdef AND proconfig @> ARRAY['search_path=pg_catalog, pg_temp']
  FROM pg_proc WHERE oid = 'public.agentdb_member_projects(name)'::regprocedure;
-- Every foreign key says what happens on delete and has an index led by its columns.
DO $verify$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT c.conname, c.confdeltype, c.conkey
          FROM pg_constraint c
         WHERE c.contype = 'f' AND c.conrelid = 'public.project_members'::regclass
    LOOP
        IF r.confdeltype = 'a' THEN
            RAISE EXCEPTION 'foreign key % on project_members has no explicit ON DELETE',
                            r.conname;
        END IF;
        IF NOT EXISTS (
            SELECT 1 FROM pg_index i
             WHERE i.indrelid = 'public.project_members'::regclass AND i.indpred IS NULL
               AND (i.indkey::int2[])[0:cardinality(r.conkey) - 1] @> r.conkey
               AND (i.indkey::int2[])[0:cardinality(r.conkey) - 1] <@ r.conkey
        ) THEN
            RAISE EXCEPTION 'foreign key % on project_members has no index', r.conname;
        END IF;
    END LOOP;
END
$verify$;
