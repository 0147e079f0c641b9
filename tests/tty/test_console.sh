#!/bin/sh
# test_console.sh: the real console in tmux, as a person would use it: start on the Dashboard,
# open Workflows, a workflow, a task, resize the terminal small and back, quit with Q.
# Usage: test_console.sh AGENTDB_BINARY   (needs tmux; run under tests/with-cluster.sh)
set -u
bin=$1
results=$(dirname "$bin")/test-results
pass=0; fail=0
ok() { pass=$((pass + 1)); echo "ok   tty/console: $1"; }
bad() { fail=$((fail + 1)); echo "FAIL tty/console: $1"; }
state=$(mktemp -d /tmp/agentdb-ttyc.XXXXXX)
sock="$state/tmux.sock"
T="tmux -S $sock"
/usr/lib/postgresql/15/bin/psql -q -X "host=$AGENTDB_TEST_DIR port=5432 user=agentdb dbname=postgres" \
    -c 'DROP DATABASE IF EXISTS console' -c 'CREATE DATABASE console' >/dev/null 2>&1
conn="host=$AGENTDB_TEST_DIR port=5432 user=agentdb dbname=console"
"$bin" "$conn" -c 'migrate up' -c 'demo load --scale=0.002 --seed=3' >/dev/null 2>&1
$T new-session -d -s c -x 120 -y 32 \
    "env XDG_STATE_HOME=$state XDG_CONFIG_HOME=$state TERM=xterm-256color LANG=C.UTF-8 $bin '$conn'; echo EXITED=\$?; sleep 30"
wait_for() {
    i=0
    while [ $i -lt 100 ]; do
        if $T capture-pane -p -t c | grep -q -- "$1"; then return 0; fi
        sleep 0.1; i=$((i + 1))
    done
    return 1
}
if wait_for "by status"; then ok "starts on the Dashboard with data"; else bad "dashboard"; fi
# a row of a list: an id, then a status (the list's query has finished)
row='^[0-9a-f]\{8\}-[0-9a-f-]* *\(completed\|failed\|running\|pending\|cancelled\|queued\)'
$T send-keys -t c 2
if wait_for "Dashboard . Workflows" && wait_for "$row"; then ok "2 opens Workflows"; else bad "workflows"; fi
$T send-keys -t c Enter
if wait_for "tasks (page 1)" && wait_for "$row"; then ok "Enter opens a workflow with its tasks"; else bad "workflow"; fi
$T send-keys -t c Enter
if wait_for "execution time"; then ok "Enter opens a task"; else bad "task"; fi
$T resize-window -t c -x 30 -y 6 2>/dev/null || $T resize-pane -t c -x 30 -y 6
if wait_for "too small"; then ok "a tiny terminal shows 'too small'"; else bad "too small"; fi
$T resize-window -t c -x 120 -y 32 2>/dev/null || $T resize-pane -t c -x 120 -y 32
if wait_for "execution time"; then ok "growing back restores the screen"; else bad "resize back"; fi
$T send-keys -t c Q
if wait_for "EXITED=0"; then ok "Q quits with status 0"; else bad "quit"; fi
$T kill-server 2>/dev/null

# Applying a migration from the Migrations screen shows the engine's progress on the status line
# while it runs: 0013 builds its indexes CONCURRENTLY, which waits for an older transaction that a
# second session holds open, and meanwhile the status line names the migration. The test commits
# that transaction itself once it has seen the status line, so no step races a clock.
"$bin" "$conn" -c 'migrate down 0012 --confirm=0012' >/dev/null 2>&1
$T new-session -d -s m -x 160 -y 32 \
    "env XDG_STATE_HOME=$state XDG_CONFIG_HOME=$state TERM=xterm-256color LANG=C.UTF-8 $bin '$conn'; echo EXITED=\$?; sleep 30"
wait_m() {
    i=0
    while [ $i -lt 100 ]; do
        if $T capture-pane -p -t m | grep -q -- "$1"; then return 0; fi
        sleep 0.1; i=$((i + 1))
    done
    return 1
}
wait_m "by status"
mkfifo "$state/hold"
/usr/lib/postgresql/15/bin/psql -q -X -v ON_ERROR_STOP=1 "$conn" < "$state/hold" >/dev/null 2>&1 &
holder=$!
exec 3> "$state/hold"
printf '%s\n' 'BEGIN ISOLATION LEVEL REPEATABLE READ;' 'SELECT count(*) FROM workflows;' >&3
i=0
until [ "$(/usr/lib/postgresql/15/bin/psql -X -A -t "$conn" -c "SELECT count(*) FROM pg_stat_activity
        WHERE pid <> pg_backend_pid() AND datname = current_database()
          AND state = 'idle in transaction' AND backend_xmin IS NOT NULL")" = 1 ] || [ $i -ge 100 ]; do
    sleep 0.1; i=$((i + 1))
done
$T send-keys -t m 5
wait_m "pending" && $T send-keys -t m G && sleep 0.3 && $T send-keys -t m u
# typed in one go, as a paste or a fast typist would (readline once took only "ye" of it)
wait_m "type yes:" && $T send-keys -t m yes Enter
if wait_m "applying 0013_list_page_indexes"; then
    ok "the status line shows the migration being applied while it runs"
else
    bad "no live progress: $($T capture-pane -p -t m | tail -2)"
fi
printf 'COMMIT;\n' >&3
exec 3>&-
wait "$holder"
if wait_m "done (exit 0)"; then ok "the apply finishes once the other transaction ends"; else bad "apply: $($T capture-pane -p -t m | tail -2)"; fi
$T send-keys -t m Q
$T kill-server 2>/dev/null
rm -rf "$state"
echo "tty test_console $pass $fail" >> "$results"
[ $fail -eq 0 ]
