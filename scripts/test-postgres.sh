#!/usr/bin/env bash
# Throwaway PostgreSQL 15 server for tests.
#
# Usage:
#   scripts/test-postgres.sh start          start a fresh server (stops the one
#                                           from the same state file first) and
#                                           create database imaginecole_test
#   scripts/test-postgres.sh url            print postgresql://imaginecole@127.0.0.1:PORT/imaginecole_test
#   scripts/test-postgres.sh createdb NAME  create database NAME, print its URL
#   scripts/test-postgres.sh stop           stop the server and delete its folder
#
# The server runs as a non-root user (the Debian "postgres" user when called as
# root, the calling user otherwise), in a fresh temporary folder, listening
# only on 127.0.0.1 (first free port from 55432 upward) and on a unix socket
# inside that folder. Authentication is "trust" for user "imaginecole".
# Durability is switched off (fsync=off) unless IMAGINECOLE_PG_DURABLE=1: never use
# this for real data.
#
# Environment:
#   IMAGINECOLE_PG_STATE   state file (default /tmp/imaginecole-test-pg.state)
#   IMAGINECOLE_PG_BIN     PostgreSQL bin dir (default /usr/lib/postgresql/15/bin)
#   IMAGINECOLE_PG_TMPDIR  where the temp folder is made (default /tmp; must be
#                          reachable by the server user)
#   IMAGINECOLE_PG_DURABLE 1: keep PostgreSQL's durability (fsync, synchronous
#                          commit, full page writes), for benchmarks of durable
#                          writes (bench/write_bench.sh); tests do not need it
set -euo pipefail

STATE_FILE=${IMAGINECOLE_PG_STATE:-/tmp/imaginecole-test-pg.state}
PG_BIN=${IMAGINECOLE_PG_BIN:-/usr/lib/postgresql/15/bin}
TMP_PARENT=${IMAGINECOLE_PG_TMPDIR:-/tmp}
PG_USER=imaginecole
DEFAULT_DB=imaginecole_test
FIRST_PORT=55432
LAST_PORT=55531

die() {
  echo "test-postgres.sh: $*" >&2
  exit 1
}

usage() {
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# The OS user that owns and runs the server.
if [[ $(id -u) -eq 0 ]]; then
  RUN_USER=postgres
  id -u "$RUN_USER" >/dev/null 2>&1 ||
    die "user '$RUN_USER' does not exist (install postgresql-15: scripts/install-deps.sh)"
else
  RUN_USER=$(id -un)
fi

run_as() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u "$RUN_USER" -- "$@"
  else
    "$@"
  fi
}

# port_in_use PORT: true when something accepts TCP connections on 127.0.0.1:PORT.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

STATE_DIR=""
STATE_PORT=""
read_state() {
  STATE_DIR=""
  STATE_PORT=""
  [[ -f $STATE_FILE ]] || return 1
  local key value
  while IFS='=' read -r key value; do
    case $key in
      dir) STATE_DIR=$value ;;
      port) STATE_PORT=$value ;;
    esac
  done <"$STATE_FILE"
  [[ -n $STATE_DIR && -n $STATE_PORT ]]
}

url_for() {
  echo "postgresql://${PG_USER}@127.0.0.1:${STATE_PORT}/$1"
}

cmd_stop() {
  if ! read_state; then
    rm -f "$STATE_FILE"
    return 0
  fi
  if [[ -d $STATE_DIR/data ]]; then
    if ! run_as "$PG_BIN/pg_ctl" stop -D "$STATE_DIR/data" -m fast -w -t 30 >/dev/null 2>&1; then
      # Not running any more (or refused to stop): make sure nothing is left.
      local pid
      pid=$(head -n 1 "$STATE_DIR/data/postmaster.pid" 2>/dev/null || true)
      if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
        kill -QUIT "$pid" 2>/dev/null || true
        sleep 1
      fi
    fi
  fi
  # Only delete what looks like a folder this script made.
  case $STATE_DIR in
    */imaginecole-pg.*) rm -rf "$STATE_DIR" ;;
    *) echo "test-postgres.sh: not deleting unexpected folder '$STATE_DIR'" >&2 ;;
  esac
  rm -f "$STATE_FILE"
}

cmd_start() {
  [[ -x $PG_BIN/initdb ]] || die "$PG_BIN/initdb not found (install postgresql-15)"
  cmd_stop

  local dir
  dir=$(mktemp -d "$TMP_PARENT/imaginecole-pg.XXXXXX")
  chmod 700 "$dir"
  if [[ $(id -u) -eq 0 ]]; then
    chown "$RUN_USER:" "$dir"
  fi
  run_as mkdir -p "$dir/sock"

  # Record the folder at once so that "stop" can clean up even if start fails.
  printf 'dir=%s\nport=%s\n' "$dir" "0" >"$STATE_FILE"

  if ! run_as "$PG_BIN/initdb" -D "$dir/data" --auth=trust -U "$PG_USER" \
    --encoding=UTF8 --locale=C.UTF-8 --no-sync --no-instructions >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2 || true
    cmd_stop
    die "initdb failed"
  fi

  local durability
  if [[ ${IMAGINECOLE_PG_DURABLE:-0} == 1 ]]; then
    durability=$'fsync = on\nsynchronous_commit = on\nfull_page_writes = on'
  else
    durability=$'fsync = off\nsynchronous_commit = off\nfull_page_writes = off'
  fi
  run_as tee -a "$dir/data/postgresql.conf" >/dev/null <<EOF

# --- test settings written by scripts/test-postgres.sh ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir/sock'
$durability
shared_buffers = 16MB
max_connections = 100
logging_collector = off
log_min_messages = warning
EOF

  local port started=""
  for ((port = FIRST_PORT; port <= LAST_PORT; port++)); do
    port_in_use "$port" && continue
    if run_as "$PG_BIN/pg_ctl" start -D "$dir/data" -w -t 60 -l "$dir/postgres.log" \
      -o "-p $port" >/dev/null 2>&1; then
      started=$port
      break
    fi
    # Lost a race for the port: try the next one; anything else is fatal.
    if ! grep -qiE 'could not (bind|create listen)|address already in use' "$dir/postgres.log" 2>/dev/null; then
      tail -n 30 "$dir/postgres.log" >&2 2>/dev/null || true
      cmd_stop
      die "PostgreSQL failed to start"
    fi
  done
  if [[ -z $started ]]; then
    cmd_stop
    die "no free port in $FIRST_PORT-$LAST_PORT"
  fi

  printf 'dir=%s\nport=%s\n' "$dir" "$started" >"$STATE_FILE"
  STATE_DIR=$dir
  STATE_PORT=$started
  "$PG_BIN/createdb" -h 127.0.0.1 -p "$started" -U "$PG_USER" "$DEFAULT_DB" ||
    die "could not create database $DEFAULT_DB"
  echo "test-postgres.sh: PostgreSQL running on 127.0.0.1:$started (data in $dir)" >&2
  url_for "$DEFAULT_DB"
}

cmd_url() {
  read_state || die "no test server running (state file $STATE_FILE missing); run: $0 start"
  [[ $STATE_PORT != 0 ]] || die "test server did not finish starting; run: $0 start"
  url_for "$DEFAULT_DB"
}

cmd_createdb() {
  local name=${1:-}
  [[ $name =~ ^[A-Za-z_][A-Za-z0-9_]{0,62}$ ]] ||
    die "createdb: database name must match [A-Za-z_][A-Za-z0-9_]* (got '$name')"
  read_state || die "no test server running (state file $STATE_FILE missing); run: $0 start"
  "$PG_BIN/createdb" -h 127.0.0.1 -p "$STATE_PORT" -U "$PG_USER" "$name" ||
    die "could not create database $name"
  url_for "$name"
}

case ${1:-} in
  start) cmd_start ;;
  stop) cmd_stop ;;
  url) cmd_url ;;
  createdb)
    shift
    cmd_createdb "$@"
    ;;
  *) usage ;;
esac
