# shellcheck shell=bash
# Start a throwaway PostgreSQL server for the store tests. Source it, don't run it:
#
#     . .ci/postgres.sh || exit 1     # exports CS_TEST_POSTGRES_URL, stops the server on EXIT
#
# It installs the Debian `postgresql` package when no server binaries exist (as root),
# starts a private cluster in $CS_PG_DIR on 127.0.0.1:$CS_PG_PORT (password auth over
# TCP, so the tests see a real password to redact), creates the database cs_test and
# exports CS_TEST_POSTGRES_URL. Sourcing it again reuses a running cluster. It returns
# non-zero with the server log when the server cannot be started.
# `cs_postgres_stop` stops the server and removes its directory; an EXIT trap calls it
# (after any EXIT trap set before sourcing). If you set your own EXIT trap later, call
# cs_postgres_stop from it.

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    echo "postgres.sh: source this file (. .ci/postgres.sh), don't run it" >&2
    exit 2
fi

CS_PG_PORT="${CS_PG_PORT:-54329}"
CS_PG_DIR="${CS_PG_DIR:-/tmp/cs-postgres-$CS_PG_PORT}"
CS_PG_PASSWORD="${CS_PG_PASSWORD:-secret}"
CS_PG_DATABASE="${CS_PG_DATABASE:-cs_test}"

_cs_pg_say() { echo "postgres.sh: $*" >&2; }

# Run a command as the cluster's owner: `postgres` when we are root (initdb refuses root).
_cs_pg_as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

_cs_pg_bindir() {
    local server
    server="$(ls /usr/lib/postgresql/*/bin/postgres 2>/dev/null | sort -V | tail -n 1)"
    [ -n "$server" ] && dirname "$server"
}

_cs_pg_install() {
    if [ "$(id -u)" != 0 ]; then
        _cs_pg_say "no PostgreSQL server binaries in /usr/lib/postgresql/*/bin; install the 'postgresql' package (as root)"
        return 1
    fi
    local log
    log="$(mktemp)"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql; } >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        _cs_pg_say "could not install the 'postgresql' package"
        return 1
    fi
    rm -f "$log"
}

_cs_pg_running() {
    [ -f "$CS_PG_DIR/data/PG_VERSION" ] &&
        _cs_pg_as_owner "$_CS_PG_BINDIR/pg_ctl" -D "$CS_PG_DIR/data" status >/dev/null 2>&1
}

_cs_pg_psql() {  # superuser psql over the cluster's private socket
    _cs_pg_as_owner "$_CS_PG_BINDIR/psql" -h "$CS_PG_DIR" -p "$CS_PG_PORT" -U postgres -X -q -A -t "$@"
}

_cs_pg_init_and_start() {
    # A stopped cluster here is left over from an earlier run: it is throwaway, start afresh.
    rm -rf "$CS_PG_DIR"
    mkdir -p "$CS_PG_DIR" && chmod 700 "$CS_PG_DIR" || return 1
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || { _cs_pg_say "no 'postgres' OS user to own the cluster"; return 1; }
        chown postgres: "$CS_PG_DIR" || return 1
    fi
    printf '%s\n' "$CS_PG_PASSWORD" >"$CS_PG_DIR/pwfile" || return 1
    [ "$(id -u)" = 0 ] && chown postgres: "$CS_PG_DIR/pwfile"
    if ! _cs_pg_as_owner "$_CS_PG_BINDIR/initdb" -D "$CS_PG_DIR/data" -U postgres \
        --auth-local=trust --auth-host=scram-sha-256 --pwfile="$CS_PG_DIR/pwfile" \
        -E UTF8 --no-locale --no-sync >"$CS_PG_DIR/initdb.log" 2>&1; then
        cat "$CS_PG_DIR/initdb.log" >&2
        _cs_pg_say "initdb failed in $CS_PG_DIR/data"
        return 1
    fi
    if ! _cs_pg_as_owner "$_CS_PG_BINDIR/pg_ctl" -D "$CS_PG_DIR/data" -l "$CS_PG_DIR/server.log" \
        -w -t 60 -o "-k $CS_PG_DIR -p $CS_PG_PORT -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off" \
        start >/dev/null 2>&1; then
        cat "$CS_PG_DIR/server.log" >&2 2>/dev/null
        _cs_pg_say "PostgreSQL did not start on 127.0.0.1:$CS_PG_PORT (port taken? see the log above)"
        return 1
    fi
}

_cs_postgres_start() {
    _CS_PG_BINDIR="$(_cs_pg_bindir)"
    if [ -z "$_CS_PG_BINDIR" ]; then
        _cs_pg_install || return 1
        _CS_PG_BINDIR="$(_cs_pg_bindir)"
        [ -n "$_CS_PG_BINDIR" ] || { _cs_pg_say "installed 'postgresql' but found no server binaries"; return 1; }
    fi
    if ! _cs_pg_running; then
        _cs_pg_init_and_start || return 1
        _CS_PG_STARTED=1
    fi
    if [ -z "$(_cs_pg_psql -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$CS_PG_DATABASE'")" ]; then
        _cs_pg_psql -d postgres -c "CREATE DATABASE $CS_PG_DATABASE" >/dev/null ||
            { _cs_pg_say "could not create database $CS_PG_DATABASE"; return 1; }
    fi
    local url="postgresql://postgres:$CS_PG_PASSWORD@127.0.0.1:$CS_PG_PORT/$CS_PG_DATABASE"
    if [ "$(PGCONNECT_TIMEOUT=10 "$_CS_PG_BINDIR/psql" "$url" -X -q -A -t -c 'SELECT 1' 2>&1)" != 1 ]; then
        _cs_pg_say "the server runs but refuses $(echo "$url" | sed 's/:[^:@]*@/:***@/') over TCP"
        return 1
    fi
    export CS_TEST_POSTGRES_URL="$url"
    if [ "${_CS_PG_TRAP_SET:-}" != 1 ]; then
        local previous=""
        if [ -n "$(trap -p EXIT)" ]; then
            eval "set -- $(trap -p EXIT)"
            previous="$3"
        fi
        # shellcheck disable=SC2064  # expand the earlier trap now, on purpose
        trap "cs_postgres_stop; $previous" EXIT
        _CS_PG_TRAP_SET=1
    fi
    _cs_pg_say "PostgreSQL $("$_CS_PG_BINDIR/postgres" -V | awk '{print $3}') on 127.0.0.1:$CS_PG_PORT, CS_TEST_POSTGRES_URL set"
}

# Stop the server this shell started and remove its directory; safe to call twice.
cs_postgres_stop() {
    if [ "${_CS_PG_STARTED:-}" = 1 ] && [ -n "${_CS_PG_BINDIR:-}" ]; then
        _cs_pg_as_owner "$_CS_PG_BINDIR/pg_ctl" -D "$CS_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1
        rm -rf "$CS_PG_DIR"
        _CS_PG_STARTED=
    fi
    return 0
}

if ! _cs_postgres_start; then
    return 1
fi
