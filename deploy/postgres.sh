#!/usr/bin/env bash
# Local PostgreSQL for Hostmove: one role + one database per service.
#
# Usage: deploy/postgres.sh ensure [service...]   server up; role hostmove_<svc> (LOGIN) and
#                                                 database hostmove_<svc> owned by it (idempotent)
#        deploy/postgres.sh drop   [service...]   drop those databases and recreate them empty
#        default services: planner transfer dns notification
#
# Environment:
#   HOSTMOVE_PG_HOST       (default 127.0.0.1)   HOSTMOVE_PG_PORT (default 5432)
#   HOSTMOVE_PG_PASSWORD   if set, becomes the password of every hostmove_<svc> role
#   HOSTMOVE_PG_SUPERUSER  (default postgres)
#
# If nothing answers on HOST:PORT and HOST is local, installs Debian's postgresql if missing,
# starts the cluster with pg_ctlcluster and waits for pg_isready.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck disable=SC2034  # read by say() in lib.sh
HOSTMOVE_TAG=postgres

PG_HOST="${HOSTMOVE_PG_HOST:-127.0.0.1}"
PG_PORT="${HOSTMOVE_PG_PORT:-5432}"
PG_SUPER="${HOSTMOVE_PG_SUPERUSER:-postgres}"
DEFAULT_SERVICES=(planner transfer dns notification)

PSQL=()   # superuser psql command, chosen by pick_psql

pg_up() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; }

is_local() { [[ "$PG_HOST" == 127.0.0.1 || "$PG_HOST" == localhost || "$PG_HOST" == ::1 ]]; }

# Fresh Debian clusters use scram on loopback; Hostmove's local setup expects trust there.
trust_loopback() {
  local hba="$1"
  grep -q '^# hostmove: loopback trust' "$hba" && return 0
  local tmp; tmp="$(mktemp)"
  {
    echo '# hostmove: loopback trust (added by deploy/postgres.sh; local dev cluster only)'
    echo 'host    all    all    127.0.0.1/32    trust'
    echo 'host    all    all    ::1/128         trust'
    cat "$hba"
  } >"$tmp"
  cat "$tmp" >"$hba" && rm -f "$tmp"
}

ensure_server() {
  if command -v pg_isready >/dev/null && pg_up; then return 0; fi
  is_local || die "no PostgreSQL answers on $PG_HOST:$PG_PORT (remote host: start it yourself)"

  local installed=0
  if ! command -v pg_ctlcluster >/dev/null || [[ -z "$(ls /etc/postgresql 2>/dev/null)" ]]; then
    [[ $EUID -eq 0 ]] || die "PostgreSQL is not installed; run as root to let me apt-get install postgresql"
    say "installing Debian's postgresql (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -qq && apt-get install -y -qq postgresql; } >/dev/null \
      || die "apt-get install postgresql failed"
    installed=1
  fi

  # The cluster configured for PG_PORT (a fresh Debian install creates <ver>/main on 5432).
  local ver="" name="" line others=""
  while read -r line; do
    # shellcheck disable=SC2086
    set -- $line   # Ver Cluster Port Status Owner Datadir Logfile
    if [[ "${3:-}" == "$PG_PORT" ]]; then ver="$1"; name="$2"; break; fi
    others+=" $1/$2:${3:-?}"
  done < <(pg_lsclusters -h 2>/dev/null || true)
  [[ -n "$ver" ]] || die "no PostgreSQL cluster is configured for port $PG_PORT (clusters:${others:- none})"

  if ((installed)); then trust_loopback "/etc/postgresql/$ver/$name/pg_hba.conf"; fi
  if ! pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start >/dev/null 2>&1; then
    pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" reload >/dev/null 2>&1 || true
  fi
  wait_for 60 pg_up || die "PostgreSQL $ver/$name does not answer on $PG_HOST:$PG_PORT (see /var/log/postgresql/)"
  say "started PostgreSQL $ver/$name on $PG_HOST:$PG_PORT"
}

# Superuser psql: over TCP as $PG_SUPER (trust), else via the postgres OS user on the local socket.
pick_psql() {
  local base=(-X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres)
  local try
  for try in tcp runuser su; do
    case "$try" in
      tcp) PSQL=(psql "${base[@]}" -h "$PG_HOST" -U "$PG_SUPER") ;;
      runuser)
        if ! is_local || [[ $EUID -ne 0 ]] || ! command -v runuser >/dev/null; then continue; fi
        PSQL=(runuser -u postgres -- psql "${base[@]}") ;;
      su)
        if ! is_local || [[ $EUID -ne 0 ]]; then continue; fi
        PSQL=(su postgres -s /bin/sh -c "psql -X -q -v ON_ERROR_STOP=1 -p $PG_PORT -d postgres") ;;
    esac
    if echo 'select 1' | "${PSQL[@]}" >/dev/null 2>&1; then return 0; fi
  done
  die "cannot connect to PostgreSQL on $PG_HOST:$PG_PORT as superuser $PG_SUPER"
}

# run_sql [psql -v args...] < script : superuser SQL script from stdin (psql variables usable).
run_sql() {
  if [[ "${PSQL[0]}" == su ]]; then
    # su -c takes one string: pass variables by prefixing \set lines to the script.
    local sets="" a k v
    while (($#)); do
      a="$1"; shift
      [[ "$a" == -v ]] && { a="$1"; shift; }
      k="${a%%=*}"; v="${a#*=}"
      sets+="\\set $k '${v//\'/\'\'}'"$'\n'
    done
    { printf '%s' "$sets"; cat; } | "${PSQL[@]}"
  else
    "${PSQL[@]}" "$@" -f -
  fi
}

check_names() {
  local s
  for s in "$@"; do
    [[ "$s" =~ ^[a-z][a-z0-9_]*$ ]] || die "bad service name '$s' (use [a-z][a-z0-9_]*)"
  done
}

# Role hostmove_<svc> and database hostmove_<svc> owned by it.
ensure_role_db() {
  local name="hostmove_$1"
  run_sql -v "name=$name" -v "pw=${HOSTMOVE_PG_PASSWORD:-}" -v "setpw=${HOSTMOVE_PG_PASSWORD:+1}" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'name')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'name') \gexec
SELECT format('ALTER ROLE %I LOGIN', :'name') \gexec
SELECT format('ALTER ROLE %I PASSWORD %L', :'name', :'pw') WHERE :'setpw' = '1' \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'name', :'name')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'name') \gexec
SELECT format('ALTER DATABASE %I OWNER TO %I', :'name', :'name') \gexec
SQL
}

drop_db() {
  local name="hostmove_$1"
  run_sql -v "name=$name" <<'SQL'
SELECT format('DROP DATABASE IF EXISTS %I', :'name')
       || CASE WHEN current_setting('server_version_num')::int >= 130000 THEN ' WITH (FORCE)' ELSE '' END \gexec
SQL
}

main() {
  local cmd="${1:-}"; shift || true
  local services=("$@")
  ((${#services[@]})) || services=("${DEFAULT_SERVICES[@]}")
  case "$cmd" in
    ensure|drop) ;;
    *) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
  check_names "${services[@]}"
  ensure_server
  pick_psql
  local s
  if [[ "$cmd" == drop ]]; then
    for s in "${services[@]}"; do drop_db "$s"; done
  fi
  for s in "${services[@]}"; do ensure_role_db "$s"; done
  local list; list="$(printf 'hostmove_%s ' "${services[@]}")"
  if [[ "$cmd" == drop ]]; then say "recreated empty databases: ${list% } on $PG_HOST:$PG_PORT"
  else say "roles + databases ready: ${list% } on $PG_HOST:$PG_PORT"; fi
}

main "$@"
