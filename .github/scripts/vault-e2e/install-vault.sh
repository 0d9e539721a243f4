#!/usr/bin/env bash
# Installs the Vault binary on the runner (the dev server and the CLI of the test) from releases.hashicorp.com,
# refusing a download whose SHA-256 is not the pinned one, and puts it on the job's PATH. The version must be the
# one of the image's Vault Agent (Containerfile: FROM hashicorp/vault:X), so the server speaks to the agent that
# ships.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
: "${VAULT_VERSION:?the Vault version, e.g. 1.18.3}"
: "${VAULT_ZIP_SHA256:?the SHA-256 of vault_VERSION_linux_amd64.zip, as in the release SHA256SUMS}"

image_version=$(sed -n 's|^FROM hashicorp/vault:\([0-9][0-9.]*\).*|\1|p' "$root/Containerfile")
if [ "$image_version" != "$VAULT_VERSION" ]; then
  echo "::error::VAULT_VERSION is $VAULT_VERSION but the Containerfile has hashicorp/vault:${image_version:-?}: update both, and the zip SHA-256"
  exit 1
fi

dir=${RUNNER_TEMP:-/tmp}/vault-bin
mkdir -p "$dir"
zip="$dir/vault_${VAULT_VERSION}_linux_amd64.zip"
curl -fsSL --proto '=https' --tlsv1.2 --retry 3 --retry-delay 2 -o "$zip" \
  "https://releases.hashicorp.com/vault/${VAULT_VERSION}/vault_${VAULT_VERSION}_linux_amd64.zip"
# Nothing from the zip runs before this check.
echo "${VAULT_ZIP_SHA256}  ${zip}" | sha256sum --check --strict
unzip -o -q "$zip" vault -d "$dir"
rm -f "$zip"

version=$("$dir/vault" version)
case $version in
  "Vault v${VAULT_VERSION} "*) echo "$version" ;;
  *) echo "::error::unexpected binary: $version"; exit 1 ;;
esac
if [ -n "${GITHUB_PATH:-}" ]; then
  echo "$dir" >> "$GITHUB_PATH"
fi
