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
# The old and new test hosts (OpenSSH, nginx, MariaDB, PostgreSQL on 127.0.0.2 and 127.0.0.3).
export HOSTMOVE_HOSTS_ROOT="${HOSTMOVE_TEST_HOSTS_ROOT:-/srv/hostmove-test}"
export HOSTMOVE_HOSTS_SSH_PORT="${HOSTMOVE_TEST_HOSTS_SSH_PORT:-12222}"
export HOSTMOVE_HOSTS_HTTP_PORT="${HOSTMOVE_TEST_HOSTS_HTTP_PORT:-18088}"
export HOSTMOVE_HOSTS_MARIADB_PORT="${HOSTMOVE_TEST_HOSTS_MARIADB_PORT:-13306}"
export HOSTMOVE_HOSTS_PG_PORT="${HOSTMOVE_TEST_HOSTS_PG_PORT:-15432}"

deploy="$HOSTMOVE_REPO/deploy"
"$deploy/postgres.sh" ensure planner_test transfer_test dns_test notification_test
trap '"$deploy/hosts.sh" stop; "$deploy/kafka.sh" stop' EXIT
"$deploy/kafka.sh" start
"$deploy/hosts.sh" start

cd "$HOSTMOVE_REPO"
./mvnw -B -ntp verify "$@"
