#!/bin/sh
# test_replica.sh: a real streaming standby of the test cluster (pg_basebackup -R on loopback):
# reports run on it, directly and through --report-dsn (proved by pausing replay: the standby
# still shows the old data), multi-host conninfo picks the primary or the standby by
# target_session_attrs, and every writing command on the standby is refused with exit 4.
# Usage: test_replica.sh AGENTDB_BINARY   (under tests/with-cluster.sh)
set -u
bin=$1
results=$(dirname "$bin")/test-results
pass=0; fail=0
ok() { pass=$((pass + 1)); echo "ok   replica: $1"; }
bad() { fail=$((fail + 1)); echo "FAIL replica: $1"; }
pgbin=$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null)
PSQL="$pgbin/psql -q -X -A -t"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
admin="host=$AGENTDB_TEST_DIR port=5432 user=agentdb dbname=postgres"
primary="host=$AGENTDB_TEST_DIR port=5432 user=agentdb dbname=replica"
$PSQL "$admin" -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS replica" \
    -c "CREATE DATABASE replica" >/dev/null
"$bin" "$primary" -c 'migrate up' -c 'demo load --scale=0.002 --seed=4 --epoch=2026-01-01T00:00:00Z' \
    >/dev/null 2>&1 || { bad "could not prepare the primary"; exit 1; }

sdir=$(mktemp -d /tmp/agentdb-standby.XXXXXX)
chmod 0755 "$sdir"
[ "$(id -u)" = 0 ] && chown postgres "$sdir"
cleanup() {
    as_pg "$pgbin/pg_ctl" -D "$sdir/data" -m immediate stop >/dev/null 2>&1
    rm -rf "$sdir"
}
trap cleanup EXIT INT TERM
if ! as_pg "$pgbin/pg_basebackup" -D "$sdir/data" -R -X stream -c fast \
        -h "$AGENTDB_TEST_DIR" -p 5432 -U agentdb >"$sdir/basebackup.log" 2>&1; then
    bad "pg_basebackup: $(cat "$sdir/basebackup.log")"; exit 1
fi
if ! as_pg "$pgbin/pg_ctl" -D "$sdir/data" -l "$sdir/log" -w -t 60 \
        -o "-p 5433 -k $sdir -c listen_addresses='' -c hot_standby=on" start >/dev/null 2>&1; then
    bad "standby did not start: $(tail -5 "$sdir/log")"; exit 1
fi
standby="host=$sdir port=5433 user=agentdb dbname=replica"
[ "$($PSQL "$standby" -c 'SELECT pg_is_in_recovery()')" = t ] && ok "the standby is in recovery" \
    || bad "the standby is not in recovery"

# reports on the standby
out=$("$bin" "$standby" --format=csv -c 'report run failure_rates' 2>&1)
if [ $? -eq 0 ] && [ "$(printf '%s\n' "$out" | wc -l)" -gt 1 ]; then
    ok "report run works on the standby"
else
    bad "report on the standby: $out"
fi

# the integrity checks on the standby: they run (exit 0 or 5, never 3 or 4) and store nothing
"$bin" "$standby" -c 'check run' >/dev/null 2>"$sdir/check.err"; rc=$?
if [ $rc -eq 0 ] || [ $rc -eq 5 ]; then
    ok "check run works on the standby (exit $rc)"
else
    bad "check run on the standby: exit $rc: $(tail -3 "$sdir/check.err")"
fi
"$bin" "$primary" --report-dsn="$standby" -c 'check run task_dependency_cycles' >/dev/null 2>&1 \
    && ok "check run goes to the report server with --report-dsn" || bad "check run with --report-dsn"

# every writing command of the command table (help --format=csv marks them), with placeholder
# arguments, is refused on the standby and in a --read-only session: exit 4 and the reason, and
# the primary's history unchanged
writes=$("$bin" --format=csv -c help | awk -F, 'NR > 1 && $4 == "true" {
    c = $1; for (i = 0; i < $3; i++) c = c " 1"; print c }')
[ -n "$writes" ] || bad "help --format=csv lists no writing command"
events() { $PSQL "$primary" -c "SELECT count(*) FROM agentdb.schema_version_events"; }
before=$(events)
echo "$writes" | while read -r cmd; do
    err=$("$bin" "$standby" -c "$cmd" 2>&1 >/dev/null); rc=$?
    if [ $rc -eq 4 ] && printf '%s' "$err" | grep -q "standby"; then
        echo "ok   replica: refused on the standby: $cmd"
    else
        echo "FAIL replica: '$cmd' on the standby: exit $rc: $err"
    fi
    err=$("$bin" "$primary" --read-only -c "$cmd" 2>&1 >/dev/null); rc=$?
    if [ $rc -eq 4 ] && printf '%s' "$err" | grep -q "read-only"; then
        echo "ok   replica: refused with --read-only: $cmd"
    else
        echo "FAIL replica: '$cmd' with --read-only: exit $rc: $err"
    fi
done > "$sdir/walk.out"
cat "$sdir/walk.out"
pass=$((pass + $(grep -c '^ok' "$sdir/walk.out")))
fail=$((fail + $(grep -c '^FAIL' "$sdir/walk.out")))
[ "$(events)" = "$before" ] && ok "the refused commands changed nothing" \
    || bad "the migration history changed under refused commands"

# multi-host conninfo: target_session_attrs picks the server
both="host=$sdir,$AGENTDB_TEST_DIR port=5433,5432 user=agentdb dbname=replica"
if "$bin" "$both target_session_attrs=read-write" -c 'migrate status' >/dev/null 2>&1; then
    ok "target_session_attrs=read-write reaches the primary"
else
    bad "multi-host read-write did not reach the primary"
fi
err=$("$bin" "$both target_session_attrs=standby" -c 'migrate up' 2>&1); rc=$?
[ $rc -eq 4 ] && ok "target_session_attrs=standby reaches the standby (writes refused)" \
    || bad "multi-host standby: exit $rc: $err"

# --report-dsn: with replay paused, the standby keeps the old data while the primary changes,
# so the report's answer tells which server it came from
$PSQL "$standby" -c 'SELECT pg_wal_replay_pause()' >/dev/null
$PSQL "$primary" -c "UPDATE tasks SET reward = 1 WHERE reward IS NOT NULL" \
    -c "REFRESH MATERIALIZED VIEW mv_report_reward_by_task_type" >/dev/null
q='report run reward_by_task_type --format=csv'
on_primary=$("$bin" "$primary" -c "$q" | grep -vc ',1.0000,')
on_report=$("$bin" "$primary" --report-dsn="$standby" -c "$q" | grep -vc ',1.0000,')
if [ "$on_primary" -le 1 ] && [ "$on_report" -gt 1 ]; then
    ok "--report-dsn sends reports to the standby ($on_report rows of old data there)"
else
    bad "--report-dsn: primary $on_primary, report server $on_report rows not at 1.0"
fi
# the console: its report screens read from the report server and its status line says so; the
# Workflows screen stays on the primary; the Dashboard shows the standby and its replay lag
printf '%s\n' ":dump-screen $sdir/dash.txt" ':reportview report_reward_by_task_type' \
    ":dump-screen $sdir/report.txt" ':workflows' ":dump-screen $sdir/workflows.txt" ':quit' \
    > "$sdir/console.script"
AGENTDB_SCRIPT="$sdir/console.script" AGENTDB_SCREEN=200x40 LC_ALL=C.UTF-8 \
    "$bin" "$primary" --report-dsn="$standby" >"$sdir/console.out" 2>&1
if grep -q "reports from $sdir:5433" "$sdir/report.txt" && ! grep -q '1\.000' "$sdir/report.txt"; then
    ok "console: the report screen reads the standby's (older) data and says so on the status line"
else
    bad "console report screen with --report-dsn: $(tail -3 "$sdir/report.txt" 2>/dev/null) $(cat "$sdir/console.out")"
fi
if grep -q "$AGENTDB_TEST_DIR:5432" "$sdir/workflows.txt" && ! grep -q "reports from" "$sdir/workflows.txt"; then
    ok "console: the Workflows screen reads the primary"
else
    bad "console Workflows with --report-dsn: $(tail -1 "$sdir/workflows.txt" 2>/dev/null)"
fi
grep -q "replication: 1 standby, replay lag" "$sdir/dash.txt" \
    && ok "console: the primary's Dashboard shows its standby and the lag" \
    || bad "primary Dashboard replication line: $(grep replication "$sdir/dash.txt")"
err=$("$bin" "$primary" --report-dsn="$standby" -c 'migrate status' 2>&1); rc=$?
[ $rc -eq 0 ] && ok "--report-dsn leaves other commands on the primary" \
    || bad "migrate status with --report-dsn: exit $rc: $err"
$PSQL "$standby" -c 'SELECT pg_wal_replay_resume()' >/dev/null
# once replay has applied a transaction, a standby's Dashboard shows how far behind it is
for i in $(seq 1 60); do
    [ "$($PSQL "$standby" -c 'SELECT pg_last_xact_replay_timestamp() IS NOT NULL')" = t ] && break
    sleep 0.5
done
printf '%s\n' ":dump-screen $sdir/sdash.txt" ':quit' > "$sdir/sconsole.script"
AGENTDB_SCRIPT="$sdir/sconsole.script" AGENTDB_SCREEN=200x40 LC_ALL=C.UTF-8 "$bin" "$standby" >/dev/null 2>&1
grep -q "replication: replay lag [0-9]" "$sdir/sdash.txt" \
    && ok "console: a standby's Dashboard shows its replay lag" \
    || bad "standby Dashboard replication line: $(grep -i replication "$sdir/sdash.txt")"
err=$("$bin" "$primary" --report-dsn="host=$sdir port=1 user=agentdb dbname=replica" \
      -c 'report list' 2>&1); rc=$?
if [ $rc -eq 2 ] && printf '%s' "$err" | grep -q "report server"; then
    ok "an unreachable report server fails with exit 2, naming it"
else
    bad "unreachable report server: exit $rc: $err"
fi
printf '%s\n' ':reports' ":dump-screen $sdir/noreport.txt" ':workflows' ":dump-screen $sdir/noreport-wf.txt" ':quit' \
    > "$sdir/noreport.script"
AGENTDB_SCRIPT="$sdir/noreport.script" AGENTDB_SCREEN=200x40 LC_ALL=C.UTF-8 \
    "$bin" "$primary" --report-dsn="host=$sdir port=1 user=agentdb dbname=replica" >/dev/null 2>&1
if grep -q "report server (--report-dsn): connection to server .*port 1\|report server (--report-dsn): connection to server .*PGSQL.1" "$sdir/noreport.txt" \
   && grep -Eq '^[0-9a-f]{8}-[0-9a-f-]+ +(completed|failed|running|pending|cancelled)' "$sdir/noreport-wf.txt"; then
    ok "console: an unreachable report server is named on the report screens; the rest works on"
else
    bad "console with an unreachable report server: $(tail -2 "$sdir/noreport.txt") / $(tail -1 "$sdir/noreport-wf.txt")"
fi
echo "replica standby $pass $fail" >> "$results"
[ $fail -eq 0 ]
