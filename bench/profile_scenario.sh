#!/usr/bin/env bash
# Profiles clinicd under one scenario of clinic_load, the way the findings of
# bench/RESULTS.md were made:
#
#   bash bench/profile_scenario.sh find_slots            # seeded database
#   DB=empty IN_FLIGHT=64 bash bench/profile_scenario.sh get_patient
#
# Serves a fresh copy of the seeded database (DB=seeded, the default; run
# bench/run_all.sh once to create it), of the recent one (DB=recent: as
# busy, 90 days of history) or the same clinic with no history (DB=empty),
# runs the scenario for DURATION (default 10s) at IN_FLIGHT calls (default 64)
# while `perf record --call-graph dwarf` samples clinicd, then prints the
# functions where clinicd spends its time (self time, then with callees).
# The profile stays in OUT/profile-<scenario>-<db>.perf.data for
# `perf report -i`.
#
# Environment: BUILD_DIR (build), OUT (var/bench), PORT (50862), DB,
# IN_FLIGHT, DURATION, FREQUENCY (perf samples a second, default 499).
set -euo pipefail

SCENARIO=${1:?usage: profile_scenario.sh SCENARIO (health, get_patient, list_sessions_day, find_slots, book_distinct, book_contended)}
PORT=${PORT:-50862}
DB=${DB:-seeded}
IN_FLIGHT=${IN_FLIGHT:-64}
DURATION=${DURATION:-10s}
FREQUENCY=${FREQUENCY:-499}
# shellcheck source=bench/bench_lib.sh
source "$(dirname "$0")/bench_lib.sh"
bench_build
trap stop_server EXIT

folder="$OUT/profile-$DB"
if [[ "$DB" == empty ]]; then
  # The seed's clinic with no history, as run_all.sh's empty run.
  rm -rf "$folder"
  "$SEED" --db="$folder/clinic.db" --plugin_dir="$PLUGINS" --patients=0 \
    --sessions=0 --adverse_events=0 --audit_history=false >/dev/null
else
  [[ -f "$OUT/$DB/clinic.db" ]] || {
    echo "no $OUT/$DB/clinic.db: run bench/run_all.sh first" >&2
    exit 1
  }
  copy_seed "$OUT/$DB" "$folder"
fi
warm_database "$folder/clinic.db"
start_server "$folder/clinic.db" "$folder/clinicd.log"

data="$OUT/profile-$SCENARIO-$DB.perf.data"
ready="$folder/measuring"
"$LOAD" --target="$TARGET" \
  --api_key_file="$folder/admin.key" --scenarios="$SCENARIO" \
  --in_flight="$IN_FLIGHT" --duration="$DURATION" --warmup=1s \
  --ready_file="$ready" --label="profile-$DB" &
load_pid=$!
# The server is busy with the scenario alone once clinic_load has prepared
# its clinic (and, for bookings, found its free slots).
while [[ ! -f "$ready" ]]; do
  kill -0 "$load_pid" 2>/dev/null || exit 1
  sleep 0.2
done
sleep 1
perf record -F "$FREQUENCY" --call-graph dwarf,16384 -p "$server_pid" \
  -o "$data" -- sleep "${DURATION%s}" 2>/dev/null
wait "$load_pid"

echo
echo "== self time (top 30) =="
perf report -i "$data" --no-children --stdio --percent-limit 1 \
  --sort symbol -g none 2>/dev/null | grep -v '^$' | head -45
echo
echo "== with callees (top 40) =="
perf report -i "$data" --children --stdio --percent-limit 3 \
  --sort symbol -g none 2>/dev/null | grep -v '^$' | head -55
