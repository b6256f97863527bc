#!/usr/bin/env bash
# Install Debian's prometheus and prometheus-pushgateway binaries for the e2e tests, WITHOUT leaving the
# packaged services running: the tests start their own instances on 127.0.0.1 ports they pick.
# Idempotent. There is no systemd here: the packages' postinst calls `invoke-rc.d NAME start`, which
# obeys /usr/sbin/policy-rc.d, so the install runs with a policy that forbids starting services; anything
# that still runs from the packaged init scripts is stopped by the pid in its pid file.
set -euo pipefail

log() { printf 'setup-prometheus: %s\n' "$*" >&2; }

if [ "$(id -u)" != 0 ]; then
  log "must run as root"
  exit 1
fi

if [ -x /usr/bin/prometheus ] && [ -x /usr/bin/prometheus-pushgateway ]; then
  log "prometheus and prometheus-pushgateway already installed"
else
  export DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1
  policy=/usr/sbin/policy-rc.d
  backup=""
  if [ -e "$policy" ]; then
    backup="$(mktemp)"
    cp -p "$policy" "$backup"
  fi
  restore_policy() {
    if [ -n "$backup" ]; then mv -f "$backup" "$policy"; else rm -f "$policy"; fi
  }
  trap restore_policy EXIT
  # 101 = "action forbidden": invoke-rc.d then starts nothing.
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 0755 "$policy"
  apt-get update -qq
  apt-get install -y -qq prometheus prometheus-pushgateway >/dev/null
  restore_policy
  trap - EXIT
  log "installed $(/usr/bin/prometheus --version 2>&1 | head -n 1)"
fi

# Disable the packaged services at boot (sysv links) and stop any instance the packages' init scripts run.
for svc in prometheus prometheus-pushgateway; do
  if [ -x "/etc/init.d/$svc" ] && command -v update-rc.d >/dev/null 2>&1; then
    update-rc.d "$svc" disable >/dev/null 2>&1 || true
  fi
  for pidfile in "/run/prometheus/$svc.pid" "/run/$svc.pid" "/var/run/$svc.pid"; do
    [ -f "$pidfile" ] || continue
    pid="$(cat "$pidfile")"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      log "stopping packaged $svc (pid $pid from $pidfile)"
      kill "$pid" || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$pidfile"
  done
done
