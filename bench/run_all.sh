#!/usr/bin/env bash
# Regenerates the figures of bench/RESULTS.md in one go:
#
#   1. builds clinicd, the plugins, clinic_seed and clinic_load;
#   2. seeds var/bench/seeded/clinic.db at the full volume if it is missing
#      (about ten minutes; kept for later runs);
#   3. seeds var/bench/empty/clinic.db with the same clinic and no history,
#      serves it with clinicd and runs clinic_load against it
#      (var/bench/empty.{txt,json});
#   4. serves a fresh copy of the seeded database and runs clinic_load
#      against it, comparing with the empty run (var/bench/seeded.{txt,json});
#   5. stops clinicd after each run.
#
# Environment:
#   BUILD_DIR   the build folder (default: build)
#   OUT         where databases and results go (default: var/bench)
#   PORT        clinicd's port (default: 50861)
#   SEED_ARGS   extra clinic_seed flags, e.g. "--patients=1000 --sessions=10000"
#               (with OUT pointing elsewhere, to keep the full seed)
#   PERF=1      record a CPU profile of clinicd (perf record -g) during each
#               run, to OUT/<run>.perf.data
#   CLINICD_ARGS  extra clinicd flags, e.g. "--http_listen=127.0.0.1:50862"
#   RUNS        which runs (default: "empty seeded"); "empty" alone needs no
#               seed of the full volume
# Extra arguments go to clinic_load, e.g. --duration=10s or --scenarios=...
#
# The figures mean something only on an otherwise idle machine: the script
# prints the load average first.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=$(cd "$ROOT" && realpath -m "${BUILD_DIR:-build}")
OUT=$(cd "$ROOT" && realpath -m "${OUT:-var/bench}")
PORT=${PORT:-50861}
TARGET="127.0.0.1:$PORT"

echo "building clinicd, the plugins, clinic_seed and clinic_load in $BUILD_DIR..."
ninja -C "$BUILD_DIR" clinicd clinic_seed clinic_load cellulite.so \
  hair_loss.so joint_pain.so >/dev/null

CLINICD="$BUILD_DIR/core/server/clinicd"
SEED="$BUILD_DIR/bench/seed/clinic_seed"
LOAD="$BUILD_DIR/bench/load/clinic_load"
PLUGINS="$BUILD_DIR/plugins"
mkdir -p "$OUT"

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -sr)"
echo "load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg)"

server_pid=
perf_pid=

start_server() {  # database, log file
  # shellcheck disable=SC2086
  # No HTTP listener unless CLINICD_ARGS asks for one (the last flag wins).
  "$CLINICD" --db="$1" --plugin_dir="$PLUGINS" --listen="$TARGET" \
    --http_listen= ${CLINICD_ARGS:-} >"$2" 2>&1 &
  server_pid=$!
  for _ in $(seq 100); do
    grep -q "serving on" "$2" && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.2
  done
  echo "clinicd did not start; see $2" >&2
  exit 1
}

stop_server() {
  if [[ -n "$perf_pid" ]]; then
    kill -INT "$perf_pid" && wait "$perf_pid" || true
    perf_pid=
  fi
  if [[ -n "$server_pid" ]]; then
    kill -TERM "$server_pid" && wait "$server_pid" || true
    server_pid=
  fi
}
trap stop_server EXIT

run_load() {  # label, database folder, clinic_load flags...
  local label=$1 folder=$2
  shift 2
  start_server "$folder/clinic.db" "$OUT/$label.clinicd.log"
  if [[ "${PERF:-0}" == 1 ]]; then
    perf record -g -p "$server_pid" -o "$OUT/$label.perf.data" 2>/dev/null &
    perf_pid=$!
  fi
  "$LOAD" --target="$TARGET" --api_key_file="$folder/admin.key" \
    --label="$label" --json_out="$OUT/$label.json" --server_pid="$server_pid" \
    "$@" | tee "$OUT/$label.txt"
  grep VmHWM "/proc/$server_pid/status" | sed "s/^/clinicd $label: /"
  stop_server
}

RUNS=${RUNS:-empty seeded}

# The seed is kept: it takes minutes. Each run serves a fresh copy of it, so
# that bookings of one run do not fill the next one's calendar.
if [[ " $RUNS " == *" seeded "* && ! -f "$OUT/seeded/clinic.db" ]]; then
  # shellcheck disable=SC2086
  "$SEED" --db="$OUT/seeded/clinic.db" --plugin_dir="$PLUGINS" ${SEED_ARGS:-}
fi

# The empty run serves the same clinic as the seed (staff, rooms, opening
# hours, leave and maintenance closures, from the same random seed) with no
# history: the seeded-vs-empty targets then measure the 1,000,000 sessions,
# not a clinic seven times the size. Flags given last win over SEED_ARGS.
if [[ " $RUNS " == *" empty "* ]]; then
  rm -rf "$OUT/empty"
  mkdir -p "$OUT/empty"
  # shellcheck disable=SC2086
  "$SEED" --db="$OUT/empty/clinic.db" --plugin_dir="$PLUGINS" ${SEED_ARGS:-} \
    --patients=0 --sessions=0 --adverse_events=0 --audit_history=false
  run_load empty "$OUT/empty" "$@"
fi

if [[ " $RUNS " == *" seeded "* ]]; then
  rm -rf "$OUT/seeded-run"
  mkdir -p "$OUT/seeded-run"
  cp "$OUT/seeded/clinic.db" "$OUT/seeded/admin.key" "$OUT/seeded-run/"
  run_load seeded "$OUT/seeded-run" --compare_to="$OUT/empty.json" "$@"
fi

echo "results: $OUT/empty.txt, $OUT/seeded.txt (and .json)"
