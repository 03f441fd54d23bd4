#!/usr/bin/env bash
# Start or stop a throwaway PostgreSQL server for the councilpmf-postgres tests.
#
#   bash plugins/councilpmf-postgres/ci/postgres.sh start   # prints the server URL on stdout
#   bash plugins/councilpmf-postgres/ci/postgres.sh stop
#
# It installs Debian's postgresql package if no server is installed, makes a cluster in
# $PGDATA_DIR (default /tmp/councilpmf-pgdata) owned by the postgres user (the server refuses to
# run as root), listens on 127.0.0.1 only, port $PGPORT_TEST (default 54329), and trusts local
# connections: it is for tests, never for a council's data. It exports nothing; the caller
# exports the printed URL as COUNCILPMF_TEST_POSTGRES.
set -euo pipefail

DATA="${PGDATA_DIR:-/tmp/councilpmf-pgdata}"
PORT="${PGPORT_TEST:-54329}"
SOCKETS="${PGSOCKET_DIR:-/tmp}"
LOG="${PGLOG_FILE:-/tmp/councilpmf-pg.log}"
ROLE=councilpmf
URL="postgresql://${ROLE}@127.0.0.1:${PORT}/postgres"

bindir() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [[ -z "$dir" ]]; then
        echo "postgres.sh: installing postgresql" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2
        apt-get install -y -qq postgresql >&2
        dir="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
    fi
    echo "$dir"
}

as_postgres() {
    if [[ "$(id -u)" == 0 ]]; then
        su postgres -s /bin/bash -c "$1"
    else
        bash -c "$1"
    fi
}

case "${1:-}" in
start)
    BIN="$(bindir)"
    if [[ ! -s "$DATA/PG_VERSION" ]]; then
        mkdir -p "$DATA"
        [[ "$(id -u)" == 0 ]] && chown postgres:postgres "$DATA"
        as_postgres "'$BIN/initdb' -D '$DATA' -A trust -U $ROLE -E UTF8 --locale=C.UTF-8" >&2
    fi
    if ! "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
        as_postgres "'$BIN/pg_ctl' -D '$DATA' -l '$LOG' -w -t 60 \
            -o \"-c listen_addresses=127.0.0.1 -p $PORT -k $SOCKETS -c max_connections=200 -c fsync=off\" start" >&2
    fi
    for _ in $(seq 1 60); do
        if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
            echo "$URL"
            exit 0
        fi
        sleep 1
    done
    echo "postgres.sh: the server did not become ready in 60 s; see $LOG" >&2
    tail -n 20 "$LOG" >&2 || true
    exit 1
    ;;
stop)
    BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [[ -n "$BIN" && -s "$DATA/PG_VERSION" ]]; then
        as_postgres "'$BIN/pg_ctl' -D '$DATA' -m fast -w -t 60 stop" >&2 || true
    fi
    ;;
*)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
