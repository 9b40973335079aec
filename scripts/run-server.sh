#!/usr/bin/env bash
# Sets everything up, then runs clinicd on its embedded default: the database
# var/clinic.db, listening on 127.0.0.1:50051, plugins from the build tree.
# Extra arguments go to clinicd (see build/core/server/clinicd --help).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec "${BUILD_DIR:-build}/core/server/clinicd" "$@"
