#!/usr/bin/env bash
# Starts a Vault dev server on the runner and gives it what the image's Vault Agent reads, the way
# vault-agent/README.md describes it, with AppRole instead of AWS IAM (IAM auth works only inside AWS):
#   - MySQL: the database, the application's user (KV phase), the static role's user, and Vault's own admin user
#     with only what it needs to create, rotate and drop users;
#   - KV v2 at kv/: the secret app.env.ctmpl reads (kv/data/secrets/nodeapp), with every key the templates need;
#   - the database secrets engine: a dynamic role with a short lease, and a static role that Vault rotates with
#     MySQL 8 dual passwords (RETAIN CURRENT PASSWORD keeps the previous password valid until the next rotation);
#   - a policy that reads exactly those paths, and an AppRole with it, whose role_id/secret_id files the
#     container mounts.
# Every secret is generated here, per run, and masked.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$here/common.sh"
umask 077
mkdir -p "$STATE" "$LOGS" "$STATE/approle" "$STATE/counts"
: > "$STATE/secrets.list"

root_token=$(new_secret)
mask "$root_token"
printf '%s' "$root_token" > "$STATE/root-token"

# Dev mode: in memory, unsealed, HTTP on 127.0.0.1 only. The root token comes from the environment, not a
# command line; -dev-no-store-token keeps it out of ~/.vault-token. The server outlives this step (the job ends
# it; cleanup.sh stops it by its pid).
VAULT_DEV_ROOT_TOKEN_ID="$root_token" nohup vault server -dev -dev-listen-address=127.0.0.1:8200 \
  -dev-no-store-token > "$STATE/vault.log" 2>&1 &
echo "$!" > "$STATE/vault.pid"
export VAULT_TOKEN="$root_token"
vault_up() { kill -0 "$(cat "$STATE/vault.pid")" 2>/dev/null && vault status >/dev/null 2>&1; }
wait_until 30 "the Vault dev server" vault_up || fail "Vault did not start (its log is kept when the job fails)"
log "$(vault version) is up at $VAULT_ADDR"

# --- MySQL ---------------------------------------------------------------------------------------------------
app_password=$(new_secret); mask "$app_password"
printf '%s' "$app_password" > "$STATE/db-password"
static_initial=$(new_secret); mask "$static_initial"   # replaced by Vault as soon as the static role exists
vault_db_password=$(new_secret); mask "$vault_db_password"   # replaced by Vault's rotate-root below
# Vault's admin user gets CREATE USER (to create, alter with RETAIN and drop other accounts) and the schema's
# privileges with GRANT OPTION (to grant them to the users it creates); nothing else.
mysql_root <<SQL
CREATE DATABASE IF NOT EXISTS $DB_NAME CHARACTER SET utf8mb4;
CREATE USER '$APP_USER'@'%' IDENTIFIED BY '$app_password';
GRANT ALL PRIVILEGES ON $DB_NAME.* TO '$APP_USER'@'%';
CREATE USER '$STATIC_USER'@'%' IDENTIFIED BY '$static_initial';
GRANT ALL PRIVILEGES ON $DB_NAME.* TO '$STATIC_USER'@'%';
CREATE USER 'vault'@'%' IDENTIFIED BY '$vault_db_password';
GRANT CREATE USER ON *.* TO 'vault'@'%' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON $DB_NAME.* TO 'vault'@'%' WITH GRANT OPTION;
SQL
log "MySQL: database $DB_NAME, users $APP_USER and $STATIC_USER, and Vault's admin user"

# --- KV v2: every key app.env.ctmpl and database-creds.env.ctmpl read (error_on_missing_key fails the render
# of a missing one). DB_HOST is the runner's loopback: the container runs with --network host.
vault secrets enable -path=kv kv-v2 >/dev/null
printf '%s' "$app_password" | vault kv put "$KV_PATH" NODE_ENV=ci DB_HOST=127.0.0.1 DB_PORT=3306 \
  DB_NAME="$DB_NAME" DB_USER="$APP_USER" DB_PASSWORD=- FRONTEND_URL=http://localhost:3000 >/dev/null
log "KV: $KV_DATA_PATH written"

# --- Database secrets engine -----------------------------------------------------------------------------------
vault secrets enable database >/dev/null
printf '%s' "$vault_db_password" | vault write database/config/mysql plugin_name=mysql-database-plugin \
  connection_url='{{username}}:{{password}}@tcp(127.0.0.1:3306)/' username=vault password=- \
  allowed_roles="$DYNAMIC_ROLE,$STATIC_ROLE" >/dev/null
# From here only Vault knows its admin password.
vault write -force database/rotate-root/mysql >/dev/null
vault write "database/roles/$DYNAMIC_ROLE" db_name=mysql \
  creation_statements="CREATE USER '{{name}}'@'%' IDENTIFIED BY '{{password}}'; GRANT ALL PRIVILEGES ON $DB_NAME.* TO '{{name}}'@'%';" \
  default_ttl="${DYNAMIC_TTL_SECONDS}s" max_ttl="${DYNAMIC_MAX_TTL_SECONDS}s" >/dev/null
# Dual passwords: each rotation makes the new password primary and keeps the previous one valid (and drops the
# one before), so a client still on the previous password keeps connecting until it has read the new one.
vault write "database/static-roles/$STATIC_ROLE" db_name=mysql username="$STATIC_USER" \
  rotation_period="${STATIC_ROTATION_SECONDS}s" \
  rotation_statements="ALTER USER '{{name}}'@'%' IDENTIFIED BY '{{password}}' RETAIN CURRENT PASSWORD;" >/dev/null
log "database engine: dynamic role $DYNAMIC_ROLE (lease ${DYNAMIC_TTL_SECONDS}s, max ${DYNAMIC_MAX_TTL_SECONDS}s), static role $STATIC_ROLE (every ${STATIC_ROTATION_SECONDS}s)"

# --- Policy and AppRole --------------------------------------------------------------------------------------
vault policy write "$POLICY" - >/dev/null <<POLICY
path "$KV_DATA_PATH"                       { capabilities = ["read"] }
path "kv/metadata/secrets/nodeapp"         { capabilities = ["read", "list"] }
path "database/creds/$DYNAMIC_ROLE"        { capabilities = ["read"] }
path "database/static-creds/$STATIC_ROLE"  { capabilities = ["read"] }
POLICY
vault auth enable approle >/dev/null
# Bound to the loopback: the agent in the container (host network) is the only client.
vault write "auth/approle/role/$APPROLE" token_policies="$POLICY" token_ttl=1h token_max_ttl=2h \
  secret_id_ttl=2h secret_id_num_uses=0 secret_id_bound_cidrs=127.0.0.1/32 token_bound_cidrs=127.0.0.1/32 >/dev/null
role_id=$(vault read -field=role_id "auth/approle/role/$APPROLE/role-id"); mask "$role_id"
secret_id=$(vault write -force -field=secret_id "auth/approle/role/$APPROLE/secret-id"); mask "$secret_id"
printf '%s' "$role_id" > "$STATE/approle/role-id"
printf '%s' "$secret_id" > "$STATE/approle/secret-id"

# The AppRole reads its secret and nothing beside it (capabilities only: no lease is created here).
app_token=$(vault write -field=token auth/approle/login role_id=@"$STATE/approle/role-id" \
  secret_id=@"$STATE/approle/secret-id")
mask "$app_token"
for path in "$KV_DATA_PATH" "database/creds/$DYNAMIC_ROLE" "database/static-creds/$STATIC_ROLE"; do
  caps=$(VAULT_TOKEN="$app_token" vault token capabilities "$path")
  [ "$caps" = read ] || fail "the AppRole's capabilities on $path are '$caps', expected 'read'"
done
for path in kv/data/secrets/other database/config/mysql sys/mounts; do
  caps=$(VAULT_TOKEN="$app_token" vault token capabilities "$path")
  [ "$caps" = deny ] || fail "the AppRole's capabilities on $path are '$caps', expected 'deny'"
done
VAULT_TOKEN="$app_token" vault token revoke -self >/dev/null
log "AppRole $APPROLE: reads its three paths, denied elsewhere"

# The image runs as UID 1001: its agent reads these files through read-only bind mounts.
if [ "$(id -u)" != 1001 ]; then
  sudo chown 1001 "$STATE/approle/role-id" "$STATE/approle/secret-id"
fi
