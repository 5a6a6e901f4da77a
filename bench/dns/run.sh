#!/usr/bin/env bash
# DNS switch benchmark: ZONES zones (default 1,000) switched from the old host to the new one and verified on our
# primary (ns1) and secondary (ns2) with the dns-service's own code (bench/dns/DnsSwitchBench.java drives its
# ZoneUpdater and Verifier), and the same updates sent by nsupdate (bind9-utils) in the same run. Each zone gets one
# TSIG-signed RFC 2136 update with prerequisites replacing its apex, www and mail A records and its SPF record.
# Two rounds with the order swapped: ours on set A then nsupdate on set B, then nsupdate back on A, ours back on B.
# nsupdate is timed alone (its updates only) and with a dig loop that verifies both servers like ours does.
# Prints the times and the ratio nsupdate / dns-service (goal: >= 1, at least as fast with verification included).
#
# Usage: bench/dns/run.sh [ZONES] [CONCURRENCY]   (CONCURRENCY: updates in flight, default 16)
# Before each timed run the service's code switches HOSTMOVE_BENCH_DNS_WARM_UP other zones (default 300) there and
# back, untimed, so that it runs compiled as in the long-running service; nsupdate needs no warm-up.
# Runs its own BIND topology (deploy/dns.sh) on port HOSTMOVE_BENCH_NS_PORT (default 25353) with state in
# .run/bench, so neither the tests' nor the demo's name servers are touched.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
zones="${1:-1000}"
concurrency="${2:-16}"
warm="${HOSTMOVE_BENCH_DNS_WARM_UP:-300}"
[[ "$zones" =~ ^[1-9][0-9]*$ && "$concurrency" =~ ^[1-9][0-9]*$ && "$warm" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [ZONES] [CONCURRENCY]" >&2; exit 2; }
export HOSTMOVE_STATE_DIR="$repo/.run/bench"
export HOSTMOVE_NS_PORT="${HOSTMOVE_BENCH_NS_PORT:-25353}"
export HOSTMOVE_NS_CONTROL_PORT=$((HOSTMOVE_NS_PORT + 1))
dns="$repo/deploy/dns.sh"
work="$HOSTMOVE_STATE_DIR/dns-bench"
OLD=127.0.0.2
NEW=127.0.0.3

now_ms() { date +%s%3N; }

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/^Mem:/{print $2}') GiB RAM, $(date -u +%F)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (other work on this machine slows both sides)"
"$dns" stop >/dev/null
# The first start installs BIND and its tools (nsupdate, dig) where they are missing.
"$dns" start >/dev/null
trap '"$dns" stop >/dev/null' EXIT
echo "zones: $zones per set; dns-service code with $concurrency zones in flight; nsupdate $(nsupdate -V 2>&1 | head -n 1)"

rm -rf "$work"
mkdir -p "$work/a" "$work/b" "$work/w"
# Set w warms the service's code up before each timed run (untimed): the service is a long-running process.
for set in a b w; do
  count="$zones"
  [[ "$set" == w ]] && count="$warm"
  for i in $(seq -w 1 "$count"); do
    zone="bench-$set-$i.example"
    echo "$zone" >>"$work/$set.zones"
    cat >"$work/$set/$zone.records" <<EOF
@     120 IN A     $OLD
www   120 IN A     $OLD
@     120 IN MX    10 mail
mail  120 IN A     $OLD
@     120 IN TXT   "v=spf1 ip4:$OLD mx -all"
ftp   120 IN A     192.0.2.21
EOF
  done
  t0=$(now_ms)
  "$dns" add-zones ours "$work/$set" >/dev/null
  echo "set $set: $count zones served by ns1 and ns2 ($(( $(now_ms) - t0 )) ms to create)"
done

echo "building the dns-service classes"
# One reactor run: the events module resolves to its build output, nothing has to be installed.
(cd "$repo" && ./mvnw -q -B -ntp -pl dns-service -am test-compile dependency:build-classpath \
   -Dmdep.includeScope=runtime -Dmdep.outputFile="$work/classpath.txt") >/dev/null
classpath="$repo/dns-service/target/classes:$(cat "$work/classpath.txt")"
key="$("$dns" key hostmove-update)"

# ours SET FROM TO : the dns-service's code; prints its milliseconds.
ours() {
  local out
  out="$(java -cp "$classpath" "$repo/bench/dns/DnsSwitchBench.java" "$HOSTMOVE_NS_PORT" "$key" "$work/$1.zones" \
         "$2" "$3" "$concurrency" "$work/w.zones" "$OLD" "$NEW")" || { echo "$out" >&2; exit 1; }
  grep -v '^millis=' <<<"$out" >&2 || true
  sed -n 's/^millis=//p' <<<"$out"
}

# served SET IP : every zone of SET shows IP for apex, www and mail and in its SPF record, on ns1 and on ns2.
served() {
  local server count
  for server in 127.0.0.11 127.0.0.12; do
    count="$(awk '{ print $1 ". A"; print "www." $1 ". A"; print "mail." $1 ". A"; print $1 ". TXT" }' "$work/$1.zones" \
      | dig +norec +time=1 +tries=2 -p "$HOSTMOVE_NS_PORT" "@$server" -f /dev/stdin +noall +answer 2>/dev/null \
      | grep -c -F "$2" || true)"
    [[ "$count" -eq $((4 * zones)) ]] || return 1
  done
}

# nsupdate_run SET FROM TO : one nsupdate process sends every zone's update; prints "updates verified" in ms.
nsupdate_run() {
  local script="$work/$1-$3.nsupdate" t0 t1 t2
  awk -v port="$HOSTMOVE_NS_PORT" -v from="$2" -v to="$3" 'NR == 1 { print "server 127.0.0.11 " port }
    { z = $1 "."
      print "zone " z
      print "prereq yxrrset " z " A " from
      print "prereq yxrrset www." z " A " from
      print "prereq yxrrset mail." z " A " from
      print "prereq yxrrset " z " TXT \"v=spf1 ip4:" from " mx -all\""
      print "update delete " z " A"
      print "update add " z " 120 A " to
      print "update delete www." z " A"
      print "update add www." z " 120 A " to
      print "update delete mail." z " A"
      print "update add mail." z " 120 A " to
      print "update delete " z " TXT"
      print "update add " z " 120 TXT \"v=spf1 ip4:" to " mx -all\""
      print "send" }' "$work/$1.zones" >"$script"
  t0=$(now_ms)
  nsupdate -k "$key" "$script" || { echo "nsupdate failed" >&2; exit 1; }
  t1=$(now_ms)
  until served "$1" "$3"; do sleep 0.05; done
  t2=$(now_ms)
  echo "nsupdate: $zones zones updated in $((t1 - t0)) ms; verified on ns1+ns2 with dig after $((t2 - t0)) ms" >&2
  echo "$((t1 - t0)) $((t2 - t0))"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "-- round 1: dns-service code on set a, then nsupdate on set b (old -> new)"
ours1="$(ours a "$OLD" "$NEW")"
read -r ns1_only ns1_verified < <(nsupdate_run b "$OLD" "$NEW")
served a "$NEW" || { echo "set a is not switched on both servers" >&2; exit 1; }
echo "-- round 2: nsupdate on set a, then dns-service code on set b (new -> old)"
read -r ns2_only ns2_verified < <(nsupdate_run a "$NEW" "$OLD")
ours2="$(ours b "$NEW" "$OLD")"
served b "$OLD" || { echo "set b is not switched back on both servers" >&2; exit 1; }

ours_total=$((ours1 + ours2))
echo
echo "RESULT zones=$zones rounds=2"
echo "RESULT dns-service switch+verify: ${ours1} ms, ${ours2} ms"
echo "RESULT nsupdate updates only:     ${ns1_only} ms, ${ns2_only} ms"
echo "RESULT nsupdate + dig verify:     ${ns1_verified} ms, ${ns2_verified} ms"
echo "RESULT ratio nsupdate-only / dns-service (>= 1 means at least as fast): $(ratio $((ns1_only + ns2_only)) "$ours_total")"
echo "RESULT ratio nsupdate+verify / dns-service: $(ratio $((ns1_verified + ns2_verified)) "$ours_total")"
