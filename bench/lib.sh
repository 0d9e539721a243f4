# shellcheck shell=bash
# Variables such as port, jwks_port, token and jwks_pid are the sourcing script's: set or read there.
# shellcheck disable=SC2154,SC2034
# Shared by the load benchmarks: waiting for the server and creating the user they read. Sourced, not run.

# Waits up to 120 s for /api/health/ready on $port to answer 200.
await_ready() {
  local waited=0
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$port/api/health/ready")" = 200 ]; do
    sleep 0.2; waited=$((waited + 1))
    [ "$waited" -lt 600 ] || { echo "not ready after 120 s" >&2; exit 1; }
  done
}

# Creates a user and prints its id; extra arguments go to curl (e.g. an Authorization header).
create_user() {
  local id
  id=$(curl -fsS "$@" -H 'Content-Type: application/json' \
       -d "{\"name\":\"Bench\",\"email\":\"bench-$RANDOM$RANDOM$RANDOM@example.com\"}" \
       "http://localhost:$port/api/users" | sed -E 's/.*"id":([0-9]+).*/\1/')
  [[ "$id" =~ ^[0-9]+$ ]] || { echo "could not create a user" >&2; exit 1; }
  echo "$id"
}

# A local identity provider: mints a users.write token for a bench issuer into $2 and serves its JWKS from there on
# $jwks_port. Sets issuer, audience, token and jwks_pid (the caller stops it). $1: the nimbus-jose-jwt jar.
start_local_idp() {
  local jar=$1 dir=$2
  issuer=https://bench.example/issuer
  audience=backend-bench
  token=$(java -cp "$jar" bench/MintToken.java "$dir" "$issuer" "$audience" users.write)
  (cd "$dir" && exec python3 -m http.server "$jwks_port" --bind 127.0.0.1 >/dev/null 2>&1) &
  jwks_pid=$!
  for _ in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$jwks_port/jwks.json" && break; sleep 0.1; done
  curl -fs -o /dev/null "http://127.0.0.1:$jwks_port/jwks.json" \
    || { echo "the JWKS is not served on port $jwks_port" >&2; exit 1; }
}
