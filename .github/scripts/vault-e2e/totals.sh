#!/usr/bin/env bash
# Adds up the requests the phases sent and the ones that failed: the job's outputs (requests-sent,
# requests-failed) and a table in the job summary. Runs even when a phase failed, so the counts are seen.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$here/common.sh"

sent=0
failed=0
rows=""
for phase in kv-static db-static-role db-dynamic; do
  file="$STATE/counts/$phase"
  if [ -f "$file" ]; then
    read -r s f < "$file"
    sent=$((sent + s))
    failed=$((failed + f))
    rows+="| $phase | $s | $f |"$'\n'
  else
    rows+="| $phase | not run | |"$'\n'
  fi
done
echo "requests sent: $sent, failed: $failed"
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  printf 'sent=%s\nfailed=%s\n' "$sent" "$failed" >> "$GITHUB_OUTPUT"
fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  {
    echo "### Vault Agent end to end: requests under rotation"
    echo
    echo "| phase | sent | failed |"
    echo "|---|---|---|"
    printf '%s' "$rows"
    echo "| **total** | **$sent** | **$failed** |"
  } >> "$GITHUB_STEP_SUMMARY"
fi
