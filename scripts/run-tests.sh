#!/usr/bin/env bash
# Sets everything up, then runs every test through CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
ctest --test-dir "${BUILD_DIR:-build}" --output-on-failure \
  --parallel "$(nproc)" --timeout 600
