#!/bin/sh
# sizes.sh: the console at every terminal size from 1x1 to 300x100 (headless :resize, the
# Workflows screen with data), then a storm of 1,000 resizes in a scattered order, then back to
# 80x24: it must not crash, and the last screen must be whole.
# Usage: sizes.sh AGENTDB_BINARY   (under tests/with-cluster.sh)
set -u
bin=$1
results=$(dirname "$bin")/test-results
pass=0; fail=0
ok() { pass=$((pass + 1)); echo "ok   screens/sizes: $1"; }
bad() { fail=$((fail + 1)); echo "FAIL screens/sizes: $1"; }
PSQL="/usr/lib/postgresql/15/bin/psql -q -X"
conn="host=$AGENTDB_TEST_DIR port=5432 user=agentdb dbname=sizes"
$PSQL "host=$AGENTDB_TEST_DIR port=5432 user=agentdb dbname=postgres" -c 'DROP DATABASE IF EXISTS sizes' \
    -c 'CREATE DATABASE sizes' >/dev/null 2>&1
"$bin" "$conn" -c 'migrate up' -c 'demo load --scale=0.001 --seed=3 --epoch=2026-01-01T00:00:00Z' >/dev/null 2>&1
out=$(mktemp -d /tmp/agentdb-sizes.XXXXXX)
awk -v out="$out" 'BEGIN {
    print "key 2"
    for (c = 1; c <= 300; c++) for (r = 1; r <= 100; r++) print ":resize " c "x" r
    for (i = 0; i < 1000; i++) print ":resize " (1 + (i * 7919) % 300) "x" (1 + (i * 104729) % 100)
    print ":resize 80x24"
    print ":dump-screen " out "/last.txt"
    print ":quit"
}' > "$out/script"
AGENTDB_SCRIPT="$out/script" AGENTDB_SCREEN=80x24 XDG_STATE_HOME="$out" XDG_CONFIG_HOME="$out" \
    LC_ALL=C.UTF-8 timeout 600 "$bin" "$conn" >"$out/stdout" 2>"$out/stderr"
rc=$?
if [ $rc -eq 0 ]; then ok "31,001 sizes and resizes, exit 0"; else bad "exit $rc: $(tail -3 "$out/stderr")"; fi
if grep -q "Workflows" "$out/last.txt" && [ "$(wc -l < "$out/last.txt")" -eq 24 ] &&
   grep -q "sort created" "$out/last.txt"; then
    ok "back at 80x24 the Workflows screen is whole"
else
    bad "last screen: $(cat "$out/last.txt")"
fi
rm -rf "$out"
echo "screens sizes $pass $fail" >> "$results"
[ $fail -eq 0 ]
