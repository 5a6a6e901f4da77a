#!/usr/bin/env bash
# The README's first command: starts Hostmove on loopback (broker, databases, the four services), imports the
# sample inventory, plans a migration of each sample account and follows them live, then prints a report per
# account and leaves everything running for you to explore. deploy/stop.sh stops it all; a second run starts clean.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source-path=SCRIPTDIR source=services.sh
source "$(dirname "${BASH_SOURCE[0]}")/services.sh"
# shellcheck disable=SC2034  # read by say() in lib.sh
HOSTMOVE_TAG=demo

deploy="$HOSTMOVE_REPO/deploy"
planner="http://127.0.0.1:${HOSTMOVE_PORT[planner-service]}"
inventory="${HOSTMOVE_DEMO_INVENTORY:-$deploy/sample/inventory.json}"
# How long the progress view waits for a migration that does not move before it prints the report.
idle_limit="${HOSTMOVE_DEMO_IDLE_SECONDS:-20}"
lead_minutes="${HOSTMOVE_DEMO_LEAD_MINUTES:-10}"

need() {
  command -v "$1" >/dev/null && return 0
  say "installing $2 (apt-get)"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2"; } >/dev/null \
    || die "$1 is missing and apt-get install $2 failed"
}
need jq jq
need curl curl

ready() { curl -fsS "http://127.0.0.1:$1/q/health/ready" >/dev/null 2>&1; }

start_service() {
  local svc="$1" port="${HOSTMOVE_PORT[$1]}"
  local jar="$HOSTMOVE_REPO/$svc/target/quarkus-app/quarkus-run.jar"
  local profile=()
  # The transfer-service reaches the simulated hosts of deploy/hosts.sh through its loopback profile.
  [[ "$svc" == transfer-service ]] && profile=(-Dquarkus.profile=loopback)
  nohup java -Xms64m -Xmx384m "${profile[@]}" -jar "$jar" >"$HOSTMOVE_LOGS/$svc.log" 2>&1 </dev/null &
  echo $! >"$HOSTMOVE_PIDS/$svc.pid"
  wait_for 90 ready "$port" || { tail -n 30 "$HOSTMOVE_LOGS/$svc.log" >&2; die "$svc did not become ready on :$port"; }
  say "$svc ready on http://127.0.0.1:$port"
}

# ---------------------------------------------------------------- start clean
"$deploy/stop.sh" >/dev/null
"$deploy/postgres.sh" drop
"$deploy/kafka.sh" reset >/dev/null
"$deploy/kafka.sh" start
"$deploy/hosts.sh" start
"$deploy/hosts.sh" seed nordlys sonnenschein lumiere
say "building the services (./mvnw package)"
(cd "$HOSTMOVE_REPO" && ./mvnw -q -B -ntp package -DskipTests)
mkdir -p "$HOSTMOVE_PIDS" "$HOSTMOVE_LOGS"
for svc in "${HOSTMOVE_SERVICES[@]}"; do start_service "$svc"; done

# ---------------------------------------------------------------- plan the sample migrations
# The hosts made their keys on first start: pin exactly those in the inventory.
pinned="$(jq --arg old "$("$deploy/hosts.sh" fingerprint old)" --arg new "$("$deploy/hosts.sh" fingerprint new)" \
  '.hosts |= map(.hostKeyFingerprint = (if .role == "OLD" then $old else $new end))' "$inventory")"
imported="$(curl -fsS -X POST -H 'Content-Type: application/json' --data-binary "$pinned" "$planner/inventory")" \
  || die "importing $inventory failed: $(curl -sS -X POST -H 'Content-Type: application/json' \
           --data-binary "$pinned" "$planner/inventory")"
say "imported $(jq '.customers | length' <<<"$imported") customers, $(jq '.hosts | length' <<<"$imported") hosts," \
    "$(jq '.accounts | length' <<<"$imported") accounts from ${inventory#"$HOSTMOVE_REPO"/}"
cutover="$(date -u -d "+$lead_minutes minutes" +%Y-%m-%dT%H:%M:%SZ)"
declare -A label
migrations=()
while read -r account customer user; do
  id="$(curl -fsS -X POST -H 'Content-Type: application/json' \
        -d "{\"accountId\":\"$account\",\"cutoverAt\":\"$cutover\"}" "$planner/migrations" | jq -r .id)"
  migrations+=("$id")
  label[$id]="$customer $user"
  say "planned migration $id of $customer/$user, cut-over at $cutover"
done < <(jq -r '.accounts[] | "\(.id) \(.customer) \(.systemUser)"' <<<"$imported")

# ---------------------------------------------------------------- follow them live
printf '\n%-8s  %-22s  %-18s  %s\n' TIME ACCOUNT PHASE STATUS
declare -A seen
last_change=$SECONDS
while :; do
  moving=0
  for id in "${migrations[@]}"; do
    m="$(curl -fsS "$planner/migrations/$id")"
    line="$(jq -r '[.phase, (if .pause then "paused: \(.pause.reason)" else
                  (.progress // empty | "\(.bytesDone) of \(.bytesTotal) bytes") // "" end)] | @tsv' <<<"$m")"
    if [[ "${seen[$id]:-}" != "$line" ]]; then
      seen[$id]="$line"
      last_change=$SECONDS
      IFS=$'\t' read -r phase status <<<"$line"
      printf '%-8s  %-22s  %-18s  %s\n' "$(date +%H:%M:%S)" "${label[$id]}" "$phase" "$status"
    fi
    case "$(jq -r '.phase' <<<"$m")" in
      COMPLETED|ROLLED_BACK|CANCELLED) ;;
      *) [[ "$(jq -r '.pause == null' <<<"$m")" == true ]] && moving=1 ;;
    esac
  done
  ((moving)) || break
  ((SECONDS - last_change < idle_limit)) || break
  sleep 1
done

# ---------------------------------------------------------------- report
for id in "${migrations[@]}"; do
  m="$(curl -fsS "$planner/migrations/$id")"
  printf '\n== %s  (migration %s)\n' "${label[$id]}" "$id"
  jq -r '"phase \(.phase)\(if .pause then " (paused: \(.pause.reason))" else "" end); cut-over \(.cutoverAt);" +
         " expected downtime \(.expectedDowntimeMinutes) min" +
         (if .downtimeMillis then "; measured downtime \(.downtimeMillis / 1000) s; moved \(.bytesMoved) bytes" else "" end)' <<<"$m"
  jq -r '.phases[] | "  \(.phase | . + " " * (18 - length)) \(.startedAt[11:19]) → \(.endedAt // "…" | if . == "…" then . else .[11:19] end)  \(.result // "running")\(if .detail then " — \(.detail)" else "" end)"' <<<"$m"
  jq -r '"  events: \(.events | map(select(.direction == "OUT")) | length) published, \(.events | map(select(.direction == "IN")) | length) received"' <<<"$m"
  jq -r '.findings[]? | "  \(.severity | ascii_downcase) \(.code): \(.subject) — \(.message)"' <<<"$m"
  jq -r '.configRewrites[]? | "  rewrote \(.file):\(.line)"' <<<"$m"
  jq -r '.dnsChanges[]? | "  dns \(.name) \(.type) \(.oldValue) → \(.newValue)"' <<<"$m"
  for svc in transfer-service dns-service notification-service; do
    received="$(grep -o "received io.hostmove.[A-Za-z]* for migration $id" "$HOSTMOVE_LOGS/$svc.log" \
                | cut -d' ' -f2 | sed 's/io.hostmove.//' | paste -sd, - || true)"
    [[ -z "$received" ]] || printf '  %s received %s\n' "$svc" "${received//,/, }"
  done
done

cat <<TXT

Hostmove is running on loopback:
  Swagger UI       $planner/q/swagger-ui
  migrations       curl -s $planner/migrations | jq
  event topics     deploy/events.sh            (every hostmove.* topic, with CloudEvents headers)
  service logs     ${HOSTMOVE_LOGS#"$HOSTMOVE_REPO"/}/
  stop everything  deploy/stop.sh
TXT
