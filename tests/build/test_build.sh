#!/bin/sh
# test_build.sh: the build and packaging promises: a migration with CREATE INDEX CONCURRENTLY and
# no @no-transaction mark, or a check with a malformed header, fails the bundle generator naming
# file and line; make install/uninstall honour PREFIX and DESTDIR; make deps is one quiet line
# when all is present; --local lifecycle.
# Usage: test_build.sh BUILD_DIR
set -u
build=$1
bin=$build/agentdb
results=$build/test-results
pass=0; fail=0
ok() { pass=$((pass + 1)); echo "ok   build: $1"; }
bad() { fail=$((fail + 1)); echo "FAIL build: $1"; }
tmp=$(mktemp -d /tmp/agentdb-build.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# 1. bundlegen refuses CREATE INDEX CONCURRENTLY without the mark, naming file and line
mkdir -p "$tmp/sql/migrations"
printf -- '-- test\n-- @up\nCREATE TABLE t (id int);\nCREATE INDEX CONCURRENTLY t_i ON t (id);\n-- @down\nDROP TABLE t;\n' \
    > "$tmp/sql/migrations/0001_cic.sql"
if "$build/bundlegen" "$tmp/out.c" "$tmp/sql" "$tmp/sql/migrations/0001_cic.sql" 2>"$tmp/err"; then
    bad "bundlegen accepted CREATE INDEX CONCURRENTLY without -- @no-transaction"
elif grep -q '0001_cic.sql:4:.*CONCURRENTLY.*no-transaction' "$tmp/err" && [ ! -f "$tmp/out.c" ]; then
    ok "CONCURRENTLY without the mark fails the build at file:line ($(head -c 80 "$tmp/err"))"
else
    bad "bundlegen message: $(cat "$tmp/err")"
fi
printf -- '-- test\n-- @no-transaction\n-- @up\nCREATE INDEX CONCURRENTLY IF NOT EXISTS t_i ON t (id);\n-- @down\nDROP INDEX CONCURRENTLY IF EXISTS t_i;\n' \
    > "$tmp/sql/migrations/0001_cic.sql"
if "$build/bundlegen" "$tmp/out.c" "$tmp/sql" "$tmp/sql/migrations/0001_cic.sql" 2>"$tmp/err"; then
    ok "with the mark it is accepted"
else
    bad "bundlegen refused a marked file: $(cat "$tmp/err")"
fi
# an integrity check whose header is malformed fails the build too, naming file and line
mkdir -p "$tmp/sql/checks"
printf -- '-- check: bad_rule\n-- severity: fatal\n-- description: d\nSELECT 1 AS id\n' \
    > "$tmp/sql/checks/bad_rule.sql"
if "$build/bundlegen" "$tmp/chk.c" "$tmp/sql" "$tmp/sql/checks/bad_rule.sql" 2>"$tmp/err"; then
    bad "bundlegen accepted a check with severity 'fatal'"
elif grep -q 'bad_rule.sql:2:.*error or warning' "$tmp/err" && [ ! -f "$tmp/chk.c" ]; then
    ok "a malformed check header fails the build at file:line ($(head -c 80 "$tmp/err"))"
else
    bad "bundlegen message for a bad check: $(cat "$tmp/err")"
fi
# CRLF and LF versions of a file bundle with the same sha256
printf -- '-- t\n-- @up\nSELECT 1;\n-- @down\nSELECT 1;\n' > "$tmp/sql/migrations/0002_lf.sql"
"$build/bundlegen" "$tmp/lf.c" "$tmp/sql" "$tmp/sql/migrations/0002_lf.sql" 2>/dev/null
sed 's/$/\r/' "$tmp/sql/migrations/0002_lf.sql" > "$tmp/crlf"; mv "$tmp/crlf" "$tmp/sql/migrations/0002_lf.sql"
"$build/bundlegen" "$tmp/crlf.c" "$tmp/sql" "$tmp/sql/migrations/0002_lf.sql" 2>/dev/null
if cmp -s "$tmp/lf.c" "$tmp/crlf.c"; then ok "a CRLF copy bundles to the same text and checksum"; else bad "CRLF changed the bundle"; fi

# 2. install / uninstall with PREFIX and DESTDIR
if make --no-print-directory -s install BUILD="$build" DESTDIR="$tmp/dest" PREFIX=/opt/adb >/dev/null 2>&1 &&
   [ -x "$tmp/dest/opt/adb/bin/agentdb" ] && [ -f "$tmp/dest/opt/adb/share/man/man1/agentdb.1" ]; then
    ok "make install honours PREFIX and DESTDIR"
else
    bad "make install into DESTDIR"
fi
if "$tmp/dest/opt/adb/bin/agentdb" --version | grep -q '^agentdb '; then ok "installed binary runs"; else bad "installed binary"; fi
make --no-print-directory -s uninstall BUILD="$build" DESTDIR="$tmp/dest" PREFIX=/opt/adb >/dev/null 2>&1
if [ ! -e "$tmp/dest/opt/adb/bin/agentdb" ] && [ ! -e "$tmp/dest/opt/adb/share/man/man1/agentdb.1" ]; then
    ok "make uninstall removes them"
else
    bad "make uninstall left files"
fi

# 3. make deps: one line when everything is present
out=$(make --no-print-directory -s deps 2>&1)
if [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] && printf '%s' "$out" | grep -q 'all .*installed'; then
    ok "make deps with nothing missing prints one line"
else
    bad "make deps output: $out"
fi

# 4. --local lifecycle in a private directory: initdb on first use, migrate, stop
ldir=$(mktemp -d /tmp/agentdb-local.XXXXXX)
if AGENTDB_LOCAL_FAST=1 "$bin" --local-dir="$ldir" -c 'migrate up' -c 'migrate status' --format=json \
       >"$tmp/local.out" 2>"$tmp/local.err" && jq -e 'length > 0 and all(.[]; .state == "applied")' \
       "$tmp/local.out" >/dev/null; then
    ok "--local creates, starts and migrates a private cluster; status is valid JSON"
else
    bad "--local: $(cat "$tmp/local.err")"
fi
if [ -S "$ldir/.s.PGSQL.5432" ]; then ok "the socket is in the cluster's own directory"; else bad "no socket in $ldir"; fi
if ! grep -q "^listen_addresses = ''" "$ldir/pgdata/postgresql.conf"; then bad "TCP not disabled"; else ok "no TCP listener configured"; fi
"$bin" --local-dir="$ldir" --local-stop >/dev/null 2>&1
if [ ! -S "$ldir/.s.PGSQL.5432" ]; then ok "--local-stop stops it"; else bad "--local-stop"; fi
if AGENTDB_PG_BINDIR=/nonexistent "$bin" --local-dir="$ldir" -c help >/dev/null 2>"$tmp/nobin"; then
    bad "missing server binaries not reported"
elif grep -q 'server binaries.*not found' "$tmp/nobin"; then
    ok "missing server binaries are named clearly"
else
    bad "missing binaries message: $(cat "$tmp/nobin")"
fi
rm -rf "$ldir"

echo "build test_build $pass $fail" >> "$results"
[ $fail -eq 0 ]
