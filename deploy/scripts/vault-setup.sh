#!/usr/bin/env bash
# Sets up, once per environment, what the service needs from Vault, from the outputs of the stacks in deploy/:
#   1. Vault's database secrets engine connected to the RDS instance with its master user, over TLS;
#   2. a database role that creates the service's MySQL users (the grants the service and Flyway need on its
#      database, nothing else);
#   3. optionally (--rotate-root) Vault rotates the master password;
#   4. the policy the service's token gets;
#   5. the role of the AWS auth method, bound to the IAM roles the stacks create;
#   6. the KV entry with the database's address (DB_HOST, DB_PORT, DB_NAME), FRONTEND_URL and NODE_ENV if absent.
# The service then runs with the context value vaultTemplate=database-creds.env.ctmpl (docs/operations.md).
#
# An operator runs it with the vault and aws CLIs (and jq, curl), logged in to both: VAULT_ADDR and a VAULT_TOKEN
# that may configure these paths, and AWS credentials that may read the stacks and the RDS master secret. It can run
# before the ECS or App Runner stack exists (the role ARNs are then composed from their fixed names) and again at
# any time: every step checks what is there first. It never prints a secret, and the master password reaches
# Vault on stdin, never as an argument (`vault write ... password=-`,
# https://developer.hashicorp.com/vault/docs/commands/write).
#
#   deploy/scripts/vault-setup.sh --frontend-url https://app.example.com [options]
#
#   --service NAME          the context value serviceName (default backend): stacks NAME-data, NAME-ecs, ...
#   --targets LIST          ecs (default), apprunner or apprunner,ecs: whose roles may log in
#   --vault-role NAME       the context value vaultRole (default node-api)
#   --secret-path PATH      the context value vaultSecretPath (default kv/data/secrets/nodeapp; KV version 2)
#   --auth-path PATH        the context value vaultAuthPath (default auth/aws)
#   --create-auth-mount     enable the AWS auth method at --auth-path if it is not there (a mount of the service's
#                           own; with --iam-server-id its iam_server_id_header_value is set too)
#   --iam-server-id VALUE   the context value vaultIamServerId: checked against the mount, never written to a mount
#                           that exists (its other clients depend on it)
#   --db-mount PATH         the database secrets engine's mount (default database)
#   --db-role NAME          its role (default backend: the agent reads database/creds/backend unless
#                           VAULT_DB_CREDS_PATH says otherwise)
#   --frontend-url URL      FRONTEND_URL, written only if the KV entry has none (required then)
#   --node-env VALUE        NODE_ENV, written only if the KV entry has none (default production)
#   --rds-ca-bundle FILE    Amazon RDS's CA bundle (default: downloaded from RDS_CA_BUNDLE_URL)
#   --reconfigure-connection  write the database connection again even though it exists (e.g. a new endpoint);
#                           fails after --rotate-root, since the master secret no longer holds the password
#   --rotate-root           have Vault rotate the master password once the connection is written. Then only Vault
#                           knows it: nobody can read it from Secrets Manager any more (good), but the secret there
#                           is stale and the only way back to the master user is `aws rds modify-db-instance
#                           --master-user-password` (https://developer.hashicorp.com/vault/api-docs/secret/databases#rotate-root-credentials).
#                           Without it, the master password stays readable by whoever may read that secret.
set -euo pipefail

RDS_CA_BUNDLE_URL=${RDS_CA_BUNDLE_URL:-https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem}

SERVICE=backend
TARGETS=ecs
VAULT_ROLE=node-api
SECRET_PATH=kv/data/secrets/nodeapp
AUTH_PATH=auth/aws
CREATE_AUTH_MOUNT=false
IAM_SERVER_ID=""
DB_MOUNT=database
DB_ROLE=backend
FRONTEND_URL=""
NODE_ENV_VALUE=production
RDS_CA_BUNDLE=""
RECONFIGURE=false
ROTATE_ROOT=false

log() { printf '[vault-setup] %s\n' "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }
usage() { sed -n '/^#   deploy/,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --service) SERVICE=${2:?}; shift ;;
    --targets) TARGETS=${2:?}; shift ;;
    --vault-role) VAULT_ROLE=${2:?}; shift ;;
    --secret-path) SECRET_PATH=${2:?}; shift ;;
    --auth-path) AUTH_PATH=${2:?}; shift ;;
    --create-auth-mount) CREATE_AUTH_MOUNT=true ;;
    --iam-server-id) IAM_SERVER_ID=${2:?}; shift ;;
    --db-mount) DB_MOUNT=${2:?}; shift ;;
    --db-role) DB_ROLE=${2:?}; shift ;;
    --frontend-url) FRONTEND_URL=${2:?}; shift ;;
    --node-env) NODE_ENV_VALUE=${2:?}; shift ;;
    --rds-ca-bundle) RDS_CA_BUNDLE=${2:?}; shift ;;
    --reconfigure-connection) RECONFIGURE=true ;;
    --rotate-root) ROTATE_ROOT=true ;;
    -h | --help) usage ;;
    *) log "unknown option $1"; usage ;;
  esac
  shift
done

# Names end up in Vault paths, HCL and SQL: plain characters only.
NAME='^[A-Za-z0-9][A-Za-z0-9_-]*$'
for value in "$SERVICE" "$VAULT_ROLE" "$DB_ROLE"; do
  [[ $value =~ $NAME ]] || die "not a plain name: $value"
done
for value in "$SECRET_PATH" "$AUTH_PATH" "$DB_MOUNT"; do
  [[ $value =~ ^[A-Za-z0-9_/-]+$ ]] || die "not a plain path: $value"
done
[[ $SECRET_PATH == */data/* ]] || die "--secret-path must be a KV version 2 path, <mount>/data/<path>: $SECRET_PATH"
KV_MOUNT=${SECRET_PATH%%/data/*}
KV_PATH=${SECRET_PATH#*/data/}
KV_METADATA_PATH="$KV_MOUNT/metadata/$KV_PATH"
[[ $AUTH_PATH == auth/* ]] || die "--auth-path starts with auth/: $AUTH_PATH"
CONNECTION=$SERVICE
for target in ${TARGETS//,/ }; do
  case "$target" in ecs | apprunner) ;; *) die "unknown target $target (ecs, apprunner)" ;; esac
done

for tool in vault aws jq; do
  command -v "$tool" >/dev/null || die "$tool is not installed"
done
vault token lookup >/dev/null 2>&1 || die "vault cannot reach ${VAULT_ADDR:-<VAULT_ADDR unset>} with a valid token (vault login first)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- what the stacks say --------------------------------------------------------------------------------------------

# The outputs of a stack as one JSON object, {} when the stack does not exist.
stack_outputs() {
  local answer
  if answer=$(aws cloudformation describe-stacks --stack-name "$1" --query 'Stacks[0].Outputs' --output json 2>"$work/err"); then
    jq -c 'map({(.OutputKey): .OutputValue}) | add // {}' <<<"$answer"
  elif grep -q 'does not exist' "$work/err"; then
    echo '{}'
  else
    die "cannot read the stack $1: $(head -c 300 "$work/err")"
  fi
}

data=$(stack_outputs "$SERVICE-data")
output() { jq -r --arg key "$1" '.[$key] // empty' <<<"$data"; }
DB_HOST=$(output DatabaseEndpoint)
DB_PORT=$(output DatabasePort)
DB_NAME=$(output DatabaseName)
DB_SECRET_ARN=$(output DatabaseSecretArn)
if [ -z "$DB_HOST" ] || [ -z "$DB_PORT" ] || [ -z "$DB_NAME" ] || [ -z "$DB_SECRET_ARN" ]; then
  die "the stack $SERVICE-data has no DatabaseEndpoint, DatabasePort, DatabaseName and DatabaseSecretArn outputs (deployed?)"
fi
[[ $DB_HOST =~ ^[A-Za-z0-9.-]+$ ]] || die "not a host name: $DB_HOST"
[[ $DB_PORT =~ ^[0-9]+$ ]] || die "not a port: $DB_PORT"
# Interpolated into the role's SQL as `name`: letters, digits and underscores only.
[[ $DB_NAME =~ ^[A-Za-z0-9_]+$ ]] || die "not a plain database name: $DB_NAME"

# The IAM roles the service runs as: the stack's output when the stack exists, else the fixed name the stack gives it
# (bound by name: see resolve_aws_unique_ids below).
identity=$(aws sts get-caller-identity --query Arn --output text) || die "no AWS identity"
partition=$(cut -d: -f2 <<<"$identity")
account=$(cut -d: -f5 <<<"$identity")
# Vault matches a role ARN without its path when resolve_aws_unique_ids is false
# (https://developer.hashicorp.com/vault/api-docs/auth/aws#resolve_aws_unique_ids).
without_path() { printf '%s:role/%s' "${1%%:role/*}" "${1##*/}"; }
role_arns=()
for target in ${TARGETS//,/ }; do
  case "$target" in
    ecs) stack="$SERVICE-ecs" key=TaskRoleArn name="$SERVICE-ecs-task" ;;
    apprunner) stack="$SERVICE-apprunner" key=InstanceRoleArn name="$SERVICE-apprunner-instance" ;;
  esac
  outputs=$(stack_outputs "$stack")
  arn=$(jq -r --arg key "$key" '.[$key] // empty' <<<"$outputs")
  if [ -n "$arn" ]; then
    log "$target: the stack $stack runs the service as $arn"
  else
    arn="arn:$partition:iam::$account:role/$name"
    log "$target: the stack $stack does not exist yet; binding the role it will create, $arn"
  fi
  role_arns+=("$(without_path "$arn")")
done

# --- what Vault has -------------------------------------------------------------------------------------------------

# The KV entry is checked before anything is written: a first run needs FRONTEND_URL.
kv_keys=""
kv_exists=false
if vault kv get -format=json -mount="$KV_MOUNT" "$KV_PATH" >"$work/kv" 2>/dev/null; then
  kv_exists=true
  # Only the keys and the three non-secret values this script owns are kept; the entry may hold passwords.
  kv_keys=$(jq -r '.data.data | keys[]' "$work/kv")
  kv_current=$(jq -c '.data.data | {DB_HOST, DB_PORT, DB_NAME}' "$work/kv")
fi
rm -f "$work/kv"
has_key() { grep -qx "$1" <<<"$kv_keys"; }
has_key FRONTEND_URL || [ -n "$FRONTEND_URL" ] ||
  die "$SECRET_PATH has no FRONTEND_URL: give it with --frontend-url (the templates fail on a missing key)"

auth_mount="${AUTH_PATH#auth/}/"
if ! vault auth list -format=json | jq -e --arg m "$auth_mount" 'has($m)' >/dev/null; then
  [ "$CREATE_AUTH_MOUNT" = true ] ||
    die "no auth method at $AUTH_PATH: give an existing AWS auth mount, or --create-auth-mount for one of the service's own"
  vault auth enable -path="${AUTH_PATH#auth/}" aws >/dev/null
  log "enabled the AWS auth method at $AUTH_PATH"
  if [ -n "$IAM_SERVER_ID" ]; then
    vault write "$AUTH_PATH/config/client" iam_server_id_header_value="$IAM_SERVER_ID" >/dev/null
    log "$AUTH_PATH (this service's own mount): iam_server_id_header_value = $IAM_SERVER_ID"
  fi
fi
# The header value is the mount's, shared by all its clients: it is read, compared, never changed here.
mount_server_id=$(vault read -format=json "$AUTH_PATH/config/client" 2>/dev/null | jq -r '.data.iam_server_id_header_value // empty' || true)
if [ -n "$IAM_SERVER_ID" ] && [ "$IAM_SERVER_ID" != "$mount_server_id" ]; then
  die "$AUTH_PATH requires the header value '${mount_server_id}', not '$IAM_SERVER_ID': deploy with -c vaultIamServerId=${mount_server_id:-<unset>} rather than change the mount, which other clients share"
fi

# --- 1. the database secrets engine ---------------------------------------------------------------------------------
# MySQL/MariaDB plugin (https://developer.hashicorp.com/vault/docs/secrets/databases/mysql-maria). The instance's
# parameter group sets require_secure_transport=ON, so RDS refuses unencrypted connections
# (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mysql-ssl-connections.require-ssl.html): tls_ca is
# Amazon RDS's CA bundle, PEM (https://developer.hashicorp.com/vault/api-docs/secret/databases/mysql-maria), from
# https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html.

if ! vault secrets list -format=json | jq -e --arg m "$DB_MOUNT/" 'has($m)' >/dev/null; then
  vault secrets enable -path="$DB_MOUNT" database >/dev/null
  log "enabled the database secrets engine at $DB_MOUNT"
fi

if vault read "$DB_MOUNT/config/$CONNECTION" >/dev/null 2>&1 && [ "$RECONFIGURE" != true ]; then
  log "$DB_MOUNT/config/$CONNECTION exists: left as it is (--reconfigure-connection writes it again)"
else
  if [ -z "$RDS_CA_BUNDLE" ]; then
    RDS_CA_BUNDLE="$work/rds-ca.pem"
    curl -fsS --max-time 60 -o "$RDS_CA_BUNDLE" "$RDS_CA_BUNDLE_URL" || die "cannot download $RDS_CA_BUNDLE_URL"
  fi
  grep -q -- '-----BEGIN CERTIFICATE-----' "$RDS_CA_BUNDLE" || die "$RDS_CA_BUNDLE holds no PEM certificate"
  # The secret's JSON stays in this shell (jq reads it from a here-string, not from an argument).
  master=$(aws secretsmanager get-secret-value --secret-id "$DB_SECRET_ARN" --query SecretString --output text) ||
    die "cannot read the RDS master secret $DB_SECRET_ARN"
  master_user=$(jq -r '.username // empty' <<<"$master")
  if [ -z "$master_user" ] || ! jq -e '.password | strings | length > 0' <<<"$master" >/dev/null; then
    die "the RDS master secret has no username and password"
  fi
  if [ "${GITHUB_ACTIONS:-}" = true ]; then
    # On GitHub the runner hides it from the log, should anything print it.
    printf '::add-mask::%s\n' "$(jq -r .password <<<"$master")"
  fi
  # verify_connection (the default, stated here): Vault logs in before it stores anything.
  if ! jq -j .password <<<"$master" | vault write "$DB_MOUNT/config/$CONNECTION" \
      plugin_name=mysql-database-plugin \
      connection_url="{{username}}:{{password}}@tcp($DB_HOST:$DB_PORT)/" \
      username="$master_user" password=- \
      tls_ca=@"$RDS_CA_BUNDLE" \
      allowed_roles="$DB_ROLE" \
      verify_connection=true >/dev/null; then
    unset master
    die "Vault could not connect to $DB_HOST:$DB_PORT as $master_user (network path from Vault to RDS 3306, TLS, or a master password already rotated by Vault: see docs/operations.md)"
  fi
  unset master
  log "$DB_MOUNT/config/$CONNECTION: mysql-database-plugin, $master_user@$DB_HOST:$DB_PORT over TLS (RDS CA bundle)"
  if [ "$ROTATE_ROOT" = true ]; then
    vault write -force "$DB_MOUNT/rotate-root/$CONNECTION" >/dev/null
    log "$DB_MOUNT/rotate-root/$CONNECTION: only Vault knows the master password now; the Secrets Manager secret is stale"
  fi
fi

# --- 2. the service's database users --------------------------------------------------------------------------------
# DML for the service; CREATE, ALTER, DROP, INDEX and REFERENCES for Flyway's migrations and its history table,
# which run as the service's own user at start (docs/development.md, "Migrations: expand, then contract"). On the
# service's database only. A migration that needs more (views, triggers, routines) needs a grant added here first.
grants="SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, DROP, INDEX, REFERENCES"
vault write "$DB_MOUNT/roles/$DB_ROLE" db_name="$CONNECTION" \
  creation_statements="CREATE USER '{{name}}'@'%' IDENTIFIED BY '{{password}}'; GRANT $grants ON \`$DB_NAME\`.* TO '{{name}}'@'%';" \
  default_ttl=1h max_ttl=24h >/dev/null
log "$DB_MOUNT/roles/$DB_ROLE: users with $grants on $DB_NAME, leases of 1h up to 24h"

# --- 4. the policy --------------------------------------------------------------------------------------------------
POLICY="$SERVICE-secrets"
vault policy write "$POLICY" - >/dev/null <<POLICY
# Written by deploy/scripts/vault-setup.sh: what the $SERVICE service's Vault Agent reads.
path "$SECRET_PATH" { capabilities = ["read"] }
path "$KV_METADATA_PATH" { capabilities = ["read", "list"] }
path "$DB_MOUNT/creds/$DB_ROLE" { capabilities = ["read"] }
POLICY
log "policy $POLICY: reads $SECRET_PATH and $DB_MOUNT/creds/$DB_ROLE"

# --- 5. the AWS auth role -------------------------------------------------------------------------------------------
# resolve_aws_unique_ids=false so that the role can be written before the stacks create the IAM roles: whatever role
# holds that name in this account may log in. A role that already resolves unique ids keeps doing so (Vault refuses
# to turn it off, https://developer.hashicorp.com/vault/api-docs/auth/aws#resolve_aws_unique_ids).
resolve=false
if vault read -format=json "$AUTH_PATH/role/$VAULT_ROLE" >"$work/role" 2>/dev/null &&
  jq -e '.data.resolve_aws_unique_ids == true' "$work/role" >/dev/null; then
  resolve=true
fi
bound=$(IFS=,; printf '%s' "${role_arns[*]}")
vault write "$AUTH_PATH/role/$VAULT_ROLE" auth_type=iam bound_iam_principal_arn="$bound" \
  resolve_aws_unique_ids="$resolve" token_policies="$POLICY" token_ttl=1h token_max_ttl=4h >/dev/null
log "$AUTH_PATH/role/$VAULT_ROLE: $bound may log in (resolve_aws_unique_ids=$resolve), policy $POLICY"

# --- 6. the KV entry ------------------------------------------------------------------------------------------------
# DB_HOST, DB_PORT and DB_NAME follow the stacks; FRONTEND_URL and NODE_ENV are written only when absent. Other keys
# are never touched (kv patch), and nothing is written when nothing changes (each write is a new version).
wanted=$(jq -nc --arg h "$DB_HOST" --arg p "$DB_PORT" --arg n "$DB_NAME" '{DB_HOST: $h, DB_PORT: $p, DB_NAME: $n}')
updates=()
if [ "$kv_exists" != true ] || [ "$kv_current" != "$wanted" ]; then
  updates+=("DB_HOST=$DB_HOST" "DB_PORT=$DB_PORT" "DB_NAME=$DB_NAME")
fi
has_key FRONTEND_URL || updates+=("FRONTEND_URL=$FRONTEND_URL")
has_key NODE_ENV || updates+=("NODE_ENV=$NODE_ENV_VALUE")
if [ "${#updates[@]}" = 0 ]; then
  log "$SECRET_PATH is up to date"
elif [ "$kv_exists" = true ]; then
  vault kv patch -mount="$KV_MOUNT" "$KV_PATH" "${updates[@]}" >/dev/null
  log "$SECRET_PATH: set ${updates[*]%%=*}"
else
  vault kv put -mount="$KV_MOUNT" "$KV_PATH" "${updates[@]}" >/dev/null
  log "$SECRET_PATH: created with ${updates[*]%%=*}"
fi

log "done. Deploy the service with -c vaultTemplate=database-creds.env.ctmpl -c vaultRole=$VAULT_ROLE -c vaultAuthPath=$AUTH_PATH${mount_server_id:+ -c vaultIamServerId=$mount_server_id}"
