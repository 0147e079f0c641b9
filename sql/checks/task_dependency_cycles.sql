-- check: task_dependency_cycles
-- severity: error
-- description: tasks on a dependency cycle (the DAG of a workflow is not acyclic)
-- implementation: c:cycles
--
-- trg_task_dependencies_acyclic refuses an edge that closes a cycle, but not when triggers are
-- disabled, in replica mode or for edges written before it existed. A recursive CTE over every
-- edge is far too slow at scale 1 (1.5M edges), so agentdb streams the edges below with COPY
-- (binary: no uuid text conversion on the server) and finds the strongly connected components
-- in C (src/check_cycles.c, iterative Tarjan, O(V+E)).
-- One offending row per cycle (strongly connected component of two or more tasks, or a task
-- depending on itself): the table, the lowest task id of the cycle, its workflow, the number of
-- tasks on it and up to ten of them.
COPY (SELECT workflow_id, task_id, depends_on_task_id FROM public.task_dependencies) TO STDOUT
    (FORMAT binary)
