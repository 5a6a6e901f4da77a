# shellcheck shell=bash
# The four Hostmove services as the scripts run them locally: name and HTTP port. Source it.
# shellcheck disable=SC2034  # used by the scripts that source this file
HOSTMOVE_SERVICES=(planner-service transfer-service dns-service notification-service)
declare -A HOSTMOVE_PORT=(
  [planner-service]="${HOSTMOVE_PLANNER_PORT:-8080}"
  [transfer-service]="${HOSTMOVE_TRANSFER_PORT:-8081}"
  [dns-service]="${HOSTMOVE_DNS_PORT:-8082}"
  [notification-service]="${HOSTMOVE_NOTIFICATION_PORT:-8083}"
)
HOSTMOVE_PIDS="$HOSTMOVE_STATE_DIR/pids"
HOSTMOVE_LOGS="$HOSTMOVE_STATE_DIR/logs"
