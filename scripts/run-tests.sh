#!/usr/bin/env bash
# Sets everything up, then runs every test through CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
ctest --test-dir "${BUILD_DIR:-build}" --output-on-failure \
  --parallel "$(nproc)" --timeout 600

# Then a short fuzzing run (tests/fuzz/README.md): the fuzz targets alone,
# built with clang and sanitizers in their own tree, each fuzzed for
# FUZZ_SECONDS after replaying its seeds and past crashes. FUZZ=OFF skips it.
if [[ ${FUZZ:-ON} == ON ]]; then
  FUZZ_BUILD_DIR=${FUZZ_BUILD_DIR:-build-fuzz}
  CC=clang CXX=clang++ cmake -S . -B "$FUZZ_BUILD_DIR" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMESOCLINIC_FUZZ=ON \
    -DMESOCLINIC_FUZZ_SECONDS="${FUZZ_SECONDS:-30}" >/dev/null
  cmake --build "$FUZZ_BUILD_DIR" --parallel "$(nproc)" --target fuzz_targets
  ctest --test-dir "$FUZZ_BUILD_DIR" -L fuzz --output-on-failure \
    --parallel "$(nproc)"
fi
