#!/usr/bin/env bash
# The transfer-service's benchmarks (issue 3). Each runs the service's own code path and the standard tool side
# by side on the simulated hosts of deploy/hosts.sh (old 127.0.0.2 → new 127.0.0.3), alternating which goes
# first, HOSTMOVE_BENCH_REPS rounds each, and prints a Markdown table with the medians and their ratio.
#
# Usage: bench/transfer/run.sh [files|resync|mariadb|postgres|downtime|all]   (default: all; a comma list works)
#          files     initial copy of the reference tree: direct mode vs rsync -a -e ssh        (goal ratio <= 1.05)
#          resync    re-sync after 1% of the files changed: direct mode vs rsync -a -e ssh     (goal ratio <= 1.05)
#          mariadb   1 GB MariaDB database: DatabaseCopier vs mariadb-dump | mariadb           (goal >= 2.5x faster)
#          postgres  1 GB PostgreSQL database: DatabaseCopier vs pg_dump | psql               (goal >= 2.5x faster)
#          downtime  cut-over of the reference account: CutoverCompleted.downtimeMillis      (goal < 20 s)
#        bench/transfer/run.sh clean   remove whatever the benchmarks left behind
#
# Environment:
#   HOSTMOVE_BENCH_REPS           rounds per side, at least 3 (default 3)
#   HOSTMOVE_BENCH_SEED           seed of the generated files and databases (default 20250601)
#   HOSTMOVE_BENCH_DB_BYTES       dump size of the mariadb/postgres databases (default 1000000000)
#   HOSTMOVE_BENCH_SITE_DB_BYTES  dump size of the downtime account's database (default 200000000)
#   HOSTMOVE_BENCH_KEEP=1         keep the data afterwards; a next run reuses databases of the same seed and size
#   HOSTMOVE_BENCH_SOURCE         another checkout to measure (default: this one), e.g. a commit exported with
#                                 `git archive <commit> | tar -x -C DIR`; this harness is copied into it first
#   HOSTMOVE_BENCH_SOURCE_LABEL   how the results name that code (default: its path)
#
# Uses the test peers' environment (deploy/test-env.sh): starts the simulated hosts if they are down (and leaves
# them running), makes its own job database hostmove_transfer_bench (deploy/postgres.sh) and Unix user benchref,
# and writes its data under $HOSTMOVE_HOSTS_ROOT/{old,new}/home/benchref*. Results and the full log go to
# $HOSTMOVE_STATE_DIR/bench/transfer/. Needs root (creates a Unix user, starts servers).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
# shellcheck source=../../deploy/test-env.sh
source "$repo/deploy/test-env.sh"
# shellcheck disable=SC2034  # read by say() in lib.sh
HOSTMOVE_TAG=bench

USER_NAME=benchref
DOMAIN=benchref.example
MIGRATION_PREFIX=bebe0000-0000-4000-8000-
ROOT="$HOSTMOVE_HOSTS_ROOT"
HOSTS_STATE="$HOSTMOVE_STATE_DIR/hosts"
OUT="$HOSTMOVE_STATE_DIR/bench/transfer"

what="${1:-all}"
IFS=, read -r -a parts <<<"$what"
[[ "$what" == clean ]] || for part in "${parts[@]}"; do
  case "$part" in
    files|resync|mariadb|postgres|downtime|all) ;;
    *) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
done
[[ $EUID -eq 0 ]] || die "run as root (creates the Unix user $USER_NAME, starts the simulated hosts)"
reps="${HOSTMOVE_BENCH_REPS:-3}"
[[ "$reps" =~ ^[0-9]+$ ]] && ((reps >= 3)) || die "HOSTMOVE_BENCH_REPS must be a number of at least 3 (got '$reps')"

on_host() { ssh -F "$HOSTS_STATE/client/ssh_config" "$@"; }

# Removes the bench's data, databases, site, migration keys and user; leaves the hosts and everyone else's data.
clean() {
  say "removing the benchmark data"
  rm -rf "${ROOT:?}/old/home/$USER_NAME" "${ROOT:?}/new/home/$USER_NAME" "${ROOT:?}/new/home/$USER_NAME-rsync"
  rm -f "$ROOT"/{old,new}/etc/nginx/sites/"$DOMAIN".conf "$ROOT"/{old,new}/etc/maintenance/"$DOMAIN"
  if bash "$repo/deploy/hosts.sh" status >/dev/null 2>&1; then
    bash "$repo/deploy/hosts.sh" reload >/dev/null
    local side
    for side in old new; do
      on_host "$side" mariadb <<'SQL'
DROP DATABASE IF EXISTS benchref_wp;
DROP DATABASE IF EXISTS benchref_site;
DROP DATABASE IF EXISTS benchref_site_byhand;
DROP USER IF EXISTS 'benchref_wp'@'127.%', 'benchref_site'@'127.%';
SQL
      on_host "$side" psql -X -q -v ON_ERROR_STOP=1 -d postgres <<'SQL'
DROP DATABASE IF EXISTS benchref_shop WITH (FORCE);
DROP ROLE IF EXISTS benchref;
SQL
    done
  else
    say "the simulated hosts are not running: their benchref databases stay (run clean again once they are up)"
  fi
  # a crashed run's migration keys: only lines of bench migrations, kept atomic like the service's revoke
  local keys tmp
  for keys in "$HOSTS_STATE"/{old,new}/ssh/authorized_keys; do
    if [[ -f "$keys" ]] && grep -qF "hostmove-migration-$MIGRATION_PREFIX" "$keys"; then
      tmp="$keys.bench.$$"
      { grep -vF "hostmove-migration-$MIGRATION_PREFIX" "$keys" || true; } >"$tmp"
      chmod 600 "$tmp" && mv "$tmp" "$keys"
    fi
  done
  rm -rf /root/.hostmove/migrations/"$MIGRATION_PREFIX"*
  rm -f /root/.hostmove/grants/mariadb-benchref_*
  if pg_isready -q -h "${HOSTMOVE_PG_HOST:-127.0.0.1}" -p "${HOSTMOVE_PG_PORT:-5432}"; then
    psql -X -q -h "${HOSTMOVE_PG_HOST:-127.0.0.1}" -p "${HOSTMOVE_PG_PORT:-5432}" -U postgres -d postgres \
      -c 'DROP DATABASE IF EXISTS hostmove_transfer_bench WITH (FORCE)' -c 'DROP ROLE IF EXISTS hostmove_transfer_bench'
  fi
  if id -u "$USER_NAME" >/dev/null 2>&1; then userdel "$USER_NAME" 2>/dev/null || true; fi
}

if [[ "$what" == clean ]]; then
  clean
  say "clean"
  exit 0
fi

bash "$repo/deploy/hosts.sh" status >/dev/null 2>&1 || bash "$repo/deploy/hosts.sh" start
bash "$repo/deploy/postgres.sh" ensure transfer_bench
id -u "$USER_NAME" >/dev/null 2>&1 || useradd -M -U -d "$ROOT/old/home/$USER_NAME" -s /usr/sbin/nologin "$USER_NAME"
if [[ "${HOSTMOVE_BENCH_KEEP:-0}" != 1 ]]; then trap clean EXIT; fi

mkdir -p "$OUT"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
name="${what//,/-}"
export HOSTMOVE_BENCH="$what" HOSTMOVE_BENCH_REPS="$reps"
export HOSTMOVE_BENCH_OUT="$OUT/results-$name-$stamp.md"
log="$OUT/run-$name-$stamp.log"
src="${HOSTMOVE_BENCH_SOURCE:-$repo}"
if [[ "$src" == "$repo" ]]; then
  HOSTMOVE_BENCH_CODE="commit $(git -C "$repo" rev-parse --short HEAD)"
  if [[ -n "$(git -C "$repo" status --porcelain -- events transfer-service pom.xml \
      ':(exclude)transfer-service/src/test/java/io/hostmove/transfer/bench')" ]]; then
    HOSTMOVE_BENCH_CODE+=" with uncommitted changes to events/transfer-service"
  fi
else
  HOSTMOVE_BENCH_CODE="${HOSTMOVE_BENCH_SOURCE_LABEL:-$src}"
  [[ -x "$src/mvnw" && -d "$src/transfer-service" ]] || die "HOSTMOVE_BENCH_SOURCE=$src is not a Hostmove checkout"
  harness=transfer-service/src/test/java/io/hostmove/transfer/bench
  mkdir -p "$src/$harness"
  cp "$repo/$harness"/*.java "$src/$harness/"
fi
export HOSTMOVE_BENCH_CODE
say "running '$what' ($reps rounds per side) on the code in $src; full log: $log"
cd "$src"
# The bench is a Quarkus test named *Bench: surefire and failsafe never pick it up on their own, -Dtest does.
./mvnw -B -ntp -pl transfer-service -am test -Dtest=TransferBench -Dsurefire.failIfNoSpecifiedTests=false 2>&1 \
  | tee "$log" | { grep --line-buffered -E '^bench: |\[ERROR\]|BUILD (SUCCESS|FAILURE)' || true; } || true
grep -q 'BUILD SUCCESS' "$log" || die "the benchmark failed (see $log)"
say "results ($HOSTMOVE_BENCH_OUT):"
cat "$HOSTMOVE_BENCH_OUT"
