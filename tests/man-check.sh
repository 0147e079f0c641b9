#!/bin/sh
# man-check.sh: the man pages lint clean, agentdb(1)'s COMMANDS section is the command table's
# output, and every option in --help is documented. --update regenerates the COMMANDS section.
# Usage: man-check.sh BINARY [--update]   (results appended to $(dirname BINARY)/test-results)
set -u
LC_ALL=C
export LC_ALL

if [ $# -lt 1 ] || [ $# -gt 2 ] || { [ $# -eq 2 ] && [ "$2" != "--update" ]; }; then
    echo "usage: sh tests/man-check.sh BINARY [--update]" >&2
    exit 2
fi
bin=$1
update=${2:-}
root=$(cd "$(dirname "$0")/.." && pwd)
page=$root/man/agentdb.1
schema_page=$root/man/agentdb-schema.7
results=$(dirname "$bin")/test-results
begin='.\" BEGIN GENERATED COMMANDS (make man)'
end='.\" END GENERATED COMMANDS'
# awk reads the markers from the environment: -v would interpret their backslashes.
MAN_BEGIN=$begin MAN_END=$end
export MAN_BEGIN MAN_END

tmp=$(mktemp -d "${TMPDIR:-/tmp}/man-check.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

if [ ! -f "$page" ]; then
    echo "man-check: $page is missing" >&2
    exit 1
fi
if ! "$bin" --man-commands > "$tmp/generated" 2> "$tmp/generated.err"; then
    echo "man-check: '$bin --man-commands' failed:" >&2
    cat "$tmp/generated.err" >&2
    [ -n "$update" ] || echo "man man-check 0 1" >> "$results"
    exit 1
fi

# Both markers, once each, BEGIN before END.
markers_ok() {
    awk '
        BEGIN { b = ENVIRON["MAN_BEGIN"]; e = ENVIRON["MAN_END"] }
        $0 == b { nb++; if (ne) bad = 1 }
        $0 == e { ne++ }
        END { exit !(nb == 1 && ne == 1 && !bad) }' "$page"
}

# ---- --update: replace the text between the markers, keep everything else ----
if [ -n "$update" ]; then
    if ! markers_ok; then
        echo "man-check: $page needs exactly one pair of marker lines:" >&2
        echo "  $begin" >&2
        echo "  $end" >&2
        exit 1
    fi
    MAN_GEN=$tmp/generated awk '
        BEGIN { b = ENVIRON["MAN_BEGIN"]; e = ENVIRON["MAN_END"]; gen = ENVIRON["MAN_GEN"] }
        $0 == b { print; while ((getline line < gen) > 0) print line; skip = 1; next }
        $0 == e { skip = 0 }
        !skip { print }' "$page" > "$tmp/page.new" || exit 1
    if cmp -s "$tmp/page.new" "$page"; then
        echo "man: $page is up to date"
    else
        cat "$tmp/page.new" > "$page" || exit 1
        echo "man: regenerated the COMMANDS section of $page"
    fi
    exit 0
fi

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   man/$1"; }
bad() { failed=$((failed + 1)); echo "FAIL man/$1"; }

# ---- (a) lint ----
lint() {
    if command -v mandoc > /dev/null 2>&1; then
        mandoc -Tlint -W warning "$1" > "$tmp/lint" 2>&1
    elif command -v groff > /dev/null 2>&1; then
        groff -ww -man -z "$1" > "$tmp/lint" 2>&1
    else
        echo "neither mandoc nor groff is installed (make deps installs mandoc)" > "$tmp/lint"
        return 1
    fi
    rc=$?
    [ "$rc" -eq 0 ] && [ ! -s "$tmp/lint" ]
}
for p in "$page" "$schema_page"; do
    [ -f "$p" ] || continue
    name=$(basename "$p")
    if lint "$p"; then
        ok "lint $name"
    else
        sed 's/^/  /' "$tmp/lint"
        bad "lint $name"
    fi
done

# ---- (b) the COMMANDS section is the command table's output ----
if ! markers_ok; then
    echo "  $page needs exactly one pair of marker lines ('$begin', '$end')"
    bad "commands section"
else
    awk '
        BEGIN { b = ENVIRON["MAN_BEGIN"]; e = ENVIRON["MAN_END"] }
        $0 == e { inside = 0 }
        inside { print }
        $0 == b { inside = 1 }' "$page" > "$tmp/current"
    if cmp -s "$tmp/current" "$tmp/generated"; then
        ok "commands section"
    else
        diff -u "$tmp/current" "$tmp/generated" \
            | sed -e "1s|.*|--- man/agentdb.1 (COMMANDS)|" \
                  -e "2s|.*|+++ $bin --man-commands|" -e 's/^/  /'
        echo "  the COMMANDS section is out of date: run 'make man'"
        bad "commands section"
    fi
fi

# ---- (c) every long option in --help appears in the page ----
if ! "$bin" --help > "$tmp/help" 2>&1; then
    echo "  '$bin --help' failed"
    bad "options documented"
else
    # The page's text with roff hyphens and font escapes undone.
    sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\f\[[A-Z]*\]//g' "$page" > "$tmp/text"
    missing=""
    for o in $(grep -oE -- '--[a-z][a-z-]*' "$tmp/help" | sed 's/-*$//' | sort -u); do
        grep -qE -- "(^|[^a-z-])$o([^a-z-]|\$)" "$tmp/text" || missing="$missing $o"
    done
    if [ -z "$missing" ]; then
        ok "options documented"
    else
        echo "  options in '$(basename "$bin") --help' missing from man/agentdb.1:$missing"
        bad "options documented"
    fi
fi

echo "man man-check $passed $failed" >> "$results"
[ "$failed" -eq 0 ]
