#!/usr/bin/env bash
# The README's demo command: the signer in sandbox mode on 127.0.0.1:8787 and the demo shop on
# 127.0.0.1:5173 (HOST=0.0.0.0: on this machine's network address, for a phone). Started directly
# (not through `pnpm run`) so Ctrl-C reaches both. Installs no browser: only the tests need one.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SETUP_SKIP_CHROMIUM=1 source scripts/setup.sh
pnpm --filter @eftpay/button build >/dev/null
pnpm --filter @eftpay/console build >/dev/null
exec node demo/serve.mjs
