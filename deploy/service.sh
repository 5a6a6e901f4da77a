#!/usr/bin/env bash
# Runs Hostmove's four services from their built jars (./mvnw package), each as its own process on loopback.
#
# Usage: deploy/service.sh start|stop|kill|status [SERVICE...]   (default: all four, in order)
#   start   start each service that is not running and wait until it is ready (/q/health/ready)
#   stop    SIGTERM, then SIGKILL after 30 s
#   kill    SIGKILL at once, as a crash would (the end-to-end test uses it)
#   status  one line per service
#
# Environment (besides what the services read themselves: HOSTMOVE_KAFKA_BOOTSTRAP, HOSTMOVE_<SVC>_PORT, ...):
#   HOSTMOVE_STATE_DIR       pids in $HOSTMOVE_STATE_DIR/pids, logs in $HOSTMOVE_STATE_DIR/logs
#   HOSTMOVE_DB_SUFFIX       appended to each service's database and role name, e.g. _e2e (default: none)
#   HOSTMOVE_SERVICE_PROFILE Quarkus profile (default loopback: the simulated hosts, name servers and SMTP server)
#   HOSTMOVE_SERVICE_JVM     JVM flags (default "$HOSTMOVE_SERVICE_JVM_DEFAULT" of lib.sh)
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source-path=SCRIPTDIR source=services.sh
source "$(dirname "${BASH_SOURCE[0]}")/services.sh"
# shellcheck disable=SC2034  # read by say() in lib.sh
HOSTMOVE_TAG=service

suffix="${HOSTMOVE_DB_SUFFIX:-}"
profile="${HOSTMOVE_SERVICE_PROFILE:-loopback}"
read -r -a jvm <<<"${HOSTMOVE_SERVICE_JVM:-$HOSTMOVE_SERVICE_JVM_DEFAULT}"
[[ "$suffix" =~ ^[a-z0-9_]*$ ]] || die "HOSTMOVE_DB_SUFFIX must be lower-case letters, digits and _ (got '$suffix')"

ready() { curl -fsS "http://127.0.0.1:$1/q/health/ready" >/dev/null 2>&1; }
pid_of() { cat "$HOSTMOVE_PIDS/$1.pid" 2>/dev/null || true; }

start() {
  local svc="$1" port="${HOSTMOVE_PORT[$1]}" short="${1%-service}"
  local jar="$HOSTMOVE_REPO/$svc/target/quarkus-app/quarkus-run.jar"
  [[ -f "$jar" ]] || die "$jar is missing: build first (./mvnw package -DskipTests)"
  if pid_alive "$(pid_of "$svc")"; then
    say "$svc already running (pid $(pid_of "$svc"))"
    return
  fi
  local db=()
  if [[ -n "$suffix" ]]; then
    db=("-Dquarkus.datasource.jdbc.url=jdbc:postgresql://${HOSTMOVE_PG_HOST:-127.0.0.1}:${HOSTMOVE_PG_PORT:-5432}/hostmove_$short$suffix"
        "-Dquarkus.datasource.username=hostmove_$short$suffix")
  fi
  mkdir -p "$HOSTMOVE_PIDS" "$HOSTMOVE_LOGS"
  # Relative paths in the services' loopback settings are resolved from the service's own directory.
  (cd "$HOSTMOVE_REPO/$svc" && exec nohup java "${jvm[@]}" "-Dquarkus.profile=$profile" "${db[@]}" -jar "$jar" \
      >>"$HOSTMOVE_LOGS/$svc.log" 2>&1 </dev/null) &
  echo $! >"$HOSTMOVE_PIDS/$svc.pid"
  wait_for 120 ready "$port" || { tail -n 30 "$HOSTMOVE_LOGS/$svc.log" >&2; die "$svc did not become ready on :$port"; }
  say "$svc ready on http://127.0.0.1:$port (pid $(pid_of "$svc"))"
}

stop() {
  local svc="$1" signal="$2" pid
  pid="$(pid_of "$svc")"
  if pid_alive "$pid"; then
    kill "-$signal" "$pid"
    wait_for 30 pid_dead "$pid" || kill -KILL "$pid"
    say "$svc stopped ($signal)"
  fi
  rm -f "$HOSTMOVE_PIDS/$svc.pid"
}

cmd="${1:-}"
shift || true
services=("$@")
((${#services[@]})) || services=("${HOSTMOVE_SERVICES[@]}")
for svc in "${services[@]}"; do
  [[ -v "HOSTMOVE_PORT[$svc]" ]] || die "no service '$svc' (${HOSTMOVE_SERVICES[*]})"
done
case "$cmd" in
  start) for svc in "${services[@]}"; do start "$svc"; done ;;
  stop) for svc in "${services[@]}"; do stop "$svc" TERM; done ;;
  kill) for svc in "${services[@]}"; do stop "$svc" KILL; done ;;
  status)
    for svc in "${services[@]}"; do
      if pid_alive "$(pid_of "$svc")"; then
        printf '%-22s running (pid %s)%s\n' "$svc" "$(pid_of "$svc")" \
          "$(ready "${HOSTMOVE_PORT[$svc]}" && echo ", ready on :${HOSTMOVE_PORT[$svc]}")"
      else
        printf '%-22s stopped\n' "$svc"
      fi
    done ;;
  *) die "usage: deploy/service.sh start|stop|kill|status [SERVICE...]" ;;
esac
