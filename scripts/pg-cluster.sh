#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster on loopback and print its DATABASE_URL.
#   scripts/pg-cluster.sh DIR PORT
# Used by .ci/run and scripts/dev-db. initdb refuses to run as root, so as
# root the cluster runs as the unprivileged `postgres` user (or `nobody`).
set -euo pipefail
dir=${1:?data folder}
port=${2:?port}

bindir=""
if command -v initdb >/dev/null 2>&1; then
  bindir=$(dirname "$(command -v initdb)")
else
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && bindir=$d; done
fi
[ -n "$bindir" ] || { echo "pg-cluster: no PostgreSQL found (initdb not on PATH nor under /usr/lib/postgresql/*/bin)" >&2; exit 1; }

as_pg=()
if [ "$(id -u)" = 0 ]; then
  user=postgres; id -u postgres >/dev/null 2>&1 || user=nobody
  as_pg=(runuser -u "$user" --)
fi

mkdir -p "$dir"
[ "$(id -u)" = 0 ] && chown "${as_pg[2]}" "$dir"
if [ ! -f "$dir/PG_VERSION" ]; then
  "${as_pg[@]}" "$bindir/initdb" -D "$dir" -U r1 --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
if ! "${as_pg[@]}" "$bindir/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$dir" -w -l "$dir/server.log" \
    -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
fi
echo "postgres://r1@127.0.0.1:$port/postgres"
