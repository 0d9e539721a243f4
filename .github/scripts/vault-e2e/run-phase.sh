#!/usr/bin/env bash
# One phase of the Vault Agent end-to-end test. Runs the image (built from Containerfile) with its real Vault
# Agent logging in by AppRole, waits for readiness, checks the API and the secrets file's freshness, then rotates
# the database credentials while GET and POST requests run in parallel, and fails if any request failed (non-2xx
# or no answer), if the service did not switch to the new credentials, or if it rejected them.
#
#   kv-static       app.env.ctmpl. The KV secret's DB_PASSWORD rotated docs/secrets.md's way: ALTER USER ... RETAIN
#                   CURRENT PASSWORD, vault kv patch, wait until /api/health counts the switch, DISCARD OLD PASSWORD.
#   db-static-role  database-creds.env.ctmpl on database/static-creds/backend-rotated: Vault rotates the password
#                   every STATIC_ROTATION_SECONDS, keeping the previous one valid; two rotations must be switched to.
#   db-dynamic      database-creds.env.ctmpl on database/creds/backend: the agent renews the short lease, then
#                   reads a new user before the max TTL; the service switches, Vault drops the old user at expiry.
#
# Usage: run-phase.sh kv-static|db-static-role|db-dynamic (after setup-vault.sh, with MYSQL_CONTAINER set).
set -euo pipefail
export LC_ALL=C   # one collation for sort and comm
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$here/common.sh"
umask 077

PHASE=${1:?usage: run-phase.sh kv-static|db-static-role|db-dynamic}
case $PHASE in
  kv-static)      TEMPLATE=app.env.ctmpl; CREDS_PATH="" ;;
  db-static-role) TEMPLATE=database-creds.env.ctmpl; CREDS_PATH="database/static-creds/$STATIC_ROLE" ;;
  db-dynamic)     TEMPLATE=database-creds.env.ctmpl; CREDS_PATH="database/creds/$DYNAMIC_ROLE" ;;
  *) fail "unknown phase '$PHASE'" ;;
esac
CONTAINER="vault-e2e-$PHASE"
LOAD_DIR="$STATE/load/$PHASE"
READY_TIMEOUT=${READY_TIMEOUT:-120}
LOAD_WORKERS=${LOAD_WORKERS:-4}
LOAD_TAIL_SECONDS=${LOAD_TAIL_SECONDS:-10}    # load that runs on the new credentials after a rotation
LOAD_MAX_SECONDS=${LOAD_MAX_SECONDS:-900}      # bounds of each load worker, whatever happens to this script
LOAD_MAX_REQUESTS=${LOAD_MAX_REQUESTS:-200000}
LOAD_PIDS=()
LOAD_STARTED=0

# --- the container -------------------------------------------------------------------------------------------

start_container() {
  local creds_env=()
  if [ -n "$CREDS_PATH" ]; then
    creds_env=(--env "VAULT_DB_CREDS_PATH=$CREDS_PATH")
  fi
  docker rm -f "$CONTAINER" >/dev/null 2>&1 || true
  # --network host: the agent reaches Vault and the service reaches MySQL at 127.0.0.1, as on the runner.
  # DB_HOST, DB_PORT, DB_NAME, DB_USER and DB_PASSWORD are deliberately not in the environment: the templates
  # render them from Vault, and an environment variable (ordinal 300) would shadow the file (275) and freeze
  # every rotation (the config check lists such keys as "shadowed"; check_secrets_file fails on it).
  # AUTH_MODE=none: this job tests the Vault path, not tokens (the integration tests cover JWT); it also lets
  # /api/health show its full data (the ops role), which is how the rotations are observed without a secret.
  # LOG_FORMAT=simple: readable `docker logs` when the job fails.
  docker run --detach --name "$CONTAINER" --network host \
    --volume "$STATE/approle/role-id:/vault/approle/role-id:ro" \
    --volume "$STATE/approle/secret-id:/vault/approle/secret-id:ro" \
    --env VAULT_ADDR="$VAULT_ADDR" \
    --env VAULT_AUTH_METHOD=approle \
    --env VAULT_ROLE_ID_FILE=/vault/approle/role-id \
    --env VAULT_SECRET_ID_FILE=/vault/approle/secret-id \
    --env VAULT_SECRET_PATH="$KV_DATA_PATH" \
    --env VAULT_TEMPLATE="$TEMPLATE" \
    "${creds_env[@]}" \
    --env VAULT_RENDER_INTERVAL="${RENDER_INTERVAL_SECONDS}s" \
    --env DB_KIND=mysql \
    --env AUTH_MODE=none \
    --env LOG_FORMAT=simple \
    "$IMAGE" >/dev/null
  log "started $CONTAINER: template $TEMPLATE${CREDS_PATH:+, credentials from $CREDS_PATH}"
}

container_running() { [ "$(docker inspect -f '{{.State.Running}}' "$CONTAINER" 2>/dev/null)" = true ]; }

wait_ready() {
  local deadline=$((SECONDS + READY_TIMEOUT)) code
  while :; do
    if ! container_running; then
      fail "$CONTAINER stopped before it was ready (exit code $(docker inspect -f '{{.State.ExitCode}}' "$CONTAINER" 2>/dev/null))"
    fi
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$BASE_URL/api/health/ready" || true)
    if [ "$code" = 200 ]; then
      break
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      fail "$CONTAINER not ready within ${READY_TIMEOUT}s (last /api/health/ready: $code; checks: $(curl -s --max-time 5 "$BASE_URL/api/health/ready" || true))"
    fi
    sleep 2
  done
  log "ready ${SECONDS}s into the phase: $(check_data database target), schema $(check_data database schemaVersion)"
}

# Liberty's orderly stop on SIGTERM, as the entrypoint promises: exit 0.
stop_container() {
  local code
  docker stop -t 60 "$CONTAINER" >/dev/null
  code=$(docker inspect -f '{{.State.ExitCode}}' "$CONTAINER")
  [ "$code" = 0 ] || fail "$CONTAINER exited $code on SIGTERM (the entrypoint stops Liberty, then the agent, and exits 0)"
  log "$CONTAINER stopped in order (exit 0)"
}

# --- checks of the running service ---------------------------------------------------------------------------

# POST /api/users, GET it back by id, GET the list (docs/api.md; fields name and email).
smoke_test() {
  local body status id total email="e2e-$PHASE@example.com"
  body="$LOAD_DIR/smoke.json"
  status=$(curl -sS -o "$body" -w '%{http_code}' --max-time 15 -X POST -H 'Content-Type: application/json' \
    --data "{\"name\":\"Vault E2E $PHASE\",\"email\":\"$email\"}" "$BASE_URL/api/users" || true)
  [ "$status" = 201 ] || fail "POST /api/users answered $status: $(head -c 500 "$body" 2>/dev/null)"
  id=$(jq -r '.id // empty' "$body" 2>/dev/null || true)
  [[ "$id" =~ ^[0-9]+$ ]] || fail "POST /api/users returned no numeric id: $(head -c 500 "$body")"
  status=$(curl -sS -o "$body" -w '%{http_code}' --max-time 15 "$BASE_URL/api/users/$id" || true)
  [ "$status" = 200 ] || fail "GET /api/users/$id answered $status"
  [ "$(jq -r '.email' "$body")" = "$email" ] || fail "GET /api/users/$id returned another user"
  total=$(curl -sS -o "$body" -D - --max-time 15 "$BASE_URL/api/users?offset=0&limit=20" \
    | tr -d '\r' | awk -F': ' 'tolower($1) == "x-total-count" { print $2 }' || true)
  jq -e 'type == "array" and length >= 1' "$body" >/dev/null || fail "GET /api/users returned no user"
  if ! [[ "$total" =~ ^[0-9]+$ ]] || [ "$total" -lt 1 ]; then
    fail "GET /api/users: X-Total-Count is '$total'"
  fi
  log "API: POST /api/users -> 201 (id $id), GET /api/users/$id -> 200, GET /api/users -> 200 ($total users)"
}

# The config check: the file was read, none of its keys is shadowed by the environment, no bad render, and the
# agent's heartbeat is rewritten at every render (vault-agent/README.md leaves that to this job): two samples
# RENDER_INTERVAL_SECONDS*2+2 s apart, each younger than RENDER_INTERVAL_SECONDS*2, so a render fell in between.
check_secrets_file() {
  local present shadowed failures stale age1 age2 limit=$((RENDER_INTERVAL_SECONDS * 2))
  present=$(check_data config present)
  [ "$present" = true ] || fail "config check: secrets file present=$present"
  shadowed=$(check_data config shadowed)
  [ -z "$shadowed" ] || fail "config check: keys shadowed by the environment, they would never rotate: $shadowed"
  failures=$(check_data config failureCount)
  [ "$failures" = 0 ] || fail "config check: $failures bad renders ($(check_data config lastError))"
  age1=$(check_data config heartbeatAgeSeconds)
  sleep $((limit + 2))
  age2=$(check_data config heartbeatAgeSeconds)
  stale=$(check_data config stale)
  [[ "$age1" =~ ^[0-9]+$ && "$age2" =~ ^[0-9]+$ ]] || fail "config check: no heartbeat age ($age1, $age2): heartbeat $(check_data config heartbeat)"
  if [ "$age1" -gt "$limit" ] || [ "$age2" -gt "$limit" ]; then
    fail "config check: heartbeat ${age1}s then ${age2}s old, $((limit + 2))s apart: the agent does not rewrite it every ${RENDER_INTERVAL_SECONDS}s"
  fi
  [ "$stale" = false ] || fail "config check: stale=$stale"
  log "secrets file: present, nothing shadowed, heartbeat ${age1}s then ${age2}s old (rewritten by the agent)"
}

# The database check's counters must be there before a rotation, or nothing could be observed.
require_counters() {
  if [ "$1" -lt 0 ] || [ "$2" -lt 0 ]; then
    fail "the database check shows no credential counters (credentialSwitches $1, credentialRejections $2)"
  fi
}

# Fails if the service refused new credentials since $1 (the count before the rotation).
check_no_new_rejections() {
  local now
  now=$(db_rejections)
  [ "$now" = "$1" ] || fail "the service rejected new credentials ($1 -> $now): $(check_data database credentials)"
}

# --- load ----------------------------------------------------------------------------------------------------

# One client: POST a new user and GET the first page, alternately, until told to stop; one line per request,
# "METHOD status" (000 when no answer came: connection refused or reset, or a time-out).
worker() {
  local w=$1 n=0 code deadline=$((SECONDS + LOAD_MAX_SECONDS))
  local out="$LOAD_DIR/worker-$w.log" err="$LOAD_DIR/worker-$w.err"
  while [ ! -e "$LOAD_DIR/stop" ] && [ "$n" -lt "$LOAD_MAX_REQUESTS" ] && [ "$SECONDS" -lt "$deadline" ]; do
    n=$((n + 1))
    if [ $(((n + w) % 2)) -eq 0 ]; then
      code=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 15 -X POST -H 'Content-Type: application/json' \
        --data "{\"name\":\"Load $w-$n\",\"email\":\"load-$PHASE-$w-$n@example.com\"}" \
        "$BASE_URL/api/users" 2>>"$err") || true
      printf 'POST %s\n' "${code:-000}" >> "$out"
    else
      code=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 15 "$BASE_URL/api/users?offset=0&limit=20" \
        2>>"$err") || true
      printf 'GET %s\n' "${code:-000}" >> "$out"
    fi
  done
}

start_load() {
  local w
  for w in $(seq 1 "$LOAD_WORKERS"); do
    worker "$w" &
    LOAD_PIDS+=("$!")
  done
  LOAD_STARTED=1
  log "load: $LOAD_WORKERS clients, GET and POST mixed"
}

requests_so_far() { { cat "$LOAD_DIR"/worker-*.log 2>/dev/null || true; } | wc -l; }

stop_load() {
  if [ "${#LOAD_PIDS[@]}" -gt 0 ]; then
    touch "$LOAD_DIR/stop"
    wait "${LOAD_PIDS[@]}" || true
    LOAD_PIDS=()
  fi
}

# Counts, per method and status, and the phase's sent/failed for the job's outputs. Fails on any failure.
report_load() {
  local all="$LOAD_DIR/all.log" sent failed
  cat "$LOAD_DIR"/worker-*.log > "$all" 2>/dev/null || : > "$all"
  sent=$(wc -l < "$all")
  failed=$(grep -cvE '^(GET|POST) 2[0-9][0-9]$' "$all" || true)
  log "load ($PHASE): $sent requests sent, $failed failed"
  sort "$all" | uniq -c | sort -rn | sed 's/^/      /' >&2
  sort "$all" | uniq -c | sort -rn > "$LOGS/$PHASE-load-status-counts.txt"
  if [ -n "$(cat "$LOAD_DIR"/worker-*.err 2>/dev/null)" ]; then
    log "connection errors (first 20):"
    cat "$LOAD_DIR"/worker-*.err | sed -E 's/[0-9]+ ms/N ms/g' | sort | uniq -c | sort -rn | head -n 20 \
      | sed 's/^/      /' >&2
    cat "$LOAD_DIR"/worker-*.err > "$LOGS/$PHASE-load-errors.txt"
  fi
  printf '%s %s\n' "$sent" "$failed" > "$STATE/counts/$PHASE"
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    printf 'sent=%s\nfailed=%s\n' "$sent" "$failed" >> "$GITHUB_OUTPUT"
  fi
  [ "$sent" -gt 0 ] && [ "$failed" -eq 0 ]
}

# --- rotations -----------------------------------------------------------------------------------------------

rendered_kv_version() { docker exec "$CONTAINER" head -n 1 /vault/secrets/app.env 2>/dev/null | sed -n 's/.*, version \([0-9]*\)$/\1/p'; }
kv_version_rendered() { [ "$(rendered_kv_version)" = "$1" ]; }
switched_since() { [ "$(db_switches)" -gt "$1" ]; }

rotate_kv_static() {
  local s0 r0 old new version
  s0=$(db_switches); r0=$(db_rejections)
  require_counters "$s0" "$r0"
  old=$(cat "$STATE/db-password")
  new=$(new_secret)
  mask "$new"
  # 1. MySQL takes the new password and keeps the old one: connections the pool opens meanwhile still work.
  printf "ALTER USER '%s'@'%%' IDENTIFIED BY '%s' RETAIN CURRENT PASSWORD;\n" "$APP_USER" "$new" | mysql_root
  mysql_can_login "$APP_USER" "$old" || fail "MySQL refuses the old password right after RETAIN CURRENT PASSWORD"
  mysql_can_login "$APP_USER" "$new" || fail "MySQL refuses the new password"
  log "MySQL: $APP_USER has a new password; the old one is retained"
  # 2. Vault gets it; the agent renders it at its next interval.
  printf '%s' "$new" | vault kv patch "$KV_PATH" DB_PASSWORD=- >/dev/null
  printf '%s' "$new" > "$STATE/db-password"
  version=$(vault kv metadata get -format=json "$KV_PATH" | jq -r '.data.current_version') \
    || fail "could not read the KV secret's current version"
  log "KV: DB_PASSWORD written (version $version)"
  wait_until 60 "the agent to render KV version $version" kv_version_rendered "$version" \
    || fail "the agent did not render KV version $version (rendered: $(rendered_kv_version))"
  # 3. The service tested the new password and purged its pool: credentialSwitches went up.
  wait_until 60 "the service to switch to the new password" switched_since "$s0" \
    || fail "credentialSwitches stayed at $(db_switches) (credentials: $(check_data database credentials))"
  check_no_new_rejections "$r0"
  log "service switched: credentialSwitches $s0 -> $(db_switches), rejections $r0"
  # 4. Only now is the old password dropped.
  printf "ALTER USER '%s'@'%%' DISCARD OLD PASSWORD;\n" "$APP_USER" | mysql_root
  if mysql_can_login "$APP_USER" "$old"; then
    fail "MySQL still accepts the old password after DISCARD OLD PASSWORD"
  fi
  mysql_can_login "$APP_USER" "$new" || fail "MySQL refuses the new password after DISCARD OLD PASSWORD"
  log "MySQL: old password discarded"
}

static_last_rotation() {
  vault read -format=json "database/static-roles/$STATIC_ROLE" 2>/dev/null \
    | jq -r '.data.last_vault_rotation // empty' 2>/dev/null || true
}

rotate_db_static_role() {
  local s0 r0 last current switches rotations=0 wanted=2
  local deadline=$((SECONDS + (wanted + 1) * STATIC_ROTATION_SECONDS + 60))
  s0=$(db_switches); r0=$(db_rejections)
  require_counters "$s0" "$r0"
  last=$(static_last_rotation)
  [ -n "$last" ] || fail "no last_vault_rotation on database/static-roles/$STATIC_ROLE"
  log "waiting for $wanted rotations by Vault (every ${STATIC_ROTATION_SECONDS}s), each to be switched to"
  while :; do
    current=$(static_last_rotation)
    if [ -n "$current" ] && [ "$current" != "$last" ]; then
      rotations=$((rotations + 1))
      last=$current
      log "Vault rotated the password of $STATIC_USER ($rotations)"
    fi
    switches=$(db_switches)
    if [ "$rotations" -ge "$wanted" ] && [ "$switches" -ge $((s0 + wanted)) ]; then
      break
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      fail "after ${SECONDS}s: $rotations rotations by Vault, credentialSwitches $s0 -> $switches (credentials: $(check_data database credentials))"
    fi
    sleep 1
  done
  check_no_new_rejections "$r0"
  log "service switched at each rotation: credentialSwitches $s0 -> $switches, rejections $r0"
}

dynamic_leases() {
  vault list -format=json "sys/leases/lookup/database/creds/$DYNAMIC_ROLE" 2>/dev/null \
    | jq -r '.[]' 2>/dev/null | sort || true
}
lease_renewed() {
  vault write -format=json sys/leases/lookup lease_id="database/creds/$DYNAMIC_ROLE/$1" 2>/dev/null \
    | jq -e '.data.last_renewal != null' >/dev/null 2>&1
}
# The dynamic accounts in MySQL are exactly the live leases' users, and no session of a dropped user is left
# (the pool let go of the old user's connections before Vault dropped it).
dynamic_accounts_settled() {
  local expected row
  expected=$(dynamic_leases | sed '/^$/d' | wc -l)
  row=$(printf '%s\n' "SELECT (SELECT COUNT(*) FROM mysql.user WHERE user LIKE 'v-%'), (SELECT COUNT(*) FROM information_schema.processlist WHERE user LIKE 'v-%' AND user NOT IN (SELECT user FROM mysql.user));" \
    | mysql_root 2>/dev/null) || return 1
  [ "$row" = "$(printf '%s\t0' "$expected")" ]
}

rotate_db_dynamic() {
  local s0 r0 initial current fresh old_left lease renewed=0 rotated=0 switched=0
  local deadline=$((SECONDS + 2 * DYNAMIC_MAX_TTL_SECONDS + 60))
  s0=$(db_switches); r0=$(db_rejections)
  require_counters "$s0" "$r0"
  initial=$(dynamic_leases | sed '/^$/d')
  [ -n "$initial" ] || fail "no lease under database/creds/$DYNAMIC_ROLE: the agent did not read dynamic credentials"
  log "leases at the start: $(wc -l <<< "$initial"); waiting for renewal, a new lease, the switch and the old lease's end (max TTL ${DYNAMIC_MAX_TTL_SECONDS}s)"
  while :; do
    current=$(dynamic_leases | sed '/^$/d')
    if [ "$renewed" = 0 ]; then
      while IFS= read -r lease; do
        if lease_renewed "$lease"; then
          renewed=1
          log "the agent renewed the lease"
          break
        fi
      done <<< "$initial"
    fi
    fresh=$(comm -13 <(printf '%s\n' "$initial") <(printf '%s\n' "$current") | sed '/^$/d')
    old_left=$(comm -12 <(printf '%s\n' "$initial") <(printf '%s\n' "$current") | sed '/^$/d')
    if [ "$rotated" = 0 ] && [ -n "$fresh" ]; then
      rotated=1
      log "the agent read new credentials (a new lease) before the old lease's max TTL"
    fi
    if [ "$rotated" = 1 ] && [ "$switched" = 0 ] && switched_since "$s0"; then
      switched=1
      log "service switched to the new user: credentialSwitches $s0 -> $(db_switches)"
    fi
    if [ "$switched" = 1 ] && [ -z "$old_left" ]; then
      log "the old lease ended and Vault revoked it"
      break
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      fail "after ${SECONDS}s: renewed=$renewed new-lease=$rotated switched=$switched old leases left=$(printf '%s' "$old_left" | grep -c . || true) (credentials: $(check_data database credentials))"
    fi
    sleep 1
  done
  [ "$renewed" = 1 ] || fail "no renewal of the dynamic lease was seen (last_renewal stayed empty)"
  wait_until 60 "MySQL to keep only the live lease's user, with no session of a dropped user" dynamic_accounts_settled \
    || fail "dynamic users in MySQL do not match the live leases, or a dropped user still has sessions"
  check_no_new_rejections "$r0"
  log "MySQL: the old user is dropped and none of its sessions is left"
}

# --- the phase -----------------------------------------------------------------------------------------------

finish() {
  local rc=$?
  set +e
  stop_load
  if [ "$LOAD_STARTED" = 1 ]; then
    report_load || rc=1
  fi
  if docker container inspect "$CONTAINER" >/dev/null 2>&1; then
    docker logs "$CONTAINER" 2>&1 | redact > "$LOGS/$PHASE-container.log"
    docker rm -f "$CONTAINER" >/dev/null 2>&1
  fi
  if [ "$rc" = 0 ]; then
    log "phase $PHASE passed"
  else
    log "phase $PHASE FAILED (container log: $LOGS/$PHASE-container.log)"
  fi
  exit "$rc"
}

mkdir -p "$LOGS" "$STATE/counts"
rm -rf "$LOAD_DIR"
mkdir -p "$LOAD_DIR"
load_root_token
trap finish EXIT

start_container
wait_ready
smoke_test
start_load
check_secrets_file
before=$(requests_so_far)
"rotate_${PHASE//-/_}"
during=$(($(requests_so_far) - before))
[ "$during" -gt 0 ] || fail "no request ran during the rotation: it was not tested under load"
log "$during requests ran during the rotation; load goes on ${LOAD_TAIL_SECONDS}s on the new credentials"
sleep "$LOAD_TAIL_SECONDS"
stop_load
container_running || fail "$CONTAINER is no longer running"
stop_container
