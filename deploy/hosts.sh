#!/usr/bin/env bash
# Two simulated hosting servers on this machine for the transfer-service: "old" on 127.0.0.2 and
# "new" on 127.0.0.3, each with its own OpenSSH server, nginx, MariaDB and PostgreSQL.
#
# Usage: deploy/hosts.sh start|stop|restart|status|reload|reset
#        deploy/hosts.sh seed ACCOUNT...       (re)create sample accounts on the OLD host, empty homes on NEW
#                                              (accounts: nordlys sonnenschein lumiere)
#        deploy/hosts.sh fingerprint old|new   host key fingerprint as ssh-keygen -lf prints it (SHA256:...)
#
# Environment:
#   HOSTMOVE_HOSTS_ROOT           the hosts' filesystems: $ROOT/old and $ROOT/new (default /srv/hostmove)
#   HOSTMOVE_HOSTS_SSH_PORT       sshd port on both addresses      (default 2222)
#   HOSTMOVE_HOSTS_HTTP_PORT      nginx port                       (default 8088)
#   HOSTMOVE_HOSTS_MARIADB_PORT   MariaDB port                     (default 3306)
#   HOSTMOVE_HOSTS_PG_PORT        PostgreSQL port                  (default 5432)
#   HOSTMOVE_HOSTS_START_TIMEOUT  seconds to wait for each server  (default 60)
#   HOSTMOVE_SEED_SCALE           multiplies seeded files, mails and rows (default 1)
#   HOSTMOVE_STATE_DIR            state root (default <repo>/.run); this script uses $HOSTMOVE_STATE_DIR/hosts
#
# Logging in: the transfer-service's key is $STATE/client/id_ed25519 (user root); $STATE/client/known_hosts
# pins both host keys; `ssh -F $STATE/client/ssh_config old|new` works too. Sessions get (sshd SetEnv)
# MYSQL_HOST, MYSQL_TCP_PORT, MYSQL_UNIX_PORT, MYSQL_HOME (a my.cnf with that host's [client] settings,
# which mariadb-dump and mydumper need: unlike mariadb they ignore MYSQL_HOST), PGHOST, PGPORT,
# PGUSER=postgres, HOSTMOVE_HOST=old|new and HOSTMOVE_WEB_ROOT=$ROOT/<side>, so mariadb, mariadb-dump,
# psql and pg_dump reach that host's own servers without arguments. MariaDB: root with no password from
# 127.0.0.0/8; PostgreSQL: postgres trusted, other roles by password.
#
# Layout of $STATE (= $HOSTMOVE_STATE_DIR/hosts): client/ (key, known_hosts, ssh_config), accounts/<name>.env
# (what seed created, with the database password), old/ and new/ (ssh/, nginx/, mariadb/, postgres/, logs/).
# Maintenance mode of a site: touch $ROOT/<side>/etc/maintenance/<domain> (503 + $ROOT/<side>/etc/maintenance.html).
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck disable=SC2034  # read by say() in lib.sh
HOSTMOVE_TAG=hosts

ROOT="${HOSTMOVE_HOSTS_ROOT:-/srv/hostmove}"
SSH_PORT="${HOSTMOVE_HOSTS_SSH_PORT:-2222}"
HTTP_PORT="${HOSTMOVE_HOSTS_HTTP_PORT:-8088}"
MARIADB_PORT="${HOSTMOVE_HOSTS_MARIADB_PORT:-3306}"
PG_PORT="${HOSTMOVE_HOSTS_PG_PORT:-5432}"
START_TIMEOUT="${HOSTMOVE_HOSTS_START_TIMEOUT:-60}"
SCALE="${HOSTMOVE_SEED_SCALE:-1}"

STATE="$HOSTMOVE_STATE_DIR/hosts"
CLIENT="$STATE/client"
SIDES=(old new)
ACCOUNTS=(nordlys sonnenschein lumiere)
SSHD=/usr/sbin/sshd
MARIADBD=/usr/sbin/mariadbd

umask 022

# ---------------------------------------------------------------- checks and helpers

check_settings() {
  local v
  local -A env=([SSH_PORT]=HOSTMOVE_HOSTS_SSH_PORT [HTTP_PORT]=HOSTMOVE_HOSTS_HTTP_PORT
    [MARIADB_PORT]=HOSTMOVE_HOSTS_MARIADB_PORT [PG_PORT]=HOSTMOVE_HOSTS_PG_PORT
    [START_TIMEOUT]=HOSTMOVE_HOSTS_START_TIMEOUT [SCALE]=HOSTMOVE_SEED_SCALE)
  for v in "${!env[@]}"; do
    [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "${env[$v]} must be a positive integer (got '${!v}')"
  done
  # The paths end up unquoted in sshd_config, nginx.conf and my.cnf: keep them plain.
  [[ "$ROOT" =~ ^/[A-Za-z0-9._/+-]*$ ]] || die "HOSTMOVE_HOSTS_ROOT must be an absolute path of [A-Za-z0-9._/+-] (got '$ROOT')"
  [[ "$STATE" =~ ^/[A-Za-z0-9._/+-]*$ ]] || die "HOSTMOVE_STATE_DIR must be a path of [A-Za-z0-9._/+-] (got '$HOSTMOVE_STATE_DIR')"
  ROOT="$(realpath -m "$ROOT")"
  [[ "$ROOT" != / ]] || die "HOSTMOVE_HOSTS_ROOT must not be /"
}

need_root() { [[ $EUID -eq 0 ]] || die "run as root (starts sshd/nginx/databases, creates Unix users)"; }

lock() {
  mkdir -p "$STATE"
  exec 9>"$STATE/.lock"
  flock -w 300 9 || die "another hosts.sh holds $STATE/.lock"
}

ip_of() { case "$1" in old) echo 127.0.0.2 ;; new) echo 127.0.0.3 ;; *) die "no host '$1' (old|new)" ;; esac; }

# use_side old|new : set the per-host paths below.
use_side() {
  SIDE="$1"
  IP="$(ip_of "$SIDE")"
  HROOT="$ROOT/$SIDE"
  S="$STATE/$SIDE"
  LOGS="$S/logs"
  HOSTKEY="$S/ssh/ssh_host_ed25519_key"
  AUTHKEYS="$S/ssh/authorized_keys"
  SSHD_CONF="$S/ssh/sshd_config"
  SSHD_PID="$S/ssh/sshd.pid"
  NGINX_DIR="$S/nginx"
  NGINX_CONF="$NGINX_DIR/nginx.conf"
  NGINX_PID="$NGINX_DIR/nginx.pid"
  MY_DIR="$S/mariadb"
  MY_CNF="$MY_DIR/my.cnf"
  MY_DATA="$MY_DIR/data"
  MY_PID="$MY_DIR/mariadbd.pid"
  MY_CLIENT_HOME="$S/mysql-home"      # MYSQL_HOME of ssh sessions: $MYSQL_HOME/my.cnf
  PG_DIR="$S/postgres"
  PG_DATA="$PG_DIR/data"
  PG_LOG="$LOGS/postgres.log"
  # Unix sockets: sun_path holds 107 bytes; a deep state dir gets them under /run instead.
  local sockbase="$S"
  if ((${#S} > 75)); then
    sockbase="/run/hostmove-hosts/$(printf '%s' "$STATE" | cksum | cut -d' ' -f1)/$SIDE"
  fi
  MY_SOCKDIR="$sockbase/mariadb"
  MY_SOCK="$MY_SOCKDIR/mariadb.sock"
  PG_SOCKDIR="$sockbase/postgres"
}

pg_bindir() {
  local found=() d
  for d in /usr/lib/postgresql/*/bin; do [[ -x "$d/initdb" ]] && found+=("$d"); done
  ((${#found[@]})) || return 0
  printf '%s\n' "${found[@]}" | sort -V | tail -n 1
}

# cmdline_has PID TEXT : /proc/PID/cmdline (args joined by spaces) contains TEXT.
cmdline_has() {
  local -a args
  mapfile -d '' -t args 2>/dev/null <"/proc/$1/cmdline" || return 1
  [[ "${args[*]}" == *"$2"* ]]
}

# daemon_pid PIDFILE TEXT : pid of the process whose command line contains TEXT (the pid file
# is trusted only if its process matches), or nothing.
daemon_pid() {
  local pid="" p
  [[ -f "$1" ]] && pid="$(head -n 1 "$1" 2>/dev/null || true)"
  if [[ "$pid" =~ ^[0-9]+$ ]] && cmdline_has "$pid" "$2"; then echo "$pid"; return 0; fi
  for p in /proc/[0-9]*; do
    if cmdline_has "${p#/proc/}" "$2"; then echo "${p#/proc/}"; return 0; fi
  done
  return 0
}

sshd_pid()     { daemon_pid "$SSHD_PID" "$SSHD -f $SSHD_CONF"; }
nginx_pid()    { daemon_pid "$NGINX_PID" "master process nginx -c $NGINX_CONF"; }
mariadb_pid()  { daemon_pid "$MY_PID" "mariadbd --defaults-file=$MY_CNF"; }
postgres_pid() { daemon_pid "$PG_DATA/postmaster.pid" "/postgres -D $PG_DATA"; }

# gone PID : the process has exited (a zombie counts: init may reap it only seconds later).
gone() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 0
  stat="${stat##*) }"
  [[ "${stat:0:1}" == Z ]]
}

# terminate PID SIGNAL : send SIGNAL, wait up to 60 s, then KILL.
terminate() {
  local pid="$1" sig="$2" deadline=$((SECONDS + 60))
  kill "-$sig" "$pid" 2>/dev/null || return 0
  until gone "$pid"; do
    if ((SECONDS >= deadline)); then
      say "pid $pid ignored $sig for 60s, killing" >&2
      kill -KILL "$pid" 2>/dev/null || true
      wait_for 10 gone "$pid" || die "pid $pid survived KILL"
      return 0
    fi
    sleep 0.1
  done
}

show_log() {
  say "last 20 lines of $1:" >&2
  tail -n 20 "$1" >&2 2>/dev/null || true
}

# my_root : MariaDB client as root over the current host's socket (no option files; after use_side).
my_root() { mariadb --no-defaults -S "$MY_SOCK" -u root "$@"; }
# pg_super : psql as postgres over the current host's socket (after use_side).
pg_super() { PGOPTIONS='-c client_min_messages=warning' psql -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCKDIR" -p "$PG_PORT" -U postgres "$@"; }

mariadb_ready() { mariadb-admin --no-defaults -S "$MY_SOCK" -u root --connect-timeout=2 ping; }
postgres_ready() { pg_isready -q -h "$IP" -p "$PG_PORT"; }

# ensure_traversable DIR USER : USER can reach DIR (adds o+x to the directories on the way that
# stop it, e.g. a mktemp -d).
ensure_traversable() {
  local dir="$1" user="$2" d="" part
  runuser -u "$user" -- test -x "$dir" && return 0
  local -a parts
  IFS=/ read -r -a parts <<<"${dir#/}"
  for part in "${parts[@]}"; do
    d+="/$part"
    if ! runuser -u "$user" -- test -x "$d"; then
      chmod o+x "$d"
      say "added o+x to $d so that $user can reach $dir"
    fi
  done
}

# ---------------------------------------------------------------- packages

# Installs what is missing with apt-get; no service starts during the install (policy-rc.d),
# so nothing binds outside loopback (Debian's sshd would listen on *:22, nginx on *:80).
ensure_packages() {
  local need=()
  [[ -x "$SSHD" ]] || need+=(openssh-server)
  { command -v ssh >/dev/null && command -v ssh-keygen >/dev/null; } || need+=(openssh-client)
  command -v nginx >/dev/null || need+=(nginx-light)
  command -v rsync >/dev/null || need+=(rsync)
  { [[ -x "$MARIADBD" ]] && command -v mariadb-install-db >/dev/null; } || need+=(mariadb-server)
  { command -v mariadb >/dev/null && command -v mariadb-dump >/dev/null; } || need+=(mariadb-client)
  [[ -n "$(pg_bindir)" ]] || need+=(postgresql)
  command -v psql >/dev/null || need+=(postgresql-client)
  local want_mydumper=0
  if ! command -v mydumper >/dev/null && [[ ! -e "$STATE/.mydumper-tried" ]]; then want_mydumper=1; fi
  ((${#need[@]} + want_mydumper)) || return 0

  export DEBIAN_FRONTEND=noninteractive
  local log="$STATE/apt.log" guard=0 rc=0
  mkdir -p "$STATE"
  : >"$log"
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\n# deploy/hosts.sh: no service starts while it installs packages\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    guard=1
  fi
  if ((${#need[@]})); then
    say "installing ${need[*]} (apt-get)"
    apt-get update -qq >>"$log" 2>&1 || rc=$?
    if ((rc == 0)); then
      apt-get install -y -qq "${need[@]}" >>"$log" 2>&1 || rc=$?
    fi
  fi
  if ((rc == 0 && want_mydumper)); then
    touch "$STATE/.mydumper-tried"
    local candidate
    candidate="$(apt-cache policy mydumper 2>/dev/null | sed -n 's/^ *Candidate: *//p')"
    if [[ -n "$candidate" && "$candidate" != "(none)" ]]; then
      apt-get install -y -qq mydumper >>"$log" 2>&1 || say "could not install mydumper (optional; see $log)"
    else
      say "mydumper is not available from apt (optional)"
    fi
  fi
  if ((guard)); then rm -f /usr/sbin/policy-rc.d; fi
  if ((rc != 0)); then show_log "$log"; die "apt-get failed (full log: $log)"; fi
  if ((${#need[@]})); then
    if ! [[ -x "$SSHD" && -x "$MARIADBD" && -n "$(pg_bindir)" ]] || ! command -v nginx >/dev/null; then
      die "packages still missing after apt-get (see $log)"
    fi
  fi
}

# ---------------------------------------------------------------- keys and configs

ensure_keys() {
  mkdir -p "$CLIENT" "$STATE/old/ssh" "$STATE/new/ssh"
  chmod 755 "$STATE" "$STATE/old" "$STATE/new"
  chmod 700 "$CLIENT" "$STATE/old/ssh" "$STATE/new/ssh"
  if [[ ! -s "$CLIENT/id_ed25519" || ! -s "$CLIENT/id_ed25519.pub" ]]; then
    rm -f "$CLIENT/id_ed25519" "$CLIENT/id_ed25519.pub"
    ssh-keygen -q -t ed25519 -N '' -C "hostmove-transfer-service" -f "$CLIENT/id_ed25519" </dev/null
  fi
  local side
  for side in "${SIDES[@]}"; do
    use_side "$side"
    if [[ ! -s "$HOSTKEY" || ! -s "$HOSTKEY.pub" ]]; then
      rm -f "$HOSTKEY" "$HOSTKEY.pub"
      ssh-keygen -q -t ed25519 -N '' -C "hostmove-$side" -f "$HOSTKEY" </dev/null
    fi
  done
}

write_client_files() {
  local side known="" cfg="# Written by deploy/hosts.sh on every start. Use: ssh -F $CLIENT/ssh_config old|new"$'\n'
  for side in "${SIDES[@]}"; do
    use_side "$side"
    # the service's key, keeping lines others added (e.g. a migration's restricted pull key)
    { grep -vF ' hostmove-transfer-service' "$AUTHKEYS" 2>/dev/null || true; cat "$CLIENT/id_ed25519.pub"; } >"$AUTHKEYS.tmp"
    chmod 600 "$AUTHKEYS.tmp"
    mv "$AUTHKEYS.tmp" "$AUTHKEYS"
    known+="[$IP]:$SSH_PORT $(cut -d' ' -f1,2 "$HOSTKEY.pub")"$'\n'
    cfg+="
Host $side hostmove-$side
  HostName $IP
  Port $SSH_PORT
  User root
  IdentityFile $CLIENT/id_ed25519
  IdentitiesOnly yes
  UserKnownHostsFile $CLIENT/known_hosts
  StrictHostKeyChecking yes
"
  done
  printf '%s' "$known" >"$CLIENT/known_hosts"
  printf '%s' "$cfg" >"$CLIENT/ssh_config"
  chmod 600 "$CLIENT/known_hosts" "$CLIENT/ssh_config"
}

# Directories of one host (state and filesystem) with the owners the servers need.
ensure_dirs() {
  mkdir -p "$LOGS" "$NGINX_DIR/tmp" "$MY_CLIENT_HOME" "$HROOT/home" "$HROOT/etc/nginx/sites" "$HROOT/etc/maintenance"
  install -d -o mysql -g mysql -m 750 "$MY_DIR" "$MY_SOCKDIR"
  install -d -o postgres -g postgres -m 700 "$PG_DIR" "$PG_SOCKDIR"
  install -d -o www-data -g www-data -m 700 "$NGINX_DIR/tmp"
  chmod 755 "$S" "$LOGS" "$HROOT" "$HROOT/home" "$HROOT/etc" "$HROOT/etc/nginx" "$HROOT/etc/nginx/sites" "$HROOT/etc/maintenance"
  local f
  for f in "$LOGS/mariadb.log" "$PG_LOG"; do [[ -e "$f" ]] || : >"$f"; done
  chown mysql:mysql "$LOGS/mariadb.log"
  chown postgres:postgres "$PG_LOG"
  if [[ ! -e "$HROOT/etc/maintenance.html" ]]; then
    cat >"$HROOT/etc/maintenance.html" <<'EOF'
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Moving to a new server</title></head>
<body>
<h1>Back in a few minutes</h1>
<p>This site is being moved to a new server and will be back in a few minutes.</p>
</body>
</html>
EOF
  fi
}

write_sshd_config() {
  cat >"$SSHD_CONF" <<EOF
# Written by deploy/hosts.sh on every start; edit the script, not this file.
ListenAddress $IP:$SSH_PORT
AddressFamily inet
HostKey $HOSTKEY
PidFile $SSHD_PID
AuthorizedKeysFile $AUTHKEYS
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
# the state dir may sit under a group/world-writable directory such as /tmp
StrictModes no
UseDNS no
PrintMotd no
PrintLastLog no
X11Forwarding no
AllowTcpForwarding yes
AllowAgentForwarding yes
PermitUserEnvironment no
MaxSessions 64
MaxStartups 64:30:128
ClientAliveInterval 30
LogLevel INFO
Subsystem sftp internal-sftp
# SHLVL=1: bash then skips root's ~/.bashrc (which on a developer's machine may run pyenv and the like: 0.1 s per
# command, and a lock that a killed session leaves behind), so each host runs commands as a clean server would.
SetEnv "SHLVL=1" "HOSTMOVE_HOST=$SIDE" "HOSTMOVE_WEB_ROOT=$HROOT" "MYSQL_HOST=$IP" "MYSQL_TCP_PORT=$MARIADB_PORT" "MYSQL_UNIX_PORT=$MY_SOCK" "MYSQL_HOME=$MY_CLIENT_HOME" "PGHOST=$IP" "PGPORT=$PG_PORT" "PGUSER=postgres"
EOF
}

write_nginx_config() {
  printf '# Written by deploy/hosts.sh on every start; included by every server block of this host.\nlisten %s:%s;\n' \
    "$IP" "$HTTP_PORT" >"$NGINX_DIR/listen.conf"
  cat >"$NGINX_CONF" <<EOF
# Written by deploy/hosts.sh on every start; edit the script, not this file.
# Sites: $HROOT/etc/nginx/sites/*.conf (written by hosts.sh seed); "include listen.conf" there
# resolves next to this file.
user www-data;
worker_processes 1;
pid $NGINX_PID;
error_log $LOGS/nginx-error.log warn;

events { worker_connections 512; }

http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $LOGS/nginx-access.log;
    sendfile on;
    server_tokens off;
    client_body_temp_path $NGINX_DIR/tmp/body;
    proxy_temp_path $NGINX_DIR/tmp/proxy;
    fastcgi_temp_path $NGINX_DIR/tmp/fastcgi;
    uwsgi_temp_path $NGINX_DIR/tmp/uwsgi;
    scgi_temp_path $NGINX_DIR/tmp/scgi;

    # unknown Host: 404 (first server for the address, so the default one)
    server {
        include listen.conf;
        server_name _;
        return 404;
    }

    include $HROOT/etc/nginx/sites/*.conf;
}
EOF
}

write_mariadb_config() {
  cat >"$MY_CNF" <<EOF
# Written by deploy/hosts.sh on every start; edit the script, not this file.
[mysqld]
user = mysql
datadir = $MY_DATA
socket = $MY_SOCK
pid-file = $MY_PID
log-error = $LOGS/mariadb.log
bind-address = $IP
port = $MARIADB_PORT
skip-name-resolve
skip-external-locking
character-set-server = utf8mb4
collation-server = utf8mb4_unicode_ci
performance_schema = OFF
innodb_buffer_pool_size = 128M
innodb_log_file_size = 64M
innodb_flush_log_at_trx_commit = 2
max_allowed_packet = 64M
max_connections = 100
EOF
  cat >"$MY_CLIENT_HOME/my.cnf" <<EOF
# Written by deploy/hosts.sh on every start. MYSQL_HOME of ssh sessions on the $SIDE host, so that
# mariadb-dump, mariadb-admin and mydumper (which ignore MYSQL_HOST) reach this host's MariaDB.
[client]
host = $IP
port = $MARIADB_PORT
socket = $MY_SOCK
user = root
EOF
}

write_postgres_config() {
  cat >"$PG_DATA/hostmove.conf" <<EOF
# Written by deploy/hosts.sh on every start; included from postgresql.conf.
listen_addresses = '$IP'
port = $PG_PORT
unix_socket_directories = '$PG_SOCKDIR'
max_connections = 50
shared_buffers = 64MB
synchronous_commit = off
max_wal_size = 512MB
log_line_prefix = '%m [%p] %q%u@%d '
EOF
  cat >"$PG_DATA/pg_hba.conf" <<'EOF'
# Written by deploy/hosts.sh on every start: postgres is trusted (local test instance), other roles by password.
local   all   all                    trust
host    all   postgres   127.0.0.0/8  trust
host    all   all        127.0.0.0/8  scram-sha-256
EOF
  chown postgres:postgres "$PG_DATA/hostmove.conf" "$PG_DATA/pg_hba.conf"
  grep -q "^include_if_exists = 'hostmove.conf'" "$PG_DATA/postgresql.conf" \
    || echo "include_if_exists = 'hostmove.conf'" >>"$PG_DATA/postgresql.conf"
}

# ---------------------------------------------------------------- servers of one host

port_free_or_die() {
  if port_open "$IP" "$1"; then
    die "$IP:$1 ($2 of the $SIDE host) is already in use by another process (set $3)"
  fi
}

start_mariadb() {
  if [[ -n "$(mariadb_pid)" ]]; then return 0; fi
  port_free_or_die "$MARIADB_PORT" MariaDB HOSTMOVE_HOSTS_MARIADB_PORT
  if [[ ! -d "$MY_DATA/mysql" ]]; then
    rm -rf "$MY_DATA"
    install -d -o mysql -g mysql -m 750 "$MY_DATA"
    if ! mariadb-install-db --defaults-file="$MY_CNF" --auth-root-authentication-method=normal \
           --skip-test-db >"$LOGS/mariadb-install-db.log" 2>&1 9>&-; then
      show_log "$LOGS/mariadb-install-db.log"; rm -rf "$MY_DATA"
      die "mariadb-install-db failed for the $SIDE host"
    fi
  fi
  rm -f "$MY_SOCK"
  # subshell + &: the server is not our child (no zombie when restart stops it again)
  ( nohup setsid "$MARIADBD" --defaults-file="$MY_CNF" </dev/null >>"$LOGS/mariadb.log" 2>&1 9>&- & )
  STARTED+=(mariadb)
}

wait_mariadb() {
  local deadline=$((SECONDS + START_TIMEOUT))
  until mariadb_ready >/dev/null 2>&1 && port_open "$IP" "$MARIADB_PORT"; do
    if ((SECONDS >= deadline)); then
      show_log "$LOGS/mariadb.log"; die "MariaDB of the $SIDE host not ready after ${START_TIMEOUT}s"
    fi
    sleep 0.3
  done
  # root without password from 127.0.0.0/8 (TCP) and the socket; no other root, no anonymous users
  my_root <<SQL
CREATE USER IF NOT EXISTS 'root'@'127.%';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.%' WITH GRANT OPTION;
DROP USER IF EXISTS ''@'localhost', ''@'$(hostname)', 'root'@'$(hostname)', 'root'@'::1';
SQL
}

start_postgres() {
  if [[ -n "$(postgres_pid)" ]]; then return 0; fi
  port_free_or_die "$PG_PORT" PostgreSQL HOSTMOVE_HOSTS_PG_PORT
  local bin; bin="$(pg_bindir)"
  if [[ ! -s "$PG_DATA/PG_VERSION" ]]; then
    rm -rf "$PG_DATA"
    install -d -o postgres -g postgres -m 700 "$PG_DATA"
    if ! runuser -u postgres -- "$bin/initdb" -D "$PG_DATA" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
           --no-sync >"$LOGS/initdb.log" 2>&1 9>&-; then
      show_log "$LOGS/initdb.log"; rm -rf "$PG_DATA"
      die "initdb failed for the $SIDE host"
    fi
  fi
  write_postgres_config
  if ! runuser -u postgres -- "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t "$START_TIMEOUT" -s start \
         >>"$LOGS/pg_ctl.log" 2>&1 9>&-; then
    show_log "$PG_LOG"; die "PostgreSQL of the $SIDE host did not start"
  fi
  STARTED+=(postgres)
}

start_sshd() {
  if [[ -n "$(sshd_pid)" ]]; then return 0; fi
  port_free_or_die "$SSH_PORT" sshd HOSTMOVE_HOSTS_SSH_PORT
  mkdir -p /run/sshd && chmod 755 /run/sshd   # privilege separation directory
  local out
  out="$("$SSHD" -t -f "$SSHD_CONF" 2>&1)" || { printf '%s\n' "$out" >&2; die "bad $SSHD_CONF"; }
  rm -f "$SSHD_PID"
  "$SSHD" -f "$SSHD_CONF" -E "$LOGS/sshd.log" 9>&- || { show_log "$LOGS/sshd.log"; die "sshd of the $SIDE host did not start"; }
  STARTED+=(sshd)
}

nginx_test() {
  local out
  out="$(nginx -t -q -c "$NGINX_CONF" -e "$LOGS/nginx-error.log" 2>&1)" \
    || { printf '%s\n' "$out" >&2; die "nginx config of the $SIDE host is invalid ($NGINX_CONF)"; }
}

start_nginx() {
  if [[ -n "$(nginx_pid)" ]]; then return 0; fi
  port_free_or_die "$HTTP_PORT" nginx HOSTMOVE_HOSTS_HTTP_PORT
  nginx_test
  rm -f "$NGINX_PID"
  nginx -c "$NGINX_CONF" -e "$LOGS/nginx-error.log" 9>&- || { show_log "$LOGS/nginx-error.log"; die "nginx of the $SIDE host did not start"; }
  STARTED+=(nginx)
}

start_side() {
  use_side "$1"
  local t0=$SECONDS
  STARTED=()
  ensure_dirs
  ensure_traversable "$MY_DIR" mysql
  ensure_traversable "$PG_DIR" postgres
  ensure_traversable "$HROOT/home" www-data
  write_sshd_config
  write_nginx_config
  write_mariadb_config
  start_mariadb
  start_postgres
  start_sshd
  start_nginx
  wait_mariadb
  wait_for "$START_TIMEOUT" postgres_ready || { show_log "$PG_LOG"; die "PostgreSQL of the $SIDE host does not answer on $IP:$PG_PORT"; }
  wait_for "$START_TIMEOUT" port_open "$IP" "$SSH_PORT" || { show_log "$LOGS/sshd.log"; die "sshd of the $SIDE host does not answer on $IP:$SSH_PORT"; }
  wait_for "$START_TIMEOUT" port_open "$IP" "$HTTP_PORT" || { show_log "$LOGS/nginx-error.log"; die "nginx of the $SIDE host does not answer on $IP:$HTTP_PORT"; }
  if ((${#STARTED[@]} == 0)); then
    say "$SIDE host already running ($IP: ssh $SSH_PORT, http $HTTP_PORT, mariadb $MARIADB_PORT, postgres $PG_PORT)"
  else
    say "$SIDE host up ($IP: ssh $SSH_PORT, http $HTTP_PORT, mariadb $MARIADB_PORT, postgres $PG_PORT; started ${STARTED[*]} in $((SECONDS - t0))s)"
  fi
}

stop_side() {
  use_side "$1"
  local t0=$SECONDS stopped=() pid
  pid="$(nginx_pid)";    if [[ -n "$pid" ]]; then terminate "$pid" QUIT; stopped+=(nginx); fi
  pid="$(sshd_pid)";     if [[ -n "$pid" ]]; then terminate "$pid" TERM; stopped+=(sshd); fi
  pid="$(mariadb_pid)";  if [[ -n "$pid" ]]; then terminate "$pid" TERM; stopped+=(mariadb); fi
  pid="$(postgres_pid)"; if [[ -n "$pid" ]]; then terminate "$pid" INT;  stopped+=(postgres); fi   # INT: fast shutdown
  rm -f "$NGINX_PID" "$SSHD_PID" "$MY_PID"
  if ((${#stopped[@]})); then say "$SIDE host stopped (${stopped[*]}, $((SECONDS - t0))s)"
  else say "$SIDE host not running"; fi
}

reload_nginx() {
  local side pid
  for side in "${SIDES[@]}"; do
    use_side "$side"
    pid="$(nginx_pid)"
    [[ -n "$pid" ]] || continue
    nginx_test
    kill -HUP "$pid"
  done
}

# ---------------------------------------------------------------- commands

cmd_start() {
  need_root
  lock
  ensure_packages
  ensure_keys
  write_client_files
  local side
  for side in "${SIDES[@]}"; do start_side "$side"; done
}

cmd_stop() {
  lock
  local side
  for side in "${SIDES[@]}"; do stop_side "$side"; done
}

cmd_status() {
  local side all=0 name pid port line
  for side in "${SIDES[@]}"; do
    use_side "$side"
    line=""
    for name in sshd nginx mariadb postgres; do
      case "$name" in
        sshd) port="$SSH_PORT" ;; nginx) port="$HTTP_PORT" ;;
        mariadb) port="$MARIADB_PORT" ;; postgres) port="$PG_PORT" ;;
      esac
      pid="$("${name}_pid")"
      if [[ -n "$pid" ]] && port_open "$IP" "$port"; then line+=" $name up,"
      else line+=" $name down,"; all=1; fi
    done
    say "$side $IP:${line%,}"
  done
  return "$all"
}

cmd_reload() {
  reload_nginx
  say "nginx reloaded"
}

cmd_fingerprint() {
  [[ "${1:-}" == old || "${1:-}" == new ]] || die "usage: hosts.sh fingerprint old|new"
  use_side "$1"
  if [[ ! -s "$HOSTKEY.pub" ]]; then need_root; lock; ensure_keys; use_side "$1"; fi
  ssh-keygen -lf "$HOSTKEY.pub" | cut -d' ' -f2
}

cmd_reset() {
  case "$ROOT" in
    *hostmove*) ;;
    *) die "refusing to delete $ROOT/{old,new}: HOSTMOVE_HOSTS_ROOT must contain 'hostmove'" ;;
  esac
  need_root
  cmd_stop
  local side sockbase
  for side in "${SIDES[@]}"; do
    use_side "$side"
    sockbase="$(dirname "$(dirname "$MY_SOCKDIR")")"   # /run/hostmove-hosts/<hash> for a deep state dir
    if [[ "$sockbase" == /run/hostmove-hosts/* ]]; then rm -rf "$sockbase"; rmdir /run/hostmove-hosts 2>/dev/null || true; fi
  done
  rm -rf "${ROOT:?}/old" "${ROOT:?}/new" "${STATE:?}"
  rmdir "$ROOT" 2>/dev/null || true
  say "reset: deleted $ROOT/old, $ROOT/new and $STATE"
}

# ---------------------------------------------------------------- seed

randpw() {
  local chars='ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789_-.!#%+@' s="" i
  for ((i = 0; i < 20; i++)); do s+="${chars:SRANDOM % ${#chars}:1}"; done
  printf '%s' "$s"
}

# site_conf SIDE ACCOUNT DOCROOT DOMAIN [ALIAS...] : nginx server block of one site on one host.
site_conf() {
  local side="$1" user="$2" docroot="$3" domain="$4"; shift 4
  local hroot="$ROOT/$side"
  cat >"$hroot/etc/nginx/sites/$domain.conf" <<EOF
# Site $domain of account $user on the $side host (written by deploy/hosts.sh seed $user).
server {
    include listen.conf;
    server_name $domain${*:+ $*};
    root $hroot/home/$user/$docroot;
    index index.html index.htm;

    # maintenance: touch $hroot/etc/maintenance/$domain (or the name asked for, e.g. www.)
    error_page 503 /.hostmove-maintenance.html;
    location = /.hostmove-maintenance.html {
        internal;
        alias $hroot/etc/maintenance.html;
        add_header Retry-After 300 always;
        add_header Cache-Control no-store always;
    }

    location / {
        if (-f $hroot/etc/maintenance/$domain) { return 503; }
        if (-f $hroot/etc/maintenance/\$host) { return 503; }
        # static only: no PHP source or dot files
        if (\$uri ~ "(\\.php|/\\.[^/]*)\$") { return 403; }
    }
}
EOF
}

# mails DIR COUNT ADDRESS : a maildir with COUNT RFC 822 messages (1 in 5 unread in new/).
mails() {
  local LC_ALL=C   # byte lengths for S=, English day/month names
  local dir="$1" count="$2" to="$3" i ts date from subj msg name
  local senders=('Ingrid Solberg <ingrid.solberg@example.net>' 'Jürgen Müller <j.mueller@example.org>'
    'Camille Dubois <camille@example.fr>' 'Ola Nordmann <ola@example.no>' 'Anna Schäfer <anna.schaefer@example.de>')
  local subjects=('Bestilling til lørdag' 'Frage zur Bestellung' 'Demande de devis' 'Re: Levering' 'Rechnung 2024-117'
    'Kake til bursdag' 'Öffnungszeiten an Feiertagen' 'Merci beaucoup !')
  mkdir -p "$dir/cur" "$dir/new" "$dir/tmp"
  for ((i = 1; i <= count; i++)); do
    ts=$((1700000000 + i * 86413))
    printf -v date '%(%a, %d %b %Y %H:%M:%S +0000)T' "$ts"
    from="${senders[i % ${#senders[@]}]}"
    subj="$(q_encode "${subjects[i % ${#subjects[@]}]}")"
    msg="Return-Path: <${from#*<}
Delivered-To: $to
Received: from mx.example.net (mx.example.net [192.0.2.$((i % 250 + 1))])
	by oldhost.example with ESMTPS id $ts-$i
	for <$to>; $date
Date: $date
From: $from
To: <$to>
Subject: $subj
Message-ID: <$ts.$i.hostmove@example.net>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Hei / Hallo / Bonjour,

dette er melding nummer $i til $to. Wir hätten gern 12 Brötchen und einen Kuchen
für Samstag. Merci d'avance et à bientôt.

Beste hilsen
${from%% <*}
"
    name="$ts.M$((i * 7919 % 1000000))P$((4000 + i))Q$i.oldhost,S=${#msg}"
    if ((i % 5 == 0)); then printf '%s' "$msg" >"$dir/new/$name"
    else printf '%s' "$msg" >"$dir/cur/$name:2,S"; fi
  done
}

# q_encode TEXT : RFC 2047 Q-encoded UTF-8 word.
q_encode() {
  local LC_ALL=C s="$1" out="" i c
  for ((i = 0; i < ${#s}; i++)); do
    c="${s:i:1}"
    case "$c" in
      [A-Za-z0-9.!-]) out+="$c" ;;
      ' ') out+=_ ;;
      *) printf -v c '=%02X' "'$c"; out+="$c" ;;
    esac
  done
  printf '=?UTF-8?Q?%s?=' "$out"
}

# filler N : N bytes of text (no process).
FILLER="$(printf 'Nordlys Bakeri — brød, boller og kaker. %.0s' {1..120})"
filler() {
  local LC_ALL=C n="$1" s=""
  while ((${#s} < n)); do s+="$FILLER"; done
  printf '%s' "${s:0:n}"
}

write_env() {
  local user="$1"; shift
  mkdir -p "$STATE/accounts"
  chmod 700 "$STATE/accounts"
  local kv out
  out="# Written by deploy/hosts.sh seed $user at $(date -u +%FT%TZ)."$'\n'
  for kv in "$@"; do out+="${kv%%=*}=$(printf '%q' "${kv#*=}")"$'\n'; done
  printf '%s' "$out" >"$STATE/accounts/$user.env"
  chmod 600 "$STATE/accounts/$user.env"
}

seed_nordlys() {
  local user=nordlys home="$ROOT/old/home/nordlys" domain=nordlys-bakeri.example
  local web="$home/public_html" pw; pw="$(randpw)"
  local up="$web/wp-content/uploads" n i dir
  mkdir -p "$web/wp-content/themes/nordlys" "$web/wp-content/plugins/akismet" "$web/wp-content/upgrade" "$home/logs" "$home/tmp"

  cat >"$web/index.html" <<EOF
<!DOCTYPE html>
<html lang="nb">
<head><meta charset="utf-8"><title>Nordlys Bakeri</title>
<link rel="stylesheet" href="/wp-content/themes/nordlys/style.css"></head>
<body><h1>Nordlys Bakeri</h1><p>Ferske kanelsnurrer, skillingsboller og surdeigsbrød hver morgen fra kl. 07.</p>
<p><img src="/wp-content/uploads/2021/06/blåbærsyltetøy.jpg" alt="Blåbærsyltetøy"></p></body>
</html>
EOF
  cat >"$web/wp-config.php" <<EOF
<?php
/** WordPress configuration of nordlys-bakeri.example */
define( 'DB_NAME', 'nordlys_wp' );
define( 'DB_USER', 'nordlys_wp' );
define( 'DB_PASSWORD', '$pw' );
define( 'DB_HOST', '127.0.0.2:$MARIADB_PORT' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
define( 'WP_CONTENT_DIR', '$web/wp-content' );
define( 'WP_TEMP_DIR', '$home/tmp' );
define( 'AUTH_KEY',         '$(randpw)$(randpw)' );
define( 'SECURE_AUTH_KEY',  '$(randpw)$(randpw)' );
\$table_prefix = 'wp_';
define( 'WP_DEBUG', false );
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
EOF
  chmod 600 "$web/wp-config.php"
  cat >"$web/.htaccess" <<EOF
# BEGIN WordPress
<IfModule mod_rewrite.c>
RewriteEngine On
RewriteBase /
RewriteRule ^index\.php$ - [L]
RewriteCond %{REQUEST_FILENAME} !-f
RewriteCond %{REQUEST_FILENAME} !-d
RewriteRule . /index.php [L]
</IfModule>
# END WordPress
php_value error_log $home/logs/php-error.log
<Files "wp-login.php">
AuthType Basic
AuthName "Nordlys admin"
AuthUserFile $home/.htpasswd
Require valid-user
</Files>
EOF
  # shellcheck disable=SC2016  # an htpasswd hash, not an expansion
  printf '%s\n' 'admin:$apr1$hm0v3$Q1lqDTrX0cK9yhuP9qXyZ/' >"$home/.htpasswd"
  printf '/* Theme Name: Nordlys */\nbody { font-family: Georgia, serif; background: #fdf8f0; }\n' >"$web/wp-content/themes/nordlys/style.css"
  printf '<?php\n/* Plugin Name: Akismet Anti-spam */\n' >"$web/wp-content/plugins/akismet/akismet.php"
  printf '[%s] PHP Notice: Undefined index: lang in %s/index.php on line 3\n' "$(date -u '+%d-%b-%Y %H:%M:%S UTC')" "$web" >"$home/logs/php-error.log"

  # ~200 small uploads per scale unit, a few 1-5 MB binaries, hostile names
  n=$((200 * SCALE))
  for ((i = 1; i <= n; i++)); do
    dir="$up/$((2019 + i % 5))/$(printf '%02d' $((1 + i % 12)))"
    [[ -d "$dir" ]] || mkdir -p "$dir"
    if ((i % 3 == 0)); then filler $((300 + i * 37 % 7000)) >"$dir/bilde-$i-150x150.jpg"
    else filler $((500 + i * 53 % 9000)) >"$dir/bilde-$i.jpg"; fi
  done
  mkdir -p "$up/2024/05"
  local sizes=(1048576 3145728 5242880)
  for ((i = 1; i <= 3 * SCALE; i++)); do
    head -c "${sizes[i % 3]}" /dev/urandom >"$up/2024/05/bakevideo-$i.mp4"
  done
  dir="$up/2021/06"
  mkdir -p "$dir"
  # shellcheck disable=SC2016  # the names are meant literally
  local hostile=(
    'file with spaces.jpg' "it's mine.txt" 'say "cheese".jpg' '$(touch /tmp/pwned)' '`touch /tmp/pwned-backtick`.txt'
    $'line\nbreak.txt' '-rf' '--help' 'blåbærsyltetøy.jpg' '; rm -rf ~' 'glob*?[x].txt' 'back\slash.txt'
    $'tab\there.txt' ' leading space.txt' 'trailing space.txt ' '&& echo owned >&2' '| cat' '>redirect.txt'
    $'latin1-bl\xe5b\xe6r.jpg' '$(touch pwned-dir) dir/inside.txt'
  )
  # a name with "/" is a path: '$(touch /tmp/pwned)' is the directories '$(touch ' and 'tmp', file 'pwned)'
  for i in "${!hostile[@]}"; do
    mkdir -p "$(dirname "$dir/${hostile[i]}")"
    filler $((100 + i * 13)) >"$dir/${hostile[i]}"
  done
  ln -sfn wp-content/uploads/2021/06/blåbærsyltetøy.jpg "$web/syltetoy.jpg"

  mails "$home/Maildir/post" $((50 * SCALE)) "post@$domain"

  # database on the old host's MariaDB; gone on both hosts first
  local side rows=$((5000 * SCALE)) upload_path="$web/wp-content/uploads" css="$web/wp-content/themes/nordlys/style.css"
  for side in "${SIDES[@]}"; do
    use_side "$side"
    my_root -e "DROP DATABASE IF EXISTS nordlys_wp; DROP USER IF EXISTS 'nordlys_wp'@'127.%', 'nordlys_wp'@'localhost';"
  done
  # grants a transfer saved while it held the dropped database read-only (both hosts log in as root, one home)
  rm -f "$(getent passwd root | cut -d: -f6)/.hostmove/grants/mariadb-nordlys_wp-"*.sql
  use_side old
  my_root >/dev/null <<SQL   # (ANALYZE TABLE prints a result table)
SET NAMES utf8mb4;
CREATE DATABASE nordlys_wp CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci;
CREATE USER 'nordlys_wp'@'127.%' IDENTIFIED BY '$pw';
CREATE USER 'nordlys_wp'@'localhost' IDENTIFIED BY '$pw';
GRANT ALL PRIVILEGES ON nordlys_wp.* TO 'nordlys_wp'@'127.%';
GRANT ALL PRIVILEGES ON nordlys_wp.* TO 'nordlys_wp'@'localhost';
USE nordlys_wp;

CREATE TABLE wp_options (
  option_id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  option_name varchar(191) NOT NULL DEFAULT '',
  option_value longtext NOT NULL,
  autoload varchar(20) NOT NULL DEFAULT 'yes',
  PRIMARY KEY (option_id),
  UNIQUE KEY option_name (option_name),
  KEY autoload (autoload)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
INSERT INTO wp_options (option_name, option_value, autoload) VALUES
 ('siteurl', 'http://$domain', 'yes'),
 ('home', 'http://$domain', 'yes'),
 ('blogname', 'Nordlys Bakeri', 'yes'),
 ('blogdescription', 'Ferskt fra ovnen i Tromsø', 'yes'),
 ('admin_email', 'post@$domain', 'yes'),
 ('WPLANG', 'nb_NO', 'yes'),
 ('timezone_string', 'Europe/Oslo', 'yes'),
 ('permalink_structure', '/%year%/%monthnum%/%postname%/', 'yes'),
 ('template', 'nordlys', 'yes'),
 ('stylesheet', 'nordlys', 'yes'),
 ('db_version', '57155', 'yes'),
 ('upload_path', '$upload_path', 'yes'),
 ('upload_url_path', '', 'yes'),
 ('active_plugins', 'a:1:{i:0;s:19:"akismet/akismet.php";}', 'yes'),
 ('nordlys_backup_settings', 'a:2:{s:4:"path";s:${#home}:"$home";s:4:"keep";i:7;}', 'no'),
 ('recently_edited', 'a:1:{i:0;s:${#css}:"$css";}', 'no');

CREATE TABLE wp_users (
  ID bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  user_login varchar(60) NOT NULL DEFAULT '',
  user_pass varchar(255) NOT NULL DEFAULT '',
  user_nicename varchar(50) NOT NULL DEFAULT '',
  user_email varchar(100) NOT NULL DEFAULT '',
  user_url varchar(100) NOT NULL DEFAULT '',
  user_registered datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  user_activation_key varchar(255) NOT NULL DEFAULT '',
  user_status int(11) NOT NULL DEFAULT 0,
  display_name varchar(250) NOT NULL DEFAULT '',
  PRIMARY KEY (ID),
  KEY user_login_key (user_login),
  KEY user_nicename (user_nicename),
  KEY user_email (user_email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
INSERT INTO wp_users (user_login, user_pass, user_nicename, user_email, user_registered, display_name) VALUES
 ('admin',  '\$P\$BqX0b4rUc1ZkzXr1s0mJv2zG3n1M0E.', 'admin',  'post@$domain',        '2015-02-11 09:12:44', 'Nordlys Bakeri'),
 ('ingrid', '\$P\$B7kq1H0dWm0eYt5L9s2cZp4xX8wQv6/', 'ingrid', 'ingrid@$domain',      '2016-05-03 07:30:00', 'Ingrid Solberg'),
 ('lars',   '\$P\$BcN3sLr8YtQ2aV0uZ1x9mP7eW4kJ5h.', 'lars',   'lars@$domain',        '2018-10-21 15:02:13', 'Lars Haugen'),
 ('kari',   '\$P\$Bv2mD9qR4sT6uW8yA0cE2gI4kM6oQ8/', 'kari',   'kari.nordmann@example.no', '2020-01-07 11:45:59', 'Kari Nordmann'),
 ('bjørn',  '\$P\$Bx1zY3wV5uT7sR9qP1oN3mL5kJ7iH9.', 'bjorn',  'bjorn@$domain',       '2022-08-30 06:05:00', 'Bjørn Åsheim');

CREATE TABLE wp_posts (
  ID bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  post_author bigint(20) unsigned NOT NULL DEFAULT 0,
  post_date datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  post_date_gmt datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  post_content longtext NOT NULL,
  post_title text NOT NULL,
  post_excerpt text NOT NULL,
  post_status varchar(20) NOT NULL DEFAULT 'publish',
  comment_status varchar(20) NOT NULL DEFAULT 'open',
  ping_status varchar(20) NOT NULL DEFAULT 'open',
  post_password varchar(255) NOT NULL DEFAULT '',
  post_name varchar(200) NOT NULL DEFAULT '',
  to_ping text NOT NULL,
  pinged text NOT NULL,
  post_modified datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  post_modified_gmt datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  post_content_filtered longtext NOT NULL,
  post_parent bigint(20) unsigned NOT NULL DEFAULT 0,
  guid varchar(255) NOT NULL DEFAULT '',
  menu_order int(11) NOT NULL DEFAULT 0,
  post_type varchar(20) NOT NULL DEFAULT 'post',
  post_mime_type varchar(100) NOT NULL DEFAULT '',
  comment_count bigint(20) NOT NULL DEFAULT 0,
  PRIMARY KEY (ID),
  KEY post_name (post_name(191)),
  KEY type_status_date (post_type, post_status, post_date, ID),
  KEY post_parent (post_parent),
  KEY post_author (post_author)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
INSERT INTO wp_posts (post_author, post_date, post_date_gmt, post_content, post_title, post_excerpt, post_status,
                      comment_status, post_name, to_ping, pinged, post_modified, post_modified_gmt,
                      post_content_filtered, post_parent, guid, post_type, post_mime_type, comment_count)
SELECT 1 + seq % 5, d, d - INTERVAL 1 HOUR,
       CONCAT('<!-- wp:paragraph -->\n<p>',
              ELT(1 + seq % 6, 'Kanelsnurrer med kardemomme, bakt på smør.', 'Skillingsboller som i Bergen.',
                  'Surdeigsbrød med rug og havre, hevet i 24 timer.', 'Blåbærsyltetøy fra Finnmarksvidda.',
                  'Lefser og lompe til jul — bestill i god tid!', 'Vi har åpent på søndager fra kl. 09.'),
              ' ', REPEAT('Lorem ipsum dolor sit amet, consectetur adipiscing elit. ', 1 + seq % 9),
              '</p>\n<!-- /wp:paragraph -->\n<!-- wp:image --><img src="http://$domain/wp-content/uploads/',
              2019 + seq % 5, '/', LPAD(1 + seq % 12, 2, '0'), '/bilde-', 1 + seq % 200, '.jpg" /><!-- /wp:image -->'),
       CONCAT(ELT(1 + seq % 8, 'Ukens brød', 'Nytt fra bakeriet', 'Oppskrift', 'Åpningstider',
                  'Julebakst', 'Kaffe og kanelsnurr', 'Bursdagskake', 'Sommermeny'), ' ', seq),
       '',
       CASE WHEN seq % 23 = 0 THEN 'draft' WHEN seq % 31 = 0 THEN 'private' ELSE 'publish' END,
       IF(seq % 4 = 0, 'closed', 'open'),
       CONCAT('innlegg-', seq), '', '', d + INTERVAL seq % 30 DAY, d + INTERVAL seq % 30 DAY - INTERVAL 1 HOUR,
       '', IF(seq % 7 = 3, seq - 1, 0),
       IF(seq % 10 = 0,
          CONCAT('http://$domain/wp-content/uploads/', 2019 + seq % 5, '/', LPAD(1 + seq % 12, 2, '0'), '/bilde-', seq % 200 + 1, '.jpg'),
          CONCAT('http://$domain/?p=', seq)),
       CASE WHEN seq % 10 = 0 THEN 'attachment' WHEN seq % 7 = 3 THEN 'revision' WHEN seq % 25 = 1 THEN 'page' ELSE 'post' END,
       IF(seq % 10 = 0, 'image/jpeg', ''),
       seq % 13
  FROM (SELECT seq, TIMESTAMP'2015-03-01 06:00:00' + INTERVAL seq * 83 MINUTE AS d FROM seq_1_to_$rows) s;
ANALYZE TABLE wp_posts, wp_options, wp_users;
SQL
  write_env "$user" ACCOUNT="$user" DOMAINS="$domain www.$domain" DOCROOT=public_html MAILDIRS=Maildir/post \
    DB_ENGINE=mariadb DB_NAME=nordlys_wp DB_USER=nordlys_wp DB_PASSWORD="$pw" DB_HOST="127.0.0.2:$MARIADB_PORT"
  SEED_SITES=("public_html $domain www.$domain")
  SEED_SUMMARY="$domain, $((n + 3 * SCALE + ${#hostile[@]} + 1)) uploads, MariaDB nordlys_wp ($rows posts), $((50 * SCALE)) mails"
}

seed_sonnenschein() {
  local user=sonnenschein home="$ROOT/old/home/sonnenschein" domain=sonnenschein-baeckerei.example
  local web="$home/www" pw; pw="$(randpw)"
  local i n=$((80 * SCALE)) pghost=127.0.0.2
  [[ "$PG_PORT" == 5432 ]] || pghost="127.0.0.2:$PG_PORT"
  mkdir -p "$web/images/produkte" "$web/administrator/logs" "$web/tmp" "$web/cache"
  cat >"$web/index.html" <<EOF
<!DOCTYPE html>
<html lang="de">
<head><meta charset="utf-8"><title>Bäckerei Sonnenschein</title></head>
<body><h1>Bäckerei Sonnenschein</h1><p>Brezeln, Roggenbrot und Bienenstich — täglich frisch seit 1952.</p></body>
</html>
EOF
  cat >"$web/configuration.php" <<EOF
<?php
class JConfig {
	public \$offline = false;
	public \$sitename = 'Bäckerei Sonnenschein';
	public \$dbtype = 'pgsql';
	public \$host = '$pghost';
	public \$user = 'sonnenschein';
	public \$password = '$pw';
	public \$db = 'sonnenschein_shop';
	public \$dbprefix = 'jos_';
	public \$live_site = 'http://$domain';
	public \$secret = '$(randpw)';
	public \$log_path = '$web/administrator/logs';
	public \$tmp_path = '$web/tmp';
	public \$mailfrom = 'info@$domain';
	public \$fromname = 'Bäckerei Sonnenschein';
}
EOF
  chmod 644 "$web/configuration.php"
  printf 'Options -Indexes\nRewriteEngine On\nRewriteRule .* index.php [L]\nphp_value upload_tmp_dir %s/tmp\n' "$web" >"$web/.htaccess"
  printf '#\n#<?php die("Forbidden."); ?>\n#Date: 2024-02-03 08:14:22 UTC\n#Fields: datetime\tpriority clientip\tcategory\tmessage\n' \
    >"$web/administrator/logs/error.php"
  for ((i = 1; i <= n; i++)); do filler $((400 + i * 71 % 6000)) >"$web/images/produkte/produkt-$i.jpg"; done
  printf '<!DOCTYPE html><title>Impressum</title><p>Bäckerei Sonnenschein GmbH, Sonnenweg 7, 79098 Freiburg</p>\n' >"$web/impressum.html"

  mails "$home/Maildir/info" $((30 * SCALE)) "info@$domain"
  mails "$home/Maildir/bestellung" $((30 * SCALE)) "bestellung@$domain"

  local side products=$((2000 * SCALE)) orders=$((10000 * SCALE))
  for side in "${SIDES[@]}"; do
    use_side "$side"
    pg_super -d postgres -c 'DROP DATABASE IF EXISTS sonnenschein_shop WITH (FORCE)' -c 'DROP ROLE IF EXISTS sonnenschein'
  done
  use_side old
  pg_super -d postgres -v pw="$pw" <<'SQL'
CREATE ROLE sonnenschein LOGIN PASSWORD :'pw';
CREATE DATABASE sonnenschein_shop OWNER sonnenschein ENCODING 'UTF8' TEMPLATE template0;
SQL
  pg_super -d sonnenschein_shop -v products="$products" -v orders="$orders" <<'SQL'
SET ROLE sonnenschein;
CREATE TABLE products (
  id          serial PRIMARY KEY,
  sku         text NOT NULL UNIQUE,
  name        text NOT NULL,
  description text NOT NULL,
  price       numeric(10,2) NOT NULL CHECK (price >= 0),
  stock       integer NOT NULL DEFAULT 0,
  active      boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO products (sku, name, description, price, stock, active, created_at)
SELECT format('SB-%s', lpad(g::text, 6, '0')),
       (ARRAY['Roggenbrot','Dinkelvollkornbrot','Laugenbrezel','Bienenstich','Käsekuchen','Franzbrötchen',
              'Mohnschnecke','Schwarzwälder Kirschtorte','Streuselkuchen','Zwiebelkuchen'])[1 + g % 10] || ' Nr. ' || g,
       'Frisch gebacken in unserer Backstube in Freiburg. ' || repeat('Mit Sauerteig, Zeit und Liebe gemacht. ', 1 + g % 4),
       round((0.85 + (g % 97) * 0.35)::numeric, 2),
       g % 120,
       g % 13 <> 0,
       timestamptz '2019-01-01 06:00:00+01' + g * interval '3 hours'
  FROM generate_series(1, :products) g;
CREATE TABLE orders (
  id             bigserial PRIMARY KEY,
  product_id     integer NOT NULL REFERENCES products(id),
  quantity       integer NOT NULL CHECK (quantity > 0),
  unit_price     numeric(10,2) NOT NULL,
  customer_name  text NOT NULL,
  customer_email text NOT NULL,
  status         text NOT NULL DEFAULT 'neu' CHECK (status IN ('neu','bezahlt','versandt','abgeholt','storniert')),
  ordered_at     timestamptz NOT NULL
);
INSERT INTO orders (product_id, quantity, unit_price, customer_name, customer_email, status, ordered_at)
SELECT p.id, 1 + g % 6, p.price,
       (ARRAY['Jürgen Müller','Anna Schäfer','Lena Groß','Max Weiß','Sören Köhler','Zoë Brandt'])[1 + g % 6],
       (ARRAY['juergen.mueller','anna.schaefer','lena.gross','max.weiss','soeren.koehler','zoe.brandt'])[1 + g % 6]
         || g % 97 || '@example.de',
       (ARRAY['neu','bezahlt','versandt','abgeholt','storniert'])[1 + g % 5],
       timestamptz '2021-01-01 07:00:00+01' + g * interval '47 minutes'
  FROM generate_series(1, :orders) g
  JOIN products p ON p.id = 1 + (g * 7919) % :products;
CREATE INDEX orders_product_id_idx ON orders (product_id);
CREATE INDEX orders_ordered_at_idx ON orders (ordered_at);
CREATE VIEW daily_revenue AS
  SELECT date_trunc('day', ordered_at) AS day, sum(quantity * unit_price) AS revenue, count(*) AS orders
    FROM orders WHERE status <> 'storniert' GROUP BY 1;
ANALYZE products;
ANALYZE orders;
SQL
  write_env "$user" ACCOUNT="$user" DOMAINS="$domain" DOCROOT=www MAILDIRS="Maildir/info Maildir/bestellung" \
    DB_ENGINE=postgresql DB_NAME=sonnenschein_shop DB_USER=sonnenschein DB_PASSWORD="$pw" DB_HOST="$pghost"
  SEED_SITES=("www $domain")
  SEED_SUMMARY="$domain, $n images, PostgreSQL sonnenschein_shop ($products products, $orders orders), $((60 * SCALE)) mails"
}

seed_lumiere() {
  local user=lumiere home="$ROOT/old/home/lumiere" domain=atelier-lumiere.example
  local web="$home/site" i n=$((40 * SCALE))
  mkdir -p "$web/css" "$web/img/galerie"
  cat >"$web/index.html" <<'EOF'
<!DOCTYPE html>
<html lang="fr">
<head><meta charset="utf-8"><title>Atelier Lumière</title><link rel="stylesheet" href="/css/style.css"></head>
<body><h1>Atelier Lumière</h1><p>Photographie d'art et tirages à Lyon. Éclairage, portraits, mariages.</p></body>
</html>
EOF
  printf '<!DOCTYPE html><title>À propos — Atelier Lumière</title><p>Depuis 2009.</p>\n' >"$web/a-propos.html"
  printf 'body { font-family: "Helvetica Neue", sans-serif; color: #222; }\n' >"$web/css/style.css"
  for ((i = 1; i <= n; i++)); do filler $((1000 + i * 97 % 12000)) >"$web/img/galerie/tirage-$i.jpg"; done
  mails "$home/Maildir/contact" $((20 * SCALE)) "contact@$domain"
  write_env "$user" ACCOUNT="$user" DOMAINS="$domain www.$domain" DOCROOT=site MAILDIRS=Maildir/contact DB_ENGINE=none
  SEED_SITES=("site $domain www.$domain")
  SEED_SUMMARY="$domain, $n images, no database, $((20 * SCALE)) mails"
}

# Domains of an account's sites (for the wipe before seeding).
account_domains() {
  case "$1" in
    nordlys) echo nordlys-bakeri.example ;;
    sonnenschein) echo sonnenschein-baeckerei.example ;;
    lumiere) echo atelier-lumiere.example ;;
  esac
}

seed_account() {
  local user="$1" t0=$SECONDS side domain site
  local -a parts
  id -u "$user" >/dev/null 2>&1 || useradd -M -U -d "$ROOT/old/home/$user" -s /usr/sbin/nologin "$user"
  domain="$(account_domains "$user")"
  for side in "${SIDES[@]}"; do
    rm -rf "${ROOT:?}/$side/home/${user:?}"
    # a cut-over left without a rollback leaves every host name of the site in maintenance
    rm -f "$ROOT/$side/etc/nginx/sites/$domain.conf" "$ROOT/$side/etc/maintenance/$domain" \
      "$ROOT/$side/etc/maintenance/www.$domain"
    install -d -o "$user" -g "$user" -m 711 "$ROOT/$side/home/$user"
  done
  SEED_SITES=() SEED_SUMMARY=""
  "seed_$user"
  chown -R "$user:$user" "$ROOT/old/home/$user"
  for site in "${SEED_SITES[@]}"; do
    read -r -a parts <<<"$site"
    for side in "${SIDES[@]}"; do site_conf "$side" "$user" "${parts[@]}"; done
  done
  find "$ROOT/old/home/$user" -path "$ROOT/old/home/$user/Maildir" -prune -o -type d -print0 | xargs -0 -r chmod 755
  chmod 711 "$ROOT/old/home/$user"
  find "$ROOT/old/home/$user/Maildir" -type d -exec chmod 700 {} + -o -type f -exec chmod 600 {} +
  say "seeded $user: $SEED_SUMMARY ($((SECONDS - t0))s)"
}

cmd_seed() {
  (($# > 0)) || die "usage: hosts.sh seed ACCOUNT... (accounts: ${ACCOUNTS[*]})"
  need_root
  local a side
  for a in "$@"; do
    [[ " ${ACCOUNTS[*]} " == *" $a "* ]] || die "unknown account '$a' (accounts: ${ACCOUNTS[*]})"
  done
  lock
  for side in "${SIDES[@]}"; do
    use_side "$side"
    [[ -n "$(mariadb_pid)" && -n "$(postgres_pid)" ]] || die "the $side host is not running (deploy/hosts.sh start)"
  done
  export TZ=UTC
  for a in "$@"; do seed_account "$a"; done
  reload_nginx
}

check_settings
case "${1:-}" in
  start)       cmd_start ;;
  stop)        cmd_stop ;;
  restart)     cmd_stop; cmd_start ;;
  status)      cmd_status ;;
  reload)      cmd_reload ;;
  reset)       cmd_reset ;;
  seed)        shift; cmd_seed "$@" ;;
  fingerprint) shift; cmd_fingerprint "$@" ;;
  *) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
