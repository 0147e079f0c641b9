#!/bin/sh
# test_repl.sh: drive the real REPL in tmux as a person would: Tab completion, a command, a line
# starting with a space (kept out of history), Ctrl-D; then check the history file.
# Usage: test_repl.sh AGENTDB_BINARY   (needs tmux; run under tests/with-cluster.sh)
set -u
bin=$1
results=$(dirname "$bin")/test-results
pass=0; fail=0
ok() { pass=$((pass + 1)); echo "ok   tty/repl: $1"; }
bad() { fail=$((fail + 1)); echo "FAIL tty/repl: $1"; }
if ! command -v tmux >/dev/null 2>&1; then
    echo "FAIL tty/repl: tmux is not installed (make deps installs it)"
    echo "tty test_repl 0 1" >> "$results"; exit 1
fi
state=$(mktemp -d /tmp/agentdb-tty.XXXXXX)
sock="$state/tmux.sock"
conn="host=$AGENTDB_TEST_DIR port=5432 user=agentdb dbname=agentdb"
T="tmux -S $sock"
$T new-session -d -s repl -x 120 -y 30 \
    "env XDG_STATE_HOME=$state TERM=xterm-256color $bin --repl '$conn'; echo EXITED=\$?; sleep 30"
wait_for() { # wait_for TEXT: poll the pane (bounded count, not a clock assert)
    i=0
    while [ $i -lt 100 ]; do
        if $T capture-pane -p -t repl | grep -q -- "$1"; then return 0; fi
        sleep 0.1; i=$((i + 1))
    done
    return 1
}
if wait_for "agentdb=>"; then ok "prompt appears"; else bad "no prompt"; fi
$T send-keys -t repl 'mig' Tab
if wait_for "agentdb=> migrate$"; then ok "Tab completes the noun"; else bad "noun completion"; fi
$T send-keys -t repl 'st' Tab
if wait_for "agentdb=> migrate status$"; then ok "Tab completes the verb"; else bad "verb completion"; fi
$T send-keys -t repl Enter
if wait_for "pending"; then ok "command runs and prints its table"; else bad "migrate status output"; fi
$T send-keys -t repl ' help migrate secret-line' Enter
wait_for "no help for" >/dev/null || wait_for "migrate status" >/dev/null
$T send-keys -t repl 'migrat status' Enter
if wait_for "did you mean 'migrate'"; then ok "typo gets a suggestion"; else bad "typo suggestion"; fi
$T send-keys -t repl C-d
if wait_for "EXITED=0"; then ok "Ctrl-D leaves with status 0"; else bad "Ctrl-D exit"; fi
hist="$state/agentdb/history"
if [ -f "$hist" ] && grep -q '^migrate status$' "$hist"; then ok "history saved"; else bad "history file $hist"; fi
if [ -f "$hist" ] && ! grep -q 'secret-line' "$hist"; then ok "space-prefixed line not saved"; else bad "space-prefixed line was saved"; fi
perm=$(stat -c %a "$hist" 2>/dev/null)
if [ "$perm" = "600" ]; then ok "history is private (0600)"; else bad "history mode $perm"; fi
$T kill-server 2>/dev/null
rm -rf "$state"
echo "tty test_repl $pass $fail" >> "$results"
[ $fail -eq 0 ]
