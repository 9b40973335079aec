#!/usr/bin/env bash
# Regenerates the figures of bench/RESULTS.md in one go:
#
#   1. builds clinicd, the plugins, clinic_seed and clinic_load;
#   2. seeds var/bench/seeded/clinic.db at the full volume if it is missing
#      (about ten minutes; kept for later runs);
#   3. seeds var/bench/empty/clinic.db with the same clinic and no history,
#      serves it with clinicd and runs clinic_load against it
#      (var/bench/empty.{txt,json});
#   4. seeds var/bench/recent/clinic.db (the same clinic as busy, with 90
#      days of history) if missing and runs clinic_load against a copy;
#   5. serves a fresh copy of the seeded database and runs clinic_load
#      against it, comparing with the recent run (var/bench/seeded.{txt,json});
#   6. stops clinicd after each run.
#
# Before each run the database file is read into the page cache; after it,
# OUT/<run>.conditions says what else held the machine (idle time before,
# other processes' CPU, pages clinicd read from disk, page-cache refaults)
# and whether the run is trustworthy (bench/bench_lib.sh). Every result
# names the commit it was taken at.
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
#   RUNS        which runs (default: "empty recent seeded"); "empty" alone
#               needs no seed of the full volume
#   RECENT_ARGS clinic_seed flags of the "recent" clinic (default: 90 days
#               of history at the full seed's pace)
# Extra arguments go to clinic_load, e.g. --duration=10s or --scenarios=...
#
# The figures mean something only on an otherwise idle machine: each run's
# .conditions file says whether it was.
set -euo pipefail

# shellcheck source=bench/bench_lib.sh
source "$(dirname "$0")/bench_lib.sh"
bench_build
trap stop_server EXIT

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -sr)"
echo "load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "commit: $(bench_commit)"

RUNS=${RUNS:-empty recent seeded}

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

# The recent run serves the same clinic, as busy, with 90 days of history
# instead of five years (about as many sessions a day around today: 607
# against 624 over the days listed), so that the seeded-vs-recent figures
# measure what the history costs (the empty clinic's days hold no session
# at all). Seeded once and kept, like the
# full seed; each run serves a fresh copy.
RECENT_ARGS=${RECENT_ARGS:---history_days=90 --sessions=96000 --patients=9600 --adverse_events=290}
if [[ " $RUNS " == *" recent "* ]]; then
  if [[ ! -f "$OUT/recent/clinic.db" ]]; then
    # shellcheck disable=SC2086
    "$SEED" --db="$OUT/recent/clinic.db" --plugin_dir="$PLUGINS" \
      ${SEED_ARGS:-} $RECENT_ARGS
  fi
  copy_seed "$OUT/recent" "$OUT/recent-run"
  run_load recent "$OUT/recent-run" "$@"
fi

if [[ " $RUNS " == *" seeded "* ]]; then
  copy_seed "$OUT/seeded" "$OUT/seeded-run"
  baseline=empty
  [[ -f "$OUT/recent.json" ]] && baseline=recent
  run_load seeded "$OUT/seeded-run" --compare_to="$OUT/$baseline.json" "$@"
fi

echo "results: OUT/<run>.txt, .json and .conditions in $OUT"
