#!/usr/bin/env bash
# The DNS topology of the dns-service on loopback: four BIND 9 servers (Debian's bind9), each its own named
# process with its own config, directory, pid and rndc port, all on one DNS port:
#   parent    127.0.0.10  the registry: authoritative for example., delegates every test/demo domain (with glue)
#   ns1       127.0.0.11  our primary: accepts RFC 2136 updates signed with the hostmove-update TSIG key
#   ns2       127.0.0.12  our secondary: follows ns1 by NOTIFY and IXFR/AXFR
#   provider  127.0.0.13  an "external provider" hosting customers' zones that are not ours (its own key)
#
# Usage: deploy/dns.sh start|stop|restart|status|reset
#        deploy/dns.sh seed-demo                   (re)create the sample inventory's zones (deploy/dns/demo/)
#        deploy/dns.sh add-zone ZONE ours|external [--stuck-secondary|--silent-ns|--lame] < RECORDS
#        deploy/dns.sh add-zones ours|external DIR (re)create every DIR/<zone>.records at once
#        deploy/dns.sh parent-update < NSUPDATE-COMMANDS   change the parent's example. zone, signed for you
#        deploy/dns.sh provider-update < NSUPDATE-COMMANDS as the customer: change a zone at the external provider
#        deploy/dns.sh primary-update < NSUPDATE-COMMANDS  as the control panel: change one of our zones on ns1
#        deploy/dns.sh key hostmove-update|provider|registry   path of that TSIG key file
#        deploy/dns.sh rndc parent|ns1|ns2|provider ARGS...
#
# RECORDS are zone-file lines relative to the zone (e.g. `@ 120 IN A 127.0.0.2`); the script adds the SOA and NS
# records. NSUPDATE-COMMANDS are nsupdate lines with `zone` and `send` (the script adds `server`). add-zone options: --stuck-secondary makes ns2 serve a copy that never refreshes; --silent-ns adds
# ns3.hostmove.example (127.0.0.14, where nothing answers) to the zone's servers; --lame delegates the zone to
# ns1/ns2, which do not serve it. Zones must be names under example.
#
# Environment:
#   HOSTMOVE_NS_PORT           DNS port of all four servers (default 5353; tests 15353)
#   HOSTMOVE_NS_CONTROL_PORT   rndc port, on each server's own address (default HOSTMOVE_NS_PORT + 1)
#   HOSTMOVE_NS_START_TIMEOUT  seconds to wait for each server (default 30)
#   HOSTMOVE_STATE_DIR         state root (default <repo>/.run); this script uses $HOSTMOVE_STATE_DIR/dns
#
# Layout of $STATE (= $HOSTMOVE_STATE_DIR/dns): keys/ (TSIG and rndc keys, generated on first start, never
# committed), <server>/ (named.conf, zones.conf, zones/, named.log, named.pid). `start` begins from empty zones
# (no journal of an earlier run is replayed); keys are kept until `reset`.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck disable=SC2034  # read by say() in lib.sh
HOSTMOVE_TAG=dns

PORT="${HOSTMOVE_NS_PORT:-5353}"
CONTROL_PORT="${HOSTMOVE_NS_CONTROL_PORT:-$((PORT + 1))}"
START_TIMEOUT="${HOSTMOVE_NS_START_TIMEOUT:-30}"
STATE="$HOSTMOVE_STATE_DIR/dns"
KEYS="$STATE/keys"
TEMPLATES="$HOSTMOVE_REPO/deploy/dns"
NAMED=/usr/sbin/named
SERVERS=(parent ns1 ns2 provider)
PARENT_ZONE=example
# Nothing listens here: the address of ns3 (--silent-ns) and the port a stuck secondary asks its primary on.
SILENT_IP=127.0.0.14
DEAD_PORT=9

umask 022

# ---------------------------------------------------------------- checks and helpers

check_settings() {
  local v
  local -A env=([PORT]=HOSTMOVE_NS_PORT [CONTROL_PORT]=HOSTMOVE_NS_CONTROL_PORT
    [START_TIMEOUT]=HOSTMOVE_NS_START_TIMEOUT)
  for v in "${!env[@]}"; do
    [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "${env[$v]} must be a positive integer (got '${!v}')"
  done
  ((PORT < 65536 && CONTROL_PORT < 65536)) || die "HOSTMOVE_NS_PORT and HOSTMOVE_NS_CONTROL_PORT must be below 65536"
  ((PORT != CONTROL_PORT)) || die "HOSTMOVE_NS_CONTROL_PORT must differ from HOSTMOVE_NS_PORT"
  # The paths end up inside named.conf strings: keep them plain.
  [[ "$STATE" =~ ^/[A-Za-z0-9._/+-]*$ ]] || die "HOSTMOVE_STATE_DIR must be a path of [A-Za-z0-9._/+-] (got '$HOSTMOVE_STATE_DIR')"
}

ip_of() {
  case "$1" in
    parent) echo 127.0.0.10 ;; ns1) echo 127.0.0.11 ;; ns2) echo 127.0.0.12 ;; provider) echo 127.0.0.13 ;;
    *) die "no DNS server '$1' (parent|ns1|ns2|provider)" ;;
  esac
}

conf_of() { echo "$STATE/$1/named.conf"; }

lock() {
  mkdir -p "$STATE"
  exec 9>"$STATE/.lock"
  flock -w 300 9 || die "another dns.sh holds $STATE/.lock"
}

# cmdline_has PID TEXT : /proc/PID/cmdline (args joined by spaces) contains TEXT.
cmdline_has() {
  local -a args
  mapfile -d '' -t args 2>/dev/null <"/proc/$1/cmdline" || return 1
  [[ "${args[*]}" == *"$2"* ]]
}

# named_pid SERVER : pid of that server's named (its pid file is trusted only if the process matches).
named_pid() {
  local conf pid="" p
  conf="$(conf_of "$1")"
  [[ -f "$STATE/$1/named.pid" ]] && pid="$(head -n 1 "$STATE/$1/named.pid" 2>/dev/null || true)"
  if [[ "$pid" =~ ^[0-9]+$ ]] && cmdline_has "$pid" "$NAMED -4 -c $conf"; then echo "$pid"; return 0; fi
  for p in /proc/[0-9]*; do
    if cmdline_has "${p#/proc/}" "$NAMED -4 -c $conf"; then echo "${p#/proc/}"; return 0; fi
  done 2>/dev/null
  return 0
}

rndc_to() {
  local server="$1"; shift
  rndc -k "$KEYS/rndc.key" -s "$(ip_of "$server")" -p "$CONTROL_PORT" "$@"
}

# soa_serial SERVER ZONE : the serial that server answers for the zone, authoritatively, or nothing.
soa_serial() {
  dig +norec +short +time=1 +tries=1 -p "$PORT" "@$(ip_of "$1")" "$2." SOA 2>/dev/null | awk 'NF >= 7 { print $3 }'
}

answers() { [[ -n "$(soa_serial "$1" "$2")" ]]; }

valid_zone() {
  [[ "$1" =~ ^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+$PARENT_ZONE$ ]] \
    || die "zone '$1' must be a lower-case name under $PARENT_ZONE. (letters, digits, hyphens)"
}

# ---------------------------------------------------------------- packages and keys

ensure_packages() {
  local need=()
  [[ -x "$NAMED" ]] || need+=(bind9)
  { command -v rndc >/dev/null && command -v nsupdate >/dev/null && command -v tsig-keygen >/dev/null; } || need+=(bind9-utils)
  command -v dig >/dev/null || need+=(dnsutils)
  command -v ip >/dev/null || need+=(iproute2)
  ((${#need[@]})) || return 0
  [[ $EUID -eq 0 ]] || die "${need[*]} missing; run as root to let me apt-get install them"
  export DEBIAN_FRONTEND=noninteractive
  local log="$STATE/apt.log" guard=0 rc=0
  mkdir -p "$STATE"
  : >"$log"
  # Debian's bind9 would start a system named on port 53 of every address: no service starts while installing.
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\n# deploy/dns.sh: no service starts while it installs packages\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    guard=1
  fi
  say "installing ${need[*]} (apt-get)"
  apt-get update -qq >>"$log" 2>&1 || rc=$?
  if ((rc == 0)); then apt-get install -y -qq "${need[@]}" >>"$log" 2>&1 || rc=$?; fi
  if ((guard)); then rm -f /usr/sbin/policy-rc.d; fi
  ((rc == 0)) || { tail -n 20 "$log" >&2; die "apt-get failed (full log: $log)"; }
  if ! [[ -x "$NAMED" ]] || ! command -v nsupdate >/dev/null || ! command -v dig >/dev/null; then
    die "BIND is still missing after apt-get (see $log)"
  fi
}

ensure_keys() {
  mkdir -p "$KEYS"
  chmod 700 "$KEYS"
  local name
  for name in hostmove-update provider registry; do
    [[ -s "$KEYS/$name.key" ]] || tsig-keygen -a hmac-sha256 "$name" >"$KEYS/$name.key"
  done
  [[ -s "$KEYS/rndc.key" ]] || tsig-keygen -a hmac-sha256 rndc-key >"$KEYS/rndc.key"
  chmod 600 "$KEYS"/*.key
}

# BIND listens only on addresses an interface has (unlike sshd, it cannot bind the rest of 127.0.0.0/8):
# give lo each server's address. They stay until reboot; nothing outside loopback changes.
ensure_addresses() {
  local server ip have
  have="$(ip -4 -o addr show dev lo)"
  for server in "${SERVERS[@]}"; do
    ip="$(ip_of "$server")"
    [[ "$have" == *" $ip/"* ]] || ip addr add "$ip/32" dev lo \
      || die "cannot add $ip to lo (needs root / CAP_NET_ADMIN)"
  done
}

# ---------------------------------------------------------------- configuration

# write_named_conf SERVER : options, logging, rndc control and keys of one server; its zones live in zones.conf.
write_named_conf() {
  local server="$1" ip dir keys=""
  ip="$(ip_of "$server")"
  dir="$STATE/$server"
  case "$server" in
    parent) keys="include \"$KEYS/registry.key\";" ;;
    ns1) keys="include \"$KEYS/hostmove-update.key\";" ;;
    provider) keys="include \"$KEYS/provider.key\";" ;;
  esac
  cat >"$dir/named.conf" <<EOF
// Written by deploy/dns.sh on every start; edit the script, not this file.
include "$KEYS/rndc.key";
$keys
options {
    directory "$dir";
    pid-file "$dir/named.pid";
    session-keyfile "$dir/session.key";
    managed-keys-directory "$dir";
    listen-on port $PORT { $ip; };
    listen-on-v6 { none; };
    notify-source $ip;
    transfer-source $ip;
    recursion no;
    dnssec-validation no;
    allow-query { any; };
    allow-transfer { none; };
    // Referrals carry the name servers' addresses (the glue discovery starts from).
    minimal-responses no;
    // A thousand zones switched at once must not queue behind BIND's default 20 NOTIFYs a second.
    notify-rate 2000;
    startup-notify-rate 2000;
    serial-query-rate 2000;
    transfers-in 200;
    transfers-out 200;
    transfers-per-ns 200;
    tcp-clients 1000;
    // The secondary opens a TCP connection per refresh and transfer: BIND's default accept queue of 10 overflowed
    // under a thousand of them, and each dropped SYN cost its zone a 1 s retransmit.
    tcp-listen-queue 1024;
};
controls { inet $ip port $CONTROL_PORT allow { 127.0.0.0/8; } keys { "rndc-key"; }; };
logging {
    channel server_log { file "$dir/named.log" versions 2 size 20m; severity info; print-time yes; print-category yes; };
    category default { server_log; };
    category lame-servers { null; };
};
include "$dir/zones.conf";
EOF
  if [[ "$server" == ns2 ]]; then
    # Refresh checks over TCP: under load an SOA query over UDP went unanswered and BIND retried only after 5 s.
    echo 'server 127.0.0.11 { tcp-only yes; };' >>"$dir/named.conf"
  fi
}

# zone_stanza SERVER ZONE [stuck] : the zone statement for one server.
zone_stanza() {
  local server="$1" zone="$2" stuck="${3:-}"
  case "$server" in
    parent)
      echo "zone \"$zone\" { type primary; file \"zones/$zone.db\"; update-policy { grant registry zonesub ANY; }; };" ;;
    ns1)
      echo "zone \"$zone\" { type primary; file \"zones/$zone.db\"; update-policy { grant hostmove-update zonesub ANY; };" \
        "allow-transfer { 127.0.0.12; key hostmove-update; }; notify explicit; also-notify { 127.0.0.12 port $PORT; }; };" ;;
    ns2)
      local primary="127.0.0.11 port $PORT"
      [[ -n "$stuck" ]] && primary="127.0.0.11 port $DEAD_PORT"
      echo "zone \"$zone\" { type secondary; file \"zones/$zone.db\"; masterfile-format text; primaries { $primary; }; };" ;;
    provider)
      echo "zone \"$zone\" { type primary; file \"zones/$zone.db\"; update-policy { grant provider zonesub ANY; }; };" ;;
  esac
}

# zone_file ZONE ours|external EXTRA_NS < RECORDS : a whole zone file on stdout.
zone_file() {
  local zone="$1" kind="$2" extra_ns="$3" mname
  if [[ "$kind" == ours ]]; then mname=ns1.hostmove.example.; else mname=ns.elsewhere-dns.example.; fi
  # shellcheck disable=SC2016  # $ORIGIN and $TTL are zone-file directives, not shell variables
  printf '$ORIGIN %s.\n$TTL 120\n' "$zone"
  printf '@ 3600 IN SOA %s hostmaster.%s. %s 60 30 86400 60\n' "$mname" "$zone" "$(date +%s)"
  if [[ "$kind" == ours ]]; then
    printf '@ 3600 IN NS ns1.hostmove.example.\n@ 3600 IN NS ns2.hostmove.example.\n'
  else
    printf '@ 3600 IN NS ns.elsewhere-dns.example.\n'
  fi
  [[ -z "$extra_ns" ]] || printf '@ 3600 IN NS %s\n' "$extra_ns"
  cat
}

parent_zone_file() {
  cat <<EOF
\$ORIGIN $PARENT_ZONE.
\$TTL 3600
@ IN SOA ns.registry.example. hostmaster.registry.example. $(date +%s) 60 30 86400 60
@ IN NS ns.registry.example.
ns.registry.example. IN A 127.0.0.10
ns1.hostmove.example. IN A 127.0.0.11
ns2.hostmove.example. IN A 127.0.0.12
ns3.hostmove.example. IN A $SILENT_IP
ns.elsewhere-dns.example. IN A 127.0.0.13
EOF
}

# ---------------------------------------------------------------- start / stop

start_server() {
  local server="$1" pid
  pid="$(named_pid "$server")"
  if [[ -n "$pid" ]]; then say "$server already running (pid $pid)"; return 0; fi
  # fd 9 holds this script's lock: the daemon must not inherit it.
  "$NAMED" -4 -c "$(conf_of "$server")" 9>&- \
    || { tail -n 20 "$STATE/$server/named.log" >&2 2>/dev/null; die "named of $server did not start"; }
  wait_for "$START_TIMEOUT" rndc_to "$server" status \
    || { tail -n 20 "$STATE/$server/named.log" >&2; die "named of $server does not answer rndc on $(ip_of "$server"):$CONTROL_PORT"; }
}

stop_server() {
  local server="$1" pid
  pid="$(named_pid "$server")"
  [[ -n "$pid" ]] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 20))
  while pid_alive "$pid" && ((SECONDS < deadline)); do sleep 0.2; done
  if pid_alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
}

cmd_start() {
  ensure_packages
  lock
  ensure_keys
  ensure_addresses
  local server running=0
  for server in "${SERVERS[@]}"; do [[ -z "$(named_pid "$server")" ]] || running=$((running + 1)); done
  if ((running == ${#SERVERS[@]})); then
    say "already running on 127.0.0.10-13:$PORT"
    print_where
    return 0
  fi
  # A fresh topology: no zone, file or journal of an earlier run comes back.
  for server in "${SERVERS[@]}"; do stop_server "$server"; done
  for server in "${SERVERS[@]}"; do
    rm -rf "${STATE:?}/$server"
    mkdir -p "$STATE/$server/zones"
    write_named_conf "$server"
    : >"$STATE/$server/zones.conf"
  done
  parent_zone_file >"$STATE/parent/zones/$PARENT_ZONE.db"
  zone_stanza parent "$PARENT_ZONE" >"$STATE/parent/zones.conf"
  for server in "${SERVERS[@]}"; do
    named-checkconf "$(conf_of "$server")" || die "named.conf of $server does not check"
    start_server "$server"
  done
  wait_for "$START_TIMEOUT" answers parent "$PARENT_ZONE" || die "the parent does not answer for $PARENT_ZONE."
  say "started parent 127.0.0.10, ns1 127.0.0.11, ns2 127.0.0.12, provider 127.0.0.13 on port $PORT (rndc $CONTROL_PORT)"
  print_where
}

print_where() {
  say "dns-service TSIG key: $KEYS/hostmove-update.key; external provider's key: $KEYS/provider.key"
}

cmd_stop() {
  lock
  local server
  for server in "${SERVERS[@]}"; do stop_server "$server"; done
  say "stopped"
}

cmd_status() {
  local server pid rc=0
  for server in "${SERVERS[@]}"; do
    pid="$(named_pid "$server")"
    if [[ -n "$pid" ]]; then
      printf '%-9s %-11s pid %-7s %s zone(s)\n' "$server" "$(ip_of "$server"):$PORT" "$pid" \
        "$(grep -c '^zone ' "$STATE/$server/zones.conf" 2>/dev/null || true)"
    else
      printf '%-9s %-11s stopped\n' "$server" "$(ip_of "$server"):$PORT"
      rc=3
    fi
  done
  return "$rc"
}

cmd_reset() {
  cmd_stop
  rm -rf "${STATE:?}"
  say "removed $STATE (keys included)"
}

require_running() {
  local server
  for server in "${SERVERS[@]}"; do
    [[ -n "$(named_pid "$server")" ]] || die "$server is not running (deploy/dns.sh start)"
  done
}

# ---------------------------------------------------------------- zones

# nsupdate_to SERVER KEY < COMMANDS : a signed update over TCP; `send` lines come from the caller.
nsupdate_to() {
  local server="$1" key="$2" out
  out="$( { printf 'server %s %s\n' "$(ip_of "$server")" "$PORT"; cat; } | nsupdate -v -k "$KEYS/$key.key" 2>&1)" \
    || die "update of $server refused: $out"
}

# delegation_commands ZONE ours|external|lame EXTRA_NS : nsupdate lines that (re)delegate ZONE in the parent.
delegation_commands() {
  local zone="$1" kind="$2" extra_ns="$3"
  printf 'update delete %s. NS\n' "$zone"
  if [[ "$kind" == external ]]; then
    printf 'update add %s. 3600 NS ns.elsewhere-dns.example.\n' "$zone"
  else
    printf 'update add %s. 3600 NS ns1.hostmove.example.\nupdate add %s. 3600 NS ns2.hostmove.example.\n' "$zone" "$zone"
  fi
  [[ -z "$extra_ns" ]] || printf 'update add %s. 3600 NS %s\n' "$zone" "$extra_ns"
}

# install_zone SERVER ZONE FILE [stuck] : put the zone file in place and the zone in zones.conf; returns 0 if the
# zone is new to the server (it loads on reconfig), 1 if it was there and was reloaded from the new file.
install_zone() {
  local server="$1" zone="$2" file="$3" stuck="${4:-}" dir="$STATE/$1"
  if grep -qF "zone \"$zone\" " "$dir/zones.conf"; then
    if [[ "$server" == ns2 ]]; then
      rndc_to ns2 retransfer "$zone" >/dev/null
    else
      # A dynamic zone is replaced from a new file only while frozen, and without its old journal.
      rndc_to "$server" freeze "$zone" >/dev/null
      cp "$file" "$dir/zones/$zone.db"
      rm -f "$dir/zones/$zone.db.jnl"
      rndc_to "$server" thaw "$zone" >/dev/null
    fi
    return 1
  fi
  if [[ "$server" != ns2 || -n "$stuck" ]]; then cp "$file" "$dir/zones/$zone.db"; fi
  zone_stanza "$server" "$zone" "$stuck" >>"$dir/zones.conf"
  return 0
}

# add_zones ours|external OPTION ZONE=FILE... : install the zones, reconfigure, delegate, wait until served.
add_zones() {
  local kind="$1" option="$2"; shift 2
  local extra_ns="" stuck="" pair zone file servers=() server
  [[ "$option" == --silent-ns ]] && extra_ns=ns3.hostmove.example.
  [[ "$option" == --stuck-secondary ]] && stuck=stuck
  case "$kind" in
    ours) servers=(ns1 ns2) ;;
    external) servers=(provider) ;;
    *) die "zone kind must be ours or external (got '$kind')" ;;
  esac
  [[ "$option" == --lame ]] && servers=()
  local -A fresh=()
  for server in "${servers[@]}"; do
    for pair in "$@"; do
      zone="${pair%%=*}" file="${pair#*=}"
      if install_zone "$server" "$zone" "$file" "$stuck"; then fresh[$server]=1; fi
    done
  done
  for server in "${!fresh[@]}"; do
    named-checkconf "$(conf_of "$server")" || die "zones.conf of $server does not check"
    rndc_to "$server" reconfig >/dev/null
  done
  # The registry delegates in batches; each is one signed update over TCP.
  local batch=() count=0
  local lame_kind="$kind"
  [[ "$option" == --lame ]] && lame_kind=ours
  for pair in "$@"; do
    batch+=("${pair%%=*}")
    count=$((count + 1))
    if ((${#batch[@]} == 200 || count == $#)); then
      { printf 'zone %s.\n' "$PARENT_ZONE"
        for zone in "${batch[@]}"; do delegation_commands "$zone" "$lame_kind" "$extra_ns"; done
        printf 'send\n'; } | nsupdate_to parent registry
      batch=()
    fi
  done
  local list
  list="$(mktemp)"
  for pair in "$@"; do printf '%s\n' "${pair%%=*}"; done >"$list"
  for server in "${servers[@]}"; do
    wait_for "$START_TIMEOUT" all_served "$server" "$list" \
      || { rm -f "$list"; tail -n 20 "$STATE/$server/named.log" >&2; die "$server does not serve every zone of $*"; }
  done
  # The secondary has the primary's serial before anyone asks (unless it is meant to lag).
  if [[ "$kind" == ours && -z "$stuck" && "$option" != --lame ]]; then
    wait_for "$START_TIMEOUT" same_serials "$list" || { rm -f "$list"; die "ns2 did not transfer every zone from ns1"; }
  fi
  rm -f "$list"
}

# serials SERVER LIST : "zone serial" for every zone of LIST the server answers authoritatively (one dig for all).
serials() {
  sed 's/$/. SOA/' "$2" | dig +norec +time=1 +tries=1 -p "$PORT" "@$(ip_of "$1")" -f /dev/stdin +noall +answer 2>/dev/null \
    | awk '$4 == "SOA" { print $1, $7 }' | sort
}

all_served() { [[ "$(serials "$1" "$2" | wc -l)" -eq "$(wc -l <"$2")" ]]; }

same_serials() { [[ "$(serials ns1 "$1")" == "$(serials ns2 "$1")" ]]; }

cmd_add_zone() {
  local zone="${1:-}" kind="${2:-}" option="${3:-}"
  [[ -n "$zone" && -n "$kind" ]] || die "usage: dns.sh add-zone ZONE ours|external [--stuck-secondary|--silent-ns|--lame] < RECORDS"
  valid_zone "$zone"
  case "$option" in ''|--stuck-secondary|--silent-ns|--lame) ;; *) die "unknown option '$option'" ;; esac
  [[ "$option" != --stuck-secondary || "$kind" == ours ]] || die "--stuck-secondary needs an ours zone"
  require_running
  lock
  local tmp extra_ns=""
  [[ "$option" == --silent-ns ]] && extra_ns=ns3.hostmove.example.
  tmp="$(mktemp)"
  zone_file "$zone" "$kind" "$extra_ns" >"$tmp"
  named-checkzone -q "$zone" "$tmp" || { named-checkzone "$zone" "$tmp" >&2; rm -f "$tmp"; die "zone $zone does not check"; }
  add_zones "$kind" "$option" "$zone=$tmp"
  rm -f "$tmp"
  say "zone $zone ($kind${option:+ $option}) served"
}

cmd_add_zones() {
  local kind="${1:-}" dir="${2:-}"
  [[ -n "$kind" && -d "$dir" ]] || die "usage: dns.sh add-zones ours|external DIR (DIR/<zone>.records)"
  require_running
  lock
  local tmpdir f zone pairs=()
  tmpdir="$(mktemp -d)"
  for f in "$dir"/*.records; do
    [[ -e "$f" ]] || die "no *.records file in $dir"
    zone="$(basename "$f" .records)"
    valid_zone "$zone"
    zone_file "$zone" "$kind" "" <"$f" >"$tmpdir/$zone.db"
    pairs+=("$zone=$tmpdir/$zone.db")
  done
  add_zones "$kind" "" "${pairs[@]}"
  rm -rf "$tmpdir"
  say "${#pairs[@]} $kind zone(s) served"
}

cmd_seed_demo() {
  local f zone kind
  for f in "$TEMPLATES"/demo/*.records; do
    zone="$(basename "$f" .records)"
    kind=ours
    [[ "$(head -n 1 "$f")" == *"external"* ]] && kind=external
    grep -v '^;' "$f" | cmd_add_zone "$zone" "$kind"
  done
}

cmd_update() {
  require_running
  nsupdate_to "$1" "$2"
}

cmd_key() {
  case "${1:-}" in
    hostmove-update|provider|registry) [[ -s "$KEYS/$1.key" ]] || die "no key yet: deploy/dns.sh start"; echo "$KEYS/$1.key" ;;
    *) die "usage: dns.sh key hostmove-update|provider|registry" ;;
  esac
}

check_settings
case "${1:-}" in
  start)           cmd_start ;;
  stop)            cmd_stop ;;
  restart)         cmd_stop; cmd_start ;;
  status)          cmd_status ;;
  reset)           cmd_reset ;;
  seed-demo)       require_running; cmd_seed_demo ;;
  add-zone)        shift; cmd_add_zone "$@" ;;
  add-zones)       shift; cmd_add_zones "$@" ;;
  parent-update)   cmd_update parent registry ;;
  provider-update) cmd_update provider provider ;;
  primary-update)  cmd_update ns1 hostmove-update ;;
  key)             shift; cmd_key "$@" ;;
  rndc)            shift; server="${1:-}"; shift || true; ip_of "$server" >/dev/null; rndc_to "$server" "$@" ;;
  *) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
