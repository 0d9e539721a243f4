#!/usr/bin/env bash
# Tests of deploy/scripts/vault-setup.sh against stand-ins for the vault and aws CLIs and curl (no Vault, AWS
# account or database is contacted): the calls it makes and what they configure, that a second run changes nothing,
# that existing KV keys stay, that the RDS master password reaches Vault on stdin only and no secret reaches the
# output, on GitHub (GITHUB_ACTIONS=true) and off it. Prints "N passed, N failed"; exits non-zero on any failure.
# The checks are strings evaluated later, on purpose: their expansions must not happen at the call.
# shellcheck disable=SC2016
set -u
here=$(cd "$(dirname "$0")" && pwd)
script="$here/../vault-setup.sh"
passed=0
failed=0
STUB_DIR=""
trap '[ -z "$STUB_DIR" ] || rm -rf "$STUB_DIR"' EXIT

ENDPOINT=backend-data.c1x2y3z4.eu-west-1.rds.amazonaws.com
SECRET_ARN=arn:aws:secretsmanager:eu-west-1:123456789012:secret:backend-data-admin-AbCdEf

setup() {
  [ -z "$STUB_DIR" ] || rm -rf "$STUB_DIR"
  STUB_DIR=$(mktemp -d)
  mkdir -p "$STUB_DIR/bin" "$STUB_DIR/stacks"
  local tool
  for tool in aws vault curl; do ln -s "$here/stub-$tool" "$STUB_DIR/bin/$tool"; done
  # Distinctive secrets, with characters a command line or a JSON string would have to escape.
  MASTER_PASSWORD="mpw-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')-\$\"'\\x"
  VAULT_TOKEN="hvs.tok-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
  export VAULT_TOKEN
  printf '%s' "$MASTER_PASSWORD" > "$STUB_DIR/rds-password"
  echo admin > "$STUB_DIR/rds-user"
  echo "$ENDPOINT:3306" > "$STUB_DIR/rds-endpoint"
  echo "$SECRET_ARN" > "$STUB_DIR/master-secret-arn"
  jq -nc --arg p "$MASTER_PASSWORD" --arg h "$ENDPOINT" \
    '{username: "admin", password: $p, engine: "mysql", host: $h, port: 3306, dbInstanceIdentifier: "backend-data"}' \
    > "$STUB_DIR/master-secret"
  outputs DatabaseEndpoint "$ENDPOINT" DatabasePort 3306 DatabaseName backend DatabaseSecretArn "$SECRET_ARN" \
    VaultSecurityGroupId sg-0123 > "$STUB_DIR/stacks/backend-data.json"
  outputs ClusterName backend ServiceName backend TaskRoleArn arn:aws:iam::123456789012:role/backend-ecs-task \
    > "$STUB_DIR/stacks/backend-ecs.json"
  printf -- '-----BEGIN CERTIFICATE-----\nMIIBrdsRootA\n-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\nMIIBrdsRootB\n-----END CERTIFICATE-----\n' \
    > "$STUB_DIR/rds-ca.pem"
  export STUB_DIR PATH="$STUB_DIR/bin:$ORIGINAL_PATH" VAULT_ADDR=https://vault.example.com:8200
  unset GITHUB_ACTIONS
}
ORIGINAL_PATH=$PATH

# A CloudFormation Outputs array from key value pairs.
outputs() {
  local json='[]'
  while [ $# -gt 0 ]; do
    json=$(jq -c --arg k "$1" --arg v "$2" '. + [{OutputKey: $k, OutputValue: $v}]' <<<"$json")
    shift 2
  done
  printf '%s\n' "$json"
}

check() {
  if eval "$2"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $1 ($2)"; sed 's/^/  | /' "$STUB_DIR/out"; fi
}

run() {
  bash "$script" "$@" > "$STUB_DIR/stdout" 2> "$STUB_DIR/stderr"
  echo $? > "$STUB_DIR/rc"
  cat "$STUB_DIR/stdout" "$STUB_DIR/stderr" > "$STUB_DIR/out"
}
rc() { cat "$STUB_DIR/rc"; }
# What the stand-in Vault stored at a path, and the KV entry's data.
stored() { cat "$STUB_DIR/vault/paths/${1//\//__}.json"; }
kv() { jq -c '.data' "$STUB_DIR/vault/kv/kv/secrets__nodeapp.json"; }
kv_version() { jq -r '.version' "$STUB_DIR/vault/kv/kv/secrets__nodeapp.json"; }
writes() { touch "$STUB_DIR/calls"; grep -cE '^vault (write|secrets enable|auth enable|policy write|kv put|kv patch)' "$STUB_DIR/calls"; }
no_secret_anywhere() {
  ! grep -qF -e "$MASTER_PASSWORD" -e "$VAULT_TOKEN" "$STUB_DIR/out" "$STUB_DIR/calls"
}

# --- a first run -------------------------------------------------------------------------------------------------------

setup; run --frontend-url https://app.example.com
check "a first run succeeds" '[ "$(rc)" = 0 ]'
check "the database secrets engine is enabled" 'grep -qx "vault secrets enable -path=database database" "$STUB_DIR/calls"'
check "the connection uses the MySQL plugin, the endpoint and TLS with the RDS bundle; Vault verified the master login" \
  'stored database/config/backend | jq -e --arg url "{{username}}:{{password}}@tcp($ENDPOINT:3306)/" --arg ca "$(cat "$STUB_DIR/rds-ca.pem")" \
     ".plugin_name == \"mysql-database-plugin\" and .connection_url == \$url and .username == \"admin\" and .tls_ca == \$ca
      and .allowed_roles == \"backend\" and .verify_connection == \"true\"" >/dev/null'
check "the bundle was downloaded from Amazon RDS's trust store" \
  'grep -q "curl https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem" "$STUB_DIR/calls"'
check "the master password reached Vault on stdin: the write names it password=-" \
  'grep -q "vault write database/config/backend .* password=- " "$STUB_DIR/calls"'
check "the role creates users with the service's and Flyway's grants on its database only" \
  'stored database/roles/backend | jq -e ".db_name == \"backend\" and (.creation_statements | contains(\"GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, DROP, INDEX, REFERENCES ON \`backend\`.* TO\"))
     and (.creation_statements | contains(\"*.*\") | not) and (.creation_statements | contains(\"GRANT OPTION\") | not)" >/dev/null'
check "the policy reads the KV entry and the database role's credentials, nothing else" \
  '[ "$(grep -c "^path" "$STUB_DIR/vault/policies/backend-secrets.hcl")" = 3 ] &&
   grep -q "^path \"kv/data/secrets/nodeapp\" { capabilities = \[\"read\"\] }" "$STUB_DIR/vault/policies/backend-secrets.hcl" &&
   grep -q "^path \"database/creds/backend\" { capabilities = \[\"read\"\] }" "$STUB_DIR/vault/policies/backend-secrets.hcl"'
check "the AWS auth role is bound to the task role the ECS stack created, by name" \
  'stored auth/aws/role/node-api | jq -e ".auth_type == \"iam\" and .bound_iam_principal_arn == \"arn:aws:iam::123456789012:role/backend-ecs-task\"
     and .resolve_aws_unique_ids == \"false\" and .token_policies == \"backend-secrets\"" >/dev/null'
check "the KV entry gets the database address, FRONTEND_URL and NODE_ENV" \
  '[ "$(kv)" = "{\"DB_HOST\":\"$ENDPOINT\",\"DB_PORT\":\"3306\",\"DB_NAME\":\"backend\",\"FRONTEND_URL\":\"https://app.example.com\",\"NODE_ENV\":\"production\"}" ]'
check "no root rotation unless asked for" '[ ! -f "$STUB_DIR/vault/rotations" ]'
check "neither the master password nor the Vault token is in the output or on any command line" no_secret_anywhere
check "off GitHub no workflow command is printed" '! grep -q "::add-mask::" "$STUB_DIR/out"'
check "the next step is named" 'grep -q "vaultTemplate=database-creds.env.ctmpl" "$STUB_DIR/out"'

# --- again: nothing changes -------------------------------------------------------------------------------------------

cp -r "$STUB_DIR/vault" "$STUB_DIR/vault-after-first-run"
: > "$STUB_DIR/calls"
run --frontend-url https://other.example.com
check "a second run succeeds" '[ "$(rc)" = 0 ]'
check "it enables nothing and leaves the connection as it is" \
  '! grep -qE "^vault (secrets enable|auth enable|write database/config)" "$STUB_DIR/calls"'
check "it writes no new KV version and keeps FRONTEND_URL" '[ "$(kv_version)" = 1 ] && [ "$(jq -r .FRONTEND_URL <<<"$(kv)")" = https://app.example.com ]'
check "Vault holds exactly what it held after the first run" 'diff -r "$STUB_DIR/vault-after-first-run" "$STUB_DIR/vault" >/dev/null'
check "and no secret was printed this time either" no_secret_anywhere

# --- an existing KV entry ---------------------------------------------------------------------------------------------

setup
mkdir -p "$STUB_DIR/vault/kv/kv"
jq -nc '{data: {DB_HOST: "old-host", DB_PORT: "3306", DB_NAME: "backend", FRONTEND_URL: "https://keep.example.com",
               DB_USER: "app", DB_PASSWORD: "kv-pw-distinctive-9f3", OTHER: "kept"}, version: 4}' \
  > "$STUB_DIR/vault/kv/kv/secrets__nodeapp.json"
run
check "an existing entry needs no --frontend-url" '[ "$(rc)" = 0 ]'
check "it is patched: the address follows the stack, NODE_ENV is added, every other key stays" \
  '[ "$(kv | jq -c "{DB_HOST, FRONTEND_URL, NODE_ENV, DB_USER, DB_PASSWORD, OTHER}")" = "{\"DB_HOST\":\"$ENDPOINT\",\"FRONTEND_URL\":\"https://keep.example.com\",\"NODE_ENV\":\"production\",\"DB_USER\":\"app\",\"DB_PASSWORD\":\"kv-pw-distinctive-9f3\",\"OTHER\":\"kept\"}" ] &&
   [ "$(kv_version)" = 5 ] && grep -q "^vault kv patch " "$STUB_DIR/calls"'
check "no value of the entry is printed" '! grep -q -e kv-pw-distinctive-9f3 -e keep.example.com "$STUB_DIR/out"'

setup; run
check "a first run without --frontend-url fails before writing anything" \
  '[ "$(rc)" != 0 ] && grep -q -- "--frontend-url" "$STUB_DIR/out" && [ "$(writes)" = 0 ]'

# --- rotating the master password -------------------------------------------------------------------------------------

setup; run --frontend-url https://app.example.com --rotate-root
check "--rotate-root rotates after the connection is written" \
  '[ "$(rc)" = 0 ] && [ "$(cat "$STUB_DIR/vault/rotations")" = database/rotate-root/backend ] &&
   [ "$(grep -n "write database/config/backend" "$STUB_DIR/calls" | cut -d: -f1)" -lt "$(grep -n "rotate-root" "$STUB_DIR/calls" | cut -d: -f1)" ]'
check "the database's password is no longer the one in Secrets Manager" '[ "$(cat "$STUB_DIR/rds-password")" != "$MASTER_PASSWORD" ]'
run --frontend-url https://app.example.com
check "a later run still succeeds: the rotated connection is left alone" '[ "$(rc)" = 0 ]'
run --frontend-url https://app.example.com --reconfigure-connection
check "--reconfigure-connection after a rotation fails and says why" \
  '[ "$(rc)" != 0 ] && grep -q "already rotated by Vault" "$STUB_DIR/out" && no_secret_anywhere'

# --- roles, mounts, targets -------------------------------------------------------------------------------------------

setup; run --frontend-url https://app.example.com --targets apprunner,ecs
check "a target whose stack does not exist yet is bound by the role name its stack will create" \
  'stored auth/aws/role/node-api | jq -e ".bound_iam_principal_arn == \"arn:aws:iam::123456789012:role/backend-apprunner-instance,arn:aws:iam::123456789012:role/backend-ecs-task\"" >/dev/null'

setup
outputs TaskRoleArn arn:aws:iam::123456789012:role/service-path/backend-ecs-task > "$STUB_DIR/stacks/backend-ecs.json"
run --frontend-url https://app.example.com
check "a role ARN with a path is bound without it (resolve_aws_unique_ids=false compares it so)" \
  'stored auth/aws/role/node-api | jq -e ".bound_iam_principal_arn == \"arn:aws:iam::123456789012:role/backend-ecs-task\"" >/dev/null'

setup
mkdir -p "$STUB_DIR/vault/paths"
echo '{"auth_type": "iam", "bound_iam_principal_arn": "arn:aws:iam::123456789012:role/old", "resolve_aws_unique_ids": "true"}' \
  > "$STUB_DIR/vault/paths/auth__aws__role__node-api.json"
run --frontend-url https://app.example.com
check "a role that resolves unique ids keeps doing so (Vault refuses to turn it off)" \
  '[ "$(rc)" = 0 ] && stored auth/aws/role/node-api | jq -e ".resolve_aws_unique_ids == \"true\"" >/dev/null'

setup
mkdir -p "$STUB_DIR/vault/paths"
echo '{"iam_server_id_header_value": "vault.example.org"}' > "$STUB_DIR/vault/paths/auth__aws__config__client.json"
run --frontend-url https://app.example.com --iam-server-id vault.internal
check "a header value that differs from the shared mount's fails and the mount is not changed" \
  '[ "$(rc)" != 0 ] && grep -q "vaultIamServerId=vault.example.org" "$STUB_DIR/out" && ! grep -q "write auth/aws/config/client" "$STUB_DIR/calls" &&
   [ "$(writes)" = 0 ]'
run --frontend-url https://app.example.com
check "without one, the mount's value is named for the deployment" \
  '[ "$(rc)" = 0 ] && grep -q -- "-c vaultIamServerId=vault.example.org" "$STUB_DIR/out" && ! grep -q "write auth/aws/config/client" "$STUB_DIR/calls"'

setup; run --frontend-url https://app.example.com --auth-path auth/backend-aws
check "a missing auth mount is not created unless asked for" '[ "$(rc)" != 0 ] && [ "$(writes)" = 0 ]'
setup; run --frontend-url https://app.example.com --auth-path auth/backend-aws --create-auth-mount --iam-server-id vault.internal
check "--create-auth-mount makes the service's own mount, with its header value" \
  '[ "$(rc)" = 0 ] && grep -qx "vault auth enable -path=backend-aws aws" "$STUB_DIR/calls" &&
   stored auth/backend-aws/config/client | jq -e ".iam_server_id_header_value == \"vault.internal\"" >/dev/null &&
   stored auth/backend-aws/role/node-api >/dev/null'

# --- bad input --------------------------------------------------------------------------------------------------------

setup; rm "$STUB_DIR/stacks/backend-data.json"; run --frontend-url https://app.example.com
check "without the data stack nothing is written" '[ "$(rc)" != 0 ] && grep -q "backend-data" "$STUB_DIR/out" && [ "$(writes)" = 0 ]'

setup
outputs DatabaseEndpoint "$ENDPOINT" DatabasePort 3306 DatabaseName 'x`; DROP' DatabaseSecretArn "$SECRET_ARN" \
  > "$STUB_DIR/stacks/backend-data.json"
run --frontend-url https://app.example.com
check "a database name that is not plain is refused before it reaches SQL" '[ "$(rc)" != 0 ] && [ "$(writes)" = 0 ]'

setup; printf 'not a certificate\n' > "$STUB_DIR/rds-ca.pem"; run --frontend-url https://app.example.com
check "a CA bundle without a certificate is refused" \
  '[ "$(rc)" != 0 ] && grep -q "holds no PEM certificate" "$STUB_DIR/out" && [ ! -f "$STUB_DIR/vault/paths/database__config__backend.json" ]'

setup; run --frontend-url https://app.example.com --secret-path kv/secrets/nodeapp
check "a KV path without data/ is refused" '[ "$(rc)" != 0 ] && [ ! -f "$STUB_DIR/calls" ]'

# --- on GitHub --------------------------------------------------------------------------------------------------------

setup; GITHUB_ACTIONS=true run --frontend-url https://app.example.com
check "under GITHUB_ACTIONS=true the master password is masked on stdout, as a line of its own" \
  '[ "$(rc)" = 0 ] && [ "$(grep -c "^::add-mask::" "$STUB_DIR/stdout")" = 1 ] && grep -qxF "::add-mask::$MASTER_PASSWORD" "$STUB_DIR/stdout"'
check "and appears nowhere else" \
  '! grep -v "^::add-mask::" "$STUB_DIR/out" | grep -qF "$MASTER_PASSWORD" && ! grep -qF "$MASTER_PASSWORD" "$STUB_DIR/calls"'

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
