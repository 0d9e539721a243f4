#!/usr/bin/env bash
# Container entrypoint. With VAULT_ADDR set: writes the Vault Agent configuration from the environment (the
# agent does not expand variables in its HCL), starts the agent, waits for the first render of the secrets file,
# then starts Liberty. Without VAULT_ADDR: starts Liberty directly. Secrets are never exported as environment
# variables: at ordinal 300 they would shadow the file (275) and freeze every rotation.
#
# On SIGTERM/SIGINT: Liberty's orderly stop, then the agent's, exit 0. If the agent dies it is restarted, at most
# VAULT_AGENT_MAX_RESTARTS times; the service keeps serving on the last rendered secrets either way.
set -uo pipefail

WLP_SERVER=${WLP_SERVER:-/opt/ol/wlp/bin/server}
SERVER_NAME=${SERVER_NAME:-defaultServer}
VAULT_BIN=${VAULT_BIN:-vault}
TEMPLATE_DIR=${VAULT_TEMPLATE_DIR:-$(cd "$(dirname "$0")" && pwd)}
VAULT_TEMPLATE=${VAULT_TEMPLATE:-app.env.ctmpl}
AGENT_CONFIG=${VAULT_AGENT_CONFIG:-/tmp/vault-agent.hcl}
RENDER_TIMEOUT=${VAULT_RENDER_TIMEOUT:-60}
MAX_AGENT_RESTARTS=${VAULT_AGENT_MAX_RESTARTS:-5}
export VAULT_SECRETS_FILE=${VAULT_SECRETS_FILE:-/vault/secrets/app.env}
# Rewritten at every successful render (see heartbeat.ctmpl); the service reports its age.
export VAULT_HEARTBEAT_FILE=${VAULT_HEARTBEAT_FILE:-$(dirname "$VAULT_SECRETS_FILE")/heartbeat}

agent_pid=""
server_pid=""
stopping=0

log() { printf '[entrypoint] %s\n' "$*" >&2; }

# An HCL string literal: backslashes and double quotes escaped.
hcl() { local v=${1//\\/\\\\}; printf '"%s"' "${v//\"/\\\"}"; }

# The host of VAULT_ADDR, without scheme, port or path: the value Vault's documentation suggests for
# iam_server_id_header_value, used only when VAULT_IAM_SERVER_ID is not set. The stacks set VAULT_IAM_SERVER_ID
# (context value vaultIamServerId) to the value the auth mount already has (vault read auth/aws/config/client), so
# that nobody has to change that mount-wide setting, which every other client of the mount depends on; see
# vault-agent/README.md.
vault_host() { local h=${VAULT_ADDR#*://}; h=${h%%/*}; printf '%s' "${h%%:*}"; }

# The CA that signed Vault's TLS certificate, when it is not one the image trusts already (a private CA).
# VAULT_CACERT_PEM, the certificate(s) as PEM text (the stacks set it from the context value vaultCaCert or an SSM
# parameter), is written to a file beside the agent configuration (mode 0600) and exported as VAULT_CACERT, Vault's
# own variable for it; a VAULT_CACERT path given directly is used as is. Either way the agent's vault stanza names
# the file as ca_cert (https://developer.hashicorp.com/vault/docs/agent-and-proxy/agent#vault-stanza), so the
# templates' connections verify with it as the auto-auth login does.
prepare_ca_cert() {
  local pem file
  if [ -n "${VAULT_CACERT_PEM:-}" ]; then
    pem=$VAULT_CACERT_PEM
    # A value that lost its line breaks on the way (one line with literal \n) is given them back.
    [[ $pem == *$'\n'* ]] || pem=${pem//\\n/$'\n'}
    if [[ $pem != *"-----BEGIN CERTIFICATE-----"*"-----END CERTIFICATE-----"* ]]; then
      log "VAULT_CACERT_PEM holds no PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)"
      return 1
    fi
    file="$(dirname "$AGENT_CONFIG")/vault-ca.pem"
    [ -z "${VAULT_CACERT:-}" ] || log "VAULT_CACERT_PEM is set: it replaces VAULT_CACERT=$VAULT_CACERT"
    ( umask 077 && printf '%s\n' "$pem" > "$file" ) || { log "cannot write $file"; return 1; }
    export VAULT_CACERT=$file
  elif [ -n "${VAULT_CACERT:-}" ] && [ ! -r "$VAULT_CACERT" ]; then
    log "VAULT_CACERT=$VAULT_CACERT is not a readable file"
    return 1
  fi
}

vault_stanza() {
  printf '  address = %s\n' "$(hcl "$VAULT_ADDR")"
  [ -z "${VAULT_CACERT:-}" ] || printf '  ca_cert = %s\n' "$(hcl "$VAULT_CACERT")"
}

auth_stanza() {
  case "${VAULT_AUTH_METHOD:-aws}" in
    aws)
      : "${VAULT_ROLE:?VAULT_ROLE is required for AWS IAM auth}"
      cat <<HCL
  method "aws" {
    mount_path = $(hcl "${VAULT_AUTH_PATH:-auth/aws}")
    config = {
      type         = "iam"
      role         = $(hcl "$VAULT_ROLE")
      header_value = $(hcl "${VAULT_IAM_SERVER_ID:-$(vault_host)}")
    }
  }
HCL
      ;;
    approle)
      cat <<HCL
  method "approle" {
    mount_path = $(hcl "${VAULT_AUTH_PATH:-auth/approle}")
    config = {
      role_id_file_path                   = $(hcl "${VAULT_ROLE_ID_FILE:?VAULT_ROLE_ID_FILE is required for AppRole}")
      secret_id_file_path                 = $(hcl "${VAULT_SECRET_ID_FILE:?VAULT_SECRET_ID_FILE is required for AppRole}")
      remove_secret_id_file_after_reading = false
    }
  }
HCL
      ;;
    token_file)
      cat <<HCL
  method "token_file" {
    config = {
      token_file_path = $(hcl "${VAULT_TOKEN_FILE:?VAULT_TOKEN_FILE is required for token_file auth}")
    }
  }
HCL
      ;;
    *) log "VAULT_AUTH_METHOD must be aws, approle or token_file"; return 1 ;;
  esac
}

write_agent_config() {
  local auth
  auth=$(auth_stanza) || return 1
  umask 077
  cat > "$AGENT_CONFIG" <<HCL
# Generated by entrypoint.sh from the environment at $(date -u +%Y-%m-%dT%H:%M:%SZ).
vault {
$(vault_stanza)
}

auto_auth {
$auth
}

template_config {
  static_secret_render_interval = $(hcl "${VAULT_RENDER_INTERVAL:-1m}")
  # Keep retrying when Vault is unreachable: the service serves on the last rendered file meanwhile.
  exit_on_retry_failure = false
}

template {
  source               = $(hcl "$TEMPLATE_DIR/$VAULT_TEMPLATE")
  destination          = $(hcl "$VAULT_SECRETS_FILE")
  perms                = "0600"
  error_on_missing_key = true
}

template {
  source      = $(hcl "$TEMPLATE_DIR/heartbeat.ctmpl")
  destination = $(hcl "$VAULT_HEARTBEAT_FILE")
  perms       = "0600"
}
HCL
}

start_agent() {
  "$VAULT_BIN" agent -config="$AGENT_CONFIG" &
  agent_pid=$!
  log "Vault Agent started (pid $agent_pid)"
}

# OpenTelemetry (mpTelemetry-2.1) takes its settings from Liberty's bootstrap properties, not from the
# environment, so the OTEL_* variables are copied there as otel.* properties. Traces always: W3C traceparent is
# continued and log lines carry the trace id. Exported over OTLP only when OTEL_EXPORTER_OTLP_ENDPOINT is set;
# otherwise no exporter, so nothing tries to reach a collector that is not there.
configure_telemetry() {
  local bootstrap=${LIBERTY_BOOTSTRAP:-$(dirname "$(dirname "$WLP_SERVER")")/usr/servers/$SERVER_NAME/bootstrap.properties}
  local begin="# BEGIN telemetry (entrypoint.sh)" end="# END telemetry"
  mkdir -p "$(dirname "$bootstrap")" && touch "$bootstrap"
  sed -i "/^$begin\$/,/^$end\$/d" "$bootstrap"
  {
    echo "$begin"
    echo "otel.sdk.disabled=${OTEL_SDK_DISABLED:-false}"
    if [ -z "${OTEL_EXPORTER_OTLP_ENDPOINT:-}" ]; then
      echo "otel.traces.exporter=none"
      echo "otel.metrics.exporter=none"
      echo "otel.logs.exporter=none"
    fi
    env | grep -E '^OTEL_[A-Z0-9_]+=' | grep -v '^OTEL_SDK_DISABLED=' | while IFS='=' read -r name value; do
      echo "$(echo "$name" | tr 'A-Z_' 'a-z.')=$value"
    done
    echo "$end"
  } >> "$bootstrap"
}

# MicroProfile JWT needs Liberty's default keystore, whose password `server create` generates into server.env. The
# image assembles the server without `server create`, so each container makes its own, once.
ensure_keystore_password() {
  local server_env
  server_env=$(dirname "${LIBERTY_BOOTSTRAP:-$(dirname "$(dirname "$WLP_SERVER")")/usr/servers/$SERVER_NAME/bootstrap.properties}")/server.env
  mkdir -p "$(dirname "$server_env")" && touch "$server_env"
  if ! grep -q '^keystore_password=' "$server_env"; then
    printf 'keystore_password=%s\n' "$(head -c 24 /dev/urandom | base64 | tr -d '/+=\n')" >> "$server_env"
  fi
}

# Liberty gets neither the rendered secrets nor the agent's own Vault credentials.
start_liberty() {
  ensure_keystore_password
  configure_telemetry
  env -u VAULT_TOKEN -u VAULT_SECRET_ID -u VAULT_ROLE_ID "$WLP_SERVER" run "$SERVER_NAME" &
  server_pid=$!
}

stop_all() {
  stopping=1
  log "stopping: Liberty's orderly stop first"
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    "$WLP_SERVER" stop "$SERVER_NAME" >&2 || kill -TERM "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
  if [ -n "$agent_pid" ] && kill -0 "$agent_pid" 2>/dev/null; then
    kill -TERM "$agent_pid" 2>/dev/null
    wait "$agent_pid" 2>/dev/null
  fi
  log "stopped"
  exit 0
}
trap stop_all TERM INT

if [ -z "${VAULT_ADDR:-}" ]; then
  log "VAULT_ADDR is not set: starting Liberty without Vault Agent"
  start_liberty
  wait "$server_pid"
  status=$?
  [ "$stopping" = 1 ] || exit "$status"
  exit 0
fi

# Behind Vault the service must not become ready on the other sources alone.
export VAULT_SECRETS_REQUIRED=${VAULT_SECRETS_REQUIRED:-true}
mkdir -p "$(dirname "$VAULT_SECRETS_FILE")"
# A file left from an earlier run (a kept volume) must not pass for the first render.
rm -f "$VAULT_SECRETS_FILE" "$VAULT_HEARTBEAT_FILE"
prepare_ca_cert || exit 1
write_agent_config || exit 1
start_agent

log "waiting up to ${RENDER_TIMEOUT}s for the first render of $VAULT_SECRETS_FILE"
waited=0
until [ -s "$VAULT_SECRETS_FILE" ]; do
  if ! kill -0 "$agent_pid" 2>/dev/null; then
    log "Vault Agent exited before the first render"
    exit 1
  fi
  if [ "$waited" -ge "$((RENDER_TIMEOUT * 10))" ]; then
    log "no secrets rendered within ${RENDER_TIMEOUT}s: giving up"
    kill -TERM "$agent_pid" 2>/dev/null
    exit 1
  fi
  sleep 0.1
  waited=$((waited + 1))
done
log "secrets rendered; starting Liberty"

start_liberty

restarts=0
while true; do
  wait -n "$server_pid" "$agent_pid" 2>/dev/null
  if ! kill -0 "$server_pid" 2>/dev/null; then
    wait "$server_pid"
    status=$?
    log "Liberty exited ($status)"
    kill -TERM "$agent_pid" 2>/dev/null
    exit "$status"
  fi
  if ! kill -0 "$agent_pid" 2>/dev/null; then
    if [ "$restarts" -lt "$MAX_AGENT_RESTARTS" ]; then
      restarts=$((restarts + 1))
      log "Vault Agent exited; restarting it ($restarts of $MAX_AGENT_RESTARTS)"
      sleep "$restarts" & wait $!   # a SIGTERM meanwhile is handled at once
      start_agent
    else
      log "Vault Agent exited $restarts times; not restarting it again. Serving on the last rendered secrets"
      wait "$server_pid"
      exit $?
    fi
  fi
done
