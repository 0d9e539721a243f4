#!/usr/bin/env bash
# Tests of vault-agent/entrypoint.sh with stand-ins for the vault binary and Liberty's server script (the real
# agent cannot be installed here; the CI workflow runs it). Every wait is bounded. Prints "N passed, N failed".
# The checks handed to eventually are strings evaluated later, on purpose.
# shellcheck disable=SC2016
set -u
here=$(cd "$(dirname "$0")" && pwd)
entrypoint="$here/../entrypoint.sh"
passed=0
failed=0
ORIGINAL_PATH=$PATH
unset VAULT_BIN

setup() {
  STUB_DIR=$(mktemp -d -p "$CHECK_DIR")
  echo "$STUB_DIR" >> "$CHECK_DIR/dirs"
  export STUB_DIR STUB_LOG="$STUB_DIR/log"
  # The stand-in agent reads the secret from a file: as an exported variable it would reach Liberty's
  # environment through this script, not through the entrypoint.
  STUB_SECRET="pw-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
  printf '%s' "$STUB_SECRET" > "$STUB_DIR/secret"
  # The stand-in agent is found as `vault` on PATH, as the real binary is in the container.
  mkdir -p "$STUB_DIR/bin" && ln -s "$here/stub-vault" "$STUB_DIR/bin/vault"
  export PATH="$STUB_DIR/bin:$ORIGINAL_PATH"
  export WLP_SERVER="$here/stub-server" VAULT_TEMPLATE_DIR="$here/.."
  export VAULT_SECRETS_FILE="$STUB_DIR/secrets/app.env" VAULT_AGENT_CONFIG="$STUB_DIR/agent.hcl"
  unset VAULT_HEARTBEAT_FILE VAULT_TOKEN VAULT_SECRETS_REQUIRED VAULT_ADDR VAULT_ROLE VAULT_AUTH_METHOD STUB_VAULT_MODE VAULT_RENDER_TIMEOUT \
    VAULT_CACERT VAULT_CACERT_PEM VAULT_IAM_SERVER_ID VAULT_AUTH_PATH
  local name
  while read -r name; do unset "$name"; done < <(env | grep -o '^OTEL_[A-Z0-9_]*')
  export LIBERTY_BOOTSTRAP="$STUB_DIR/server/bootstrap.properties"
  : > "$STUB_LOG"
}

# Waits up to $2 tenths of a second for a command to succeed.
eventually() {
  for _ in $(seq 1 "${2:-50}"); do
    eval "$1" && return 0
    sleep 0.1
  done
  return 1
}

check() {
  local name=$1
  shift
  ep=""
  # The test runs in a subshell: what the parent needs afterwards (its directories, the entrypoints it started)
  # is written under CHECK_DIR.
  CHECK_DIR=$(mktemp -d)
  export CHECK_DIR
  if ( "$@" ); then
    passed=$((passed + 1)); echo "ok   $name"
  else
    failed=$((failed + 1)); echo "FAIL $name"
    while read -r dir; do sed 's/^/     /' "$dir/log" "$dir/out" 2>/dev/null; done < "$CHECK_DIR/dirs"
  fi
  # A test that failed half-way must not leave an entrypoint and its stand-ins running: each entrypoint it started
  # and that entrypoint's children are stopped by process id.
  local pid
  while read -r pid; do
    pkill -TERM -P "$pid" 2>/dev/null
    kill -TERM "$pid" 2>/dev/null
  done < <(cat "$CHECK_DIR/pids" 2>/dev/null)
  rm -rf "$CHECK_DIR"
  true
}

start_entrypoint() {
  "$entrypoint" > "$STUB_DIR/out" 2>&1 &
  ep=$!
  echo "$ep" >> "$CHECK_DIR/pids"
}

# Starts the entrypoint and waits until it has started (the stand-in) Liberty.
start_until_liberty_runs() {
  start_entrypoint
  eventually 'grep -q "server run defaultServer" "$STUB_LOG"'
}

stop_entrypoint() {
  kill -TERM "$ep" 2>/dev/null
  for _ in $(seq 1 100); do kill -0 "$ep" 2>/dev/null || break; sleep 0.1; done
  wait "$ep"
}

test_without_vault_starts_liberty_directly() {
  setup
  start_until_liberty_runs || return 1
  ! grep -q '^agent' "$STUB_LOG" || return 1
  stop_entrypoint
}

test_with_vault_generates_config_renders_then_starts_liberty() {
  setup
  export VAULT_ADDR="https://vault.example.com:8200" VAULT_ROLE="node-api" VAULT_IAM_SERVER_ID="vault.example.com"
  start_until_liberty_runs || return 1
  local hcl="$STUB_DIR/agent.hcl"
  if ! { grep -q 'address = "https://vault.example.com:8200"' "$hcl" &&
    grep -q 'method "aws"' "$hcl" && grep -q 'type         = "iam"' "$hcl" &&
    grep -q 'role         = "node-api"' "$hcl" && grep -q 'header_value = "vault.example.com"' "$hcl" &&
    grep -q 'static_secret_render_interval = "1m"' "$hcl" && grep -q 'perms                = "0600"' "$hcl" &&
    grep -q 'error_on_missing_key = true' "$hcl" &&
    grep -q "destination          = \"$VAULT_SECRETS_FILE\"" "$hcl" &&
    grep -q "destination = \"$STUB_DIR/secrets/heartbeat\"" "$hcl"; }; then
    echo "bad agent config"; cat "$hcl"; return 1
  fi
  grep -q "^VAULT_HEARTBEAT_FILE=$STUB_DIR/secrets/heartbeat$" "$STUB_DIR/server.env" || return 1
  [ "$(stat -c %a "$VAULT_SECRETS_FILE")" = 600 ] || return 1
  [ "$(stat -c %a "$hcl")" = 600 ] || return 1
  # The rendered values never become environment variables of Liberty (they would shadow the file).
  ! grep -q "$STUB_SECRET" "$STUB_DIR/server.env" || return 1
  ! grep -q '^DB_PASSWORD=' "$STUB_DIR/server.env" || return 1
  grep -q "^VAULT_SECRETS_FILE=$VAULT_SECRETS_FILE$" "$STUB_DIR/server.env" || return 1
  ! grep -q "$STUB_SECRET" "$STUB_DIR/out" || return 1
  stop_entrypoint
}

test_sigterm_stops_liberty_orderly_then_the_agent_and_exits_0() {
  setup
  export VAULT_ADDR="http://127.0.0.1:8200" VAULT_ROLE="r"
  start_until_liberty_runs || return 1
  stop_entrypoint
  local status=$?
  [ "$status" = 0 ] || { echo "exit status $status"; return 1; }
  grep -q "server stop defaultServer" "$STUB_LOG" && grep -q "server stopped orderly" "$STUB_LOG" &&
    grep -q "terminated" "$STUB_LOG" || return 1
  # Liberty stopped before the agent.
  [ "$(grep -n 'server stopped orderly' "$STUB_LOG" | cut -d: -f1)" -lt "$(grep -n 'terminated' "$STUB_LOG" | cut -d: -f1)" ]
}

test_no_first_render_exits_non_zero_within_the_timeout() {
  setup
  export VAULT_ADDR="http://127.0.0.1:8200" VAULT_ROLE="r" STUB_VAULT_MODE=never VAULT_RENDER_TIMEOUT=2
  local start=$SECONDS
  "$entrypoint" > "$STUB_DIR/out" 2>&1
  local status=$?
  [ "$status" != 0 ] && [ $((SECONDS - start)) -le 6 ] && ! grep -q "server run" "$STUB_LOG" &&
    grep -q "no secrets rendered within 2s" "$STUB_DIR/out"
}

test_a_dead_agent_is_restarted_and_liberty_keeps_running() {
  setup
  export VAULT_ADDR="http://127.0.0.1:8200" VAULT_ROLE="r" STUB_VAULT_MODE=die-once
  start_entrypoint
  eventually '[ "$(grep -c "^agent .* agent -config" "$STUB_LOG")" -ge 2 ]' 60 || return 1
  grep -q "restarting it (1 of 5)" "$STUB_DIR/out" || return 1
  kill -0 "$ep" || return 1
  ! grep -q "server got SIGTERM\|server stop" "$STUB_LOG" || return 1
  stop_entrypoint
}

test_approle_and_token_file_configurations() {
  setup
  export VAULT_ADDR="http://127.0.0.1:8200" VAULT_AUTH_METHOD=approle VAULT_ROLE_ID_FILE=/run/role-id \
    VAULT_SECRET_ID_FILE=/run/secret-id
  start_until_liberty_runs || return 1
  grep -q 'method "approle"' "$STUB_DIR/agent.hcl" && grep -q 'role_id_file_path *= "/run/role-id"' "$STUB_DIR/agent.hcl" ||
    return 1
  stop_entrypoint
  setup
  export VAULT_ADDR="http://127.0.0.1:8200" VAULT_AUTH_METHOD=token_file VAULT_TOKEN_FILE=/run/token
  start_until_liberty_runs || return 1
  grep -q 'token_file_path = "/run/token"' "$STUB_DIR/agent.hcl" || return 1
  stop_entrypoint
}

test_header_value_defaults_to_the_host_of_vault_addr() {
  setup
  export VAULT_ADDR="https://vault.example.com:8200/" VAULT_ROLE="r"
  start_until_liberty_runs || return 1
  grep -q 'header_value = "vault.example.com"' "$STUB_DIR/agent.hcl" || return 1
  grep -q '^VAULT_SECRETS_REQUIRED=true$' "$STUB_DIR/server.env" || return 1
  stop_entrypoint
}

test_a_stale_file_from_an_earlier_run_is_not_a_first_render() {
  setup
  export VAULT_ADDR="http://127.0.0.1:8200" VAULT_ROLE="r" STUB_VAULT_MODE=never VAULT_RENDER_TIMEOUT=1
  mkdir -p "$(dirname "$VAULT_SECRETS_FILE")" && echo 'DB_PASSWORD="stale"' > "$VAULT_SECRETS_FILE"
  if "$entrypoint" > "$STUB_DIR/out" 2>&1; then return 1; fi
  ! grep -q "server run" "$STUB_LOG"
}

test_liberty_gets_no_vault_credentials() {
  setup
  export VAULT_ADDR="http://127.0.0.1:8200" VAULT_AUTH_METHOD=token_file VAULT_TOKEN_FILE=/run/token \
    VAULT_TOKEN="hvs.agent-only-token"
  start_until_liberty_runs || return 1
  ! grep -q 'hvs.agent-only-token' "$STUB_DIR/server.env" || return 1
  stop_entrypoint
}

test_values_are_quoted_for_hcl() {
  setup
  export VAULT_ADDR='http://127.0.0.1:8200' VAULT_ROLE='role"with\quote'
  start_until_liberty_runs || return 1
  grep -qF 'role         = "role\"with\\quote"' "$STUB_DIR/agent.hcl" || return 1
  stop_entrypoint
}

test_traces_without_a_collector_export_nothing() {
  setup
  mkdir -p "$(dirname "$LIBERTY_BOOTSTRAP")" && printf 'keep.me=1\n' > "$LIBERTY_BOOTSTRAP"
  start_until_liberty_runs || return 1
  grep -qx 'keep.me=1' "$LIBERTY_BOOTSTRAP" || return 1
  grep -qx 'otel.sdk.disabled=false' "$LIBERTY_BOOTSTRAP" || return 1
  grep -qx 'otel.traces.exporter=none' "$LIBERTY_BOOTSTRAP" || return 1
  grep -qx 'otel.metrics.exporter=none' "$LIBERTY_BOOTSTRAP" || return 1
  stop_entrypoint
}

test_otel_variables_become_bootstrap_properties() {
  setup
  export OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318 OTEL_SERVICE_NAME=backend OTEL_TRACES_SAMPLER_ARG=0.25
  start_until_liberty_runs || return 1
  stop_entrypoint
  : > "$STUB_LOG"
  start_until_liberty_runs || return 1 # a restart rewrites the block instead of adding a second one
  [ "$(grep -c 'BEGIN telemetry' "$LIBERTY_BOOTSTRAP")" = 1 ] || return 1
  grep -qx 'otel.exporter.otlp.endpoint=http://collector:4318' "$LIBERTY_BOOTSTRAP" || return 1
  grep -qx 'otel.service.name=backend' "$LIBERTY_BOOTSTRAP" || return 1
  grep -qx 'otel.traces.sampler.arg=0.25' "$LIBERTY_BOOTSTRAP" || return 1
  ! grep -q 'exporter=none' "$LIBERTY_BOOTSTRAP" || return 1
  stop_entrypoint
}

test_a_keystore_password_is_made_once() {
  setup
  start_until_liberty_runs || return 1
  stop_entrypoint
  local first
  first=$(grep '^keystore_password=' "$STUB_DIR/server/server.env") || return 1
  [ "${#first}" -gt 30 ] || return 1
  : > "$STUB_LOG" # so that the wait below sees the second start, not the first
  start_until_liberty_runs || return 1
  [ "$(grep '^keystore_password=' "$STUB_DIR/server/server.env")" = "$first" ] || return 1
  stop_entrypoint
}

# Two made-up certificates, as a bundle: what the stacks pass in VAULT_CACERT_PEM (the entrypoint checks the PEM
# markers only; the agent parses it).
make_pem() {
  printf -- '-----BEGIN CERTIFICATE-----\nMIIBfirst%s\n-----END CERTIFICATE-----\n' "$1"
  printf -- '-----BEGIN CERTIFICATE-----\nMIIBsecond%s\n-----END CERTIFICATE-----\n' "$1"
}

# The lines of the agent configuration's vault { } stanza.
vault_stanza() { sed -n '/^vault {$/,/^}$/p' "$STUB_DIR/agent.hcl"; }

test_vault_cacert_pem_is_written_beside_the_config_and_named_in_the_vault_stanza() {
  setup
  local pem
  pem=$(make_pem "$RANDOM")
  export VAULT_ADDR="https://vault.example.com:8200" VAULT_ROLE="r" VAULT_CACERT_PEM="$pem"
  start_until_liberty_runs || return 1
  local file="$STUB_DIR/vault-ca.pem"
  [ "$(cat "$file")" = "$pem" ] || { echo "the file does not hold the PEM"; return 1; }
  [ "$(stat -c %a "$file")" = 600 ] || { echo "mode $(stat -c %a "$file")"; return 1; }
  vault_stanza | grep -qx "  ca_cert = \"$file\"" || { echo "no ca_cert in the vault stanza"; vault_stanza; return 1; }
  vault_stanza | grep -qx '  address = "https://vault.example.com:8200"' || return 1
  grep -q "env VAULT_CACERT=$file\$" "$STUB_LOG" || { echo "the agent did not get VAULT_CACERT"; return 1; }
  stop_entrypoint
}

test_vault_cacert_pem_on_one_line_gets_its_line_breaks_back() {
  setup
  local pem
  pem=$(make_pem 1)
  export VAULT_ADDR="https://vault.example.com:8200" VAULT_ROLE="r" VAULT_CACERT_PEM="${pem//$'\n'/\\n}"
  start_until_liberty_runs || return 1
  [ "$(cat "$STUB_DIR/vault-ca.pem")" = "$pem" ] || { cat "$STUB_DIR/vault-ca.pem"; return 1; }
  stop_entrypoint
}

test_a_vault_cacert_path_is_used_as_is() {
  setup
  make_pem 2 > "$STUB_DIR/mounted-ca.pem"
  export VAULT_ADDR="https://vault.example.com:8200" VAULT_ROLE="r" VAULT_CACERT="$STUB_DIR/mounted-ca.pem"
  start_until_liberty_runs || return 1
  vault_stanza | grep -qx "  ca_cert = \"$STUB_DIR/mounted-ca.pem\"" || { vault_stanza; return 1; }
  [ ! -e "$STUB_DIR/vault-ca.pem" ] || return 1
  grep -q "env VAULT_CACERT=$STUB_DIR/mounted-ca.pem\$" "$STUB_LOG" || return 1
  stop_entrypoint
}

test_without_a_ca_the_vault_stanza_has_no_ca_cert() {
  setup
  export VAULT_ADDR="https://vault.example.com:8200" VAULT_ROLE="r"
  start_until_liberty_runs || return 1
  ! vault_stanza | grep -q ca_cert || return 1
  stop_entrypoint
}

test_a_vault_cacert_pem_that_is_no_pem_stops_before_the_agent() {
  setup
  export VAULT_ADDR="https://vault.example.com:8200" VAULT_ROLE="r" VAULT_CACERT_PEM="not a certificate"
  # Bounded: an entrypoint that went on would start the agent and Liberty and run until stopped.
  if timeout 20 "$entrypoint" > "$STUB_DIR/out" 2>&1; then return 1; fi
  grep -q "VAULT_CACERT_PEM holds no PEM certificate" "$STUB_DIR/out" && ! grep -q '^agent' "$STUB_LOG" &&
    ! grep -q "not a certificate" "$STUB_DIR/out"
}

test_a_vault_cacert_path_that_cannot_be_read_stops_before_the_agent() {
  setup
  export VAULT_ADDR="https://vault.example.com:8200" VAULT_ROLE="r" VAULT_CACERT="$STUB_DIR/missing.pem"
  if timeout 20 "$entrypoint" > "$STUB_DIR/out" 2>&1; then return 1; fi
  grep -q "is not a readable file" "$STUB_DIR/out" && ! grep -q '^agent' "$STUB_LOG"
}

test_the_iam_server_id_and_the_auth_mount_come_from_the_environment() {
  setup
  export VAULT_ADDR="https://vault.internal:8200" VAULT_ROLE="node-api" VAULT_IAM_SERVER_ID="vault.example.org" \
    VAULT_AUTH_PATH="auth/backend-aws"
  start_until_liberty_runs || return 1
  if ! grep -q 'header_value = "vault.example.org"' "$STUB_DIR/agent.hcl" ||
    ! grep -q 'mount_path = "auth/backend-aws"' "$STUB_DIR/agent.hcl"; then
    cat "$STUB_DIR/agent.hcl"
    return 1
  fi
  stop_entrypoint
}

[ -n "${ONLY:-}" ] && { CHECK_DIR=$(mktemp -d); export CHECK_DIR; set -x; $ONLY; echo "status $?"; exit; }
for test in $(declare -F | awk '{print $3}' | grep '^test_'); do
  check "$test" "$test"
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
