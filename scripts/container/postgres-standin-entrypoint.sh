#!/bin/sh
# The stand-in PostgreSQL image's entrypoint (postgres-standin.Containerfile): on an empty data
# directory, creates the cluster with POSTGRES_USER (default postgres) as its superuser and
# POSTGRES_PASSWORD (required) as its password, then POSTGRES_DB (default: the user's name), as
# the official image does; then runs the server, listening on every address with passwords
# required over the network. Started as root (like the official image) only to hand the data
# directory, which may be a fresh volume or tmpfs owned by root, to the postgres user.
set -eu

if [ "${1:-postgres}" != postgres ]; then exec "$@"; fi
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA"
  chown postgres:postgres "$PGDATA"
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi
: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set: the database superuser needs a password}"
user="${POSTGRES_USER:-postgres}"
db="${POSTGRES_DB:-$user}"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile="$(mktemp)"
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  initdb --username="$user" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --no-instructions >/dev/null
  rm -f "$pwfile"
  printf 'host all all all scram-sha-256\n' >>"$PGDATA/pg_hba.conf"
  if [ "$db" != postgres ]; then
    # Single-user mode: the database exists before the server accepts any connection.
    printf 'CREATE DATABASE "%s";\n' "$db" | postgres --single -D "$PGDATA" -j postgres >/dev/null
  fi
  echo "stand-in postgres: created the cluster, user \"$user\" and database \"$db\""
fi
shift || true
exec postgres -D "$PGDATA" -c listen_addresses='*' "$@"
