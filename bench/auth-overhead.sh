#!/usr/bin/env bash
# Request overhead of bearer-token verification: GET /api/users/{id} on the packaged server (defaultServer, embedded
# database) under the same closed-loop load, once with AUTH_MODE=jwt (a token from a local JWKS) and once with
# AUTH_MODE=none, in one run. Clients reuse their token as real ones do, so Liberty verifies it once and then
# serves it from its authentication cache. Not a test: run by hand.
# Needs `./mvnw package liberty:create liberty:deploy` first, python3 (serves the JWKS) and nimbus-jose-jwt in
# ~/.m2 (`./mvnw verify` puts it there).
#   usage: bench/auth-overhead.sh [threads=8] [seconds=20] [warmup_seconds=10]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
threads=${1:-8}
seconds=${2:-20}
warmup=${3:-10}
wlp=target/liberty/wlp
server_dir=$wlp/usr/servers/defaultServer
port=${PORT:-9080}
jwks_port=${JWKS_PORT:-13399}
[ -x "$wlp/bin/server" ] || { echo "run ./mvnw package liberty:create liberty:deploy first" >&2; exit 1; }
jar=$(ls ~/.m2/repository/com/nimbusds/nimbus-jose-jwt/*/nimbus-jose-jwt-*.jar 2>/dev/null \
      | grep -v -e '-sources\.jar$' -e '-javadoc\.jar$' | sort -V | tail -1 || true)
[ -n "$jar" ] || { echo "nimbus-jose-jwt is not in ~/.m2: run ./mvnw verify once" >&2; exit 1; }

work=$(mktemp -d)
bootstrap=$server_dir/bootstrap.properties
cp "$bootstrap" "$work/bootstrap.properties.saved" 2>/dev/null || touch "$work/bootstrap.properties.saved"
cleanup() {
  "$wlp/bin/server" stop defaultServer >/dev/null 2>&1 || true
  cp "$work/bootstrap.properties.saved" "$bootstrap"
  [ -n "${jwks_pid:-}" ] && kill "$jwks_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

start_local_idp "$jar" "$work/idp"
export MP_JWT_VERIFY_ISSUER=$issuer MP_JWT_VERIFY_AUDIENCES=$audience \
       MP_JWT_VERIFY_PUBLICKEY_LOCATION=http://127.0.0.1:$jwks_port/jwks.json
"$wlp/bin/server" stop defaultServer >/dev/null 2>&1 || true

measure() { # mode
  local mode=$1 auth=() client_token=()
  # bootstrap.properties outranks the environment; liberty:create put AUTH_MODE=none there for liberty:run.
  grep -v '^AUTH_MODE=' "$work/bootstrap.properties.saved" > "$bootstrap" || true
  echo "AUTH_MODE=$mode" >> "$bootstrap"
  if [ "$mode" = jwt ]; then auth=(-H "Authorization: Bearer $token"); client_token=("$token"); fi
  "$wlp/bin/server" start defaultServer >/dev/null
  await_ready
  local id
  id=$(create_user "${auth[@]}")
  printf '%-5s ' "$mode"
  java bench/HttpLoad.java "http://localhost:$port/api/users/$id" "$threads" "$seconds" "$warmup" 200 \
       "${client_token[@]}"
  "$wlp/bin/server" stop defaultServer >/dev/null
}

echo "GET /api/users/{id}, $threads threads, ${seconds}s after ${warmup}s warm-up, $(nproc) cores"
measure jwt
measure none
measure jwt
measure none
