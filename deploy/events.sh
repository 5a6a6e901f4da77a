#!/usr/bin/env bash
# Prints the events on Hostmove's topics as any consumer sees them: key, CloudEvents headers and JSON body.
#
# Usage: deploy/events.sh [TOPIC...]   (default: every hostmove.* topic), Ctrl-C to stop
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bootstrap="127.0.0.1:${HOSTMOVE_KAFKA_PORT:-9092}"
if (($#)); then
  include="$(IFS='|'; echo "$*")"
else
  include='hostmove\..*'
fi
exec "$HOSTMOVE_REPO/deploy/kafka.sh" tool org.apache.kafka.tools.consumer.ConsoleConsumer \
  --bootstrap-server "$bootstrap" --include "$include" --from-beginning \
  --command-property group.protocol=consumer \
  --formatter-property print.key=true --formatter-property print.headers=true \
  --formatter-property key.separator=' | ' --formatter-property headers.separator=' '
