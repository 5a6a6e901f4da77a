#!/usr/bin/env bash
# Relay mode against the standard tool: the same reference tree is copied from the old test host to the new one
# by `ssh old tar c | ssh new tar x` (OpenSSH's default cipher, and again pinned to the relay's AES-GCM) and by
# the transfer-service's relay (tar on the old host -> sshj -> tar on the new host, RelaySync), in a rotating
# order, into empty directories, in the same run. Prints each run and the ratio of the median throughputs (goal:
# relay >= 0.7 of tar's), with the machine, its load and the date.
#
# Usage: bench/transfer/relay.sh [clean]
#   clean   remove the reference tree and the copies from the test hosts
#
# Environment (besides the test peers' of deploy/test-env.sh, which this script sources):
#   HOSTMOVE_BENCH_RUNS            runs of each tool (default 5)
#   HOSTMOVE_BENCH_RELAY_FILES     small files in the tree (default 2000)
#   HOSTMOVE_BENCH_RELAY_MB        megabytes (10^6) in the small files (default 500)
#   HOSTMOVE_BENCH_RELAY_BIG_MB    megabytes of the one big file (default 1000)
# Results: stdout and $HOSTMOVE_STATE_DIR/bench/transfer/relay.md.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=../../deploy/test-env.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../deploy/test-env.sh"
# shellcheck disable=SC2034  # read by say() in lib.sh
HOSTMOVE_TAG="bench relay"

RUNS="${HOSTMOVE_BENCH_RUNS:-5}"
FILES="${HOSTMOVE_BENCH_RELAY_FILES:-2000}"
MB="${HOSTMOVE_BENCH_RELAY_MB:-500}"
BIG_MB="${HOSTMOVE_BENCH_RELAY_BIG_MB:-1000}"
for v in RUNS FILES MB BIG_MB; do
  [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer (got '${!v}')"
done

SOURCE="$HOSTMOVE_HOSTS_ROOT/old/home/benchrelay/tree"
RELAY_TARGET="$HOSTMOVE_HOSTS_ROOT/new/home/benchrelay/relay"
TAR_TARGET="$HOSTMOVE_HOSTS_ROOT/new/home/benchrelay/tar"
CLIENT="$HOSTMOVE_STATE_DIR/hosts/client"
OUT="$HOSTMOVE_STATE_DIR/bench/transfer"

if [[ "${1:-}" == clean ]]; then
  rm -rf "$HOSTMOVE_HOSTS_ROOT/old/home/benchrelay" "$HOSTMOVE_HOSTS_ROOT/new/home/benchrelay"
  say "removed the reference tree and its copies"
  exit 0
fi

"$HOSTMOVE_REPO/deploy/hosts.sh" status >/dev/null 2>&1 || "$HOSTMOVE_REPO/deploy/hosts.sh" start

# The reference tree: FILES files of 1/4 to 7/4 of the mean size in 40 directories, and one big file;
# random bytes (nothing compresses). Built once per shape and reused.
shape="files=$FILES mb=$MB big_mb=$BIG_MB"
if [[ "$(cat "$SOURCE/.shape" 2>/dev/null)" != "$shape" ]]; then
  say "building the reference tree ($shape) in $SOURCE"
  rm -rf "$SOURCE"
  mkdir -p "$SOURCE"
  mean=$((MB * 1000000 / FILES))
  for ((i = 0; i < FILES; i++)); do
    dir="$SOURCE/site/d$((i % 40))"
    [[ -d "$dir" ]] || mkdir -p "$dir"
    head -c $((mean / 4 + (i * 7919) % (mean * 3 / 2))) /dev/urandom >"$dir/file-$i.bin"
  done
  head -c $((BIG_MB * 1000000)) /dev/urandom >"$SOURCE/site/big.bin"
  printf '%s' "$shape" >"$SOURCE/.shape"
fi
tree_files=$(find "$SOURCE" -type f | wc -l)
tree_bytes=$(find "$SOURCE" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
say "tree: $tree_files files, $tree_bytes bytes"
find "$SOURCE" -type f -exec cat {} + >/dev/null   # both tools start from a warm page cache

say "building the transfer-service and its test classes"
cd "$HOSTMOVE_REPO"
classpath_file="$OUT/classpath"
mkdir -p "$OUT"
# One reactor run: the events module resolves to its build output, nothing has to be installed.
./mvnw -B -ntp -q -pl transfer-service -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$classpath_file" >/dev/null
classpath="transfer-service/target/test-classes:transfer-service/target/classes:events/target/classes:$(cat "$classpath_file")"

export HOSTMOVE_BENCH_CLIENT="$CLIENT"
HOSTMOVE_BENCH_OLD_KEY="$("$HOSTMOVE_REPO/deploy/hosts.sh" fingerprint old)"
HOSTMOVE_BENCH_NEW_KEY="$("$HOSTMOVE_REPO/deploy/hosts.sh" fingerprint new)"
export HOSTMOVE_BENCH_OLD_KEY HOSTMOVE_BENCH_NEW_KEY

report="$OUT/relay.md"
{
  printf 'Machine: %s cores, %s, %s RAM; %s; load average at the start %s\n\n' "$(nproc)" \
    "$(lscpu | sed -n 's/^Model name: *//p' | head -n 1)" \
    "$(free -g | awk '/^Mem:/ {print $2 " GiB"}')" "$(date -u '+%Y-%m-%d %H:%M UTC')" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
  printf 'Tree: %s files, %s bytes (%s small files, one file of %s MB); OpenSSH %s, sshj with JCE AES-GCM.\n\n' \
    "$tree_files" "$tree_bytes" "$FILES" "$BIG_MB" "$(ssh -V 2>&1 | cut -d, -f1)"
  java -Xmx512m -cp "$classpath" io.hostmove.transfer.files.RelayBenchmark \
    "$SOURCE" "$RELAY_TARGET" "$TAR_TARGET" "$RUNS" "$tree_bytes"
} | tee "$report"

# Both copies must be the tree, byte for byte.
for copy in "$RELAY_TARGET" "$TAR_TARGET"; do
  if ! diff <(cd "$SOURCE" && find . -type f -print0 | sort -z | xargs -0 sha256sum) \
            <(cd "$copy" && find . -type f -print0 | sort -z | xargs -0 sha256sum) >/dev/null; then
    die "the copy in $copy differs from the tree"
  fi
done
rm -rf "$RELAY_TARGET" "$TAR_TARGET"
say "both copies were identical to the tree; results in $report"
