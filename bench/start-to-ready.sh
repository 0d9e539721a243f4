#!/usr/bin/env bash
# Start-up time of the packaged server as the image starts it (target 5 of issue 13): launch to
# /api/health/ready = 200, AUTH_MODE=jwt, MySQL, first start of a fresh server directory and its warm second start,
# N times, with the JVM's CPU and RSS at ready. The start phase of bench/load.sh (see bench/README.md).
#   usage: bench/start-to-ready.sh [runs=5]
set -euo pipefail
cd "$(dirname "$0")/.."
exec bench/load.sh --phases start --starts "${1:-5}"
