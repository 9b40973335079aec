#!/usr/bin/env bash
# How the figures grow with the clinic's history, for bench/RESULTS.md ("How
# it scales"): the same clinic (staff, rooms, opening hours) seeded with
# 10,000, 100,000 and 1,000,000 sessions over the same five years (patients
# a tenth of the sessions), each served by clinicd and measured by
# clinic_load on get_patient, list_sessions_day, find_slots and
# book_distinct (and the health check, the baseline), then one table with
# calls/s and p99 per size.
#
#   bash bench/scaling.sh                      # 5 s per step, 1 and 64 in flight
#   SIZES="10000 100000" bash bench/scaling.sh --duration=10s
#
# Seeds are kept in OUT/scale-<sessions>/ (the 1,000,000 one is run_all.sh's
# OUT/seeded/ when present: about ten minutes to make). Each run serves a
# fresh copy, with the database file read into the page cache first, and
# OUT/scale-<sessions>.conditions says whether the machine was quiet
# enough for the run to be trusted (bench/bench_lib.sh).
#
# Environment: BUILD_DIR (build), OUT (var/bench), PORT (50861), SIZES,
# CLINICD_ARGS. Extra arguments go to clinic_load.
set -euo pipefail

SIZES=${SIZES:-10000 100000 1000000}

# shellcheck source=bench/bench_lib.sh
source "$(dirname "$0")/bench_lib.sh"
bench_build
trap stop_server EXIT
echo "commit: $(bench_commit)"

for sessions in $SIZES; do
  folder="$OUT/scale-$sessions"
  if [[ "$sessions" == 1000000 && -f "$OUT/seeded/clinic.db" ]]; then
    folder="$OUT/seeded"
  fi
  if [[ ! -f "$folder/clinic.db" ]]; then
    "$SEED" --db="$folder/clinic.db" --plugin_dir="$PLUGINS" \
      --sessions="$sessions" --patients=$((sessions / 10)) \
      --adverse_events=$((sessions * 3 / 1000))
  fi
  copy_seed "$folder" "$OUT/scale-run"
  run_load "scale-$sessions" "$OUT/scale-run" \
    --scenarios=health,get_patient,list_sessions_day,find_slots,book_distinct \
    --in_flight=1,64 "$@"
done

# One table: a row per scenario and in-flight count, a column pair per size.
node - "$OUT" $SIZES <<'EOF'
const fs = require('fs');
const [out, ...sizes] = process.argv.slice(2);
const runs = sizes.map((size) =>
  JSON.parse(fs.readFileSync(`${out}/scale-${size}.json`, 'utf8')));
const header = ['scenario', 'in flight',
  ...sizes.flatMap((s) => [`${Number(s).toLocaleString('en')} calls/s`,
                           `p99 ms`])];
console.log(`| ${header.join(' | ')} |`);
console.log(`| ${header.map(() => '---').join(' | ')} |`);
for (const step of runs[0].steps) {
  const row = [step.scenario, step.in_flight];
  for (const run of runs) {
    const same = run.steps.find((s) =>
      s.scenario === step.scenario && s.in_flight === step.in_flight);
    row.push(same ? Math.round(same.calls_per_second) : '-',
             same ? same.p99_ms.toFixed(2) : '-');
  }
  console.log(`| ${row.join(' | ')} |`);
}
EOF
