#!/usr/bin/env bash
# The README's test command: set up what is missing, then run every suite and print one summary line.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
exec node scripts/run-tests.mjs "$@"
