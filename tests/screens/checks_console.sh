#!/bin/sh
# checks_console.sh: find and fix a planted integrity problem from the console alone, as an
# operator would: Checks (7), run all (A), Enter on the failing check, Enter on its row opens the
# task, ':sql' fixes it, back on Checks 'r' runs the check again and it passes.
# Usage: checks_console.sh AGENTDB_BINARY   (under tests/with-cluster.sh)
set -u
bin=$1
results=$(dirname "$bin")/test-results
pass=0; fail=0
ok() { pass=$((pass + 1)); echo "ok   screens/checks-console: $1"; }
bad() { fail=$((fail + 1)); echo "FAIL screens/checks-console: $1"; }
PSQL="/usr/lib/postgresql/15/bin/psql -q -X -A -t"
conn="host=$AGENTDB_TEST_DIR port=5432 user=agentdb dbname=checks_console"
$PSQL "host=$AGENTDB_TEST_DIR port=5432 user=agentdb dbname=postgres" -c 'DROP DATABASE IF EXISTS checks_console' \
    -c 'CREATE DATABASE checks_console' >/dev/null 2>&1
"$bin" "$conn" -c 'migrate up' -c 'demo load --scale=0.001 --seed=8 --epoch=2026-01-01T00:00:00Z' >/dev/null 2>&1
task=$($PSQL "$conn" -c "SELECT id FROM tasks WHERE status = 'completed' ORDER BY id LIMIT 1")
# the problem: a completed task without its completion time, written past the triggers
$PSQL "$conn" -c "SET session_replication_role = replica" \
    -c "UPDATE tasks SET completed_at = NULL WHERE id = '$task'" >/dev/null
out=$(mktemp -d /tmp/agentdb-checkcon.XXXXXX)
rule=tasks_status_timestamps
n=$("$bin" --format=csv -c 'check list' | awk -F, -v r="$rule" 'NR > 1 { i++; if ($1 == r) print i }')
cat > "$out/script" <<SCRIPT
key 7
key A
:dump-screen $out/run.txt
key g
$(i=1; while [ "$i" -lt "$n" ]; do echo "key j"; i=$((i + 1)); done)
key Enter
:dump-screen $out/rows.txt
key Enter
:dump-screen $out/task.txt
:sql "UPDATE tasks SET completed_at = greatest(started_at, created_at) + interval '1 minute' WHERE id = '$task'"
:dump-screen $out/fix.txt
key Esc Esc Esc
key r
:dump-screen $out/again.txt
:quit
SCRIPT
AGENTDB_SCRIPT="$out/script" AGENTDB_SCREEN=160x40 XDG_STATE_HOME="$out" XDG_CONFIG_HOME="$out" \
    LC_ALL=C.UTF-8 timeout 120 "$bin" "$conn" >"$out/stdout" 2>"$out/stderr"
rc=$?
[ $rc -eq 0 ] && ok "the console ran the session (exit 0)" || bad "exit $rc: $(cat "$out/stderr")"
grep -q "$rule .* fail .*$task" "$out/run.txt" && ok "A runs every check; $rule fails with the task's id" \
    || bad "run: $(cat "$out/run.txt")"
grep -q "$rule: 1 offending rows" "$out/rows.txt" && ok "Enter lists the offending row" \
    || bad "rows: $(cat "$out/rows.txt")"
grep -q "id  *$task" "$out/task.txt" && ok "Enter on the row opens its Task" || bad "task: $(cat "$out/task.txt")"
grep -q "UPDATE 1" "$out/fix.txt" && ok ":sql fixes the row" || bad "fix: $(cat "$out/fix.txt")"
grep -q "$rule .* pass " "$out/again.txt" && ok "r runs the check again and it passes" \
    || bad "again: $(cat "$out/again.txt")"
"$bin" "$conn" -c "check run $rule" >/dev/null 2>&1 && ok "check run agrees (exit 0)" || bad "check run still fails"
# Ctrl-C during 'run all' stops it after the check in progress, says so, and keeps what ran
total=$("$bin" --format=csv -c 'check list' | awk 'NR > 1' | wc -l)
printf '%s\n' 'key 7' 'key A' 'key ^C' ":dump-screen $out/stop.txt" ':quit' > "$out/script2"
AGENTDB_SCRIPT="$out/script2" AGENTDB_SCREEN=160x40 XDG_STATE_HOME="$out" XDG_CONFIG_HOME="$out" \
    LC_ALL=C.UTF-8 timeout 120 "$bin" "$conn" >/dev/null 2>"$out/stderr2"
if grep -q "1 checks in .*(stopped after 1 of $total by Ctrl-C)" "$out/stop.txt"; then
    ok "Ctrl-C stops 'run all' after the check in progress and says how far it got"
else
    bad "Ctrl-C during run all: $(tail -2 "$out/stop.txt") $(cat "$out/stderr2")"
fi
rm -rf "$out"
echo "screens checks-console $pass $fail" >> "$results"
[ $fail -eq 0 ]
