# bench row: the whole integrity check suite (sourced by bench.sh).
t0=$(ms_now); "$bin" "$conn" -c 'check run' >/dev/null 2>"$build/bench.checks.err"; rc=$?; t1=$(ms_now)
secs=$(echo "$t0 $t1" | awk '{ printf "%.1f", ($2 - $1) / 1000 }')
row "integrity check suite (check run, exit $rc)" "$secs" s 30
grep -E '^check: ' "$build/bench.checks.err" | tail -1
