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
