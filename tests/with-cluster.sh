#!/bin/sh
# with-cluster.sh: start a throwaway PostgreSQL cluster in a temp dir (through agentdb --local-dir,
# the same code as --local), run a command with AGENTDB_TEST_DIR set, then stop and remove it.
# Usage: with-cluster.sh AGENTDB_BINARY COMMAND...
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); shift
dir=$(mktemp -d /tmp/agentdb-test.XXXXXX) || exit 1
cleanup() {
    "$bin" --local-dir="$dir" --local-stop >/dev/null 2>&1
    rm -rf "$dir"
}
trap cleanup EXIT INT TERM
export AGENTDB_LOCAL_FAST=1
if ! "$bin" --local-dir="$dir" -c help >/dev/null 2>"$dir.err"; then
    echo "with-cluster: could not start a test cluster in $dir:" >&2
    cat "$dir.err" >&2
    rm -f "$dir.err"
    exit 1
fi
rm -f "$dir.err"
export AGENTDB_TEST_DIR="$dir" AGENTDB_BIN="$bin"
"$@"
