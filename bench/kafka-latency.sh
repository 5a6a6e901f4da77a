# shellcheck shell=bash
# Kafka's own end-to-end latency for the benchmarks that compare with it. Source it; do not run it.
#
#   kafka_latency BOOTSTRAP COUNT  one run of org.apache.kafka.tools.EndToEndLatency (acks=all, 512 B records) on
#                                  topic hostmove.bench.latency; prints its Percentiles line
#   percentile_of N [FILE...]      the Nth-percentile values (50, 99, ...) of the Percentiles lines read
#   median                         the median of the numbers on stdin, one per line (0 when there are none)
#   ratio A B                      A / B with one decimal, "n/a" when B is 0

kafka_latency() {
  "$HOSTMOVE_REPO/deploy/kafka.sh" tool org.apache.kafka.tools.EndToEndLatency "$1" hostmove.bench.latency \
    "$2" all 512 2>/dev/null | grep -E 'Percentiles' || true
}
percentile_of() { local n="$1"; shift; sed -n "s/.*${n}th = \([0-9.]*\).*/\1/p" "$@"; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print 0 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "n/a" }'; }
