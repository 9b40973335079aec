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
  # The fuzz targets (tests/fuzz): clang, its libFuzzer and sanitizer
  # runtimes, and llvm-symbolizer for readable crash reports.
  clang libclang-rt-14-dev llvm-14
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

BUILD_DIR=${BUILD_DIR:-build}
BUILD_TYPE=${BUILD_TYPE:-Release}
SANITIZE=${SANITIZE:-OFF}

cmake -S . -B "$BUILD_DIR" -G Ninja \
  -DCMAKE_BUILD_TYPE="$BUILD_TYPE" \
  -DMESOCLINIC_SANITIZE="$SANITIZE" >/dev/null
cmake --build "$BUILD_DIR" --parallel "$(nproc)"
