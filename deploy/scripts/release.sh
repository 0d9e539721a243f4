#!/usr/bin/env bash
# Releases an image that is already in ECR to the service's targets, checks it, and undoes it when the check
# fails. Used by .github/workflows/deploy.yml and rollback.yml; runnable by hand with the same variables.
#
#   release.sh deploy <tag>     deploy, smoke-test, record the tag in SSM; on failure redeploy the previous tag
#   release.sh rollback <tag>   deploy an earlier tag, smoke-test, record it (no automatic undo)
#   release.sh smoke <url>      the smoke test alone
#
# Environment:
#   SERVICE_NAME        default backend; the SSM parameter is /$SERVICE_NAME/image-tag
#   ECR_REPOSITORY_URI  <account>.dkr.ecr.<region>.amazonaws.com/<name>
#   TARGETS             space-separated, any of: apprunner ecs (default apprunner)
#   APPRUNNER_SERVICE_ARN                    for apprunner (its URL is read from the service)
#   ECS_CLUSTER, ECS_SERVICE, ECS_URL        for ecs (ECS_URL: https://<the load balancer's name>)
#   SMOKE_TOKEN_URL, SMOKE_CLIENT_ID, SMOKE_CLIENT_SECRET   a client-credentials grant for a token with
#                       users.read: App Runner's health check sees only liveness, so a release with a wrong Vault
#                       path or database credentials would otherwise go live
#   RELEASE_WAIT_SECONDS  bound of each wait (default 900); SMOKE_WAIT_SECONDS (default 300)
set -euo pipefail

SERVICE_NAME=${SERVICE_NAME:-backend}
TARGETS=${TARGETS:-apprunner}
PARAMETER="/$SERVICE_NAME/image-tag"
RELEASE_WAIT_SECONDS=${RELEASE_WAIT_SECONDS:-900}
SMOKE_WAIT_SECONDS=${SMOKE_WAIT_SECONDS:-300}
POLL_SECONDS=${POLL_SECONDS:-10}

log() { printf '[release] %s\n' "$*" >&2; }
fail() { log "FAILED: $*"; return 1; }

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

# Runs "$@" every POLL_SECONDS until it returns 0 (done) or 1 (failed), at most $POLL_BOUND seconds
# (RELEASE_WAIT_SECONDS unless the caller sets it).
poll() {
  local what=$1 waited=0 status bound=${POLL_BOUND:-$RELEASE_WAIT_SECONDS}
  shift
  while :; do
    "$@" && status=0 || status=$?
    [ "$status" -gt 1 ] || return "$status"
    [ "$waited" -lt "$bound" ] || { fail "$what still running after ${waited}s"; return 1; }
    sleep "$POLL_SECONDS"
    waited=$((waited + POLL_SECONDS))
  done
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
  local target=$1 image=$2
  case "$target" in
    apprunner) : "${APPRUNNER_SERVICE_ARN:?}"; apprunner_deploy "$image" && smoke "$(apprunner_url)" ;;
    ecs) : "${ECS_CLUSTER:?}" "${ECS_SERVICE:?}" "${ECS_URL:?}"; ecs_deploy "$image" && smoke "$ECS_URL" ;;
    *) fail "unknown target $target (apprunner, ecs)"; return 1 ;;
  esac
}

image_exists() {
  aws ecr describe-images --repository-name "${ECR_REPOSITORY_URI#*/}" --image-ids "imageTag=$1" \
    --query 'imageDetails[0].imageTags' --output text >/dev/null 2>&1
}

deploy() {
  local tag=$1 previous target done_targets=() failed=""
  : "${ECR_REPOSITORY_URI:?ECR_REPOSITORY_URI is required}"
  previous=$(aws ssm get-parameter --name "$PARAMETER" --query 'Parameter.Value' --output text 2>/dev/null || true)
  log "deploying $tag (live: ${previous:-none}) to: $TARGETS"
  for target in $TARGETS; do
    done_targets+=("$target")
    if ! release_to "$target" "$ECR_REPOSITORY_URI:$tag"; then
      failed=$target
      break
    fi
  done
  if [ -z "$failed" ]; then
    aws ssm put-parameter --name "$PARAMETER" --value "$tag" --type String --overwrite >/dev/null
    log "released $tag; $PARAMETER = $tag"
    return 0
  fi
  if [ -z "$previous" ] || [ "$previous" = "$tag" ]; then
    fail "$tag failed on $failed and there is no earlier release to return to"
    return 1
  fi
  log "$tag failed on $failed: redeploying $previous to ${done_targets[*]}"
  for target in "${done_targets[@]}"; do
    release_to "$target" "$ECR_REPOSITORY_URI:$previous" || log "ROLLBACK FAILED on $target: see docs/operations.md"
  done
  fail "$tag was not released; $previous is live again and $PARAMETER still says $previous"
}

rollback() {
  local tag=$1 target
  : "${ECR_REPOSITORY_URI:?ECR_REPOSITORY_URI is required}"
  image_exists "$tag" || { fail "no image $ECR_REPOSITORY_URI:$tag"; return 1; }
  for target in $TARGETS; do
    release_to "$target" "$ECR_REPOSITORY_URI:$tag"
  done
  aws ssm put-parameter --name "$PARAMETER" --value "$tag" --type String --overwrite >/dev/null
  log "rolled back to $tag; $PARAMETER = $tag"
}

case "${1:-}" in
  deploy | rollback)
    [ -n "${2:-}" ] || { log "usage: $0 $1 <image tag>"; exit 2; }
    [[ $2 =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] || { log "not an image tag: $2"; exit 2; }
    "$1" "$2" ;;
  smoke) smoke "${2:?usage: $0 smoke <url>}" ;;
  *) log "usage: $0 deploy|rollback <image tag> | smoke <url>"; exit 2 ;;
esac
