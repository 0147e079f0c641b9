#!/bin/sh
# tenancy_console.sh: row-level security through the console. A login role that is an
# agentdb_operator bound to project A (project_members, migration 0010) browses the Dashboard,
# Workflows, Tasks, Agents, an Agent and Experiences in the headless console: every workflow,
# task, session and episode on screen is A's, none is B's, and the counts are A's. Its writes against B's rows, through the
# console's ':sql' and through command mode, change nothing of B (B's rows compared before and
# after), while the same write against A's row does change it (so RLS, not a missing grant, is
# what stops it). tests/db/test_tenancy.c checks the same policies through SQL, table by table.
# Usage: tenancy_console.sh AGENTDB_BINARY   (under tests/with-cluster.sh)
set -u
bin=$1
results=$(dirname "$bin")/test-results
pass=0; fail=0
ok() { pass=$((pass + 1)); echo "ok   screens/tenancy-console: $1"; }
bad() { fail=$((fail + 1)); echo "FAIL screens/tenancy-console: $1"; }
pgbin=${AGENTDB_PG_BINDIR:-/usr/lib/postgresql/15/bin}
PSQL="$pgbin/psql -q -X -A -t -v ON_ERROR_STOP=1"
role=agentdb_test_console_member
admin="host=$AGENTDB_TEST_DIR port=5432 user=agentdb dbname=postgres"
owner="host=$AGENTDB_TEST_DIR port=5432 user=agentdb dbname=tenancy_console"
member="host=$AGENTDB_TEST_DIR port=5432 user=$role dbname=tenancy_console"
$PSQL "$admin" -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS tenancy_console" \
    -c "CREATE DATABASE tenancy_console" -c "DROP ROLE IF EXISTS $role" >/dev/null
"$bin" "$owner" -c 'migrate up' -c 'demo load --scale=0.003 --seed=42 --epoch=2026-01-01T00:00:00Z' >/dev/null 2>&1
out=$(mktemp -d /tmp/agentdb-tenancy.XXXXXX)
# A: the project with the most workflows; B: the next (both have workflows, tasks and sessions)
a=$($PSQL "$owner" -c "SELECT project_id FROM workflows GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
b=$($PSQL "$owner" -c "SELECT project_id FROM workflows GROUP BY 1 ORDER BY count(*) DESC, 1 OFFSET 1 LIMIT 1")
$PSQL "$owner" -c "CREATE ROLE $role LOGIN IN ROLE agentdb_operator" \
    -c "INSERT INTO project_members (role_name, project_id) VALUES ('$role', '$a')" >/dev/null
# what the owner (who sees everything) knows of each project, one id a line, sorted
ids() { # PROJECT KIND -> ids of that project's rows of that kind
    case $2 in
    workflows) q="SELECT id FROM workflows WHERE project_id = '$1'" ;;
    tasks) q="SELECT id FROM tasks WHERE project_id = '$1'" ;;
    sessions) q="SELECT id FROM agent_sessions WHERE project_id = '$1'" ;;
    episodes) q="SELECT id FROM learning_episodes WHERE project_id = '$1'" ;;
    esac
    $PSQL "$owner" -c "$q" | LC_ALL=C sort
}
for p in a b; do
    eval "pid=\$$p"
    ids "$pid" workflows > "$out/$p.workflows"; ids "$pid" tasks > "$out/$p.tasks"
    ids "$pid" sessions > "$out/$p.sessions"; ids "$pid" episodes > "$out/$p.episodes"
    cat "$out/$p.workflows" "$out/$p.tasks" "$out/$p.sessions" "$out/$p.episodes" | LC_ALL=C sort > "$out/$p.all"
done
a_name=$($PSQL "$owner" -c "SELECT name FROM projects WHERE id = '$a'")
b_name=$($PSQL "$owner" -c "SELECT name FROM projects WHERE id = '$b'")
a_tasks=$(wc -l < "$out/a.tasks")
all_tasks=$($PSQL "$owner" -c "SELECT count(*) FROM tasks")
# B's rows as the owner sees them: equal before and after the member's writes
b_rows() {
    $PSQL "$owner" -c "SELECT (SELECT count(*) || ':' || md5(string_agg(w::text, '' ORDER BY w.id)) FROM workflows w WHERE project_id = '$b') || ' ' || (SELECT count(*) || ':' || md5(string_agg(t::text, '' ORDER BY t.id)) FROM tasks t WHERE project_id = '$b')"
}
b_before=$(b_rows)
b_wf=$(head -n 1 "$out/b.workflows"); a_wf=$(head -n 1 "$out/a.workflows")
# the agent with the most sessions in B, and the member's expected count per agent (A's only)
agent=$($PSQL "$owner" -c "SELECT a.name FROM agents a JOIN agent_sessions s ON s.agent_id = a.id WHERE s.project_id = '$b' GROUP BY a.name ORDER BY count(*) DESC, a.name LIMIT 1")
$PSQL "$owner" -c "SELECT a.name || ' ' || count(s.id) FROM agents a LEFT JOIN agent_sessions s ON s.agent_id = a.id AND s.project_id = '$a' GROUP BY a.name ORDER BY 1" > "$out/a.per-agent"
b_sessions=$(wc -l < "$out/b.sessions")
[ -s "$out/b.workflows" ] && [ -s "$out/b.tasks" ] && [ "$b_sessions" -gt 0 ] && [ -s "$out/b.episodes" ] ||
    bad "project B has no workflows, tasks, sessions or episodes: the test would prove nothing"

uuids() { grep -oE '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}' "$1" | LC_ALL=C sort -u; }
# of_b DUMP: how many ids on the screen are B's;  not_a DUMP SET: how many are not in A's SET
of_b() { uuids "$1" | LC_ALL=C comm -12 - "$out/b.all" | wc -l; }
not_a() { uuids "$1" | LC_ALL=C comm -23 - "$out/a.$2" | wc -l; }

cat > "$out/script" <<SCRIPT
:dump-screen $out/dashboard.txt
key 2
:dump-screen $out/workflows.txt
key 3
:dump-screen $out/tasks.txt
key 4
:dump-screen $out/agents.txt
key /
^$agent\$
key Enter
:dump-screen $out/agent.txt
key 8
:dump-screen $out/experiences.txt
:sql "UPDATE workflows SET user_prompt = 'written by a member of A' WHERE id = '$b_wf'"
:dump-screen $out/console-update-b.txt
key Esc
:sql "DELETE FROM tasks WHERE workflow_id = '$b_wf'"
:dump-screen $out/console-delete-b.txt
key Esc
:sql "UPDATE workflows SET user_prompt = 'written by a member of A' WHERE id = '$a_wf'"
:dump-screen $out/console-update-a.txt
:quit
SCRIPT
AGENTDB_SCRIPT="$out/script" AGENTDB_SCREEN=200x60 XDG_STATE_HOME="$out" XDG_CONFIG_HOME="$out" \
    LC_ALL=C.UTF-8 timeout 120 "$bin" "$member" >"$out/stdout" 2>"$out/stderr"
rc=$?
if [ $rc -eq 0 ]; then ok "the console ran as $role"; else bad "console exit $rc: $(cat "$out/stderr")"; fi

# Dashboard: A's failures and running workflows only, and no error for a role without the
# migration history (the agentdb schema is not granted to project roles)
if [ "$(of_b "$out/dashboard.txt")" = 0 ] && [ -n "$(uuids "$out/dashboard.txt")" ] &&
   [ "$(not_a "$out/dashboard.txt" all)" = 0 ] && grep -q "$role" "$out/dashboard.txt"; then
    ok "Dashboard: $(uuids "$out/dashboard.txt" | wc -l) ids on screen, all of project A"
else
    bad "Dashboard shows rows of B or of no project: $(cat "$out/dashboard.txt")"
fi
if grep -q "migrations: not visible to this role" "$out/dashboard.txt" &&
   grep -q "checks: results not visible to this role" "$out/dashboard.txt" &&
   ! grep -q "permission denied" "$out/dashboard.txt"; then
    ok "Dashboard: no error; the migration history and check results say they are not visible"
else
    bad "Dashboard for a project role: $(head -5 "$out/dashboard.txt")"
fi
# Workflows: exactly A's workflows (all of them fit on the page)
if uuids "$out/workflows.txt" | cmp -s - "$out/a.workflows"; then
    ok "Workflows: exactly the $(wc -l < "$out/a.workflows") workflows of A, none of B's $(wc -l < "$out/b.workflows")"
else
    bad "Workflows differ from A's:"; uuids "$out/workflows.txt" | diff - "$out/a.workflows" | head
fi
# Tasks: the count is A's, every task on the page is A's
shown=$(sed -n 's/^ \([0-9]*\) tasks .*/\1/p' "$out/tasks.txt")
if [ "$shown" = "$a_tasks" ] && [ "$a_tasks" -lt "$all_tasks" ] && [ "$(of_b "$out/tasks.txt")" = 0 ] &&
   [ "$(not_a "$out/tasks.txt" tasks)" = 0 ] && [ "$(uuids "$out/tasks.txt" | wc -l)" -gt 20 ]; then
    ok "Tasks: '$shown tasks' (A's, of $all_tasks), $(uuids "$out/tasks.txt" | wc -l) on the page, all A's"
else
    bad "Tasks: header '$shown', A has $a_tasks of $all_tasks; $(of_b "$out/tasks.txt") of B's on screen"
fi
# Agents: every agent (a global table), each with A's session count; B has sessions, so the sum
# is less than all sessions
awk 'NR > 3 && $1 ~ /^[0-9a-f]+-[0-9a-f]+-[0-9a-f]+-/ {print $2, $NF}' "$out/agents.txt" | LC_ALL=C sort > "$out/agents.seen"
LC_ALL=C sort "$out/a.per-agent" > "$out/agents.want"
if cmp -s "$out/agents.seen" "$out/agents.want"; then
    ok "Agents: $(wc -l < "$out/agents.seen") agents, each with its sessions in A only ($b_sessions of B's not counted)"
else
    bad "Agents' session counts are not A's:"; diff "$out/agents.seen" "$out/agents.want" | head
fi
# Agent: its latest sessions are A's, none of B's (it has the most sessions in B)
if grep -q "$agent" "$out/agent.txt" && [ "$(of_b "$out/agent.txt")" = 0 ] &&
   [ "$(not_a "$out/agent.txt" sessions)" = 0 ] && ! grep -qF "$b_name" "$out/agent.txt"; then
    ok "Agent $agent: $(uuids "$out/agent.txt" | wc -l) sessions shown, all in $a_name, none in $b_name"
else
    bad "Agent $agent shows B's sessions: $(cat "$out/agent.txt")"
fi

# Experiences: the learning episodes on the page are A's (all of them fit)
if uuids "$out/experiences.txt" | cmp -s - "$out/a.episodes"; then
    ok "Experiences: exactly the $(wc -l < "$out/a.episodes") episodes of A, none of B's $(wc -l < "$out/b.episodes")"
else
    bad "Experiences differ from A's episodes:"; uuids "$out/experiences.txt" | diff - "$out/a.episodes" | head
fi

# Writes against B's rows: through the console ...
if grep -q "UPDATE 0" "$out/console-update-b.txt" && grep -q "DELETE 0" "$out/console-delete-b.txt"; then
    ok "console ':sql': UPDATE and DELETE of B's rows touch 0 rows"
else
    bad "console writes to B: $(cat "$out/console-update-b.txt" "$out/console-delete-b.txt")"
fi
if grep -q "UPDATE 1" "$out/console-update-a.txt" &&
   [ "$($PSQL "$owner" -c "SELECT user_prompt FROM workflows WHERE id = '$a_wf'")" = "written by a member of A" ]; then
    ok "console ':sql': the same UPDATE of A's workflow changes it (the role may write)"
else
    bad "console write to A: $(cat "$out/console-update-a.txt")"
fi
# ... and command mode
r1=$("$bin" "$member" -c "sql \"UPDATE tasks SET title = 'x' WHERE workflow_id = '$b_wf'\"" 2>&1); s1=$?
r2=$("$bin" "$member" -c "sql \"DELETE FROM workflows WHERE project_id = '$b'\"" 2>&1); s2=$?
r3=$("$bin" "$member" -c "sql \"INSERT INTO workflows (project_id, user_prompt) VALUES ('$b', 'x')\"" 2>&1); s3=$?
r4=$("$bin" "$member" -c "sql \"UPDATE workflows SET project_id = '$b' WHERE id = '$a_wf'\"" 2>&1); s4=$?
if [ $s1 = 0 ] && [ "$r1" = "UPDATE 0" ] && [ $s2 = 0 ] && [ "$r2" = "DELETE 0" ]; then
    ok "command mode: UPDATE and DELETE of B's rows touch 0 rows"
else
    bad "command mode writes to B: ($s1) $r1 / ($s2) $r2"
fi
if [ $s3 = 3 ] && echo "$r3" | grep -q "row-level security" && echo "$r3" | grep -q 42501 &&
   [ $s4 = 3 ] && echo "$r4" | grep -q "row-level security"; then
    ok "command mode: inserting into B, or moving A's workflow to B, is refused (exit 3, 42501)"
else
    bad "command mode insert/move into B: ($s3) $r3 / ($s4) $r4"
fi
# a check run by the role: it runs (on the rows it sees) and says why its results are not stored
r5=$("$bin" "$member" -c "check run invalid_indexes" 2>&1); s5=$?
if [ $s5 = 0 ] && echo "$r5" | grep -q "results not stored in agentdb.check_results: this role may not use the agentdb schema"; then
    ok "check run: runs, and says the role may not store results"
else
    bad "check run as the role: ($s5) $r5"
fi
if echo "$r5" | grep -q "row-level security limits this role to its own projects' rows" \
   && ! "$bin" "$owner" -c "check run invalid_indexes" 2>&1 | grep -q "row-level security"; then
    ok "check run: says that row-level security limits the role's checks to its projects (the owner's does not)"
else
    bad "check run as the role does not mention row-level security: $r5"
fi
printf '%s\n' 'key 7' 'key A' ":dump-screen $out/checks-run.txt" ':quit' > "$out/script3"
AGENTDB_SCRIPT="$out/script3" AGENTDB_SCREEN=200x60 XDG_STATE_HOME="$out" XDG_CONFIG_HOME="$out" \
    LC_ALL=C.UTF-8 timeout 120 "$bin" "$member" >/dev/null 2>&1
if grep -q "row-level security: only this role's projects were checked" "$out/checks-run.txt"; then
    ok "console Checks: a run says only the role's projects were checked"
else
    bad "console Checks run as the role: $(tail -1 "$out/checks-run.txt")"
fi
if [ "$(b_rows)" = "$b_before" ]; then
    ok "B's workflows and tasks are exactly as before"
else
    bad "B's rows changed: $b_before -> $(b_rows)"
fi
rm -rf "$out"
$PSQL "$admin" -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS tenancy_console" \
    -c "DROP ROLE IF EXISTS $role" >/dev/null
echo "screens tenancy-console $pass $fail" >> "$results"
[ $fail -eq 0 ]
