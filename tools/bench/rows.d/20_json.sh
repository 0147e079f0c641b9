# bench rows: opening a 10 MB document in the JSON viewer (fetch from the bench database, index,
# first paint) and its peak RSS, beside jq . on the same document (sourced by bench.sh).
"$build/bench_json" --generate="$build/bench-doc.json" --mb=10 >/dev/null
"$build/bench_json" "$build/bench-doc.json" --db="$conn" > "$build/bench.json.out" 2>&1
grep -v '^{' "$build/bench.json.out"
grep '^{' "$build/bench.json.out" >> "$rows"
