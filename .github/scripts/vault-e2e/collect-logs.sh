#!/usr/bin/env bash
# After a failure: the logs of every e2e container still there (a phase stopped before its own clean-up), and
# Vault's server log, redacted, into the artifact folder; then each file's end printed in a group of the job log.
# Phases save their container's log themselves when they end.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$here/common.sh"
umask 077
mkdir -p "$LOGS"
touch "$STATE/secrets.list"

docker ps -a --filter 'name=^vault-e2e-' --format '{{.Names}}' | while IFS= read -r name; do
  docker logs "$name" 2>&1 | redact > "$LOGS/$name-container.log" || true
done
# The dev server prints its unseal key and root token at start: the first line is dropped, the token redacted.
if [ -f "$STATE/vault.log" ]; then
  { grep -v 'Unseal Key' "$STATE/vault.log" || true; } | redact > "$LOGS/vault-server.log"
fi

shopt -s nullglob
for file in "$LOGS"/*; do
  echo "::group::$(basename "$file") (last 500 lines)"
  tail -n 500 "$file"
  echo "::endgroup::"
done
