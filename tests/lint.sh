#!/bin/sh
# lint.sh: lint the migrations. (a) squawk over every sql/migrations/*.sql file, each section (up,
# down) linted as the engine runs it: inside a transaction unless the file is @no-transaction.
# The timeout rules are left out (the engine sets lock_timeout and statement_timeout itself); the
# only other exceptions are per-statement '-- squawk-ignore RULE -- reason' comments (file-wide or
# rule-less ignores fail). (b) plpgsql_check over every PL/pgSQL function in public of a database
# migrated to the last version by the binary; trigger functions are checked against each table
# whose triggers call them. Errors fail; warnings are printed.
# Usage: lint.sh BINARY   (under tests/with-cluster.sh; results appended to $(dirname BINARY)/test-results)
set -u
LC_ALL=C
export LC_ALL

if [ $# -ne 1 ]; then
    echo "usage: sh tests/with-cluster.sh BINARY sh tests/lint.sh BINARY" >&2
    exit 2
fi
bin=$1
root=$(cd "$(dirname "$0")/.." && pwd)
results=$(dirname "$bin")/test-results
SQUAWK_VERSION=2.66.0
npm_prefix=${AGENTDB_NPM_PREFIX:-$root/build/npm}
squawk=$npm_prefix/node_modules/.bin/squawk
psql=${AGENTDB_PG_BINDIR:-/usr/lib/postgresql/15/bin}/psql
# Rules about timeouts: the engine sets lock_timeout and statement_timeout around every statement.
excluded=require-lock-timeout,require-statement-timeout

tmp=$(mktemp -d "${TMPDIR:-/tmp}/lint.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   lint/$1"; }
bad() { failed=$((failed + 1)); echo "FAIL lint/$1"; }
finish() {
    echo "lint lint $passed $failed" >> "$results"
    [ "$failed" -eq 0 ]
    exit
}

# ---- (a) squawk ----
if [ ! -x "$squawk" ] || [ "$("$squawk" --version 2>/dev/null)" != "squawk $SQUAWK_VERSION" ]; then
    if ! command -v npm > /dev/null 2>&1; then
        echo "  npm is not installed (make deps installs it)"
        bad "squawk install"
    else
        echo "lint: installing squawk-cli@$SQUAWK_VERSION into $npm_prefix"
        mkdir -p "$npm_prefix"
        npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$npm_prefix" \
            "squawk-cli@$SQUAWK_VERSION" > "$tmp/npm.log" 2>&1
        if [ ! -x "$squawk" ] || [ "$("$squawk" --version 2>/dev/null)" != "squawk $SQUAWK_VERSION" ]; then
            sed 's/^/  /' "$tmp/npm.log"
            bad "squawk install"
        fi
    fi
fi

# Print lines of FILE outside SECTION (header counts as up) as blank lines, so squawk's line
# numbers are the file's.
section() {
    awk -v want="$2" '
        /^[ \t]*--[ \t]*@(up|down|verify)[ \t]*$/ {
            s = $0; sub(/^[ \t]*--[ \t]*@/, "", s); sub(/[ \t]*$/, "", s); cur = s; print ""; next
        }
        { print ((cur == want || (cur == "" && want == "up")) ? $0 : "") }' "$1"
}

if [ -x "$squawk" ]; then
    for f in "$root"/sql/migrations/*.sql; do
        rel=sql/migrations/$(basename "$f")
        name=$(basename "$f" .sql)
        fileok=1
        # A file-wide ignore, or one that names no rule (it ignores every rule), is not allowed.
        if grep -nE -- '--[ \t]*squawk-ignore-file|/\*[ \t]*squawk-ignore-file' "$f" > "$tmp/ig"; then
            sed 's/^/  '"$(basename "$f")"':/; s/$/: file-wide ignores are not allowed/' "$tmp/ig"
            fileok=0
        fi
        if grep -nE -- '--[ \t]*squawk-ignore[ \t]*(--.*)?$' "$f" > "$tmp/ig"; then
            sed 's/^/  '"$(basename "$f")"':/; s/$/: name the rule(s) to ignore/' "$tmp/ig"
            fileok=0
        fi
        # Header marks come before @up; @no-transaction files run statement by statement.
        intx=--assume-in-transaction
        if awk '/^[ \t]*--[ \t]*@up[ \t]*$/ { exit }
                /^[ \t]*--[ \t]*@no-transaction[ \t]*$/ { nt = 1; exit }
                END { exit !nt }' "$f"; then
            intx=--no-assume-in-transaction
        fi
        for sec in up down; do
            section "$f" "$sec" > "$tmp/section.sql"
            # squawk's gcc-style lines count from 0
            "$squawk" --pg-version=15.0 --reporter=gcc --exclude="$excluded" $intx \
                --stdin-filepath="$rel" < "$tmp/section.sql" > "$tmp/squawk.out" 2>&1
            rc=$?
            if [ "$rc" -ne 0 ] || [ -s "$tmp/squawk.out" ]; then
                awk -F: -v OFS=: -v sec="$sec" '
                    $2 ~ /^[0-9]+$/ { $2 = $2 + 1 } { print "  (" sec ") " $0 }' "$tmp/squawk.out"
                [ -s "$tmp/squawk.out" ] || echo "  ($sec) squawk exited $rc"
                fileok=0
            fi
        done
        if [ "$fileok" -eq 1 ]; then ok "squawk $name"; else bad "squawk $name"; fi
    done
fi

# ---- (b) plpgsql_check ----
if [ -z "${AGENTDB_TEST_DIR:-}" ]; then
    echo "  AGENTDB_TEST_DIR is not set: run through tests/with-cluster.sh (make test-lint)"
    bad "plpgsql_check"
    finish
fi
db=agentdb_lint
ci="host=$AGENTDB_TEST_DIR port=5432 user=agentdb"
sql() { d=$1; shift; "$psql" -X -q -v ON_ERROR_STOP=1 -d "$ci dbname=$d" "$@"; }

if ! sql postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" > "$tmp/db.log" 2>&1; then
    sed 's/^/  /' "$tmp/db.log"
    bad "plpgsql_check (create database)"
    finish
fi
if ! "$bin" "$ci dbname=$db" -c 'migrate up' > "$tmp/migrate.log" 2>&1; then
    sed 's/^/  /' "$tmp/migrate.log"
    bad "plpgsql_check (migrate up)"
    finish
fi
# The extension goes in a schema of its own, so public holds only the migrations' objects.
if ! sql "$db" -c "CREATE SCHEMA plpgsql_check" \
        -c "CREATE EXTENSION plpgsql_check SCHEMA plpgsql_check" > "$tmp/ext.log" 2>&1; then
    sed 's/^/  /' "$tmp/ext.log"
    echo "  (the extension is in the Debian package postgresql-15-plpgsql-check; make deps installs it)"
    bad "plpgsql_check (extension)"
    finish
fi

# One target per function, and per table for trigger functions: function oid, relation oid,
# label. A trigger function no trigger calls cannot be checked (plpgsql_check needs its table).
if ! sql "$db" -At -F ' ' > "$tmp/targets" 2> "$tmp/targets.err" <<'EOF'
SELECT p.oid, coalesce(g.tgrelid, 0),
       CASE WHEN g.tgrelid IS NULL THEN p.oid::regprocedure::text
            ELSE p.oid::regprocedure::text || '@' || g.tgrelid::regclass::text END
  FROM pg_proc p
  JOIN pg_language l ON l.oid = p.prolang
  LEFT JOIN LATERAL (SELECT DISTINCT t.tgrelid FROM pg_trigger t
                      WHERE t.tgfoid = p.oid AND NOT t.tgisinternal) g
         ON p.prorettype = 'trigger'::regtype
 WHERE p.pronamespace = 'public'::regnamespace AND l.lanname = 'plpgsql'
 ORDER BY 3;
EOF
then
    sed 's/^/  /' "$tmp/targets.err"
    bad "plpgsql_check (functions)"
    finish
fi
if [ ! -s "$tmp/targets" ]; then
    echo "  no PL/pgSQL function in public"
fi
while read -r fn rel label; do
    if [ "$rel" = 0 ] && [ "$(sql "$db" -At -c "SELECT prorettype = 'trigger'::regtype FROM pg_proc WHERE oid = $fn")" = t ]; then
        echo "  warning: $label is a trigger function no trigger calls; not checked"
        ok "plpgsql_check $label"
        continue
    fi
    # E (error) or W (anything else), then the finding on one line.
    if ! sql "$db" -At > "$tmp/findings" 2> "$tmp/findings.err" <<EOF
SELECT CASE WHEN level = 'error' THEN 'E' ELSE 'W' END || ' ' || level
       || coalesce(' at line ' || lineno, '') || coalesce(' (' || statement || ')', '') || ': '
       || message || coalesce(' [' || sqlstate || ']', '')
       || coalesce('; ' || nullif(detail, ''), '') || coalesce('; hint: ' || nullif(hint, ''), '')
  FROM plpgsql_check.plpgsql_check_function_tb($fn, $rel, fatal_errors => false,
                                               all_warnings => true);
EOF
    then
        sed 's/^/  /' "$tmp/findings.err"
        bad "plpgsql_check $label"
        continue
    fi
    sed 's/^[EW] /  /' "$tmp/findings" | sed "s|^  |  $label: |"
    if grep -q '^E ' "$tmp/findings"; then bad "plpgsql_check $label"; else ok "plpgsql_check $label"; fi
done < "$tmp/targets"

sql postgres -c "DROP DATABASE IF EXISTS $db" > /dev/null 2>&1
finish
