#!/usr/bin/env bash
# The README's test command: starts every peer the tests need on loopback, runs every test, stops the peers.
# Test peers use their own ports and state (.run/test), so a running demo is not disturbed.
#
# Usage: deploy/test.sh [extra Maven arguments, e.g. -pl planner-service -am]
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck disable=SC2034  # read by say() in lib.sh
HOSTMOVE_TAG="test"

export HOSTMOVE_STATE_DIR="$HOSTMOVE_REPO/.run/test"
export HOSTMOVE_KAFKA_PORT="${HOSTMOVE_TEST_KAFKA_PORT:-19092}"
export HOSTMOVE_KAFKA_CONTROLLER_PORT="${HOSTMOVE_TEST_KAFKA_CONTROLLER_PORT:-19093}"
export HOSTMOVE_TEST_KAFKA_BOOTSTRAP="127.0.0.1:$HOSTMOVE_KAFKA_PORT"

deploy="$HOSTMOVE_REPO/deploy"
"$deploy/postgres.sh" ensure planner_test transfer_test dns_test notification_test
"$deploy/kafka.sh" start
trap '"$deploy/kafka.sh" stop' EXIT

cd "$HOSTMOVE_REPO"
./mvnw -B -ntp verify "$@"
