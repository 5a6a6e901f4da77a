# shellcheck shell=bash
# Common helpers for deploy/*.sh. Source it; do not run it.
#
#   HOSTMOVE_REPO       repo root (the directory above deploy/), from this file's location
#   HOSTMOVE_STATE_DIR  runtime state (default: <repo>/.run); exported for child scripts
#   HOSTMOVE_SERVICE_JVM_DEFAULT  the services' JVM flags unless HOSTMOVE_SERVICE_JVM says otherwise

HOSTMOVE_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
HOSTMOVE_STATE_DIR="${HOSTMOVE_STATE_DIR:-$HOSTMOVE_REPO/.run}"
[[ "$HOSTMOVE_STATE_DIR" == /* ]] || HOSTMOVE_STATE_DIR="$PWD/$HOSTMOVE_STATE_DIR"
export HOSTMOVE_REPO HOSTMOVE_STATE_DIR
# A small heap and the serial collector: on two cores its pauses stay a few ms, which the phase hand-offs feel.
# shellcheck disable=SC2034  # read by service.sh and bench/planner/run.sh
HOSTMOVE_SERVICE_JVM_DEFAULT="-Xms64m -Xmx384m -XX:+UseSerialGC"

# say MSG... : one progress line on stdout, prefixed with the calling script's name.
say() { printf '%s: %s\n' "${HOSTMOVE_TAG:-$(basename "$0" .sh)}" "$*"; }

# die MSG... : one error line on stderr, exit 1.
die() { say "ERROR: $*" >&2; exit 1; }

# wait_for SECONDS CMD [ARGS...] : run CMD every 0.5 s until it succeeds (return 0)
# or SECONDS have passed (return 1). CMD's output is discarded.
wait_for() {
  local timeout="$1"; shift
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

# port_open HOST PORT : true if a TCP connect succeeds (bash /dev/tcp, 2 s max).
port_open() {
  # shellcheck disable=SC2016  # $1/$2 expand in the child bash
  timeout 2 bash -c ': >"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null
}

# pid_alive PID : true if PID exists.
pid_alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }
pid_dead() { ! pid_alive "${1:-}"; }
