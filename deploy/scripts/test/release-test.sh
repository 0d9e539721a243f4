#!/usr/bin/env bash
# Tests of deploy/scripts/release.sh against stand-ins for the AWS CLI and curl (no AWS account is contacted):
# a good release is recorded, a release that fails any check is undone on every target it reached, ECS's circuit
# breaker rollback counts as a failure, and the smoke test's token never reaches the output.
# Prints "N passed, N failed"; exits non-zero on any failure.
#
#   release-test.sh github   as GitHub Actions runs it (GITHUB_ACTIONS=true: the token is masked on stdout)
#   release-test.sh plain    as a workstation runs it (GITHUB_ACTIONS unset: no workflow command is printed)
#   release-test.sh          with GITHUB_ACTIONS as the environment has it
# deploy/pom.xml runs both modes, so CI on GitHub (where GITHUB_ACTIONS=true is inherited) also runs the plain one.
# The checks are strings evaluated later, on purpose: their expansions must not happen at the call.
# shellcheck disable=SC2016
set -u
case "${1:-}" in
  github) export GITHUB_ACTIONS=true ;;
  plain) unset GITHUB_ACTIONS ;;
  "") ;;
  *) echo "usage: $0 [github|plain]" >&2; exit 2 ;;
esac
github=false
[ "${GITHUB_ACTIONS:-}" = true ] && github=true
here=$(cd "$(dirname "$0")" && pwd)
release="$here/../release.sh"
passed=0
failed=0

STUB_DIR=""
trap '[ -z "$STUB_DIR" ] || rm -rf "$STUB_DIR"' EXIT

setup() {
  [ -z "$STUB_DIR" ] || rm -rf "$STUB_DIR"
  STUB_DIR=$(mktemp -d)
  mkdir -p "$STUB_DIR/bin"
  ln -s "$here/stub-aws" "$STUB_DIR/bin/aws"
  ln -s "$here/stub-curl" "$STUB_DIR/bin/curl"
  # The repository's images ("<name> <digest>", stub-lib.sh) and their scans (stub-aws): the name says how the
  # image behaves.
  local image
  for image in old new unready crashes vuln slow stuck broken odd unscanned enhanced; do
    printf '%s %s\n' "$image" "$(digest "$image")"
  done > "$STUB_DIR/images"
  cat > "$STUB_DIR/scans" <<'SCANS'
vuln COMPLETE 2
slow PENDING,IN_PROGRESS,IN_PROGRESS,COMPLETE 0
stuck IN_PROGRESS 0
broken FAILED 0
odd UNSUPPORTED_IMAGE 0
unscanned NONE 0
enhanced ACTIVE 0
SCANS
  echo old > "$STUB_DIR/ssm"
  echo repo:old | tee "$STUB_DIR/live-apprunner" > "$STUB_DIR/live-ecs"
  STUB_TOKEN="tok-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
  export STUB_DIR STUB_TOKEN PATH="$STUB_DIR/bin:$PATH" POLL_SECONDS=0 SMOKE_WAIT_SECONDS=0 RELEASE_WAIT_SECONDS=0
  export ECR_REPOSITORY_URI=123456789012.dkr.ecr.eu-west-1.amazonaws.com/backend
  export APPRUNNER_SERVICE_ARN=arn:aws:apprunner:eu-west-1:123456789012:service/backend/x
  export ECS_CLUSTER=backend ECS_SERVICE=backend ECS_URL=https://ecs.example
  export SMOKE_TOKEN_URL=https://idp.example/token SMOKE_CLIENT_ID=smoke SMOKE_CLIENT_SECRET=s3cret-client
  export TARGETS="apprunner ecs"
}

# A made-up image digest per name: sha256: and 64 hex digits.
digest() { printf 'sha256:%s' "$(printf '%s' "$1" | sha256sum | cut -d' ' -f1)"; }

check() {
  if eval "$2"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $1 ($2)"; sed 's/^/  | /' "$STUB_DIR/out"; fi
}

# Standard output apart: that is where GitHub's runner reads workflow commands such as ::add-mask::.
run() {
  bash "$release" "$@" > "$STUB_DIR/stdout" 2> "$STUB_DIR/stderr"
  echo $? > "$STUB_DIR/rc"
  cat "$STUB_DIR/stdout" "$STUB_DIR/stderr" > "$STUB_DIR/out"
}
rc() { cat "$STUB_DIR/rc"; }
live() { tail -n 1 "$STUB_DIR/live-$1"; }

setup; run deploy new
check "a good release exits 0" '[ "$(rc)" = 0 ]'
check "App Runner runs it" '[ "$(live apprunner)" = "$ECR_REPOSITORY_URI:new" ]'
check "ECS runs it" '[ "$(live ecs)" = "$ECR_REPOSITORY_URI:new" ]'
check "SSM records it" '[ "$(cat "$STUB_DIR/ssm")" = new ]'
check "both were smoke-tested with a token" '[ "$(grep -c "api/users?limit=1" "$STUB_DIR/calls")" = 2 ]'
check "the token is in no output line but its mask" '! grep -v "^::add-mask::" "$STUB_DIR/out" | grep -q "$STUB_TOKEN"'
check "the client secret is not in the output" '! grep -q s3cret-client "$STUB_DIR/out"'
check "neither the token nor the client secret was ever a command-line argument" \
  '! grep -q -e "$STUB_TOKEN" -e s3cret-client "$STUB_DIR/argv" "$STUB_DIR/calls"'
if [ "$github" = true ]; then
  check "on GitHub the token's mask line goes to standard output, as a line of its own" \
    '[ "$(grep -c "^::add-mask::" "$STUB_DIR/stdout")" = 2 ] && grep -qx "::add-mask::$STUB_TOKEN" "$STUB_DIR/stdout"'
else
  check "off GitHub no workflow command is printed" '! grep -q "::add-mask::" "$STUB_DIR/out"'
fi

setup; run deploy unready
check "a release that never gets ready fails" '[ "$(rc)" != 0 ]'
check "App Runner runs the previous image again" '[ "$(live apprunner)" = "$ECR_REPOSITORY_URI:old" ]'
check "ECS was not touched after App Runner failed" '[ ! -f "$STUB_DIR/ecs-images" ]'
check "SSM still says the previous tag" '[ "$(cat "$STUB_DIR/ssm")" = old ]'

setup; TARGETS="apprunner ecs" run deploy crashes
check "App Runner's failed operation fails the release" '[ "$(rc)" != 0 ] && grep -q ROLLBACK_SUCCEEDED "$STUB_DIR/out"'
check "App Runner is redeployed with the previous image" '[ "$(live apprunner)" = "$ECR_REPOSITORY_URI:old" ]'

setup; TARGETS=ecs run deploy crashes
check "ECS's circuit breaker rollback fails the release" '[ "$(rc)" != 0 ] && grep -q "circuit breaker" "$STUB_DIR/out"'
check "ECS gets a revision with the previous image" '[ "$(live ecs)" = "$ECR_REPOSITORY_URI:old" ]'
check "SSM still says the previous tag" '[ "$(cat "$STUB_DIR/ssm")" = old ]'

setup; TARGETS="apprunner ecs" run deploy unready
check "only the targets the release reached are undone" '[ "$(grep -c . "$STUB_DIR/apprunner-images")" = 2 ]'

setup; unset SMOKE_CLIENT_SECRET; run deploy new
check "without smoke-test credentials nothing is released" '[ "$(rc)" != 0 ] && [ "$(cat "$STUB_DIR/ssm")" = old ]'
check "and the message says what is missing" 'grep -q SMOKE_CLIENT_SECRET "$STUB_DIR/out"'

setup; rm "$STUB_DIR/ssm"; run deploy unready
check "a failed first release says there is nothing to return to" '[ "$(rc)" != 0 ] && grep -q "no earlier release" "$STUB_DIR/out"'

setup; echo new > "$STUB_DIR/ssm"; run rollback old
check "rollback deploys the chosen tag everywhere and records it" '[ "$(rc)" = 0 ] && [ "$(live apprunner)" = "$ECR_REPOSITORY_URI:old" ] && [ "$(live ecs)" = "$ECR_REPOSITORY_URI:old" ] && [ "$(cat "$STUB_DIR/ssm")" = old ]'

setup; run rollback missing
check "rollback to an image that is not in ECR deploys nothing" '[ "$(rc)" != 0 ] && [ ! -f "$STUB_DIR/apprunner-images" ]'

setup; run deploy 'x;rm -rf /'
check "a tag that is not a tag is refused" '[ "$(rc)" = 2 ] && [ ! -f "$STUB_DIR/calls" ]'

# --- ECS first ------------------------------------------------------------------------------------------------------

setup; unset TARGETS; run deploy new
check "without TARGETS the release goes to ECS only" '[ "$(rc)" = 0 ] && [ "$(live ecs)" = "$ECR_REPOSITORY_URI:new" ] && [ ! -f "$STUB_DIR/apprunner-images" ]'

setup; TARGETS="ecs appruner" run deploy new
check "a misspelt target is refused before any target is touched" '[ "$(rc)" = 2 ] && [ ! -f "$STUB_DIR/calls" ] && grep -q "unknown target appruner" "$STUB_DIR/out"'

# --- digests --------------------------------------------------------------------------------------------------------

setup; run deploy "$(digest new)"
check "a digest is deployed as <repository>@sha256:... on every target" \
  '[ "$(rc)" = 0 ] && [ "$(live ecs)" = "$ECR_REPOSITORY_URI@$(digest new)" ] && [ "$(live apprunner)" = "$ECR_REPOSITORY_URI@$(digest new)" ]'
check "and recorded as the digest in SSM" '[ "$(cat "$STUB_DIR/ssm")" = "$(digest new)" ]'
check "its scan was read by digest" 'grep -q "describe-image-scan-findings --repository-name backend --image-id imageDigest=$(digest new)" "$STUB_DIR/calls"'

setup; digest old > "$STUB_DIR/ssm"; TARGETS=ecs run deploy "$(digest unready)"
check "a failed release by digest returns to the previous digest" \
  '[ "$(rc)" != 0 ] && [ "$(live ecs)" = "$ECR_REPOSITORY_URI@$(digest old)" ] && [ "$(cat "$STUB_DIR/ssm")" = "$(digest old)" ]'

for bad in "sha256:$(printf 'a%.0s' $(seq 63))" "sha256:$(printf 'A%.0s' $(seq 64))" "sha256:$(printf 'a%.0s' $(seq 65))" \
  "sha512:$(printf 'a%.0s' $(seq 64))" "sha256:xyz" "$(digest new) "; do
  setup; run deploy "$bad"
  check "a malformed digest is refused before any call: '$bad'" '[ "$(rc)" = 2 ] && [ ! -f "$STUB_DIR/calls" ]'
done

setup; echo new > "$STUB_DIR/ssm"; run rollback "$(digest old)"
check "rollback takes a digest" '[ "$(rc)" = 0 ] && [ "$(live ecs)" = "$ECR_REPOSITORY_URI@$(digest old)" ] && [ "$(cat "$STUB_DIR/ssm")" = "$(digest old)" ]'

setup; run rollback "$(digest nothing-like-it)"
check "rollback to a digest that is not in ECR deploys nothing" '[ "$(rc)" != 0 ] && [ ! -f "$STUB_DIR/ecs-images" ] && [ ! -f "$STUB_DIR/apprunner-images" ]'

# --- the ECR scan ---------------------------------------------------------------------------------------------------

setup; run deploy "$(digest vuln)"
check "an image with a CRITICAL finding is refused" '[ "$(rc)" != 0 ] && grep -q "2 CRITICAL finding" "$STUB_DIR/out"'
check "and no target was touched, SSM unchanged" '[ ! -f "$STUB_DIR/ecs-images" ] && [ ! -f "$STUB_DIR/apprunner-images" ] && [ "$(cat "$STUB_DIR/ssm")" = old ]'

setup; ALLOW_UNSCANNED=true run deploy vuln
check "ALLOW_UNSCANNED does not let a CRITICAL finding through" '[ "$(rc)" != 0 ] && [ ! -f "$STUB_DIR/ecs-images" ]'

setup; echo new > "$STUB_DIR/ssm"; run rollback vuln
check "rollback refuses an image with a CRITICAL finding too" '[ "$(rc)" != 0 ] && [ ! -f "$STUB_DIR/ecs-images" ] && [ "$(cat "$STUB_DIR/ssm")" = new ]'

setup; SCAN_WAIT_SECONDS=60 run deploy "$(digest slow)"
check "a scan still pending or in progress is waited for, then the image released" \
  '[ "$(rc)" = 0 ] && [ "$(cat "$STUB_DIR/scan-calls-slow")" = 4 ] && [ "$(cat "$STUB_DIR/ssm")" = "$(digest slow)" ]'

setup; SCAN_WAIT_SECONDS=0 run deploy stuck
check "a scan that does not finish within SCAN_WAIT_SECONDS refuses the release" \
  '[ "$(rc)" != 0 ] && grep -q "gave no result (status IN_PROGRESS)" "$STUB_DIR/out" && [ ! -f "$STUB_DIR/ecs-images" ]'

# A failed scan, an image ECR cannot scan, no scan at all: refused by default, released with ALLOW_UNSCANNED=true.
for case in "broken FAILED" "odd UNSUPPORTED_IMAGE" "unscanned NONE"; do
  read -r image status <<<"$case"
  setup; SCAN_WAIT_SECONDS=0 run deploy "$image"
  check "no scan result ($status) refuses the release" \
    '[ "$(rc)" != 0 ] && grep -q "gave no result (status $status)" "$STUB_DIR/out" && [ ! -f "$STUB_DIR/ecs-images" ] && [ "$(cat "$STUB_DIR/ssm")" = old ]'
  setup; SCAN_WAIT_SECONDS=0 ALLOW_UNSCANNED=true run deploy "$image"
  check "ALLOW_UNSCANNED=true releases it ($status) with a warning" \
    '[ "$(rc)" = 0 ] && grep -q "WARNING: releasing $image without a scan result" "$STUB_DIR/out" && [ "$(cat "$STUB_DIR/ssm")" = "$image" ]'
done
if [ "$github" = true ]; then
  check "on GitHub the warning is also an annotation" 'grep -q "^::warning::releasing unscanned without a scan result" "$STUB_DIR/stdout"'
fi

setup; run deploy enhanced
check "enhanced scanning's ACTIVE status without CRITICAL findings releases" '[ "$(rc)" = 0 ] && grep -q "ECR scan of enhanced: ACTIVE" "$STUB_DIR/out"'

setup; run smoke https://abc.eu-west-1.awsapprunner.com
check "smoke alone passes on a ready service" '[ "$(rc)" = 0 ]'

echo "$passed passed, $failed failed (GITHUB_ACTIONS=${GITHUB_ACTIONS:-unset})"
[ "$failed" = 0 ]
