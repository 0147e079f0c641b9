#!/bin/sh
# bench.sh: make bench. A private cluster at SCALE (default 1) with the demo data, reused when it
# already holds that scale and seed; then every row of design/quality.md, each beside a peer
# measured in the same run where there is one. Prints a table and writes BUILD/bench.json as a
# JSON list of {"name","value","unit","target"[,"peer","peer_value"]}. Not a test: no row fails
# the run; a row over its target says so (and a query over target prints its plan).
# Usage: bench.sh BUILD SCALE [SEED]
set -u
build=$1 scale=$2 seed=${3:-1}
bin=$build/agentdb
case "$scale" in ''|*[!0-9.]*|*.*.*) echo "bench: SCALE must be a number such as 1 or 0.1" >&2; exit 1;; esac
dir=$(cd "$build" && pwd)/bench-cluster-s$scale
conn="host=$dir port=5432 user=agentdb dbname=agentdb"
rows=$build/bench.rows
json=$build/bench.json
: > "$rows"
pgbin=/usr/lib/postgresql/15/bin
PSQL="$pgbin/psql -X -q -A -t"

# One result row: name value unit target [peer peer_value]
row() {
    printf '{"name": "%s", "value": %s, "unit": "%s", "target": %s' "$1" "$2" "$3" "$4" >> "$rows"
    [ $# -ge 6 ] && printf ', "peer": "%s", "peer_value": %s' "$5" "$6" >> "$rows"
    printf '}\n' >> "$rows"
    verdict=$(awk -v v="$2" -v t="$4" 'BEGIN { print (t == "null" || v + 0 <= t + 0) ? "ok" : "OVER TARGET" }')
    if [ $# -ge 6 ]; then
        printf '%-44s %10s %-3s target %-6s %-5s %s %s\n' "$1" "$2" "$3" "$4" "$verdict" "$5:" "$6"
    else
        printf '%-44s %10s %-3s target %-6s %s\n' "$1" "$2" "$3" "$4" "$verdict"
    fi
}
ms_now() { date +%s%N | awk '{ printf "%.3f", $1 / 1e6 }'; }
# median and p95 of the numbers on stdin
stats() { sort -n | awk '{ v[NR] = $1 } END { if (!NR) { print "null null"; exit }
    m = v[int((NR + 1) / 2)]; k = int(NR * 0.95 + 0.999); if (k < 1) k = 1; if (k > NR) k = NR
    printf "%.2f %.2f\n", m, v[k] }'; }

echo "bench: scale $scale, seed $seed, cluster $dir"
export AGENTDB_LOCAL_FAST=0
"$bin" --local-dir="$dir" -c help >/dev/null 2>&1 || { echo "bench: cannot start the cluster" >&2; exit 1; }
loaded=$($PSQL "$conn" -c "SELECT scale::float8 || ' ' || seed FROM agentdb.demo_loads ORDER BY loaded_at DESC LIMIT 1" 2>/dev/null)
want=$($PSQL "$conn" -c "SELECT $scale::float8 || ' ' || $seed" 2>/dev/null)
if [ -z "$loaded" ] || [ "$loaded" != "$want" ]; then
    echo "bench: loading the demo data at scale $scale (this takes a while at scale 1)"
    "$bin" "$conn" -c 'migrate up' >/dev/null || exit 1
    t0=$(ms_now)
    if [ -z "$loaded" ]; then mode=--if-empty; else mode=--replace; fi
    "$bin" "$conn" -c "demo load --scale=$scale --seed=$seed $mode" || exit 1
    t1=$(ms_now)
    gen=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1000 }')
    # the target (5 min) is for scale 1; smaller scales are pro rata
    row "data generator, scale $scale" "$gen" s "$(awk -v s="$scale" 'BEGIN { printf "%.0f", 300 * s }')"
else
    echo "bench: reusing the loaded data (scale $scale, seed $seed)"
fi
$PSQL "$conn" -c "SELECT 'data: ' || (SELECT count(*) FROM workflows) || ' workflows, ' || (SELECT count(*) FROM tasks) || ' tasks, ' || pg_size_pretty(pg_database_size(current_database()))"

echo; echo "== interactive queries (p95 over sampled parameters; psql runs the same SQL prepared)"
: > "$build/bench.queries.json"
"$build/bench_queries" "$conn" tools/bench/queries.tsv sql/queries "$build/bench.queries.json" 5
cat "$build/bench.queries.json" >> "$rows"

echo; echo "== console"
# cold start to the first painted Dashboard (the script quits once its queries are drawn)
printf ':quit\n' > "$build/bench.quit"
for i in 1 2 3 4 5 6 7 8 9 10 11; do
    t0=$(ms_now)
    AGENTDB_SCRIPT="$build/bench.quit" AGENTDB_SCREEN=200x60 LC_ALL=C.UTF-8 "$bin" "$conn" >/dev/null 2>&1
    t1=$(ms_now)
    echo "$t0 $t1" | awk '{ print $2 - $1 }'
done | stats > "$build/bench.cold"
for i in 1 2 3 4 5 6 7 8 9 10 11; do
    t0=$(ms_now); $pgbin/psql -X -q "$conn" -c 'select 1' >/dev/null; t1=$(ms_now)
    echo "$t0 $t1" | awk '{ print $2 - $1 }'
done | stats > "$build/bench.psql"
row "console cold start to first paint (median)" "$(cut -d' ' -f1 "$build/bench.cold")" ms 150 \
    "psql -c 'select 1'" "$(cut -d' ' -f1 "$build/bench.psql")"

# keypress to repaint while browsing as an operator would
cat > "$build/bench.browse" <<'EOF'
key 2
key j j j Enter
key Enter
key Esc
key j Enter
key Esc Esc
key PgDn
key PgDn
key >
key >
key I
key 3
key PgDn
key 4
key Enter
key Esc
key 8
key Enter
key Esc
key 6
key Enter
key c
key Esc
key 5
key 1
:quit
EOF
AGENTDB_SCRIPT="$build/bench.browse" AGENTDB_SCRIPT_TIMES="$build/bench.keys" AGENTDB_SCREEN=200x60 \
    LC_ALL=C.UTF-8 "$bin" "$conn" >/dev/null 2>&1
set -- $(cut -f1 "$build/bench.keys" | stats)
row "keypress to repaint, scripted browsing (p95)" "$2" ms 50
echo "  slowest keys:"; sort -rn "$build/bench.keys" | head -3 | sed 's/^/    /'

# memory while paging through tasks (the largest list), beside psql loading the same list; then
# the same pages of a tenth of the data (database bench_small in the same cluster, scale/10, loaded
# once and reused): the console's memory must not grow with the data (target: within 10%)
pages=${BENCH_PAGES:-300}
rss_peak() { # CONNINFO -> peak RSS in MB while paging $pages pages of tasks
    sh tools/rss_probe.sh "$bin" "$1" "$pages" "$pages" 3 > "$build/bench.rss" 2>&1
    awk '/VmHWM/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+$/) v = $i } END { printf "%.1f", v / 1024 }' "$build/bench.rss"
}
if [ -f tools/rss_probe.sh ]; then
    big=$(rss_peak "$conn")
    peer=$( { /usr/bin/time -f '%M' $pgbin/psql -X -q -A "$conn" -c 'SELECT * FROM tasks' >/dev/null; } 2>&1 | tail -1)
    row "console RSS paging $pages pages of tasks (peak)" "$big" MB 64 \
        "psql without FETCH_COUNT, SELECT * FROM tasks" "$(awk -v k="$peer" 'BEGIN { printf "%.1f", k / 1024 }')"
    small_scale=$(awk -v s="$scale" 'BEGIN { printf "%g", s / 10 }')
    sconn="host=$dir port=5432 user=agentdb dbname=bench_small"
    sloaded=$($PSQL "$sconn" -c "SELECT scale::float8 || ' ' || seed FROM agentdb.demo_loads ORDER BY loaded_at DESC LIMIT 1" 2>/dev/null)
    if [ "$sloaded" != "$($PSQL "$conn" -c "SELECT $small_scale::float8 || ' ' || $seed")" ]; then
        echo "bench: loading scale $small_scale into bench_small for the memory comparison"
        $PSQL "host=$dir port=5432 user=agentdb dbname=postgres" -c 'SET client_min_messages = warning' \
            -c 'DROP DATABASE IF EXISTS bench_small' -c 'CREATE DATABASE bench_small' >/dev/null
        "$bin" "$sconn" -c 'migrate up' -c "demo load --scale=$small_scale --seed=$seed" >/dev/null 2>&1 \
            || echo "bench: could not load bench_small" >&2
    fi
    small=$(rss_peak "$sconn")
    row "console RSS, same pages at scale $small_scale (peak)" "$small" MB 64
    row "console RSS growth, scale $small_scale to $scale" \
        "$(awk -v a="$small" -v b="$big" 'BEGIN { printf "%.1f", (b / a - 1) * 100 }')" % 10
fi

echo; echo "== migrations"
admin="host=$dir port=5432 user=agentdb dbname=postgres"
mconn="host=$dir port=5432 user=agentdb dbname=bench_mig"
fresh() { $PSQL "$admin" -c 'SET client_min_messages = warning' -c 'DROP DATABASE IF EXISTS bench_mig' -c 'CREATE DATABASE bench_mig' >/dev/null; }
fresh
# the peer runs exactly the SQL the engine would (migrate plan, less the engine's own history
# rows, which the plan shows as "INSERT INTO agentdb.schema_versions ..."); not with -1, since
# 0003 builds its indexes CONCURRENTLY, which cannot run inside a transaction block
"$bin" "$mconn" -c 'migrate plan' 2>/dev/null | sed '/^INSERT INTO agentdb\.schema_versions \.\.\./d' > "$build/bench.plan.sql"
for i in 1 2 3; do
    fresh; t0=$(ms_now); "$bin" "$mconn" -c 'migrate up' >/dev/null 2>&1; t1=$(ms_now)
    echo "$t0 $t1" | awk '{ print $2 - $1 }'
done | stats > "$build/bench.mig"
for i in 1 2 3; do
    fresh; t0=$(ms_now); $pgbin/psql -X -q -v ON_ERROR_STOP=1 "$mconn" -f "$build/bench.plan.sql" >/dev/null 2>"$build/bench.plan.err" || echo "bench: psql peer failed: $(head -3 "$build/bench.plan.err")" >&2
    t1=$(ms_now)
    echo "$t0 $t1" | awk '{ print $2 - $1 }'
done | stats > "$build/bench.migpeer"
ours=$(cut -d' ' -f1 "$build/bench.mig"); peer=$(cut -d' ' -f1 "$build/bench.migpeer")
row "all migrations up from empty (median of 3)" "$ours" ms 3000 "psql -f of the same SQL" "$peer"
row "migrations up, ratio to psql" "$(awk -v a="$ours" -v b="$peer" 'BEGIN { printf "%.2f", a / b }')" x 1.2
$PSQL "$admin" -c 'DROP DATABASE bench_mig' >/dev/null

# the rows other parts of agentdb add (DAG layout, JSON viewer, integrity checks)
for extra in tools/bench/rows.d/*.sh; do
    [ -f "$extra" ] || continue
    echo; echo "== $(basename "$extra" .sh)"
    . "$extra"
done

awk 'BEGIN { print "[" } { printf "%s%s", (NR > 1 ? ",\n" : ""), $0 } END { print "\n]" }' "$rows" > "$json"
echo; echo "bench: wrote $json ($(wc -l < "$rows") rows)"
