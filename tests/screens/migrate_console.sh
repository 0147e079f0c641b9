#!/bin/sh
# migrate_console.sh: roll back and re-apply migrations from the console's Migrations screen in
# script mode, as an operator would: a wrong confirmation cancels, the right one with a backup
# directory rolls back (the backup holds the dropped table), 'yes' applies again.
# Usage: migrate_console.sh AGENTDB_BINARY   (under tests/with-cluster.sh)
set -u
bin=$1
results=$(dirname "$bin")/test-results
pass=0; fail=0
ok() { pass=$((pass + 1)); echo "ok   screens/migrate-console: $1"; }
bad() { fail=$((fail + 1)); echo "FAIL screens/migrate-console: $1"; }
PSQL="/usr/lib/postgresql/15/bin/psql -q -X -A -t"
admin="host=$AGENTDB_TEST_DIR port=5432 user=agentdb dbname=postgres"
conn="host=$AGENTDB_TEST_DIR port=5432 user=agentdb dbname=migrate_console"
$PSQL "$admin" -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS migrate_console" \
    -c "CREATE DATABASE migrate_console" >/dev/null
"$bin" "$conn" -c 'migrate up' >/dev/null 2>&1
last=$($PSQL "$conn" -c "SELECT max(version) FROM agentdb.schema_versions")
# roll back to just below row-level security (0010 drops project_members, which the plan names)
target=$(($($PSQL "$conn" -c "SELECT version FROM agentdb.schema_versions WHERE name = 'row_level_security'") - 1))
ups=$(i=$target; while [ "$i" -lt "$last" ]; do echo "key k"; i=$((i + 1)); done)
out=$(mktemp -d /tmp/agentdb-migcon.XXXXXX)
drive() { # script file -> runs the console headless on it
    AGENTDB_SCRIPT="$1" AGENTDB_SCREEN=120x40 XDG_STATE_HOME="$out" XDG_CONFIG_HOME="$out" \
        LC_ALL=C.UTF-8 timeout 120 "$bin" "$conn" >"$out/stdout" 2>"$out/stderr"
}
# select the migration `target` (the list starts at 0001), ask to roll back, answer wrongly
cat > "$out/s1" <<SCRIPT
key 5
key G
$ups
key d
$last
:dump-screen $out/cancel.txt
:quit
SCRIPT
drive "$out/s1"
n=$($PSQL "$conn" -c "SELECT count(*) FROM agentdb.schema_versions")
if grep -q "cancelled; nothing was rolled back" "$out/cancel.txt" && [ "$n" = "$last" ]; then
    ok "a wrong confirmation cancels and nothing changes"
else
    bad "cancel: $n applied; $(cat "$out/cancel.txt")"
fi
cat > "$out/s2" <<SCRIPT
key 5
key G
$ups
key d
$target
$out/backup
:dump-screen $out/down.txt
:quit
SCRIPT
drive "$out/s2"
n=$($PSQL "$conn" -c "SELECT max(version) FROM agentdb.schema_versions")
if [ "$n" = "$target" ] && grep -q "migrate down: done" "$out/down.txt"; then
    ok "typing the version rolls back to $target"
else
    bad "rollback: at $n; $(cat "$out/down.txt")"
fi
if grep -q "drops table project_members" "$out/down.txt"; then
    ok "the plan names the table that loses rows"
else
    bad "plan: $(cat "$out/down.txt")"
fi
dump=$(ls "$out"/backup/agentdb-backup-*.dump 2>/dev/null | head -1)
if [ -n "$dump" ] && /usr/lib/postgresql/15/bin/pg_restore -l "$dump" | grep -q "TABLE public project_members"; then
    ok "the backup holds the dropped table"
else
    bad "no backup with project_members in $out/backup"
fi
cat > "$out/s3" <<SCRIPT
key 5
key G
key u
yes
:dump-screen $out/up.txt
:quit
SCRIPT
drive "$out/s3"
if "$bin" "$conn" -c 'migrate status' >/dev/null 2>&1 && grep -q "migrate up: done" "$out/up.txt"; then
    ok "'yes' applies the migrations again; status is clean"
else
    bad "re-apply: $(cat "$out/up.txt")"
fi
rm -rf "$out"
echo "screens migrate-console $pass $fail" >> "$results"
[ $fail -eq 0 ]
