#!/bin/sh
# reconnect.sh: the console keeps its screen when its backend is terminated, shows a
# "connection lost" banner, reconnects with backoff, and shows data again; quitting stays possible.
# Usage: reconnect.sh AGENTDB_BINARY   (under tests/with-cluster.sh)
set -u
bin=$1
results=$(dirname "$bin")/test-results
pass=0; fail=0
ok() { pass=$((pass + 1)); echo "ok   screens/reconnect: $1"; }
bad() { fail=$((fail + 1)); echo "FAIL screens/reconnect: $1"; }
PSQL="/usr/lib/postgresql/15/bin/psql -q -X -A -t"
admin="host=$AGENTDB_TEST_DIR port=5432 user=agentdb dbname=postgres"
conn="host=$AGENTDB_TEST_DIR port=5432 user=agentdb dbname=reconnect"
$PSQL "$admin" -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS reconnect" -c "CREATE DATABASE reconnect" >/dev/null
"$bin" "$conn" -c 'migrate up' -c 'demo load --scale=0.001 --seed=5' >/dev/null 2>&1
out=$(mktemp -d /tmp/agentdb-reconnect.XXXXXX)
cat > "$out/script" <<SCRIPT
:dump-screen $out/before.txt
:sleep 1500
key R
:dump-screen $out/lost.txt
:sleep 3000
key R
:dump-screen $out/back.txt
:quit
SCRIPT
AGENTDB_SCRIPT="$out/script" AGENTDB_SCREEN=100x30 LC_ALL=C.UTF-8 timeout 60 "$bin" "$conn" \
    >"$out/stdout" 2>"$out/stderr" &
pid=$!
# terminate the console's backend while it sleeps, once the first dump (taken when the
# Dashboard's queries are done) exists: killing it earlier would race the first paint
i=0
while [ $i -lt 300 ] && [ ! -s "$out/before.txt" ]; do sleep 0.1; i=$((i + 1)); done
i=0
while [ $i -lt 50 ]; do
    n=$($PSQL "$admin" -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = 'reconnect' AND application_name = 'agentdb'")
    [ "${n:-0}" -gt 0 ] && break
    sleep 0.1; i=$((i + 1))
done
if [ "${n:-0}" -gt 0 ]; then ok "terminated the console's backend"; else bad "found no backend to terminate"; fi
wait $pid; rc=$?
if [ $rc -eq 0 ]; then ok "the console exited normally"; else bad "exit status $rc: $(cat "$out/stderr")"; fi
if grep -q "by status" "$out/before.txt"; then ok "the Dashboard showed data"; else bad "no data before"; fi
if grep -q "connection lost" "$out/lost.txt" && grep -q "by status" "$out/lost.txt"; then
    ok "a banner says the connection is lost, and the screen is kept"
else
    bad "lost screen: $(cat "$out/lost.txt")"
fi
if grep -q "by status" "$out/back.txt" && ! grep -q "connection lost:" "$out/back.txt"; then
    ok "after reconnecting the data is back and the banner gone"
else
    bad "screen after reconnecting: $(cat "$out/back.txt")"
fi
rm -rf "$out"
echo "screens reconnect $pass $fail" >> "$results"
[ $fail -eq 0 ]
