#!/bin/sh
# rss_probe.sh: measure the console's memory while it pages through a screen: drives the real binary
# headless (AGENTDB_SCRIPT) with PgDn presses and samples VmRSS/VmHWM from /proc at checkpoints.
# Usage: tools/rss_probe.sh BINARY CONNINFO [PAGES [EVERY [SCREEN_KEY]]]
#   PAGES      pages of 200 rows to move down through (default 500); 21 PgDn presses a page
#   EVERY      checkpoint every EVERY pages (default 25): the screen is dumped and memory read
#   SCREEN_KEY the key that opens the screen (default 3, Tasks)
# Prints one line per checkpoint (pages moved, page shown, VmRSS and VmHWM in kB), then a summary.
set -u
if [ $# -lt 2 ] || [ $# -gt 5 ]; then
    echo "usage: sh tools/rss_probe.sh BINARY CONNINFO [PAGES [EVERY [SCREEN_KEY]]]" >&2
    exit 2
fi
bin=$1 conn=$2 pages=${3:-500} every=${4:-25} key=${5:-3}
case "$pages$every" in *[!0-9]*) echo "rss_probe: PAGES and EVERY are whole numbers" >&2; exit 2;; esac
if [ "$pages" -lt 1 ] || [ "$every" -lt 1 ]; then
    echo "rss_probe: PAGES and EVERY must be at least 1" >&2
    exit 2
fi
out=$(mktemp -d "${TMPDIR:-/tmp}/rss-probe.XXXXXX") || exit 1
trap 'rm -rf "$out"' EXIT INT TERM

# The script: open the screen, checkpoint 0, then PgDn (one a line, so every press is drawn).
awk -v pages="$pages" -v every="$every" -v key="$key" -v out="$out" 'BEGIN {
    print "key " key
    print ":dump-screen " out "/cp-0.txt"
    print ":sleep 300"
    for (p = 1; p <= pages; p++) {
        for (i = 0; i < 21; i++) print "key PgDn"
        if (p % every == 0 || p == pages) {
            print ":dump-screen " out "/cp-" p ".txt"
            print ":sleep 300"
        }
    }
    print ":quit"
}' > "$out/script"

AGENTDB_SCRIPT="$out/script" AGENTDB_SCREEN=200x60 XDG_STATE_HOME="$out" XDG_CONFIG_HOME="$out" \
    TERM=xterm-256color LC_ALL=C.UTF-8 "$bin" "$conn" 2> "$out/stderr" &
pid=$!

mem() { awk '/^VmRSS:/ { r = $2 } /^VmHWM:/ { h = $2 } END { print r + 0, h + 0 }' "/proc/$pid/status" 2>/dev/null; }
printf '%8s %6s %10s %10s\n' moved shown rss_kB hwm_kB
next=0 first_rss='' last_rss='' hwm=0
while kill -0 "$pid" 2>/dev/null; do
    if [ -f "$out/cp-$next.txt" ]; then
        # shellcheck disable=SC2046 # two numbers, split on purpose
        set -- $(mem)
        [ $# -eq 2 ] || break
        shown=$(sed -n 's/.*  page \([0-9]*\)  .*/\1/p' "$out/cp-$next.txt" | head -1)
        printf '%8s %6s %10s %10s\n' "$next" "${shown:-?}" "$1" "$2"
        [ -n "$first_rss" ] || first_rss=$1
        last_rss=$1 hwm=$2
        if [ "$next" -ge "$pages" ]; then break; fi
        next=$((next + every))
        [ "$next" -gt "$pages" ] && next=$pages
    fi
    sleep 0.05
done
wait "$pid"
rc=$?
if [ $rc -ne 0 ]; then
    echo "rss_probe: the console exited with $rc: $(cat "$out/stderr")" >&2
    exit 1
fi
echo "summary: VmRSS ${first_rss:-?} kB on the first page, ${last_rss:-?} kB after $pages pages; peak VmHWM ${hwm} kB"
