#!/bin/sh
# bench_dag.sh: the DAG layout rows of the bench: median layout time of 1,000 and 10,000 tasks
# (tools/bench_dag.c) beside Graphviz `dot -Tplain` on the same graph, as JSON lines on stdout.
# Usage: bench_dag.sh BENCH_BINARY OUTDIR [MAX_DOT_NODES]   (dot is skipped above MAX_DOT_NODES,
# default 10000; dot needs about two minutes for 10,000 nodes on a small machine)
set -u
bin=$1; out=$2; maxdot=${3:-10000}
mkdir -p "$out"
for n in 1000 10000; do
    line=$("$bin" --nodes=$n --runs=11 --dot="$out/dag$n.dot") || exit 1
    peer=null
    if [ "$n" -le "$maxdot" ] && command -v dot >/dev/null 2>&1; then
        t0=$(date +%s.%N)
        dot -Tplain "$out/dag$n.dot" -o "$out/dag$n.plain" && t1=$(date +%s.%N) &&
            peer=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) * 1000 }')
    fi
    echo "$line" | sed "s/}\$/,\"peer\":\"dot -Tplain\",\"peer_value\":$peer}/"
done
