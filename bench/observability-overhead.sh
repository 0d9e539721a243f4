#!/usr/bin/env bash
# Per-request cost of the observability the service ships: GET /api/users/{id} on the packaged server
# (defaultServer, embedded database, AUTH_MODE=none as liberty:create leaves it) under the same closed-loop load,
# once as shipped ("with": per-request HTTP metrics, JSON access log on stdout and in http_access.log) and once
# with those two switched off ("without": <monitor filter="ThreadPool"/> drops the per-request HTTP statistics,
# no access log), in one run, alternating. Request ids and JSON messages stay in both. Not a test: run by hand.
# Needs `./mvnw package liberty:create liberty:deploy` first.
#   usage: bench/observability-overhead.sh [threads=8] [seconds=20] [warmup_seconds=10]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
threads=${1:-8}
seconds=${2:-20}
warmup=${3:-10}
wlp=target/liberty/wlp
server_dir=$wlp/usr/servers/defaultServer
port=${PORT:-9080}
[ -x "$wlp/bin/server" ] || { echo "run ./mvnw package liberty:create liberty:deploy first" >&2; exit 1; }

work=$(mktemp -d)
cp "$server_dir/server.xml" "$work/server.xml.shipped"
bootstrap=$server_dir/bootstrap.properties
cp "$bootstrap" "$work/bootstrap.properties.saved" 2>/dev/null || touch "$work/bootstrap.properties.saved"
# liberty:create sets LOG_FORMAT=simple for reading by eye; measure what ships: JSON on stdout.
grep -v '^LOG_FORMAT=' "$work/bootstrap.properties.saved" > "$bootstrap" || true
cleanup() {
  "$wlp/bin/server" stop defaultServer >/dev/null 2>&1 || true
  cp "$work/server.xml.shipped" "$server_dir/server.xml"
  cp "$work/bootstrap.properties.saved" "$bootstrap"
  rm -rf "$work"
}
trap cleanup EXIT
"$wlp/bin/server" stop defaultServer >/dev/null 2>&1 || true

# "without": no access log, no per-request HTTP statistics.
python3 - "$work/server.xml.shipped" "$work/server.xml.without" <<'PY'
import re, sys
s = open(sys.argv[1]).read()
s, n = re.subn(r'\s*<accessLogging[^>]*/>', '', s)
assert n == 1, "accessLogging not found"
s = s.replace('</server>', '    <monitor filter="ThreadPool"/>\n</server>')
s = s.replace('consoleSource="message,accessLog,audit"', 'consoleSource="message,audit"')
open(sys.argv[2], 'w').write(s)
PY

measure() { # with|without
  local variant=$1
  if [ "$variant" = with ]; then cp "$work/server.xml.shipped" "$server_dir/server.xml"; else cp "$work/server.xml.without" "$server_dir/server.xml"; fi
  "$wlp/bin/server" start defaultServer >/dev/null
  await_ready
  local id
  id=$(create_user)
  printf '%-8s ' "$variant"
  java bench/HttpLoad.java "http://localhost:$port/api/users/$id" "$threads" "$seconds" "$warmup" 200
  "$wlp/bin/server" stop defaultServer >/dev/null
}

echo "GET /api/users/{id}, AUTH_MODE=none, $threads threads, ${seconds}s after ${warmup}s warm-up, $(nproc) cores"
measure with
measure without
measure with
measure without
