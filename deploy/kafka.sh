#!/usr/bin/env bash
# Local single-node Apache Kafka (KRaft, combined broker+controller) for Hostmove,
# run straight from Kafka's jars on Maven Central (see deploy/kafka/pom.xml).
#
# Usage: deploy/kafka.sh start|stop|restart|status|reset
#        deploy/kafka.sh topics NAME...        create topics if missing
#        deploy/kafka.sh tool CLASS [ARGS...]   run a Kafka CLI class with the broker's jars,
#            e.g. deploy/kafka.sh tool org.apache.kafka.tools.TopicCommand --bootstrap-server 127.0.0.1:9092 --list
#
# Environment:
#   HOSTMOVE_STATE_DIR               state root (default <repo>/.run); Kafka uses $HOSTMOVE_STATE_DIR/kafka
#   HOSTMOVE_KAFKA_PORT              client listener port     (default 9092)
#   HOSTMOVE_KAFKA_CONTROLLER_PORT   KRaft controller port    (default 9093)
#   HOSTMOVE_KAFKA_PARTITIONS        partitions for `topics`  (default 3)
#   HOSTMOVE_KAFKA_HEAP              broker heap flags        (default "-Xms256m -Xmx768m")
#   HOSTMOVE_KAFKA_START_TIMEOUT     seconds to wait for the broker to serve requests (default 60)
#
# Layout of $HOSTMOVE_STATE_DIR/kafka: lib/ (jars), data/ (log.dirs: metadata + topics),
# cluster-id, server.properties, log4j2*.properties, logs/server.log, kafka.out, kafka.pid.
# `stop` keeps data/, so a later `start` resumes with the same topics, offsets and groups.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck disable=SC2034  # read by say() in lib.sh
HOSTMOVE_TAG=kafka

KAFKA_HOST=127.0.0.1
KAFKA_PORT="${HOSTMOVE_KAFKA_PORT:-9092}"
CONTROLLER_PORT="${HOSTMOVE_KAFKA_CONTROLLER_PORT:-9093}"
PARTITIONS="${HOSTMOVE_KAFKA_PARTITIONS:-3}"
HEAP="${HOSTMOVE_KAFKA_HEAP:--Xms256m -Xmx768m}"
START_TIMEOUT="${HOSTMOVE_KAFKA_START_TIMEOUT:-60}"
BOOTSTRAP="$KAFKA_HOST:$KAFKA_PORT"

POM="$HOSTMOVE_REPO/deploy/kafka/pom.xml"
STATE="$HOSTMOVE_STATE_DIR/kafka"
LIB="$STATE/lib"
DATA="$STATE/data"
LOGS="$STATE/logs"
CONFIG="$STATE/server.properties"
PIDFILE="$STATE/kafka.pid"
OUTFILE="$STATE/kafka.out"
CLUSTER_ID_FILE="$STATE/cluster-id"

# ---------------------------------------------------------------- helpers

lock() {
  mkdir -p "$STATE"
  exec 9>"$STATE/.lock"
  flock -w 120 9 || die "another kafka.sh holds $STATE/.lock"
}

# Fetch the jars once (and again only if deploy/kafka/pom.xml changes).
fetch_jars() {
  local sum; sum="$(sha256sum "$POM" | cut -d' ' -f1)"
  if [[ -f "$LIB/.complete" && "$(cat "$LIB/.complete")" == "$sum" ]]; then return 0; fi
  local mvn=(mvn)
  [[ -x "$HOSTMOVE_REPO/mvnw" ]] && mvn=("$HOSTMOVE_REPO/mvnw")
  say "fetching Kafka jars from Maven Central into $LIB" >&2
  rm -rf "$LIB" && mkdir -p "$LIB"
  if ! (cd "$HOSTMOVE_REPO" && "${mvn[@]}" -q -B -f "$POM" dependency:copy-dependencies \
          -DincludeScope=runtime -DoutputDirectory="$LIB" -DoverWriteIfNewer=true) >&2; then
    rm -rf "$LIB"
    die "could not fetch Kafka jars (${mvn[*]} -f $POM dependency:copy-dependencies)"
  fi
  echo "$sum" >"$LIB/.complete"
}

write_configs() {
  mkdir -p "$DATA" "$LOGS"
  cat >"$CONFIG" <<EOF
# Written by deploy/kafka.sh on every start; edit the script, not this file.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$KAFKA_HOST:$CONTROLLER_PORT
controller.listener.names=CONTROLLER
listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT,CONTROLLER://$KAFKA_HOST:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$DATA

# single node: every internal topic has one replica
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# fewer internal partitions than the default 50: faster first group/transaction use on a dev box
offsets.topic.num.partitions=5
transaction.state.log.num.partitions=5
share.coordinator.state.topic.num.partitions=5

group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
num.partitions=$PARTITIONS
EOF

  cat >"$STATE/log4j2.properties" <<'EOF'
status = warn
appender.file.type = RollingFile
appender.file.name = file
appender.file.fileName = ${sys:kafka.logs.dir}/server.log
appender.file.filePattern = ${sys:kafka.logs.dir}/server.log.%i
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
appender.file.policies.type = Policies
appender.file.policies.size.type = SizeBasedTriggeringPolicy
appender.file.policies.size.size = 20MB
appender.file.strategy.type = DefaultRolloverStrategy
appender.file.strategy.max = 3
rootLogger.level = info
rootLogger.appenderRef.file.ref = file
logger.request.name = kafka.request.logger
logger.request.level = warn
EOF

  cat >"$STATE/tools-log4j2.properties" <<'EOF'
status = warn
appender.err.type = Console
appender.err.name = err
appender.err.target = SYSTEM_ERR
appender.err.layout.type = PatternLayout
appender.err.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = warn
rootLogger.appenderRef.err.ref = err
EOF
}

# Java command for Kafka CLI classes with the broker's jars (small heap, C1 only: starts fast).
JAVA_TOOL=(java -Xms32m -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Djava.awt.headless=true
  -Dlog4j2.configurationFile="$STATE/tools-log4j2.properties" -cp "$LIB/*")

ktool() {
  [[ -f "$STATE/tools-log4j2.properties" ]] || write_configs
  "${JAVA_TOOL[@]}" "$@"
}

# Pid of our broker, or nothing. Trusts the pid file only if that process really is
# kafka.Kafka with our config; otherwise looks for exactly that command line.
broker_pid() {
  local pid="" p
  [[ -f "$PIDFILE" ]] && pid="$(cat "$PIDFILE" 2>/dev/null || true)"
  if [[ "$pid" =~ ^[0-9]+$ ]] && is_our_broker "/proc/$pid"; then
    echo "$pid"; return 0
  fi
  for p in /proc/[0-9]*; do
    if is_our_broker "$p"; then echo "${p#/proc/}"; return 0; fi
  done
  return 0
}

# is_our_broker /proc/PID : that process runs kafka.Kafka with our server.properties.
is_our_broker() {
  { tr '\0' ' ' <"$1/cmdline"; } 2>/dev/null | grep -qF "kafka.Kafka $CONFIG"
}

broker_ready() {
  timeout 20 "${JAVA_TOOL[@]}" org.apache.kafka.tools.TopicCommand \
    --bootstrap-server "$BOOTSTRAP" --list >/dev/null 2>&1
}

show_log() {
  say "last 30 lines of $LOGS/server.log:" >&2
  tail -n 30 "$LOGS/server.log" >&2 2>/dev/null || true
  if [[ -s "$OUTFILE" ]]; then
    say "last 30 lines of $OUTFILE:" >&2
    tail -n 30 "$OUTFILE" >&2
  fi
}

# ---------------------------------------------------------------- commands

cmd_start() {
  lock
  local pid; pid="$(broker_pid)"
  if [[ -n "$pid" ]]; then
    echo "$pid" >"$PIDFILE"
    say "already running (pid $pid, $BOOTSTRAP)"
    return 0
  fi
  rm -f "$PIDFILE"
  if port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
    die "$BOOTSTRAP is already in use by another process (not our broker)"
  fi
  if port_open "$KAFKA_HOST" "$CONTROLLER_PORT"; then
    die "$KAFKA_HOST:$CONTROLLER_PORT is already in use by another process (not our broker)"
  fi
  command -v java >/dev/null || die "java not found (need a JDK 17+)"

  local t0=$SECONDS
  fetch_jars
  write_configs

  if [[ ! -s "$CLUSTER_ID_FILE" ]]; then
    ktool kafka.tools.StorageTool random-uuid >"$CLUSTER_ID_FILE.tmp"
    mv "$CLUSTER_ID_FILE.tmp" "$CLUSTER_ID_FILE"
  fi
  if [[ ! -f "$DATA/meta.properties" ]]; then
    local out
    if ! out="$(ktool kafka.tools.StorageTool format -t "$(cat "$CLUSTER_ID_FILE")" -c "$CONFIG" 2>&1)"; then
      printf '%s\n' "$out" >&2
      die "storage format failed"
    fi
  fi

  : >"$OUTFILE"
  # setsid: own session, so the broker outlives the shell/process group that started it.
  # shellcheck disable=SC2086,SC2016  # HEAP is a list of JVM flags; $$/$0/$@ expand in the child
  nohup setsid bash -c 'echo $$ >"$0"; exec "$@"' "$PIDFILE" \
    java $HEAP -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dkafka.logs.dir="$LOGS" -Dlog4j2.configurationFile="$STATE/log4j2.properties" \
    -cp "$LIB/*" kafka.Kafka "$CONFIG" </dev/null >>"$OUTFILE" 2>&1 9>&- &
  wait_for 10 test -s "$PIDFILE" || true
  pid="$(cat "$PIDFILE" 2>/dev/null || true)"
  [[ -n "$pid" ]] || { show_log; die "broker did not start"; }

  # Ready = the broker answers a metadata request (TopicCommand --list), not just an open port.
  local deadline=$((SECONDS + START_TIMEOUT))
  until port_open "$KAFKA_HOST" "$KAFKA_PORT" && broker_ready; do
    if ! pid_alive "$pid"; then
      rm -f "$PIDFILE"; show_log; die "broker exited during startup"
    fi
    if ((SECONDS >= deadline)); then
      show_log; terminate "$pid"
      die "broker not ready after ${START_TIMEOUT}s, stopped it again (full log: $LOGS/server.log)"
    fi
    sleep 0.5
  done
  say "started (pid $pid, $BOOTSTRAP, ready in $((SECONDS - t0))s)"
}

# terminate PID: TERM, up to 30 s, then KILL.
terminate() {
  local pid="$1"
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_for 30 pid_dead "$pid"; then
    say "pid $pid ignored TERM for 30s, killing" >&2
    kill -KILL "$pid" 2>/dev/null || true
    wait_for 10 pid_dead "$pid" || die "pid $pid survived KILL"
  fi
  rm -f "$PIDFILE"
}

cmd_stop() {
  lock
  local pid; pid="$(broker_pid)"
  if [[ -z "$pid" ]]; then
    rm -f "$PIDFILE"
    say "not running"
    return 0
  fi
  local t0=$SECONDS
  terminate "$pid"
  say "stopped (pid $pid, $((SECONDS - t0))s)"
}

cmd_status() {
  local pid; pid="$(broker_pid)"
  if [[ -n "$pid" ]] && port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
    say "running (pid $pid, $BOOTSTRAP)"
    return 0
  fi
  if [[ -n "$pid" ]]; then say "process $pid is up but $BOOTSTRAP does not answer"
  else say "not running"; fi
  return 1
}

cmd_topics() {
  (($# > 0)) || die "usage: kafka.sh topics NAME..."
  [[ -n "$(broker_pid)" ]] || die "broker is not running (deploy/kafka.sh start)"
  local t out
  for t in "$@"; do
    if ! out="$(ktool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" \
                  --create --if-not-exists --topic "$t" \
                  --partitions "$PARTITIONS" --replication-factor 1 2>&1)"; then
      printf '%s\n' "$out" >&2
      die "could not create topic $t"
    fi
  done
  say "topics ready: $* ($PARTITIONS partitions when created)"
}

cmd_reset() {
  cmd_stop
  rm -rf "$DATA" "$LOGS" "$CLUSTER_ID_FILE" "$CONFIG" "$OUTFILE" "$PIDFILE" \
    "$STATE/log4j2.properties" "$STATE/tools-log4j2.properties"
  say "reset: deleted broker data under $STATE (jars kept)"
}

case "${1:-}" in
  start)   cmd_start ;;
  stop)    cmd_stop ;;
  restart) cmd_stop; cmd_start ;;
  status)  cmd_status ;;
  topics)  shift; cmd_topics "$@" ;;
  reset)   cmd_reset ;;
  tool)    shift; (($# > 0)) || die "usage: kafka.sh tool CLASS [ARGS...]"
           [[ -f "$LIB/.complete" ]] || fetch_jars
           ktool "$@" ;;
  *) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
