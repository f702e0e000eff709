#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite.
#   scripts/pg-throwaway.sh start DIR   → prints the database URL on stdout
#   scripts/pg-throwaway.sh stop DIR
# Works as root (runs the server as the postgres user, so DIR's parents must be open to it, as
# /tmp is) and as an ordinary user. Needs the server binaries: apt-get install -y postgresql.
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?directory}

bindir=""
for candidate in /usr/lib/postgresql/*/bin; do [ -x "$candidate/initdb" ] && bindir=$candidate; done
if [ -z "$bindir" ] && command -v initdb >/dev/null 2>&1; then bindir=$(dirname "$(command -v initdb)"); fi
if [ -z "$bindir" ]; then echo "pg-throwaway: PostgreSQL server binaries (initdb) not found" >&2; exit 3; fi

as_owner() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

case "$cmd" in
  start)
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; fi
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    as_owner "'$bindir/initdb' -D '$dir/data' -U postgres -A trust -E UTF8 --locale=C.UTF-8 >'$dir/initdb.log' 2>&1" \
      || { echo "pg-throwaway: initdb failed:" >&2; tail -n 20 "$dir/initdb.log" >&2; exit 1; }
    as_owner "'$bindir/pg_ctl' -D '$dir/data' -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" -l '$dir/server.log' -w start >/dev/null" \
      || { echo "pg-throwaway: the server did not start:" >&2; tail -n 20 "$dir/server.log" >&2; exit 1; }
    as_owner "'$bindir/createdb' -h 127.0.0.1 -p $port -U postgres chumchon"
    echo "postgresql://postgres@127.0.0.1:$port/chumchon"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "'$bindir/pg_ctl' -D '$dir/data' -m fast -w stop >/dev/null" || true
    fi
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
