# shellcheck shell=bash
# Shared by the stand-ins (sourced): the images of the stand-in ECR repository. $STUB_DIR/images has one line per
# image, "<name> <digest>"; the name doubles as its tag and says how the image behaves (unready, crashes, ...).

# The name of the image a reference names: <repository>:<tag> or <repository>@sha256:...
image_name() {
  local ref=$1
  case "$ref" in
    *@sha256:*) awk -v digest="${ref##*@}" '$2 == digest { print $1 }' "$STUB_DIR/images" ;;
    *) printf '%s\n' "${ref##*:}" ;;
  esac
}

# The name of the image an ECR image id names: imageTag=<tag> or imageDigest=sha256:...
image_id_name() {
  case "$1" in
    imageTag=*) awk -v tag="${1#imageTag=}" '$1 == tag { print $1 }' "$STUB_DIR/images" ;;
    imageDigest=*) awk -v digest="${1#imageDigest=}" '$2 == digest { print $1 }' "$STUB_DIR/images" ;;
  esac
}

# The name of the image a target runs now.
live_name() { image_name "$(tail -n 1 "$STUB_DIR/live-$1" 2>/dev/null)"; }
