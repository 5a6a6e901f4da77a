#!/usr/bin/env bash
# Planner hand-off benchmark (issue 6): a steady stream of migrations through the real planner-service, the
# transfer and DNS services played by a responder that answers every step request at once (HandoffBench), so the
# phase hand-off measured — a result's record to the record of the step request it caused — is the planner's alone.
# Kafka's own end-to-end latency (org.apache.kafka.tools.EndToEndLatency, acks=all, 512 B) is measured on the same
# broker in the same run: again and again while the migrations run, and on the idle broker before and after.
# Prints the hand-off median, p90, p99 and the ratio p99 / Kafka's p99 (goal: at most 5).
#
# Usage: bench/planner/run.sh [MIGRATIONS] [PACE_MS]   (defaults 100 and 200: one migration started every 200 ms,
#        after a warm-up wave of HOSTMOVE_BENCH_WARMUP, default 100, so that the code measured is compiled)
# The planner runs with the services' JVM flags (HOSTMOVE_SERVICE_JVM, default from deploy/lib.sh).
# Needs the test peers (Kafka on 19092, PostgreSQL): `deploy/test.sh peers` starts them.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
# shellcheck source=../../deploy/test-env.sh
source "$repo/deploy/test-env.sh"
migrations="${1:-100}"
pace="${2:-200}"
warmup="${HOSTMOVE_BENCH_WARMUP:-100}"
[[ "$migrations" =~ ^[1-9][0-9]*$ && "$pace" =~ ^[0-9]+$ && "$warmup" =~ ^[0-9]+$ ]] \
  || { echo "usage: $0 [MIGRATIONS] [PACE_MS]" >&2; exit 2; }
bootstrap="$HOSTMOVE_TEST_KAFKA_BOOTSTRAP"
out="$repo/planner-service/target/handoff-bench.md"
work="$HOSTMOVE_STATE_DIR/bench/planner"
mkdir -p "$work"

# shellcheck source=../kafka-latency.sh
source "$repo/bench/kafka-latency.sh"

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/^Mem:/{print $2}') GiB RAM, $(date -u '+%F %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "code: commit $(git -C "$repo" rev-parse --short HEAD)$([[ -n "$(git -C "$repo" status --porcelain -- events planner-service)" ]] && echo ' with uncommitted changes')"
"$repo/deploy/kafka.sh" topics hostmove.bench.latency >/dev/null
kafka_latency "$bootstrap" 2000 >"$work/kafka-before.txt"

cd "$repo"
./mvnw -B -ntp -q -pl planner-service -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfailsafe.failIfNoSpecifiedTests=false -Dit.test=HandoffBench -DargLine="${HOSTMOVE_SERVICE_JVM:-$HOSTMOVE_SERVICE_JVM_DEFAULT} -Dbench.migrations=$migrations -Dbench.pace-ms=$pace -Dbench.warmup=$warmup -Dbench.out=$out" \
  >"$work/bench.log" 2>&1 &
bench=$!
: >"$work/kafka-during.txt"
# Kafka's latency under the same load: runs of 1,000 records, one after the other, until the benchmark ends.
while kill -0 "$bench" 2>/dev/null; do kafka_latency "$bootstrap" 1000 >>"$work/kafka-during.txt"; done
wait "$bench" || { tail -n 40 "$work/bench.log" >&2; echo "the benchmark failed (see $work/bench.log)" >&2; exit 1; }
kafka_latency "$bootstrap" 2000 >"$work/kafka-after.txt"

handoff_p99="$(sed -n 's/.*p99_ms=\([0-9]*\).*/\1/p' "$out")"
during_p99="$(percentile_of 99 "$work/kafka-during.txt" | median)"
idle_p99="$(percentile_of 99 "$work/kafka-before.txt" "$work/kafka-after.txt" | median)"
cat "$out"
cat <<TXT

| Kafka EndToEndLatency on the same broker (acks=all, 512 B) | p99 |
|---|---:|
| while the migrations ran: median of $(grep -c Percentiles "$work/kafka-during.txt" || true) runs of 1,000 records | ${during_p99} ms |
| idle, before and after (2,000 records each), median | ${idle_p99} ms |

Ratio hand-off p99 / Kafka p99 while the migrations ran: **$(ratio "$handoff_p99" "$during_p99")** (goal at most 5); against the idle broker: $(ratio "$handoff_p99" "$idle_p99").
TXT
