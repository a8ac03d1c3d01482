#!/usr/bin/env bash
# podman, as podman-compose 1.0.3 (Debian 12's) should call it for `network_mode: host` services
# (docs/deploy.md, "Compose"): that version adds its project network to every container
# (`--net <project>_default --network-alias <service>`), host-network ones too, and podman refuses
# the pair ("cannot set multiple networks without bridge network mode"). For a `run` or `create`
# that asks for the host network this drops that pair; every other call passes through unchanged.
# Newer podman-compose and docker compose need no wrapper.
#
#   podman-compose --podman-path scripts/container/podman-host-network.sh -f compose.yaml up -d
set -euo pipefail

args=("$@")
host_network=false
for ((i = 0; i + 1 < ${#args[@]}; i++)); do
  if [ "${args[i]}" = --network ] && [ "${args[i + 1]}" = host ]; then host_network=true; fi
done
if [ "$host_network" = true ]; then
  kept=()
  for ((i = 0; i < ${#args[@]}; i++)); do
    if [ "${args[i]}" = --net ] && [ "${args[i + 2]:-}" = --network-alias ]; then
      i=$((i + 3))
      continue
    fi
    kept+=("${args[i]}")
  done
  args=("${kept[@]}")
fi
exec podman "${args[@]}"
