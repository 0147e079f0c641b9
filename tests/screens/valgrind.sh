#!/bin/sh
# valgrind.sh: every headless screen script under valgrind's memcheck on the golden tests' demo
# data: no invalid access and 0 bytes definitely lost, per script.
# Usage: valgrind.sh AGENTDB_BINARY   (under tests/with-cluster.sh; make valgrind)
set -u
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
pass=0; fail=0
conn="host=$AGENTDB_TEST_DIR port=5432 user=agentdb dbname=valgrind"
/usr/lib/postgresql/15/bin/psql -q -X "host=$AGENTDB_TEST_DIR port=5432 user=agentdb dbname=postgres" \
    -c 'DROP DATABASE IF EXISTS valgrind' -c 'CREATE DATABASE valgrind' >/dev/null 2>&1
"$bin" "$conn" -c 'migrate up' -c 'demo load --scale=0.003 --seed=42 --epoch=2026-01-01T00:00:00Z' >/dev/null 2>&1
out=$(mktemp -d /tmp/agentdb-valgrind.XXXXXX)
for script in "$here"/*.script; do
    name=$(basename "$script" .script)
    sed "s|@OUT@|$out|g" "$script" > "$out/script"
    AGENTDB_SCRIPT="$out/script" AGENTDB_SCREEN=120x40 XDG_STATE_HOME="$out" XDG_CONFIG_HOME="$out" \
        LC_ALL=C.UTF-8 valgrind --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=9 \
        "$bin" "$conn" > "$out/log" 2>&1
    rc=$?
    lost=$(grep -h 'definitely lost' "$out/log" | sed 's/^==[0-9]*== *//')
    if [ $rc -eq 0 ]; then
        pass=$((pass + 1)); echo "ok   valgrind/$name: ${lost:-no leaks possible}"
    else
        fail=$((fail + 1)); echo "FAIL valgrind/$name: exit $rc"; grep -A12 'ERROR SUMMARY\|definitely lost in' "$out/log" | head -40
    fi
done
rm -rf "$out"
echo "valgrind: $pass scripts clean, $fail with errors or leaks"
echo "valgrind screens $pass $fail" >> "$(dirname "$bin")/test-results"
[ $fail -eq 0 ]
