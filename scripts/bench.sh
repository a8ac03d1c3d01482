#!/usr/bin/env bash
# `pnpm bench`: the same set-up as the tests (Node 24, packages, Chromium), then the bench itself.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
exec pnpm --dir bench --if-present bench "$@"
