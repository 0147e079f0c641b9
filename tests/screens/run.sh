#!/bin/sh
# run.sh: golden screen tests. Loads deterministic demo data, drives the real console headless
# (AGENTDB_SCRIPT, a virtual screen) at 80x24, 200x60 and 20x6, and compares every dump with
# tests/screens/golden/SIZE/NAME.txt. UPDATE_GOLDEN=1 rewrites the golden files instead.
# Volatile text (database size, connection count, server version, socket path) is normalised.
# Usage: run.sh AGENTDB_BINARY   (under tests/with-cluster.sh)
set -u
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
results=$(dirname "$bin")/test-results
pass=0; fail=0
conn="host=$AGENTDB_TEST_DIR port=5432 user=agentdb dbname=screens"
psql_ok() { "$bin" "host=$AGENTDB_TEST_DIR port=5432 user=agentdb dbname=postgres" -c help >/dev/null 2>&1; }
# a database with known contents
"$bin" "host=$AGENTDB_TEST_DIR port=5432 user=agentdb dbname=agentdb" -c help >/dev/null 2>&1
/usr/lib/postgresql/15/bin/psql -q -X "host=$AGENTDB_TEST_DIR port=5432 user=agentdb dbname=postgres" \
    -c 'DROP DATABASE IF EXISTS screens' -c 'CREATE DATABASE screens' >/dev/null 2>&1
if ! "$bin" "$conn" -c 'migrate up' -c 'demo load --scale=0.003 --seed=42 --epoch=2026-01-01T00:00:00Z' >/dev/null 2>"$here/.load.err"; then
    echo "FAIL screens: could not load demo data: $(cat "$here/.load.err")"
    rm -f "$here/.load.err"
    echo "screens golden 0 1" >> "$results"; exit 1
fi
rm -f "$here/.load.err"
# hostile data: a prompt holding an escape sequence and a newline must render as visible escapes
/usr/lib/postgresql/15/bin/psql -q -X "$conn" -c "UPDATE workflows SET user_prompt = E'\\033[31mred\\033[0m alert\\nsecond line' WHERE id = (SELECT id FROM workflows ORDER BY created_at DESC, id DESC LIMIT 1)" >/dev/null
# one planted integrity problem for the Checks screen: an event whose parent does not exist
/usr/lib/postgresql/15/bin/psql -q -X "$conn" -c "INSERT INTO agent_transformation_events (id, started_at, event_type, correlation_id, parent_event_id, target_agent) VALUES ('00000000-0000-0000-0000-0000000000e1', '2025-12-01 00:00:00+00', 'transformation_start', '00000000-0000-0000-0000-0000000000e2', '00000000-0000-0000-0000-0000000000e3', 'qa-1')" >/dev/null
# the migration history's times, fixed so the Migrations screen is the same on every run
/usr/lib/postgresql/15/bin/psql -q -X "$conn" -c "UPDATE agentdb.schema_versions SET applied_at = '2026-01-01 00:00:00+00'::timestamptz + version * interval '1 minute', duration_ms = version * 10.5" >/dev/null
normalise() {
    sed -e 's/size [0-9.]* [kMGT]*B/size N/' -e 's/connections [0-9]*/connections N/' \
        -e 's/PostgreSQL 15\.[0-9]* ([^)]*)/PostgreSQL 15/' -e "s|$AGENTDB_TEST_DIR|TESTDIR|g" \
        -e 's/retention: [0-9].*/retention: (what is due depends on today)/' "$1"
}
for script in "$here"/*.script; do
    name=$(basename "$script" .script)
    for size in 80x24 200x60 20x6; do
        out=$(mktemp -d /tmp/agentdb-screens.XXXXXX)
        sed "s|@OUT@|$out|g" "$script" > "$out/script"
        if ! AGENTDB_SCRIPT="$out/script" AGENTDB_SCREEN=$size XDG_STATE_HOME="$out" \
             XDG_CONFIG_HOME="$out" TERM=xterm-256color LC_ALL=C.UTF-8 \
             timeout 60 "$bin" "$conn" 2>"$out/stderr"; then
            fail=$((fail + 1)); echo "FAIL screens/$name@$size: exit $?: $(cat "$out/stderr")"
            rm -rf "$out"; continue
        fi
        mkdir -p "$here/golden/$size"
        for dump in "$out"/*.txt; do
            [ -f "$dump" ] || continue
            d=$(basename "$dump")
            golden="$here/golden/$size/$d"
            normalise "$dump" > "$out/norm"
            if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
                cp "$out/norm" "$golden"; pass=$((pass + 1))
            elif [ -f "$golden" ] && cmp -s "$out/norm" "$golden"; then
                pass=$((pass + 1))
            else
                fail=$((fail + 1)); echo "FAIL screens/$size/$d differs from the golden file:"
                diff -u "$golden" "$out/norm" 2>&1 | head -20
            fi
        done
        rm -rf "$out"
    done
done
echo "ok   screens: $pass dumps match their golden files at 80x24, 200x60 and 20x6"
echo "screens golden $pass $fail" >> "$results"
[ $fail -eq 0 ]
