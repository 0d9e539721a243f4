#!/usr/bin/env bash
# Start-up time of the packaged server: from launching Liberty to /api/health/ready = 200, N times, with the RSS
# of the server JVM once ready. Uses the server that `./mvnw package liberty:create liberty:deploy` prepared
# (defaultServer, embedded database unless DB_KIND says otherwise). Not a test: run by hand.
#   usage: bench/start-to-ready.sh [runs=5]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
wlp=target/liberty/wlp
port=${PORT:-9080}
[ -x "$wlp/bin/server" ] || { echo "run ./mvnw package liberty:create liberty:deploy first" >&2; exit 1; }
"$wlp/bin/server" stop defaultServer >/dev/null 2>&1 || true

for i in $(seq 1 "$runs"); do
  start=$(date +%s%N)
  "$wlp/bin/server" start defaultServer >/dev/null
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$port/api/health/ready")" = 200 ]; do
    now=$(date +%s%N)
    if [ $(( (now - start) / 1000000000 )) -gt 120 ]; then echo "not ready after 120 s" >&2; exit 1; fi
    sleep 0.05
  done
  ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  pid=$(cat "$wlp/usr/servers/.pid/defaultServer.pid" 2>/dev/null || pgrep -f 'ws-server.jar defaultServer' | head -1)
  rss_mb=$(( $(awk '/VmRSS/ {print $2}' "/proc/$pid/status") / 1024 ))
  echo "run $i: ready in ${ready_ms} ms, RSS ${rss_mb} MB"
  "$wlp/bin/server" stop defaultServer >/dev/null
done
