#!/usr/bin/env bash
# Puts Node 24 LTS first on PATH for everything the project runs (the demo, the tests, the bench, the
# container's stand-in base), sourced by setup.sh. Node 20 reached its end of life in April 2026 and
# the libraries we use have moved on (docs/development.md#toolchain-facts-the-code-relies-on). Where
# the machine's own Node is already 22 or newer it is used as it is; otherwise the official Node 24
# binary is installed once from the npm registry (the `node-linux-<arch>` package carries the release
# binary and its headers) into a cache outside the repository, shared by every checkout.
NODE_LTS_VERSION=24.22.3

node_major() { "${1:-node}" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" -lt 22 ]; then
  case "$(uname -m)" in
    x86_64) node_arch=x64 ;;
    aarch64 | arm64) node_arch=arm64 ;;
    *) echo "setup: no Node ${NODE_LTS_VERSION} package for $(uname -m); install Node 22 or newer" >&2; return 1 ;;
  esac
  NODE_LTS_HOME="${EFTPAY_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/eftpay-button}/node-${NODE_LTS_VERSION}-${node_arch}"
  node_pkg="$NODE_LTS_HOME/node_modules/node-linux-${node_arch}"
  if [ ! -x "$node_pkg/bin/node" ]; then
    echo "setup: installing Node ${NODE_LTS_VERSION} (the machine has $(node --version 2>/dev/null || echo none))"
    mkdir -p "$NODE_LTS_HOME"
    npm i --prefix "$NODE_LTS_HOME" --no-save --no-audit --no-fund --loglevel=error \
      "node-linux-${node_arch}@${NODE_LTS_VERSION}" >/dev/null
  fi
  export PATH="$node_pkg/bin:$PATH"
  # Native addons build against this Node's own headers, shipped in the same package (no download).
  export npm_config_nodedir="$node_pkg"
  hash -r
fi
if [ "$(node_major)" -lt 22 ]; then
  echo "setup: Node 22 or newer is needed, found $(node --version)" >&2
  return 1
fi
