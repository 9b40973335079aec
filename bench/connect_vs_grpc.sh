#!/usr/bin/env bash
# GetPatient and BookSession over gRPC and over Connect with JSON bodies
# (clinicd's HTTP listener), in the same run against the same clinicd, for
# bench/RESULTS.md: clinic_load's get_patient and book_distinct beside
# connect_get_patient and connect_book_distinct, with the health check as
# the baseline. The Connect calls come from libcurl, one keep-alive HTTP/1.1
# connection per call in flight (bench/load/connect_load_driver.h).
#
# A thin layer over run_all.sh: an empty clinic only (RUNS=empty), served
# with --http_listen. Environment as run_all.sh's, and:
#   HTTP_PORT   the HTTP listener's port (default: 50862)
# Extra arguments go to clinic_load, e.g. --duration=10s --in_flight=1,16.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
HTTP_PORT=${HTTP_PORT:-50862}
HTTP_TARGET="127.0.0.1:$HTTP_PORT"

RUNS=${RUNS:-empty} \
CLINICD_ARGS="--http_listen=$HTTP_TARGET ${CLINICD_ARGS:-}" \
  exec bash "$ROOT/bench/run_all.sh" --http_target="$HTTP_TARGET" \
  --scenarios=health,get_patient,connect_get_patient,book_distinct,connect_book_distinct \
  "$@"
