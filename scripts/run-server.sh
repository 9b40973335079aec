#!/usr/bin/env bash
# Sets everything up (the server, the plugins and the web app), then runs
# clinicd on its embedded default: the database var/clinic.db, gRPC on
# 127.0.0.1:50051, the web app and the Connect API on http://127.0.0.1:8080/,
# plugins from the build tree. Extra arguments go to clinicd (see
# build/core/server/clinicd --help).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "run-server: open http://127.0.0.1:8080/ in a browser (the web app);" \
  "the first start writes the first admin's API key to var/admin.key"
exec "${BUILD_DIR:-build}/core/server/clinicd" "$@"
