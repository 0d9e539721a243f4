#!/usr/bin/env bash
# Reload latency of the secrets file (write started -> new snapshot in place), p50/p99 per replacement style.
# Not a test: run by hand.   usage: bench/reload-latency.sh [replacements=100]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -DskipTests test-compile
./mvnw -q exec:java -Dexec.mainClass=com.acme.backend.config.ReloadLatencyBenchmark -Dexec.classpathScope=test \
  -Dexec.args="${1:-100}"
