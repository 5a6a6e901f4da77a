#!/usr/bin/env bash
# Local SMTP server for Hostmove: GreenMail standalone (from Maven Central, see deploy/smtp/pom.xml) on loopback.
# It accepts mail for any address, keeps everything it received while it runs, and serves it over a REST API, so
# the demo and the end-to-end test can read what customers were sent.
#
# Usage: deploy/smtp.sh start|stop|status
#        deploy/smtp.sh messages     every received message as one JSON line: {"to", "subject", "language",
#                                    "notice", "migration", "date" (ISO-8601, UTC), "messageId"}
#        deploy/smtp.sh reset        forget every received message (nothing to do when it is not running)
#
# Environment:
#   HOSTMOVE_STATE_DIR       state root (default <repo>/.run); this server uses $HOSTMOVE_STATE_DIR/smtp
#   HOSTMOVE_SMTP_PORT       SMTP port on 127.0.0.1 (default 2525; tests that need this server use 12525)
#   HOSTMOVE_SMTP_API_PORT   REST API port on 127.0.0.1 (default SMTP port + 1)
#   HOSTMOVE_SMTP_HEAP       JVM heap flags (default "-Xms64m -Xmx512m")
#
# Layout of $HOSTMOVE_STATE_DIR/smtp: lib/ (the jar), smtp.log, smtp.pid.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck disable=SC2034  # read by say() in lib.sh
HOSTMOVE_TAG=smtp

HOST=127.0.0.1
PORT="${HOSTMOVE_SMTP_PORT:-2525}"
API_PORT="${HOSTMOVE_SMTP_API_PORT:-$((PORT + 1))}"
HEAP="${HOSTMOVE_SMTP_HEAP:--Xms64m -Xmx512m}"
API="http://$HOST:$API_PORT/api"

POM="$HOSTMOVE_REPO/deploy/smtp/pom.xml"
STATE="$HOSTMOVE_STATE_DIR/smtp"
LIB="$STATE/lib"
PIDFILE="$STATE/smtp.pid"
LOGFILE="$STATE/smtp.log"

lock() {
  mkdir -p "$STATE"
  exec 9>"$STATE/.lock"
  flock -w 60 9 || die "another smtp.sh holds $STATE/.lock"
}

# Fetch the jar once (and again only if deploy/smtp/pom.xml changes).
fetch_jar() {
  local sum; sum="$(sha256sum "$POM" | cut -d' ' -f1)"
  if [[ -f "$LIB/.complete" && "$(cat "$LIB/.complete")" == "$sum" ]]; then return 0; fi
  local mvn=(mvn)
  [[ -x "$HOSTMOVE_REPO/mvnw" ]] && mvn=("$HOSTMOVE_REPO/mvnw")
  say "fetching GreenMail standalone from Maven Central into $LIB" >&2
  rm -rf "$LIB" && mkdir -p "$LIB"
  if ! (cd "$HOSTMOVE_REPO" && "${mvn[@]}" -q -B -f "$POM" dependency:copy-dependencies -DexcludeTransitive=true \
          -DoutputDirectory="$LIB") >&2; then
    rm -rf "$LIB"
    die "could not fetch GreenMail (${mvn[*]} -f $POM dependency:copy-dependencies)"
  fi
  echo "$sum" >"$LIB/.complete"
}

need() {
  command -v "$1" >/dev/null && return 0
  [[ $EUID -eq 0 ]] || die "$1 is missing; install Debian's $2"
  say "installing Debian's $2 (apt-get)" >&2
  { DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2"; } \
    >/dev/null || die "apt-get install $2 failed"
}

# Pid of our server: the pid file's process if it runs GreenMail on our port, else a search for that command line.
server_pid() {
  local pid="" p
  [[ -f "$PIDFILE" ]] && pid="$(cat "$PIDFILE" 2>/dev/null || true)"
  if [[ "$pid" =~ ^[0-9]+$ ]] && is_ours "/proc/$pid"; then echo "$pid"; return 0; fi
  for p in /proc/[0-9]*; do
    if is_ours "$p"; then echo "${p#/proc/}"; return 0; fi
  done
  return 0
}

is_ours() {
  { tr '\0' ' ' <"$1/cmdline"; } 2>/dev/null | grep -qF -- "-Dgreenmail.smtp.port=$PORT -Dhostmove.smtp.state=$STATE "
}

ready() { curl -fsS "$API/service/readiness" >/dev/null 2>&1; }

cmd_start() {
  lock
  local pid; pid="$(server_pid)"
  if [[ -n "$pid" ]]; then
    echo "$pid" >"$PIDFILE"
    say "already running (pid $pid, smtp $HOST:$PORT, api $API)"
    return 0
  fi
  port_open "$HOST" "$PORT" && die "$HOST:$PORT is already in use by another process"
  port_open "$HOST" "$API_PORT" && die "$HOST:$API_PORT is already in use by another process"
  command -v java >/dev/null || die "java not found (need a JDK 17+)"
  need curl curl
  fetch_jar
  local jar; jar="$(ls "$LIB"/greenmail-standalone-*.jar)"
  # shellcheck disable=SC2086  # HEAP is a list of JVM flags
  nohup java $HEAP -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Djava.awt.headless=true \
    -Dgreenmail.smtp.port="$PORT" -Dhostmove.smtp.state="$STATE" -Dgreenmail.smtp.hostname="$HOST" \
    -Dgreenmail.api.hostname="$HOST" -Dgreenmail.api.port="$API_PORT" -Dgreenmail.auth.disabled \
    -jar "$jar" >>"$LOGFILE" 2>&1 </dev/null 9>&- &
  echo $! >"$PIDFILE"
  if ! wait_for 60 ready; then
    tail -n 30 "$LOGFILE" >&2 || true
    die "GreenMail did not become ready on $API within 60 s (log: $LOGFILE)"
  fi
  say "started (pid $(cat "$PIDFILE"), smtp $HOST:$PORT, api $API, log $LOGFILE)"
}

cmd_stop() {
  lock
  local pid; pid="$(server_pid)"
  if [[ -z "$pid" ]]; then
    rm -f "$PIDFILE"
    say "not running"
    return 0
  fi
  kill "$pid"
  if ! wait_for 20 pid_dead "$pid"; then
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$PIDFILE"
  say "stopped (pid $pid); what it received is gone"
}

cmd_status() {
  local pid; pid="$(server_pid)"
  if [[ -n "$pid" ]] && ready; then
    say "running (pid $pid, smtp $HOST:$PORT, api $API)"
    return 0
  fi
  say "not running (smtp $HOST:$PORT)"
  return 3
}

cmd_messages() {
  need jq jq
  ready || die "no SMTP server answers on $API; run deploy/smtp.sh start"
  local user
  # One mailbox per address received; the API returns each message with its raw MIME text.
  curl -fsS "$API/user" | jq -r '.[].email' | while IFS= read -r user; do
    curl -fsS "$API/user/$(jq -rn --arg u "$user" '$u|@uri')/messages/" | jq -c --arg to "$user" '
      def isodate: if . == null then null else (try (
          capture("(?<d>[0-9]{1,2} [A-Za-z]{3} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2}) (?<s>[+-])(?<h>[0-9]{2})(?<m>[0-9]{2})")
          | ((.d | strptime("%d %b %Y %H:%M:%S") | mktime)
             - ((.s + "1" | tonumber) * ((.h | tonumber) * 3600 + (.m | tonumber) * 60)))
          | todate) catch .) end;
      def header($name): (.mimeMessage | split("\r\n\r\n")[0] | gsub("\r\n[ \t]+"; " ") | split("\r\n")
        | map(select(ascii_downcase | startswith(($name | ascii_downcase) + ":")))
        | (.[0] // null) | if . == null then null else (sub("^[^:]*:[ \t]*"; "")) end);
      .[] | {to: $to, subject: .subject, language: header("Content-Language"), notice: header("X-Hostmove-Notice"),
             migration: header("X-Hostmove-Migration"), date: (header("Date") | isodate), messageId: header("Message-ID")}'
  done
}

cmd_reset() {
  if ! ready; then
    say "not running: nothing received to forget"
    return 0
  fi
  curl -fsS -X POST "$API/mail/purge" >/dev/null
  say "forgot every received message"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  messages) cmd_messages ;;
  reset) cmd_reset ;;
  *) echo "usage: $0 start|stop|status|messages|reset" >&2; exit 2 ;;
esac
