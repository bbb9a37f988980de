#!/usr/bin/env bash
# A throw-away PostgreSQL server for the bulk tests and benchmarks (issue 15): Debian's
# `postgresql` package, installed when missing, a fresh data directory in /tmp, listening on
# 127.0.0.1 and a free port, trust authentication (nothing but this machine can reach it).
#
#   scripts/postgres.sh start         installs if needed, starts, prints two lines:
#                                       url=postgres://postgres@127.0.0.1:PORT/postgres
#                                       stop=scripts/postgres.sh stop DIR
#   scripts/postgres.sh stop DIR      stops that server and removes its directory
#
# PostgreSQL refuses to run as root: as root the server runs as the `postgres` user (runuser);
# as any other user it runs as that user.
set -euo pipefail
cd "$(dirname "$0")/.."

find_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  [ -n "$dir" ] && [ -x "$dir/pg_ctl" ] && echo "$dir"
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install() {
  [ -n "$(find_bin)" ] && return
  [ "$(id -u)" = 0 ] || { echo "postgres.sh: PostgreSQL is not installed; run as root (apt-get install -y postgresql)" >&2; exit 1; }
  echo "postgres.sh: installing PostgreSQL (apt-get install -y postgresql)" >&2
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends postgresql >&2; then
    apt-get update >&2
    apt-get install -y --no-install-recommends postgresql >&2
  fi
  [ -n "$(find_bin)" ] || { echo "postgres.sh: no pg_ctl after installing postgresql" >&2; exit 1; }
}

free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'
}

start() {
  install
  local bin dir port
  bin=$(find_bin)
  dir=$(mktemp -d /tmp/refundkit-pg.XXXXXX)
  chmod 755 "$dir"
  mkdir "$dir/data"
  [ "$(id -u)" = 0 ] && chown -R postgres: "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; exit 1; }
  for _ in 1 2 3 4 5; do
    port=$(free_port)
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-h 127.0.0.1 -p $port -k $dir -c max_connections=200 -c shared_buffers=32MB" start >&2; then
      echo "url=postgres://postgres@127.0.0.1:$port/postgres"
      echo "stop=scripts/postgres.sh stop $dir"
      return
    fi
  done
  cat "$dir/server.log" >&2
  rm -rf "$dir"
  exit 1
}

stop() {
  local dir=${1:?usage: scripts/postgres.sh stop DIR}
  case $dir in /tmp/refundkit-pg.*) ;; *) echo "postgres.sh: $dir is not a directory this script made" >&2; exit 1 ;; esac
  local bin
  bin=$(find_bin)
  [ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: scripts/postgres.sh start | stop DIR" >&2; exit 2 ;;
esac
