#!/usr/bin/env bash
# Installs whatever a fresh machine lacks: Node 24 LTS (where the machine's Node is older), pnpm, the
# workspace's packages and, for the tests only, Debian's Chromium. Idempotent and quiet when
# everything is already there; sourced by test.sh, demo.sh (which sets SETUP_SKIP_CHROMIUM=1: the
# demo runs in the visitor's own browser) and bench.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PNPM_VERSION=12.21.0
export npm_config_nodedir=/usr # native addons build against the local Node headers (no download)
source scripts/node.sh # may point npm_config_nodedir at the installed Node's own headers

if ! command -v pnpm >/dev/null 2>&1; then
  echo "setup: installing pnpm@${PNPM_VERSION}"
  npm i -g "pnpm@${PNPM_VERSION}" >/dev/null
fi

if [ "${SETUP_SKIP_CHROMIUM:-0}" != 1 ] && [ ! -x /usr/bin/chromium ]; then
  echo "setup: installing Debian's Chromium"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
export CHROMIUM_PATH=/usr/bin/chromium

if [ ! -d node_modules ] || [ pnpm-lock.yaml -nt node_modules/.pnpm/lock.yaml ]; then
  echo "setup: installing packages"
  pnpm install --frozen-lockfile --reporter=silent
fi
