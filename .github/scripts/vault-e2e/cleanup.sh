#!/usr/bin/env bash
# Removes the e2e containers and stops the Vault dev server that setup-vault.sh started (by its pid), whatever
# happened before.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$here/common.sh"

docker ps -aq --filter 'name=^vault-e2e-' | while IFS= read -r id; do
  docker rm -f "$id" >/dev/null || true
done
if [ -f "$STATE/vault.pid" ]; then
  kill "$(cat "$STATE/vault.pid")" 2>/dev/null || true
fi
