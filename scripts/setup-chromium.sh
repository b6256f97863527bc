#!/usr/bin/env bash
# Install Debian's headless-capable Chromium (used with playwright-core; never `npx playwright install`).
# Idempotent: does nothing when /usr/bin/chromium is already there.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  printf 'setup-chromium: chromium already installed (%s)\n' "$(/usr/bin/chromium --version 2>/dev/null || echo unknown)" >&2
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  printf 'setup-chromium: must run as root\n' >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
printf 'setup-chromium: installed %s\n' "$(/usr/bin/chromium --version 2>/dev/null || echo chromium)" >&2
