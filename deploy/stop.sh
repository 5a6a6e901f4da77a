#!/usr/bin/env bash
# Stops everything deploy/demo.sh started: the four services, the simulated hosts, then the broker. Data stays for the next start.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source-path=SCRIPTDIR source=services.sh
source "$(dirname "${BASH_SOURCE[0]}")/services.sh"
# shellcheck disable=SC2034  # read by say() in lib.sh
HOSTMOVE_TAG=stop

for svc in "${HOSTMOVE_SERVICES[@]}"; do
  pidfile="$HOSTMOVE_PIDS/$svc.pid"
  [[ -f "$pidfile" ]] || continue
  pid="$(cat "$pidfile")"
  if pid_alive "$pid"; then
    kill -TERM "$pid"
    wait_for 30 pid_dead "$pid" || kill -KILL "$pid"
    say "$svc stopped"
  fi
  rm -f "$pidfile"
done
"$HOSTMOVE_REPO/deploy/hosts.sh" stop
"$HOSTMOVE_REPO/deploy/kafka.sh" stop
