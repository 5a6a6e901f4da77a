#!/usr/bin/env bash
# Notification benchmark: N notices (default 10,000) rendered and delivered to a local SMTP server (GreenMail)
# through Kafka and the notification-service with its once-only bookkeeping, and the same messages sent by a plain
# Jakarta Mail loop in the same run, in rounds that alternate which goes first (each on a fresh SMTP server). Prints
# emails per second for both per round and the median ratio (goal: at most 1.5).
#
# Usage: bench/notification/run.sh [EMAILS] [WORKERS] [BATCH]   (defaults 10000, 4, 10: workers and emails each
#        claims per transaction, see hostmove.notification.delivery.*); HOSTMOVE_BENCH_ROUNDS rounds (default 3)
# Needs the test peers (Kafka on 19092, PostgreSQL with hostmove_notification_test): `deploy/test.sh peers` starts
# them when they are not running.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
# shellcheck source=../../deploy/test-env.sh
source "$repo/deploy/test-env.sh"
emails="${1:-10000}"
workers="${2:-4}"
batch="${3:-10}"
rounds="${HOSTMOVE_BENCH_ROUNDS:-3}"
out="$repo/notification-service/target/notification-bench.txt"

echo "machine: $(nproc) cores, load average $(cut -d" " -f1-3 /proc/loadavg), $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/^Mem:/{print $2}') GiB RAM, $(date -u +%F)"
cd "$repo"
./mvnw -B -ntp -q -pl notification-service -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfailsafe.failIfNoSpecifiedTests=false -Dit.test=NotificationBench -DargLine="-Dbench.emails=$emails -Dbench.workers=$workers -Dbench.batch=$batch -Dbench.rounds=$rounds -Dbench.out=$out"
cat "$out"
