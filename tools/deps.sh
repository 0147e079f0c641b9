#!/bin/sh
# deps.sh: install the Debian 12 packages agentdb needs to build and test (make deps).
# Does nothing, in one line, when all are present; prints what to install where there is no apt.
set -u
PKGS="gcc make pkg-config libc6-dev libncurses-dev libpq-dev libreadline-dev libcmocka-dev \
libssl-dev libyajl-dev postgresql-15 postgresql-contrib postgresql-client-15 postgresql-15-plpgsql-check \
mandoc tmux jq graphviz valgrind nodejs npm"
# Extra packages for optional targets (make fuzz: clang), given as arguments.
PKGS="$PKGS $*"

# Node.js from elsewhere counts: NodeSource's nodejs package bundles npm and conflicts with
# Debian's npm package, so a node or npm command on PATH stands for the package.
on_path() {
    case $1 in
        nodejs) command -v node >/dev/null 2>&1 ;;
        npm) command -v npm >/dev/null 2>&1 ;;
        *) false ;;
    esac
}

missing=""
if command -v dpkg-query >/dev/null 2>&1; then
    for p in $PKGS; do
        st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
        [ "$st" = "installed" ] || on_path "$p" || missing="$missing $p"
    done
else
    echo "deps: no dpkg here; install the equivalents of:$(printf ' %s' $PKGS)" >&2
    echo "deps: (C compiler, make, pkg-config, ncursesw, libpq, readline, cmocka, OpenSSL and yajl headers," >&2
    echo "deps:  PostgreSQL 15 server, contrib and plpgsql_check, mandoc, tmux, jq, Graphviz, Node.js and npm)" >&2
    exit 0
fi

if [ -z "$missing" ]; then
    echo "deps: all build and test packages are installed"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "deps: missing packages, and no apt-get to install them:$missing" >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
        echo "deps: missing packages:$missing; run as root or install sudo" >&2
        exit 1
    fi
fi
echo "deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
# The PostgreSQL packages must not start a system-wide cluster on port 5432: agentdb runs its own.
$SUDO apt-get update -qq || { echo "deps: apt-get update failed" >&2; exit 1; }
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
    echo "deps: apt-get install failed for:$missing" >&2; exit 1; }
echo "deps: done"
