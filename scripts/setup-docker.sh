#!/usr/bin/env bash
# Install and start a real Docker Engine with Compose v2 for the e2e tests (Debian bookworm, as root).
# Idempotent: every step is skipped when it is already done, so .ci/run can call it on every run.
# See shared/docker-engine.md for why each step looks the way it does.
set -euo pipefail

STATE_DIR="${COMPOSESHIFT_DOCKER_STATE:-/var/run/composeshift}"
PID_FILE="$STATE_DIR/dockerd.pid"
LOG_FILE="${COMPOSESHIFT_DOCKERD_LOG:-/var/log/composeshift-dockerd.log}"
PLUGIN_DIR=/usr/libexec/docker/cli-plugins
TRIXIE_URI="${COMPOSESHIFT_TRIXIE_URI:-http://deb.debian.org/debian}"
WAIT_SECONDS="${COMPOSESHIFT_DOCKERD_WAIT:-90}"

log() { printf 'setup-docker: %s\n' "$*" >&2; }

if [ "$(id -u)" != 0 ]; then
  log "must run as root"
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1

# 1. Engine and a static busybox (the only way to get a base image without a registry).
if command -v dockerd >/dev/null 2>&1 && [ -x /bin/busybox ] && /bin/busybox --help >/dev/null 2>&1; then
  log "docker.io and busybox-static already installed"
else
  log "installing docker.io busybox-static"
  apt-get update -qq
  apt-get install -y -qq docker.io busybox-static >/dev/null
fi

# 2. Compose v2: taken from trixie's docker-compose .deb without adding trixie to the system's sources
#    (that would upgrade the machine); apt runs against a private sources list and state folder.
if docker compose version >/dev/null 2>&1; then
  log "compose v2 already present: $(docker compose version --short 2>/dev/null || true)"
else
  log "fetching the compose v2 plugin from Debian trixie"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial" "$tmp/deb"
  printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s trixie main\n' "$TRIXIE_URI" >"$tmp/sources.list"
  apt_opts=(
    -o "Dir::Etc::SourceList=$tmp/sources.list"
    -o "Dir::Etc::SourceParts=/dev/null"
    -o "Dir::State::Lists=$tmp/lists"
    -o "Dir::Cache=$tmp/cache"
    -o "APT::Get::List-Cleanup=0"
    -o "APT::Sandbox::User=root"
  )
  apt-get "${apt_opts[@]}" update -qq
  (cd "$tmp/deb" && apt-get "${apt_opts[@]}" download docker-compose >/dev/null)
  deb="$(ls "$tmp"/deb/docker-compose_*.deb)"
  dpkg -x "$deb" "$tmp/x"
  install -D -m 0755 "$tmp/x/usr/libexec/docker/cli-plugins/docker-compose" "$PLUGIN_DIR/docker-compose"
  rm -rf "$tmp"
  trap - EXIT
  docker compose version >/dev/null
  log "installed compose $(docker compose version --short)"
fi

# 3. The daemon: no bridge, no iptables (containers run with network_mode: none; builds with network none).
if docker info >/dev/null 2>&1; then
  log "docker engine already answering"
else
  mkdir -p "$STATE_DIR" "$(dirname "$LOG_FILE")"
  if [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
    log "dockerd (pid $(cat "$PID_FILE")) is running but not answering yet; waiting"
  else
    log "starting dockerd (log: $LOG_FILE)"
    setsid dockerd --bridge=none --iptables=false --ip-masq=false </dev/null >>"$LOG_FILE" 2>&1 &
    echo $! >"$PID_FILE"
  fi
  for ((i = 0; i < WAIT_SECONDS * 2; i++)); do
    if docker info >/dev/null 2>&1; then break; fi
    if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
      log "dockerd exited; last lines of $LOG_FILE:"
      tail -n 30 "$LOG_FILE" >&2 || true
      exit 1
    fi
    sleep 0.5
  done
  if ! docker info >/dev/null 2>&1; then
    log "dockerd did not answer within ${WAIT_SECONDS}s; last lines of $LOG_FILE:"
    tail -n 30 "$LOG_FILE" >&2 || true
    exit 1
  fi
  log "docker engine up (pid $(cat "$PID_FILE"))"
fi
