#!/usr/bin/env bash
# The whole demo as a benchmark: wall time of deploy/demo.sh, each migration's downtime, and the phase hand-off
# latency (a service's result on its topic -> the planner's next request), next to Kafka's own end-to-end latency
# (org.apache.kafka.tools.EndToEndLatency) on the same broker in the same run: again and again while the migrations
# run, and once on the idle broker afterwards. Prints Markdown tables, the last one each hand-off by stage.
#
# Usage: bench/e2e/run.sh      (leaves the demo running, like deploy/demo.sh; deploy/stop.sh stops it)
#   HOSTMOVE_BENCH_KAFKA_PAUSE  seconds between Kafka's measuring runs during the demo (default 10)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
# shellcheck source=../../deploy/lib.sh
source "$repo/deploy/lib.sh"
HOSTMOVE_TAG=bench-e2e
bootstrap="127.0.0.1:${HOSTMOVE_KAFKA_PORT:-9092}"
planner="http://127.0.0.1:${HOSTMOVE_PLANNER_PORT:-8080}"
out="$HOSTMOVE_STATE_DIR/bench"
mkdir -p "$out"

# shellcheck source=../kafka-latency.sh
source "$repo/bench/kafka-latency.sh"

# Kafka's own end-to-end latency, measured again and again on the same broker while the migrations run. Each run is
# a JVM of its own (about 1.5 s of a core): back to back they took three quarters of a core from the demo they
# measure, so a pause of HOSTMOVE_BENCH_KAFKA_PAUSE seconds (default 10) separates them.
measure_during() {
  until curl -fsS "$planner/q/health/ready" >/dev/null 2>&1; do sleep 1; done
  "$repo/deploy/kafka.sh" topics hostmove.bench.latency >/dev/null
  while kill -0 "$1" 2>/dev/null; do
    kafka_latency "$bootstrap" 1000
    for ((s = 0; s < ${HOSTMOVE_BENCH_KAFKA_PAUSE:-10}; s++)); do kill -0 "$1" 2>/dev/null || break; sleep 1; done
  done
}

# A planner left running from before would look ready before the demo's own has started.
"$repo/deploy/stop.sh" >/dev/null
start=$SECONDS
"$repo/deploy/demo.sh" > >(tee "$out/demo.log") &
demo=$!
rm -f "$out/kafka-during.txt"
measure_during "$demo" >"$out/kafka-during.txt" &
during=$!
wait "$demo"
wall=$((SECONDS - start))
wait "$during"

say "measuring the phase hand-offs recorded on the topics"
# One reactor run: the modules the benchmark needs resolve to their build output, nothing has to be installed.
(cd "$repo" && ./mvnw -q -B -ntp -pl deploy/e2e -am test-compile dependency:build-classpath -DskipTests \
   -Dmdep.outputFile="$out/e2e.classpath")
# With the planner's database it also breaks each hand-off down by stage, from the planner's own rows.
java -cp "$repo/deploy/e2e/target/test-classes:$(cat "$out/e2e.classpath")" \
  io.hostmove.e2e.bench.HandoffLatencyBench "$bootstrap" \
  "jdbc:postgresql://${HOSTMOVE_PG_HOST:-127.0.0.1}:${HOSTMOVE_PG_PORT:-5432}/hostmove_planner" \
  "${HOSTMOVE_PLANNER_DB_USER:-hostmove_planner}" 2>/dev/null >"$out/handoffs.txt"
handoff="$(tail -n 1 "$out/handoffs.txt")"

say "measuring Kafka's own end-to-end latency on the same broker, now idle"
kafka="$(kafka_latency "$bootstrap" 2000)"

downtimes="$(curl -fsS "$planner/migrations" | jq -r '.[].id' | while read -r id; do
  curl -fsS "$planner/migrations/$id" | jq -r '"| \(.customer) | \(.phase) | \(if .downtimeMillis then (.downtimeMillis / 1000 | tostring) + " s" else "–" end) | \(if .bytesMoved then (.bytesMoved / 1048576 | floor | tostring) + " MiB" else "–" end) |"'
done)"

get() { sed -n "s/.*$1=\([0-9]*\).*/\1/p" <<<"$handoff"; }
kafka_p50="$(percentile_of 50 <<<"$kafka")"
kafka_p99="$(percentile_of 99 <<<"$kafka")"
# Each run during the demo gives its own p99: their median is Kafka's p99 under the demo's load.
during_runs="$(grep -c 'Percentiles' "$out/kafka-during.txt" || true)"
during_p99="$(percentile_of 99 "$out/kafka-during.txt" | median)"
during_max="$(percentile_of 99 "$out/kafka-during.txt" | sort -n | tail -n 1)"
cat <<TXT

Machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/^Mem:/ {print $2}') GiB; $(date -u +%Y-%m-%d)

| what | value |
|---|---|
| wall time of deploy/demo.sh (clean start, build, 3 migrations to aftercare, one rollback) | ${wall} s |
| phase hand-offs measured | $(get handoffs) |
| hand-off latency, median | $(get median_ms) ms |
| hand-off latency, p99 | $(get p99_ms) ms |
| Kafka EndToEndLatency during the migrations (${during_runs} runs of 1,000 records, acks=all, 512 B), median of the runs' p99 | ${during_p99} ms |
| Kafka EndToEndLatency during the migrations, highest p99 of a run | ${during_max:-n/a} ms |
| Kafka EndToEndLatency after the demo, idle (2,000 records), median | ${kafka_p50} ms |
| Kafka EndToEndLatency after the demo, idle, p99 | ${kafka_p99} ms |
| ratio hand-off p99 / Kafka p99 during the migrations (goal ≤ 5) | $(ratio "$(get p99_ms)" "$during_p99") |
| ratio hand-off p99 / Kafka p99 idle | $(ratio "$(get p99_ms)" "$kafka_p99") |

| customer | phase | downtime | data moved |
|---|---|---|---|
$downtimes

Each hand-off by stage (ms):

$(grep '^|' "$out/handoffs.txt")
TXT
