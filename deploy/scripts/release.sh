#!/usr/bin/env bash
# Releases an image that is already in ECR to the service's targets, checks it, and undoes it when the check
# fails. Used by .github/workflows/deploy.yml and rollback.yml; runnable by hand with the same variables.
#
#   release.sh deploy <image>     wait for the image's ECR scan, deploy, smoke-test, record the image in SSM; on
#                                 failure redeploy the previous image
#   release.sh rollback <image>   the same for an earlier image, without the automatic undo
#   release.sh smoke <url>        the smoke test alone
#
# <image> is a digest, sha256:<64 hex digits> (what the pipeline deploys: exactly the image CI built and tested), or
# a tag. A digest runs as <repository>@sha256:..., a tag as <repository>:<tag>; both are valid image references for
# ECS (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html, "image") and App
# Runner (https://docs.aws.amazon.com/apprunner/latest/api/API_ImageRepository.html, "ImageIdentifier"). The value
# recorded in /$SERVICE_NAME/image-tag is the same string, so the stacks deploy the same image.
#
# Environment:
#   SERVICE_NAME        default backend; the SSM parameter is /$SERVICE_NAME/image-tag
#   ECR_REPOSITORY_URI  <account>.dkr.ecr.<region>.amazonaws.com/<name>
#   TARGETS             space-separated, released in this order: ecs (default), apprunner (only for accounts that
#                       already use App Runner: it is closed to new customers)
#   ECS_CLUSTER, ECS_SERVICE, ECS_URL        for ecs (ECS_URL: https://<the certificate's domain>)
#   APPRUNNER_SERVICE_ARN                    for apprunner (its URL is read from the service)
#   SMOKE_TOKEN_URL, SMOKE_CLIENT_ID, SMOKE_CLIENT_SECRET   a client-credentials grant for a token with
#                       users.read: the platforms' health checks cannot see a wrong Vault path or database
#                       credentials as a failed call through the whole stack would
#   RELEASE_WAIT_SECONDS  bound of each rollout wait (default 900); SMOKE_WAIT_SECONDS bound of each wait for
#                       readiness (default 300); SCAN_WAIT_SECONDS bound of the wait for the scan (default 300).
#                       .github/workflows/deploy.yml's timeout is computed from these defaults (WorkflowsTest).
#   ALLOW_UNSCANNED     true: release an image whose scan gave no result (see scan_gate); default false
set -euo pipefail

SERVICE_NAME=${SERVICE_NAME:-backend}
# Every target this script can release to; WorkflowsTest sizes deploy.yml's timeout for all of them.
KNOWN_TARGETS="ecs apprunner"
TARGETS=${TARGETS:-ecs}
PARAMETER="/$SERVICE_NAME/image-tag"
RELEASE_WAIT_SECONDS=${RELEASE_WAIT_SECONDS:-900}
SMOKE_WAIT_SECONDS=${SMOKE_WAIT_SECONDS:-300}
SCAN_WAIT_SECONDS=${SCAN_WAIT_SECONDS:-300}
POLL_SECONDS=${POLL_SECONDS:-10}
ALLOW_UNSCANNED=${ALLOW_UNSCANNED:-false}

log() { printf '[release] %s\n' "$*" >&2; }
fail() { log "FAILED: $*"; return 1; }
# A warning also as a GitHub annotation, so that it shows on the run's summary.
warn() {
  log "WARNING: $*"
  [ "${GITHUB_ACTIONS:-}" != true ] || printf '::warning::%s\n' "$*"
}

DIGEST_PATTERN='^sha256:[0-9a-f]{64}$'
TAG_PATTERN='^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$'

# The image reference a target runs: <repository>@sha256:... for a digest, <repository>:<tag> for a tag.
image_ref() {
  if [[ $1 =~ $DIGEST_PATTERN ]]; then printf '%s@%s' "$ECR_REPOSITORY_URI" "$1"; else printf '%s:%s' "$ECR_REPOSITORY_URI" "$1"; fi
}

# The --image-id(s) argument of the ECR API for a digest or a tag.
image_id() {
  if [[ $1 =~ $DIGEST_PATTERN ]]; then printf 'imageDigest=%s' "$1"; else printf 'imageTag=%s' "$1"; fi
}

repository_name() { printf '%s' "${ECR_REPOSITORY_URI#*/}"; }

# --- App Runner ---------------------------------------------------------------------------------------------------

apprunner_deploy() {
  local image=$1 config operation
  # The whole source configuration goes back with only the image changed: UpdateService replaces it.
  config=$(aws apprunner describe-service --service-arn "$APPRUNNER_SERVICE_ARN" \
    --query 'Service.SourceConfiguration' --output json \
    | jq -c --arg image "$image" '.ImageRepository.ImageIdentifier = $image') \
    || { fail "cannot read the App Runner service $APPRUNNER_SERVICE_ARN"; return 1; }
  operation=$(aws apprunner update-service --service-arn "$APPRUNNER_SERVICE_ARN" \
    --source-configuration "$config" --query 'OperationId' --output text) || { fail "App Runner refused the update"; return 1; }
  log "App Runner: operation $operation deploys $image"
  poll "App Runner operation $operation" apprunner_operation "$operation"
}

# 0 when the operation succeeded, 1 when it failed, 2 while it runs.
apprunner_operation() {
  local operation=$1 status
  status=$(aws apprunner list-operations --service-arn "$APPRUNNER_SERVICE_ARN" \
    --query "OperationSummaryList[?Id=='$operation'].Status | [0]" --output text) || return 2
  case "$status" in
    SUCCEEDED) log "App Runner: operation succeeded"; return 0 ;;
    FAILED | ROLLBACK_SUCCEEDED | ROLLBACK_FAILED) fail "App Runner operation $operation ended $status"; return 1 ;;
    *) return 2 ;;
  esac
}

apprunner_url() {
  local host
  host=$(aws apprunner describe-service --service-arn "$APPRUNNER_SERVICE_ARN" \
    --query 'Service.ServiceUrl' --output text) || { fail "cannot read the App Runner service's URL"; return 1; }
  printf 'https://%s' "$host"
}

# --- ECS ----------------------------------------------------------------------------------------------------------

ecs_deploy() {
  local image=$1 current definition revision
  current=$(aws ecs describe-services --cluster "$ECS_CLUSTER" --services "$ECS_SERVICE" \
    --query 'services[0].taskDefinition' --output text) || { fail "cannot read the ECS service $ECS_SERVICE"; return 1; }
  # A new revision of the running definition with only the image changed; the read-only fields ECS adds are
  # dropped because RegisterTaskDefinition refuses them.
  definition=$(aws ecs describe-task-definition --task-definition "$current" --query 'taskDefinition' --output json \
    | jq -c --arg image "$image" '
        del(.taskDefinitionArn, .revision, .status, .requiresAttributes, .compatibilities, .registeredAt,
            .registeredBy, .deregisteredAt)
        | .containerDefinitions |= map(if .name == "service" then .image = $image else . end)') \
    || { fail "cannot read the task definition $current"; return 1; }
  revision=$(aws ecs register-task-definition --cli-input-json "$definition" \
    --query 'taskDefinition.taskDefinitionArn' --output text) || { fail "ECS refused the new task definition"; return 1; }
  aws ecs update-service --cluster "$ECS_CLUSTER" --service "$ECS_SERVICE" --task-definition "$revision" \
    --query 'service.serviceName' --output text >/dev/null || { fail "ECS refused the service update"; return 1; }
  log "ECS: $ECS_SERVICE rolls out $revision"
  poll "ECS rollout of $revision" ecs_rollout "$revision"
}

# 0 when the revision is the primary deployment and its rollout COMPLETED, 1 when it failed, 2 while it runs. The
# circuit breaker's rollback also ends in a stable service, so stability alone would report a failed release as a
# success.
ecs_rollout() {
  local revision=$1 state
  state=$(aws ecs describe-services --cluster "$ECS_CLUSTER" --services "$ECS_SERVICE" --output json \
    | jq -r --arg revision "$revision" '
        .services[0].deployments | map(select(.status == "PRIMARY"))[0]
        | if .taskDefinition == $revision then .rolloutState else "REPLACED" end') || return 2
  case "$state" in
    COMPLETED) log "ECS: rollout completed"; return 0 ;;
    FAILED | REPLACED) fail "ECS rollout of $revision ended $state (the circuit breaker rolls back)"; return 1 ;;
    *) return 2 ;;
  esac
}

# Runs "$@" every POLL_SECONDS until it returns 0 (done) or 1 (failed), for at most $POLL_BOUND seconds of wall-clock
# time (RELEASE_WAIT_SECONDS unless the caller sets it); 3 when the bound ran out. The bound counts the calls'
# own time too, so deploy.yml's timeout can be computed from it.
poll() {
  local what=$1 started=$SECONDS status bound=${POLL_BOUND:-$RELEASE_WAIT_SECONDS}
  shift
  while :; do
    "$@" && status=0 || status=$?
    [ "$status" -gt 1 ] || return "$status"
    [ $((SECONDS - started)) -lt "$bound" ] || { fail "$what still running after $((SECONDS - started))s"; return 3; }
    sleep "$POLL_SECONDS"
  done
}

# --- the image's scan -----------------------------------------------------------------------------------------------
#
# The repository (deploy/src/.../RegistryStack.java) uses ECR's basic scanning on push: it reports CVEs in the
# image's operating-system packages only, not in the Java libraries of the WAR or of Liberty
# (https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html). Enhanced scanning, with Amazon
# Inspector, also covers programming-language packages, Java included
# (https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning-enhanced.html); it is a registry-wide
# setting of the account, and this gate reads its findings the same way.
#
# The wait is this script's own poll of DescribeImageScanFindings rather than `aws ecr wait image-scan-complete`:
# that waiter succeeds only on COMPLETE and fails only on FAILED
# (https://docs.aws.amazon.com/cli/latest/reference/ecr/wait/image-scan-complete.html), so an image whose scan
# ends UNSUPPORTED_IMAGE, or enhanced scanning's ACTIVE, would sit out its 60 checks. Every status of
# https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_ImageScanStatus.html is handled here on purpose.

SCAN_STATUS=""
SCAN_CRITICAL=0
SCAN_COUNTS=""

# 0 when the scan has a final status, 1 when the image does not exist, 2 while the scan runs (or has not started:
# right after a push ECR may not know the scan yet).
scan_check() {
  local ref=$1 answer errors
  errors=$(mktemp)
  if answer=$(aws ecr describe-image-scan-findings --repository-name "$(repository_name)" --image-id "$(image_id "$ref")" \
      --no-paginate --output json 2>"$errors"); then
    rm -f "$errors"
    SCAN_STATUS=$(jq -r '.imageScanStatus.status // "NONE"' <<<"$answer")
    SCAN_CRITICAL=$(jq -r '.imageScanFindings.findingSeverityCounts.CRITICAL // 0' <<<"$answer")
    SCAN_COUNTS=$(jq -r '.imageScanFindings.findingSeverityCounts // {} | to_entries | map("\(.key)=\(.value)") | join(" ")' <<<"$answer")
  else
    case "$(cat "$errors")" in
      *ImageNotFoundException*) rm -f "$errors"; fail "no image $(image_ref "$ref") in ECR"; return 1 ;;
      *ScanNotFoundException*) SCAN_STATUS=NONE ;;
      *) SCAN_STATUS=UNREADABLE ;;   # throttling, a network error: asked again at the next poll
    esac
    rm -f "$errors"
    return 2
  fi
  case "$SCAN_STATUS" in
    IN_PROGRESS | PENDING) return 2 ;;
    *) return 0 ;;
  esac
}

# Refuses an image with a CRITICAL finding, always. An image whose scan gives no result (FAILED,
# UNSUPPORTED_IMAGE, no scan at all, still running after SCAN_WAIT_SECONDS, ...) is refused too, unless
# ALLOW_UNSCANNED=true, which releases it with a warning: for a registry whose scanning is off or an emergency.
scan_gate() {
  local ref=$1 status
  SCAN_STATUS=NONE SCAN_CRITICAL=0 SCAN_COUNTS=""
  POLL_BOUND=$SCAN_WAIT_SECONDS poll "the ECR scan of $ref" scan_check "$ref" && status=0 || status=$?
  [ "$status" != 1 ] || return 1
  case "$SCAN_STATUS" in
    COMPLETE | ACTIVE)
      if [ "$SCAN_CRITICAL" -gt 0 ]; then
        fail "refusing $ref: its ECR scan has $SCAN_CRITICAL CRITICAL finding(s) ($SCAN_COUNTS); see aws ecr describe-image-scan-findings --repository-name $(repository_name) --image-id $(image_id "$ref")"
        return 1
      fi
      log "ECR scan of $ref: $SCAN_STATUS, no CRITICAL finding${SCAN_COUNTS:+ ($SCAN_COUNTS)}"
      ;;
    *)
      if [ "$ALLOW_UNSCANNED" = true ]; then
        warn "releasing $ref without a scan result (ECR scan status: $SCAN_STATUS) because ALLOW_UNSCANNED=true"
      else
        fail "refusing $ref: its ECR scan gave no result (status $SCAN_STATUS); ALLOW_UNSCANNED=true releases it anyway"
        return 1
      fi
      ;;
  esac
}

# --- checks -------------------------------------------------------------------------------------------------------

# Sets BEARER to a new access token. Deliberately not a function whose output is captured ($(...)): on GitHub the
# ::add-mask:: line must reach the step's standard output, where the runner reads workflow commands
# (https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#masking-a-value-in-a-log),
# before anything could print the token; inside $(...) it would become part of the token instead.
fetch_token() {
  : "${SMOKE_TOKEN_URL:?SMOKE_TOKEN_URL is required: the smoke test calls the API with a token}"
  : "${SMOKE_CLIENT_ID:?SMOKE_CLIENT_ID is required}" "${SMOKE_CLIENT_SECRET:?SMOKE_CLIENT_SECRET is required}"
  local value credentials=$SMOKE_CLIENT_ID:$SMOKE_CLIENT_SECRET
  # The client secret goes to curl as a config file on stdin, never as an argument that ps would show.
  credentials=${credentials//\\/\\\\}
  value=$(printf 'user = "%s"\n' "${credentials//\"/\\\"}" \
    | curl -fsS --max-time 10 -K - -d grant_type=client_credentials "$SMOKE_TOKEN_URL" \
    | jq -r '.access_token // empty') \
    || { fail "no token from the identity provider"; return 1; }
  [ -n "$value" ] || { fail "the identity provider's answer has no access_token"; return 1; }
  [ "${GITHUB_ACTIONS:-}" != true ] || printf '::add-mask::%s\n' "$value"
  BEARER=$value
}

status_of() { curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$@" || true; }

# 0 when the service answers readiness with 200, 2 (not yet) otherwise.
ready() { [ "$(status_of "$1/api/health/ready")" = 200 ] || return 2; }

# Readiness (database and secrets usable), then an authenticated read through the whole stack. Readiness is
# retried for SMOKE_WAIT_SECONDS: a new instance may take a while to reach the database.
smoke() {
  local url=$1 status
  POLL_BOUND=$SMOKE_WAIT_SECONDS poll "waiting for $url/api/health/ready = 200" ready "$url" || return 1
  log "smoke: $url is ready"
  fetch_token || return 1
  # The token goes to curl as a header file on stdin, never as an argument.
  status=$(printf 'Authorization: Bearer %s\n' "$BEARER" | status_of -H @- "$url/api/users?limit=1")
  [ "$status" = 200 ] || { fail "GET $url/api/users?limit=1 answered $status"; return 1; }
  log "smoke: $url serves users"
}

# --- releases -----------------------------------------------------------------------------------------------------

release_to() {
  local target=$1 ref=$2
  case "$target" in
    apprunner) : "${APPRUNNER_SERVICE_ARN:?}"; apprunner_deploy "$(image_ref "$ref")" && smoke "$(apprunner_url)" ;;
    ecs) : "${ECS_CLUSTER:?}" "${ECS_SERVICE:?}" "${ECS_URL:?}"; ecs_deploy "$(image_ref "$ref")" && smoke "$ECS_URL" ;;
  esac
}

image_exists() {
  aws ecr describe-images --repository-name "$(repository_name)" --image-ids "$(image_id "$1")" \
    --query 'imageDetails[0].imageDigest' --output text >/dev/null 2>&1
}

record() {
  aws ssm put-parameter --name "$PARAMETER" --value "$1" --type String --overwrite >/dev/null
}

deploy() {
  local ref=$1 previous target done_targets=() failed=""
  previous=$(aws ssm get-parameter --name "$PARAMETER" --query 'Parameter.Value' --output text 2>/dev/null || true)
  if [ -n "$previous" ] && ! [[ $previous =~ $DIGEST_PATTERN || $previous =~ $TAG_PATTERN ]]; then
    warn "$PARAMETER holds neither a digest nor a tag; there is no earlier release to return to"
    previous=""
  fi
  log "deploying $ref (live: ${previous:-none}) to: $TARGETS"
  scan_gate "$ref" || return 1
  for target in $TARGETS; do
    done_targets+=("$target")
    if ! release_to "$target" "$ref"; then
      failed=$target
      break
    fi
  done
  if [ -z "$failed" ]; then
    record "$ref"
    log "released $ref; $PARAMETER = $ref"
    return 0
  fi
  if [ -z "$previous" ] || [ "$previous" = "$ref" ]; then
    fail "$ref failed on $failed and there is no earlier release to return to"
    return 1
  fi
  # The previous image is not scanned again: it is what ran until a moment ago.
  log "$ref failed on $failed: redeploying $previous to ${done_targets[*]}"
  for target in "${done_targets[@]}"; do
    release_to "$target" "$previous" || log "ROLLBACK FAILED on $target: see docs/operations.md"
  done
  fail "$ref was not released; $previous is live again and $PARAMETER still says $previous"
}

rollback() {
  local ref=$1 target
  image_exists "$ref" || { fail "no image $(image_ref "$ref") in ECR"; return 1; }
  scan_gate "$ref" || return 1
  for target in $TARGETS; do
    release_to "$target" "$ref"
  done
  record "$ref"
  log "rolled back to $ref; $PARAMETER = $ref"
}

# Checked before anything is touched: a typo in TARGETS must not leave the first target released alone.
check_targets() {
  local target
  [ -n "${TARGETS// /}" ] || { log "TARGETS is empty (any of: $KNOWN_TARGETS)"; return 1; }
  for target in $TARGETS; do
    [[ " $KNOWN_TARGETS " == *" $target "* ]] || { log "unknown target $target (any of: $KNOWN_TARGETS)"; return 1; }
  done
}

case "${1:-}" in
  deploy | rollback)
    [ -n "${2:-}" ] || { log "usage: $0 $1 <sha256:digest | tag>"; exit 2; }
    # A digest must be exactly sha256: and 64 lower-case hex digits; anything else with a colon is no tag either.
    [[ $2 =~ $DIGEST_PATTERN || $2 =~ $TAG_PATTERN ]] || { log "neither an image digest (sha256:<64 hex>) nor a tag: $2"; exit 2; }
    check_targets || exit 2
    : "${ECR_REPOSITORY_URI:?ECR_REPOSITORY_URI is required}"
    "$1" "$2" ;;
  smoke) smoke "${2:?usage: $0 smoke <url>}" ;;
  *) log "usage: $0 deploy|rollback <sha256:digest | tag> | smoke <url>"; exit 2 ;;
esac
