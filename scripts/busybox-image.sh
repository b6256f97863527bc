#!/usr/bin/env bash
# Build the tiny base image `composeshift-busybox:latest` (FROM scratch + /bin/busybox from busybox-static)
# that the e2e tests build on: no registry can be reached here, so nothing can be pulled.
# Idempotent: skipped when the image exists, unless --force is given.
set -euo pipefail

IMAGE="${COMPOSESHIFT_BUSYBOX_IMAGE:-composeshift-busybox:latest}"
BUSYBOX="${COMPOSESHIFT_BUSYBOX:-/bin/busybox}"

log() { printf 'busybox-image: %s\n' "$*" >&2; }

if [ "${1:-}" != "--force" ] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
  log "$IMAGE already built"
  exit 0
fi
if ! [ -x "$BUSYBOX" ] || ! "$BUSYBOX" --list >/dev/null 2>&1; then
  log "$BUSYBOX missing: run scripts/setup-docker.sh (installs busybox-static)"
  exit 1
fi

ctx="$(mktemp -d)"
trap 'rm -rf "$ctx"' EXIT
cp "$BUSYBOX" "$ctx/busybox"
cat >"$ctx/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
DOCKERFILE
# --network none: the engine runs with --bridge=none, so the default build network does not exist.
docker build --network none -t "$IMAGE" "$ctx" >&2
log "built $IMAGE ($(docker image inspect --format '{{.Size}}' "$IMAGE") bytes)"
