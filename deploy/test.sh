#!/usr/bin/env bash
# The README's test command: starts every peer the tests need on loopback, runs every test, stops the peers.
# Test peers use their own ports and state (.run/test), so a running demo is not disturbed.
#
# Usage: deploy/test.sh [extra Maven arguments, e.g. -pl planner-service -am]
#        deploy/test.sh peers    start the test peers and leave them running (then: source deploy/test-env.sh)
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=test-env.sh
source "$(dirname "${BASH_SOURCE[0]}")/test-env.sh"
# shellcheck disable=SC2034  # read by say() in lib.sh
HOSTMOVE_TAG="test"

deploy="$HOSTMOVE_REPO/deploy"
"$deploy/postgres.sh" ensure planner_test transfer_test dns_test notification_test \
  planner_e2e transfer_e2e dns_e2e notification_e2e
start_peers() {
  "$deploy/kafka.sh" start
  "$deploy/hosts.sh" start
  "$deploy/dns.sh" start
  "$deploy/smtp.sh" start
}
if [[ "${1:-}" == peers ]]; then
  start_peers
  exit 0
fi
trap '"$deploy/smtp.sh" stop; "$deploy/service.sh" stop; "$deploy/dns.sh" stop; "$deploy/hosts.sh" stop; "$deploy/kafka.sh" stop' EXIT
# Every run starts from an empty broker: events left by earlier runs or benchmarks would only slow the consumers.
"$deploy/kafka.sh" reset
start_peers

cd "$HOSTMOVE_REPO"
status=0
./mvnw -B -ntp verify "$@" || status=$?
# The end-to-end test's services log to files that go with the run: show what they warned about on a failure.
if ((status)); then
  for log in "$HOSTMOVE_STATE_DIR"/logs/*.log; do
    [[ -f "$log" ]] || continue
    say "last warnings and errors of $(basename "$log" .log) ($log):"
    grep -E ' (WARN|ERROR) ' "$log" | grep -v -e 'org.apache.kafka' -e HV000271 | tail -n 12 | cut -c1-400 || true
  done
fi
exit "$status"
