#!/usr/bin/env bash
# The README's first command: starts Hostmove on loopback — broker, databases, an old and a new hosting server,
# our name servers and an external one, an SMTP server that keeps what it receives, the four services — imports
# the sample inventory, plans a migration of each sample account with a near appointment and runs them to the end
# with live progress: phases, bytes moved, downtime, emails. It plays the customer whose DNS is hosted elsewhere
# (changes the records the email asks for) and, at the end, rolls one migration back. Then it prints a report per
# account and leaves everything running; deploy/stop.sh stops it all, and a second run starts clean.
#
# Environment: HOSTMOVE_DEMO_INVENTORY (default deploy/sample/inventory.json), HOSTMOVE_DEMO_LEAD_SECONDS (time
# to the appointment, default 180), HOSTMOVE_DEMO_ROLLBACK (customer ref rolled back at the end, default K-1002;
# empty: none), HOSTMOVE_DEMO_IDLE_SECONDS (stop following a migration that does not move, default 300).
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
lead_seconds="${HOSTMOVE_DEMO_LEAD_SECONDS:-180}"
rollback_ref="${HOSTMOVE_DEMO_ROLLBACK-K-1002}"
idle_limit="${HOSTMOVE_DEMO_IDLE_SECONDS:-300}"

need() {
  command -v "$1" >/dev/null && return 0
  say "installing $2 (apt-get)"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2"; } >/dev/null \
    || die "$1 is missing and apt-get install $2 failed"
}
need jq jq
need curl curl

api() { curl -fsS -H 'Content-Type: application/json' "$@"; }

# ---------------------------------------------------------------- start clean
started=$SECONDS
"$deploy/stop.sh" >/dev/null
"$deploy/postgres.sh" drop
"$deploy/kafka.sh" reset >/dev/null
"$deploy/kafka.sh" start
"$deploy/hosts.sh" start
"$deploy/hosts.sh" seed nordlys sonnenschein lumiere
"$deploy/dns.sh" reset >/dev/null
"$deploy/dns.sh" start
"$deploy/dns.sh" seed-demo
"$deploy/smtp.sh" reset >/dev/null
"$deploy/smtp.sh" start
say "building the services (./mvnw package)"
(cd "$HOSTMOVE_REPO" && ./mvnw -q -B -ntp package -DskipTests)
# The build leaves a few hundred MB for the kernel to write out over the next 30 s: do it now, not while the first
# migrations run on the same two cores.
sync
"$deploy/service.sh" start

# ---------------------------------------------------------------- plan the sample migrations
# The hosts made their keys on first start: pin exactly those in the inventory.
pinned="$(jq --arg old "$("$deploy/hosts.sh" fingerprint old)" --arg new "$("$deploy/hosts.sh" fingerprint new)" \
  '.hosts |= map(.hostKeyFingerprint = (if .role == "OLD" then $old else $new end))' "$inventory")"
imported="$(api -X POST --data-binary "$pinned" "$planner/inventory")" \
  || die "importing $inventory failed: $(curl -sS -X POST -H 'Content-Type: application/json' \
           --data-binary "$pinned" "$planner/inventory")"
say "imported $(jq '.customers | length' <<<"$imported") customers, $(jq '.hosts | length' <<<"$imported") hosts," \
    "$(jq '.accounts | length' <<<"$imported") accounts from ${inventory#"$HOSTMOVE_REPO"/}"
cutover="$(date -u -d "+$lead_seconds seconds" +%Y-%m-%dT%H:%M:%SZ)"
declare -A label ref
migrations=()
while read -r account customer user; do
  id="$(api -X POST -d "{\"accountId\":\"$account\",\"cutoverAt\":\"$cutover\"}" "$planner/migrations" | jq -r .id)"
  migrations+=("$id")
  label[$id]="$customer $user"
  ref[$id]="$customer"
  say "planned migration $id of $customer/$user, cut-over at $cutover"
done < <(jq -r '.accounts[] | "\(.id) \(.customer) \(.systemUser)"' <<<"$imported")

# ---------------------------------------------------------------- follow them live
customer_email() { jq -r --arg ref "$1" '.customers[] | select(.ref == $ref) | .email' "$inventory"; }

# One line per migration of the list: id, phase, emails sent, paused, waiting for the customer's DNS, and what is
# moving now (the last field, as it may be empty).
summaries_tsv='.[] | [.id, .phase, .emailsSent, (.pause != null), .waitingForCustomerDns,
  (if .pause then "paused: \(.pause.reason)"
   elif .progress and .progress.step == .phase then
     "\(.progress.bytesDone / 1048576 | floor) of \(.progress.bytesTotal / 1048576 | floor) MiB, \(.progress.bytesPerSecond / 1048576 | floor) MiB/s"
   elif .downtimeMillis then "downtime \(.downtimeMillis / 1000) s, \(.bytesMoved / 1048576 | floor) MiB moved"
   else "" end)] | @tsv'

printf '\n%-8s  %-22s  %-18s  %-7s  %s\n' TIME ACCOUNT PHASE EMAILS STATUS
declare -A seen customer_changed
rolled_back=""
last_change=$SECONDS
# Following costs the platform one list request a second, so that it does not slow the migrations it shows.
while :; do
  moving=0
  all_live=1
  summaries="$(api "$planner/migrations")"
  while IFS=$'\t' read -r id phase emails paused waiting status; do
    [[ -v "label[$id]" ]] || continue
    line="$phase	$emails	$status"
    if [[ "${seen[$id]:-}" != "$line" ]]; then
      seen[$id]="$line"
      last_change=$SECONDS
      printf '%-8s  %-22s  %-18s  %-7s  %s\n' "$(date +%H:%M:%S)" "${label[$id]}" "$phase" "$emails" "$status"
    fi
    # The customer whose DNS is elsewhere reads the email and changes the records at their provider.
    if [[ "$waiting" == true && -z "${customer_changed[$id]:-}" ]]; then
      customer_changed[$id]=1
      say "playing customer ${ref[$id]}: changing the records at the external DNS provider as the email asks"
      # nsupdate reads a TXT value as one string only when it is quoted.
      api "$planner/migrations/$id" | jq -r 'def v(x): if .type == "TXT" then "\"" + x + "\"" else x end;
             .customerDnsChanges | group_by(.zone)[] | "zone \(.[0].zone)",
             (.[] | "update delete \(.name) \(.ttl) IN \(.type) \(v(.oldValue))",
                    "update add \(.name) \(.ttl) IN \(.type) \(v(.newValue))"),
             "send"' | "$deploy/dns.sh" provider-update
    fi
    case "$phase" in
      COMPLETED|ROLLED_BACK|CANCELLED) ;;
      AFTERCARE) ;;
      *) all_live=0; [[ "$paused" == false ]] && moving=1 ;;
    esac
  done < <(jq -r "$summaries_tsv" <<<"$summaries")
  if ((all_live)) && [[ -z "$rolled_back" ]]; then
    rolled_back=none
    for id in "${migrations[@]}"; do
      [[ -n "$rollback_ref" && "${ref[$id]}" == "$rollback_ref" ]] || continue
      say "rolling back ${label[$id]} (the operator's switch back to the old platform)"
      api -X POST -d '{"syncBack":true}' "$planner/migrations/$id/rollback" >/dev/null
      rolled_back="$id"
      moving=1
    done
  fi
  ((moving)) || break
  ((SECONDS - last_change < idle_limit)) || { say "nothing moved for ${idle_limit}s; reporting as it stands"; break; }
  sleep 1
done

# ---------------------------------------------------------------- report
for id in "${migrations[@]}"; do
  m="$(api "$planner/migrations/$id")"
  printf '\n== %s  (migration %s)\n' "${label[$id]}" "$id"
  jq -r '"phase \(.phase)\(if .pause then " (paused: \(.pause.reason))" else "" end); cut-over \(.cutoverAt);" +
         " expected downtime \(.expectedDowntimeMinutes) min" +
         (if .downtimeMillis then "; measured downtime \(.downtimeMillis / 1000) s; moved \(.bytesMoved) bytes during the cut-over" else "" end)' <<<"$m"
  jq -r '.phases[] | "  \(.phase | . + " " * (18 - length)) \(.startedAt[11:19]) → \(.endedAt // "…" | if . == "…" then . else .[11:19] end)  \(.result // "running")\(if .durationMillis then " (\(.durationMillis / 1000) s)" else "" end)\(if .detail then " — \(.detail)" else "" end)"' <<<"$m"
  jq -r '"  events: \(.events | map(select(.direction == "OUT")) | length) published, \(.events | map(select(.direction == "IN")) | length) received"' <<<"$m"
  jq -r '.findings[]? | "  \(.severity | ascii_downcase) \(.code): \(.subject) — \(.message)"' <<<"$m"
  jq -r '.configRewrites[]? | "  rewrote \(.file):\(.line)  \(.before) → \(.after)"' <<<"$m"
  jq -r '.dnsChanges[]? | "  dns \(.name) \(.type) \(.oldValue) → \(.newValue)"' <<<"$m"
  jq -r 'def ms: capture("^(?<s>[^.Z]+)(\\.(?<f>[0-9]+))?Z$") | ((.s + "Z") | fromdateiso8601) * 1000
             + (((.f // "") + "000")[0:3] | tonumber);
         .dnsSwitchTimings | select(.) | "  dns switch: requested \(.requestedAt[11:19]), " +
         (if .appliedAt then "on our primary after \((.appliedAt | ms) - (.requestedAt | ms)) ms, " else "" end) +
         "on every authoritative server after \((.verifiedAt | ms) - (.requestedAt | ms)) ms"' <<<"$m"
  jq -r '.customerDnsChanges[]? | "  asked the customer: \(.name) \(.type) \(.oldValue) → \(.newValue)"' <<<"$m"
  "$deploy/smtp.sh" messages | jq -r --arg to "$(customer_email "${ref[$id]}")" \
    'select(.to | index($to)) | "  email \(.date[11:19]) \(.subject)"'
done

cat <<TXT

The whole demo took $((SECONDS - started)) s. Hostmove is running on loopback:
  Swagger UI       $planner/q/swagger-ui
  migrations       curl -s $planner/migrations | jq
  event topics     deploy/events.sh            (every hostmove.* topic, with CloudEvents headers)
  emails received  deploy/smtp.sh messages
  name servers     dig -p ${HOSTMOVE_NS_PORT:-5353} @127.0.0.11 nordlys-bakeri.example A
  service logs     ${HOSTMOVE_LOGS#"$HOSTMOVE_REPO"/}/
  stop everything  deploy/stop.sh
TXT
