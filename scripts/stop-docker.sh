#!/usr/bin/env bash
# Stop the dockerd that scripts/setup-docker.sh started, by the pid in its pid file (never by name).
set -euo pipefail

STATE_DIR="${COMPOSESHIFT_DOCKER_STATE:-/var/run/composeshift}"
PID_FILE="$STATE_DIR/dockerd.pid"

if ! [ -f "$PID_FILE" ]; then
  printf 'stop-docker: no %s: nothing started by setup-docker.sh\n' "$PID_FILE" >&2
  exit 0
fi
pid="$(cat "$PID_FILE")"
if kill -0 "$pid" 2>/dev/null; then
  kill "$pid"
  # dockerd stops its containers and containerd first; give it time, then force.
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" || true; fi
  printf 'stop-docker: stopped dockerd (pid %s)\n' "$pid" >&2
fi
rm -f "$PID_FILE"
