# bench rows: DAG layout of 1,000 and 10,000 tasks beside dot -Tplain on the same graphs
# (sourced by bench.sh; DOT_MAX_NODES=1000 skips dot's two-minute 10,000-node run).
sh tools/bench_dag.sh "$build/bench_dag" "$build/bench" "${DOT_MAX_NODES:-10000}" > "$build/bench.dag"
cat "$build/bench.dag" >> "$rows"
jq -r '"\(.name) \(.value) \(.target) \(.peer_value)"' "$build/bench.dag" |
while read -r name value target peer; do
    verdict=$(awk -v v="$value" -v t="$target" 'BEGIN { print (v + 0 <= t + 0) ? "ok" : "OVER TARGET" }')
    printf '%-44s %10s ms  target %-6s %-5s dot -Tplain: %s ms\n' "$name" "$value" "$target" "$verdict" "$peer"
done
