#!/bin/sh
# run.sh: run cmocka test programs, one after another, and record pass/fail counts for summary.sh.
# Usage: run.sh SUITE PROGRAM...   (results appended to $BUILD_RESULTS or build/test-results)
suite=$1; shift
results=${BUILD_RESULTS:-$(dirname "$(dirname "$(dirname "$1")")")/test-results}
status=0
for t in "$@"; do
    name=$(basename "$t")
    out=$("$t" 2>&1); rc=$?
    passed=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    failed=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    passed=${passed:-0}; failed=${failed:-0}
    if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
    echo "$suite $name $passed $failed" >> "$results"
    if [ "$rc" -ne 0 ]; then
        printf '%s\n' "$out" | sed "s|^|  $name: |"
        echo "FAIL $suite/$name ($passed passed, $failed failed, exit $rc)"
        status=1
    else
        echo "ok   $suite/$name ($passed tests)"
    fi
done
exit $status
