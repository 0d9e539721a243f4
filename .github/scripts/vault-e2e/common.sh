# shellcheck shell=bash disable=SC2034
# Shared by the vault-e2e scripts (sourced, never run): names shared by the set-up and the phases, where the
# run's state lives, logging, masking and redaction, and the MySQL, Vault and health helpers. Nothing here prints
# a secret: every generated value is masked in the job log and listed for redact (artifacts are not masked).

# State of one run: the root token, the AppRole files, the current KV password, the counts and the logs. Under
# RUNNER_TEMP, which the runner deletes after the job; mode 700 (the scripts run with umask 077).
STATE=${VAULT_E2E_STATE:-${RUNNER_TEMP:-/tmp}/vault-e2e}
LOGS="$STATE/logs"
BASE_URL=${VAULT_E2E_BASE_URL:-http://127.0.0.1:9080}
IMAGE=${VAULT_E2E_IMAGE:-backend:vault-e2e}
export VAULT_ADDR=${VAULT_ADDR:-http://127.0.0.1:8200}

RENDER_INTERVAL_SECONDS=${RENDER_INTERVAL_SECONDS:-5}
STATIC_ROTATION_SECONDS=${STATIC_ROTATION_SECONDS:-30}
DYNAMIC_TTL_SECONDS=${DYNAMIC_TTL_SECONDS:-60}
DYNAMIC_MAX_TTL_SECONDS=${DYNAMIC_MAX_TTL_SECONDS:-120}

# (Variables used by the scripts that source this file.)
# The names vault-agent/README.md uses: the KV v2 secret the templates read by default, the dynamic role of
# VAULT_DB_CREDS_PATH's default. The static role and its user are this test's own.
KV_PATH=kv/secrets/nodeapp
KV_DATA_PATH=kv/data/secrets/nodeapp
DB_NAME=backend
APP_USER=backend
DYNAMIC_ROLE=backend
STATIC_ROLE=backend-rotated
STATIC_USER=backend_rotated
APPROLE=backend-ci
POLICY=backend-secrets

log() { printf '[vault-e2e] %s\n' "$*" >&2; }

# Workflow commands are read from standard output.
fail() {
  printf '::error::%s\n' "$*"
  exit 1
}

# A fresh random secret: hex only, so it needs no quoting in SQL, HCL or an option file.
new_secret() { openssl rand -hex 24; }

# Masks a generated secret in the job log and lists it for redact: an uploaded artifact is not masked.
mask() {
  if [ "${GITHUB_ACTIONS:-}" = true ]; then
    printf '::add-mask::%s\n' "$1"
  fi
  printf '%s\n' "$1" >> "$STATE/secrets.list"
}

# Replaces every listed secret with *** (literal matches, no regular expressions).
redact() {
  awk -v list="$STATE/secrets.list" '
    BEGIN { while ((getline s < list) > 0) if (length(s) >= 8) secrets[++n] = s }
    {
      line = $0
      for (i = 1; i <= n; i++) {
        out = ""
        while ((p = index(line, secrets[i])) > 0) {
          out = out substr(line, 1, p - 1) "***"
          line = substr(line, p + length(secrets[i]))
        }
        line = out line
      }
      print line
    }'
}

load_root_token() {
  VAULT_TOKEN=$(cat "$STATE/root-token")
  export VAULT_TOKEN
}

# Runs `until "$@"` once a second for at most $1 seconds; $2 says what is awaited.
wait_until() {
  local timeout=$1 what=$2
  shift 2
  local deadline=$((SECONDS + timeout))
  until "$@"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "timed out after ${timeout}s waiting for $what"
      return 1
    fi
    sleep 1
  done
}

# SQL from standard input as MySQL's root, inside the service container: statements that carry a password never
# appear on a command line.
mysql_root() { docker exec -i "${MYSQL_CONTAINER:?MYSQL_CONTAINER is the MySQL service container}" mysql -uroot --batch --skip-column-names; }

# Whether MySQL accepts this user and password over TCP. The password goes through a 0600 option file inside the
# container, never a command line or an environment variable.
mysql_can_login() {
  local cnf=/tmp/vault-e2e-login.cnf rc=0
  printf '[client]\nuser=%s\npassword=%s\n' "$1" "$2" \
    | docker exec -i "$MYSQL_CONTAINER" sh -c "umask 077 && cat > $cnf"
  # --get-server-public-key: caching_sha2_password's full authentication also works if the server had no TLS.
  docker exec "$MYSQL_CONTAINER" mysql --defaults-extra-file="$cnf" --protocol=TCP -h 127.0.0.1 -P 3306 \
    --get-server-public-key -e 'SELECT 1' >/dev/null 2>&1 || rc=$?
  docker exec "$MYSQL_CONTAINER" rm -f "$cnf"
  return "$rc"
}

# One datum of one check in /api/health (every check with its data: AUTH_MODE=none grants the ops role); empty
# when the service does not answer. Booleans print as true/false.
check_data() {
  curl -sS --max-time 10 "$BASE_URL/api/health" 2>/dev/null \
    | jq -r --arg check "$1" --arg key "$2" \
        '[.checks[] | select(.name == $check) | .data[$key]][0] | if . == null then empty else tostring end' \
        2>/dev/null || true
}

# The database check's counters of CredentialRotation; -1 when unknown, so that comparisons never pass by accident.
db_switches() { local v; v=$(check_data database credentialSwitches); printf '%s\n' "${v:--1}"; }
db_rejections() { local v; v=$(check_data database credentialRejections); printf '%s\n' "${v:--1}"; }
