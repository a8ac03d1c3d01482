#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the signer's Postgres test run (docs/development.md).
#
#   scripts/postgres.sh start        installs PostgreSQL with apt-get if initdb is missing (root),
#                                    creates a cluster in a new temp folder, starts it on a free
#                                    port of 127.0.0.1 and prints two lines:
#                                      TEST_DATABASE_URL=postgres://postgres@127.0.0.1:PORT/eftpay_test
#                                      PG_TEST_DIR=/tmp/eftpay-pg.XXXXXX
#   scripts/postgres.sh stop DIR     stops that cluster and deletes its folder.
#
# The cluster trusts local connections and runs with fsync off: for tests only, never for data.
set -euo pipefail

log() { printf '%s\n' "$*" >&2; }

# Debian puts the server binaries in /usr/lib/postgresql/<version>/bin, not on PATH.
find_bin() {
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v initdb)")"
    return 0
  fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then
    printf '%s\n' "$dir"
    return 0
  fi
  return 1
}

install_postgres() {
  log 'postgres.sh: initdb not found, installing PostgreSQL with apt-get'
  local sudo=''
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo='sudo -n'; else
      log 'postgres.sh: PostgreSQL is missing and this user cannot install it (run as root or install postgresql)'
      exit 1
    fi
  fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
}

# Runs a command as the cluster's owner: the postgres user when we are root (initdb refuses root).
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    if command -v runuser >/dev/null 2>&1; then runuser -u postgres -- "$@"; else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi
  else
    "$@"
  fi
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

start() {
  local bin
  if ! bin=$(find_bin); then
    install_postgres
    bin=$(find_bin) || { log 'postgres.sh: PostgreSQL installed but initdb still not found'; exit 1; }
  fi
  local dir port
  dir=$(mktemp -d "${TMPDIR:-/tmp}/eftpay-pg.XXXXXX")
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres: "$dir"
  fi
  chmod 700 "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 1
  }
  # A port is free when we ask and almost surely still free a moment later; retry once if not.
  for attempt in 1 2 3; do
    port=$(free_port)
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null; then
      break
    fi
    [ "$attempt" = 3 ] && { cat "$dir/server.log" >&2; exit 1; }
  done
  as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres eftpay_test
  printf 'TEST_DATABASE_URL=postgres://postgres@127.0.0.1:%s/eftpay_test\n' "$port"
  printf 'PG_TEST_DIR=%s\n' "$dir"
}

stop() {
  local dir=${1:-}
  if [ -z "$dir" ] || [ ! -d "$dir/data" ]; then
    log "postgres.sh stop: no cluster in '${dir}'"
    exit 1
  fi
  local bin
  bin=$(find_bin)
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *)
    log 'usage: scripts/postgres.sh start | stop DIR'
    exit 2
    ;;
esac
