#!/usr/bin/env bash
# Installs every Debian package Mesoclinic needs (only what is missing), then
# configures and builds it with CMake.
#
# Environment:
#   BUILD_DIR   where to build (default: build)
#   BUILD_TYPE  Release (default), Debug, RelWithDebInfo
#   SANITIZE    ON builds with AddressSanitizer and UBSan (default: OFF)
set -euo pipefail

cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  protobuf-compiler libprotobuf-dev libgrpc++-dev protobuf-compiler-grpc
  libabsl-dev libsqlitecpp-dev libsqlite3-dev sqlite3 libspdlog-dev
  libfmt-dev libssl-dev openssl tzdata libgtest-dev libgmock-dev googletest
  libcli11-dev
  # The HTTP listener (Connect protocol, /metrics), staff passwords
  # (Argon2id) and metrics.
  libmicrohttpd-dev libsodium-dev prometheus-cpp-dev
  # The tests' HTTP client, and bench/load's for its connect_* scenarios.
  libcurl4-openssl-dev
  # The fuzz targets (tests/fuzz): clang, its libFuzzer and sanitizer
  # runtimes, and llvm-symbolizer for readable crash reports.
  clang libclang-rt-14-dev llvm-14
  # The browser tests (tests/web): Debian's chromium, driven by Playwright;
  # never a browser downloaded by npm.
  chromium
)

missing=()
for package in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null |
      grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The web app and the Node.js test harnesses, each installed with npm ci
# from its committed lock file, skipped while its node_modules was installed
# from that same lock file:
#   clients/web           the web app's build tools and libraries, and the
#                         browser tests' Playwright and axe-core (tests/web)
#   tests/fhir_validator  the independent FHIR R4 validator that
#                         tests/adverse_events runs on the adverse-event export
#   tests/connect_client  the official Connect client for JavaScript that
#                         tests/server/connect_node_client_test drives clinicd's
#                         HTTP listener with (and its protoc-gen-es)
# Node.js 20.19 or later is part of the machine, not installed here.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "setup: node and npm are needed for clients/web, tests/fhir_validator" \
    "and tests/connect_client" >&2
  exit 1
fi
install_node_harness() {
  local folder=$1
  local lock_sum
  lock_sum=$(sha256sum "$folder/package-lock.json" | cut -d' ' -f1)
  if [[ $(cat "$folder/node_modules/.mesoclinic-lock-sum" 2>/dev/null) != "$lock_sum" ]]; then
    echo "setup: installing $folder (npm ci)"
    (cd "$folder" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
      npm ci --no-audit --no-fund --loglevel=error)
    echo "$lock_sum" >"$folder/node_modules/.mesoclinic-lock-sum"
  fi
}
for harness in clients/web tests/fhir_validator tests/connect_client; do
  install_node_harness "$harness"
done

BUILD_DIR=${BUILD_DIR:-build}
BUILD_TYPE=${BUILD_TYPE:-Release}
SANITIZE=${SANITIZE:-OFF}

cmake -S . -B "$BUILD_DIR" -G Ninja \
  -DCMAKE_BUILD_TYPE="$BUILD_TYPE" \
  -DMESOCLINIC_SANITIZE="$SANITIZE" >/dev/null
cmake --build "$BUILD_DIR" --parallel "$(nproc)"
