#!/bin/sh
# restart.sh: the server is restarted (pg_ctl restart -m fast, as the cluster's owner) while the
# console browses a workflow. The console shows the "connection lost" banner over the same
# screen, reconnects, and then shows the same screen with the same rows, its screen stack intact
# (back goes to the same Workflows page); the data is unchanged. reconnect.sh does the same for a
# backend killed with pg_terminate_backend.
# The console reads its script from a FIFO, so each step waits for the one before it: the test
# writes a few lines, then a ':dump-screen' marker, and waits (a bounded number of polls) for the
# marker file; only then does it restart the server or write the next lines. No step depends on
# how long the restart takes.
# Usage: restart.sh AGENTDB_BINARY   (under tests/with-cluster.sh)
set -u
bin=$1
results=$(dirname "$bin")/test-results
pass=0; fail=0
ok() { pass=$((pass + 1)); echo "ok   screens/restart: $1"; }
bad() { fail=$((fail + 1)); echo "FAIL screens/restart: $1"; }
pgbin=${AGENTDB_PG_BINDIR:-/usr/lib/postgresql/15/bin}
PSQL="$pgbin/psql -q -X -A -t"
admin="host=$AGENTDB_TEST_DIR port=5432 user=agentdb dbname=postgres"
conn="host=$AGENTDB_TEST_DIR port=5432 user=agentdb dbname=restart"
$PSQL "$admin" -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS restart" -c "CREATE DATABASE restart" >/dev/null
"$bin" "$conn" -c 'migrate up' -c 'demo load --scale=0.001 --seed=5 --epoch=2026-01-01T00:00:00Z' >/dev/null 2>&1
out=$(mktemp -d /tmp/agentdb-restart.XXXXXX)
# every row of the tables the screens show, to prove nothing changed
digest() {
    $PSQL "$conn" -c "SELECT (SELECT count(*) || ':' || md5(string_agg(w::text, '' ORDER BY w.id)) FROM workflows w) || ' ' || (SELECT count(*) || ':' || md5(string_agg(t::text, '' ORDER BY t.id)) FROM tasks t)"
}
# the cluster with-cluster.sh started (agentdb --local-dir): its owner is postgres when we are root
restart_server() {
    cmd="cd / && '$pgbin/pg_ctl' restart -w -t 120 -m fast -D '$AGENTDB_TEST_DIR/pgdata' -l '$AGENTDB_TEST_DIR/server.log'"
    if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$cmd"; else sh -c "$cmd"; fi
}
postmaster() { head -n 1 "$AGENTDB_TEST_DIR/pgdata/postmaster.pid" 2>/dev/null; }
# the screen without its last line (the status line: messages and the reconnect countdown)
body() { sed '$d' "$1"; }
data_before=$(digest)

mkfifo "$out/script"
AGENTDB_SCRIPT="$out/script" AGENTDB_SCREEN=120x30 XDG_STATE_HOME="$out" XDG_CONFIG_HOME="$out" \
    LC_ALL=C.UTF-8 timeout 120 "$bin" "$conn" >"$out/stdout" 2>"$out/stderr" &
pid=$!
trap '' PIPE        # a console that died makes the writes below fail, not this script
exec 3>"$out/script"
say() { printf '%s\n' "$@" >&3; }
n=0
synced() { # the console has carried out every line written so far
    n=$((n + 1)); say ":dump-screen $out/sync.$n"
    i=0
    while [ $i -lt 600 ] && [ ! -e "$out/sync.$n" ] && kill -0 $pid 2>/dev/null; do
        sleep 0.1; i=$((i + 1))
    done
    [ -e "$out/sync.$n" ]
}

# Workflows, then the first workflow
say "key 2" ":dump-screen $out/workflows-before.txt" "key Enter" ":dump-screen $out/workflow-before.txt"
if synced && grep -q "Workflows › Workflow" "$out/workflow-before.txt" && grep -q "completed\|failed\|running\|pending" "$out/workflow-before.txt"; then
    ok "the console shows a workflow and its tasks"
else
    bad "before the restart: $(cat "$out/workflow-before.txt" "$out/stderr" 2>&1)"
fi
backend=$($PSQL "$admin" -c "SELECT pid FROM pg_stat_activity WHERE datname = 'restart' AND application_name = 'agentdb'")
pm=$(postmaster)
if restart_server >"$out/pg_ctl.log" 2>&1 && [ "$(postmaster)" != "$pm" ]; then
    ok "pg_ctl restart -m fast: a new postmaster"
else
    bad "the restart failed: $(cat "$out/pg_ctl.log")"
fi
gone=$($PSQL "$admin" -c "SELECT count(*) FROM pg_stat_activity WHERE pid = '${backend:-0}'")
if [ -n "$backend" ] && [ "$gone" = 0 ]; then
    ok "the console's session ($backend) ended with the old server"
else
    bad "console backend '$backend' still there ($gone)"
fi

# the next query finds the connection gone: the banner, over the same screen
say "key R" ":dump-screen $out/lost.txt"
synced
if grep -q "connection lost: reconnecting" "$out/lost.txt" && grep -q "Workflows › Workflow" "$out/lost.txt"; then
    ok "a banner says the connection is lost, and the screen is kept"
else
    bad "after the restart: $(cat "$out/lost.txt")"
fi
# wait (a bounded number of half-second script sleeps, each followed by a reconnect attempt
# when one is due) until the banner is gone
k=0
while [ $k -lt 40 ]; do
    say ":sleep 500" ":dump-screen $out/probe.txt"
    synced || break
    grep -q "connection lost:" "$out/probe.txt" || break
    k=$((k + 1))
done
say ":dump-screen $out/workflow-after.txt" "key Esc" ":dump-screen $out/workflows-after.txt" ":quit"
synced
exec 3>&-
wait $pid; rc=$?
if [ $rc -eq 0 ]; then ok "the console exited normally"; else bad "exit status $rc: $(cat "$out/stderr")"; fi
if ! grep -q "connection lost" "$out/workflow-after.txt" && grep -q "reconnected to" "$out/workflow-after.txt"; then
    ok "the console reconnected and the banner is gone"
else
    bad "not reconnected: $(cat "$out/workflow-after.txt")"
fi
same() { # NAME: the screen before the restart and after it, status line aside
    body "$out/$1-before.txt" > "$out/$1-before.body"; body "$out/$1-after.txt" > "$out/$1-after.body"
    cmp -s "$out/$1-before.body" "$out/$1-after.body"
}
if same workflow; then
    ok "after the restart the same workflow screen shows the same rows"
else
    bad "the workflow screen changed:"; diff "$out/workflow-before.body" "$out/workflow-after.body" | head -20
fi
if same workflows; then
    ok "back goes to the same Workflows page"
else
    bad "the Workflows page changed:"; diff "$out/workflows-before.body" "$out/workflows-after.body" | head -20
fi
if [ "$(digest)" = "$data_before" ]; then
    ok "nothing in the database changed"
else
    bad "the data changed across the restart"
fi
rm -rf "$out"
echo "screens restart $pass $fail" >> "$results"
[ $fail -eq 0 ]
