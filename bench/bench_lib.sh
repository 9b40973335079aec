# Shared by bench/run_all.sh and bench/scaling.sh (sourced, not run):
# serving a database with clinicd, running clinic_load against it, and
# saying whether the machine let the figures mean something.
#
# Sets ROOT, BUILD_DIR (default: build), OUT (default: var/bench), PORT
# (default: 50861) and TARGET; bench_build sets the binaries.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=$(cd "$ROOT" && realpath -m "${BUILD_DIR:-build}")
OUT=$(cd "$ROOT" && realpath -m "${OUT:-var/bench}")
PORT=${PORT:-50861}
TARGET="127.0.0.1:$PORT"
mkdir -p "$OUT"

server_pid=
perf_pid=

# Builds clinicd, the plugins, clinic_seed and clinic_load, and sets
# CLINICD, SEED, LOAD and PLUGINS.
bench_build() {
  echo "building clinicd, the plugins, clinic_seed and clinic_load in $BUILD_DIR..."
  ninja -C "$BUILD_DIR" clinicd clinic_seed clinic_load cellulite.so \
    hair_loss.so joint_pain.so >/dev/null
  CLINICD="$BUILD_DIR/core/server/clinicd"
  SEED="$BUILD_DIR/bench/seed/clinic_seed"
  LOAD="$BUILD_DIR/bench/load/clinic_load"
  PLUGINS="$BUILD_DIR/plugins"
}

# The commit the figures belong to: short hash, "-dirty" with local changes
# to what is measured (the results file aside).
bench_commit() {
  local hash
  hash=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
  if ! git -C "$ROOT" diff --quiet HEAD -- core proto plugins bench migrations \
      ':!bench/RESULTS.md' 2>/dev/null; then
    hash="$hash-dirty"
  fi
  echo "$hash"
}

start_server() {  # database, log file
  # shellcheck disable=SC2086
  # No HTTP listener unless CLINICD_ARGS asks for one (the last flag wins).
  "$CLINICD" --db="$1" --plugin_dir="$PLUGINS" --listen="$TARGET" \
    --http_listen= ${CLINICD_ARGS:-} >"$2" 2>&1 &
  server_pid=$!
  # A first start on a large seed records the digests of every stored
  # resource (minutes on the full seed): wait for it.
  for _ in $(seq 3000); do
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

# A fresh copy of the seed in `from` (database and keys) in `to`, for one
# run. The seed is first started once (and kept so), so that the runs do
# not each pay for the first start's work: keying the audit chain and
# recording the digests of everything the seeder stored.
copy_seed() {  # from, to
  local from=$1 to=$2
  if [[ ! -f "$from/audit-chain.key" ]]; then
    echo "first start on $from/clinic.db (keys the audit chain, records digests)..."
    start_server "$from/clinic.db" "$from/first-start.log"
    stop_server
  fi
  rm -rf "$to"
  mkdir -p "$to"
  cp "$from/clinic.db" "$from/admin.key" "$from/audit-chain.key" "$to/"
}

# Reads the database file (and its log) once, so that the run starts with
# it in the page cache instead of paying for disk reads that depend on what
# ran before (the seeded figures moved by 25-40% with that alone).
warm_database() {  # database
  cat "$1" "$1-wal" >/dev/null 2>&1 || true
}

# How much of `file` the page cache holds, in percent.
cached_percent() {  # file
  local size resident
  size=$(stat -c %s "$1")
  resident=$(fincore --bytes --noheadings --output RES "$1" 2>/dev/null || echo 0)
  if [[ "$size" -gt 0 ]]; then
    echo $((100 * resident / size))
  else
    echo 100
  fi
}

# Busy and total jiffies of the whole machine.
machine_jiffies() {
  awk '/^cpu / { idle = $5 + $6; total = 0;
                  for (i = 2; i <= 9; i++) total += $i;
                  print total - idle, total }' /proc/stat
}

# utime + stime of a process, in jiffies; its major page faults.
process_jiffies() {  # pid
  awk '{ print $14 + $15, $12 }' "/proc/$1/stat"
}

vmstat_value() {  # name
  awk -v name="$1" '$1 == name { print $2 }' /proc/vmstat
}

# The share of the machine that was idle over two quiet seconds, in percent.
idle_percent_now() {
  local b1 t1 b2 t2
  read -r b1 t1 < <(machine_jiffies)
  sleep 2
  read -r b2 t2 < <(machine_jiffies)
  echo $((100 - 100 * (b2 - b1) / (t2 - t1)))
}

# Serves `folder`/clinic.db, runs clinic_load, and writes what held the
# machine meanwhile to OUT/<label>.conditions (also printed):
#   idle_before      % of the machine idle in the 2 s before the run
#   cached           % of the database file in the page cache at the start
#   others_cpu       % of the machine used by anything but clinicd and
#                    clinic_load during the run
#   clinicd_majflt   pages clinicd read from disk during the run
#   refaults         file pages the kernel read back after evicting them
#   verdict          trustworthy when idle_before >= 90, cached >= 99,
#                    others_cpu < 5 and clinicd_majflt < 1000
run_load() {  # label, database folder, clinic_load flags...
  local label=$1 folder=$2
  shift 2
  local db="$folder/clinic.db"
  warm_database "$db"
  start_server "$db" "$OUT/$label.clinicd.log"
  warm_database "$db"
  if [[ "${PERF:-0}" == 1 ]]; then
    perf record -g -p "$server_pid" -o "$OUT/$label.perf.data" 2>/dev/null &
    perf_pid=$!
  fi
  local idle_before cached
  idle_before=$(idle_percent_now)
  cached=$(cached_percent "$db")
  local mb0 mt0 sj0 sf0 rf0 start end
  read -r mb0 mt0 < <(machine_jiffies)
  read -r sj0 sf0 < <(process_jiffies "$server_pid")
  rf0=$(vmstat_value workingset_refault_file)
  start=$(date +%s.%N)
  local load_cpu_file="$OUT/$label.load_cpu"
  {
    TIMEFORMAT='%U %S'
    time "$LOAD" --target="$TARGET" --api_key_file="$folder/admin.key" \
      --label="$label" --json_out="$OUT/$label.json" \
      --server_pid="$server_pid" "$@" >"$OUT/$label.txt"
  } 2>"$load_cpu_file"
  end=$(date +%s.%N)
  local mb1 mt1 sj1 sf1 rf1
  read -r mb1 mt1 < <(machine_jiffies)
  read -r sj1 sf1 < <(process_jiffies "$server_pid")
  rf1=$(vmstat_value workingset_refault_file)
  cat "$OUT/$label.txt"
  grep VmHWM "/proc/$server_pid/status" | sed "s/^/clinicd $label: /"
  stop_server
  # clinic_load's CPU seconds (user + system), in jiffies.
  local load_jiffies hz
  hz=$(getconf CLK_TCK)
  load_jiffies=$(tail -1 "$load_cpu_file" |
    awk -v hz="$hz" '{ printf "%d", ($1 + $2) * hz }')
  local others_cpu
  others_cpu=$(awk -v busy=$((mb1 - mb0)) -v total=$((mt1 - mt0)) \
    -v mine=$((sj1 - sj0 + load_jiffies)) \
    'BEGIN { v = total > 0 ? 100 * (busy - mine) / total : 0;
             if (v < 0) v = 0; printf "%.1f", v }')
  local majflt=$((sf1 - sf0)) refaults=$((rf1 - rf0))
  local verdict=trustworthy
  if [[ "$idle_before" -lt 90 || "$cached" -lt 99 || "$majflt" -ge 1000 ]] ||
     awk -v v="$others_cpu" 'BEGIN { exit !(v >= 5) }'; then
    verdict=untrustworthy
  fi
  {
    echo "run $label at commit $(bench_commit), $(date -u +%Y-%m-%dT%H:%M:%SZ)," \
      "$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.0f", e - s }') s"
    echo "  idle_before=${idle_before}% cached=${cached}%" \
      "others_cpu=${others_cpu}% clinicd_majflt=$majflt refaults=$refaults" \
      "load_average_after=$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "  verdict: $verdict"
  } | tee "$OUT/$label.conditions"
}
