#!/bin/sh
# test_password.sh: a password typed at agentdb's prompt (in tmux, as a person would) connects,
# and never reaches the process's argv or environment, the history file, the screen or the server
# log; a wrong one fails with exit 2 and a clear message.
# Usage: test_password.sh AGENTDB_BINARY   (needs tmux; run under tests/with-cluster.sh)
set -u
bin=$1
results=$(dirname "$bin")/test-results
pass=0; fail=0
ok() { pass=$((pass + 1)); echo "ok   tty/password: $1"; }
bad() { fail=$((fail + 1)); echo "FAIL tty/password: $1"; }
PSQL="/usr/lib/postgresql/15/bin/psql -q -X -A -t"
admin="host=$AGENTDB_TEST_DIR port=5432 user=agentdb dbname=postgres"
secret="Sw0rdfish-PW-$$"
$PSQL "$admin" -c "SET client_min_messages = warning" -c "DROP ROLE IF EXISTS agentdb_test_pw" -c "CREATE ROLE agentdb_test_pw LOGIN PASSWORD '$secret'" >/dev/null
# this role, and only it, must give a password on the cluster's socket
hba="$AGENTDB_TEST_DIR/pgdata/pg_hba.conf"
{ echo "local all agentdb_test_pw scram-sha-256"; cat "$hba"; } > "$hba.new" && cat "$hba.new" > "$hba" && rm -f "$hba.new"
$PSQL "$admin" -c "SELECT pg_reload_conf()" >/dev/null
# the reload is asynchronous: wait (a bounded count) until the role is asked for a password
i=0
while [ $i -lt 100 ] && $PSQL -w "host=$AGENTDB_TEST_DIR port=5432 user=agentdb_test_pw dbname=postgres" \
        -c 'SELECT 1' >/dev/null 2>&1; do
    sleep 0.1; i=$((i + 1))
done
state=$(mktemp -d /tmp/agentdb-pw.XXXXXX)
sock="$state/tmux.sock"
T="tmux -S $sock"
conn="host=$AGENTDB_TEST_DIR port=5432 user=agentdb_test_pw dbname=postgres"
wait_for() {
    i=0
    while [ $i -lt 100 ]; do
        if $T capture-pane -p -t pw 2>/dev/null | grep -q -- "$1"; then return 0; fi
        sleep 0.1; i=$((i + 1))
    done
    return 1
}
$T new-session -d -s pw -x 120 -y 30 \
    "env XDG_STATE_HOME=$state TERM=xterm-256color $bin --repl '$conn'; echo EXITED=\$?; sleep 30"
# the REPL connects on the first command that needs the database
wait_for "agentdb=>" >/dev/null
$T send-keys -t pw 'migrate status' Enter
if wait_for "Password for user agentdb_test_pw"; then ok "agentdb asks for the password"; else bad "no prompt"; fi
$T send-keys -t pw "$secret" Enter
if wait_for "pending"; then ok "the typed password connects"; else bad "no connection after the password"; fi
pid=$(pgrep -f -- "--repl host=$AGENTDB_TEST_DIR" | head -1)
if [ -n "$pid" ] && ! tr '\0' '\n' < "/proc/$pid/cmdline" | grep -q -- "$secret" &&
   ! tr '\0' '\n' < "/proc/$pid/environ" | grep -q -- "$secret"; then
    ok "not in /proc/PID/cmdline or environ"
else
    bad "the password is in the process's argv or environment (pid '$pid')"
fi
if ! $T capture-pane -p -t pw | grep -q -- "$secret"; then ok "not on the screen"; else bad "on the screen"; fi
$T send-keys -t pw C-d
wait_for "EXITED=0" >/dev/null
if ! grep -rq -- "$secret" "$state" 2>/dev/null; then ok "not in the history file"; else bad "in the history file"; fi
if ! grep -q -- "$secret" "$AGENTDB_TEST_DIR"/*.log 2>/dev/null; then ok "not in the server log"; else bad "in the server log"; fi
$T kill-server 2>/dev/null
# a wrong password: exit 2, said clearly (a tmux server of its own)
T="tmux -S $sock.2"
$T new-session -d -s pw -x 120 -y 30 \
    "env XDG_STATE_HOME=$state TERM=xterm-256color $bin '$conn' -c \"migrate status\"; echo EXITED=\$?; sleep 30"
wait_for "Password for user" >/dev/null
$T send-keys -t pw "not-the-password" Enter
if wait_for "EXITED=2" && $T capture-pane -p -J -t pw | grep -q "password authentication failed"; then
    ok "a wrong password exits 2 with the server's reason"
else
    bad "wrong password: $($T capture-pane -p -t pw 2>&1 | grep . | tail -5)"
fi
$T kill-server 2>/dev/null
grep -v "agentdb_test_pw" "$hba" > "$hba.new" && cat "$hba.new" > "$hba" && rm -f "$hba.new"
$PSQL "$admin" -c "SELECT pg_reload_conf()" -c "DROP ROLE agentdb_test_pw" >/dev/null
rm -rf "$state"
echo "tty test_password $pass $fail" >> "$results"
[ $fail -eq 0 ]
