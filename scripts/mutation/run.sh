#!/usr/bin/env bash
# `pnpm mutation`: StrykerJS over the money and security code (stryker.config.mjs). Set up what is
# missing first (Stryker 10 needs Node 22 or newer: setup.sh puts Node 24 first on PATH). Arguments
# go to `stryker run`, e.g. `pnpm mutation --force` for a full run that ignores the incremental file.
# docs/development.md#mutation-testing
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
SETUP_SKIP_CHROMIUM=1 source scripts/setup.sh
exec pnpm exec stryker run "$@"
