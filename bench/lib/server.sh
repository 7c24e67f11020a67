# shellcheck shell=bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# The benchmarks' shared steps, sourced by bench/*_bench.sh: start and stop the real server on a
# free loopback port, sign in through the JSON API, read a process's CPU time. The caller sets
# BINARY, WORK, SERVER_THREADS and SERVER_WORKERS and defines die(); these set SERVER_PID and BASE.
# SERVER_NAME (default "serve") names the server's log files, for a bench that runs two.

stop_server() {
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}

# start_server ARGS...: serve on a free loopback port; sets SERVER_PID and BASE.
start_server() {
  local args=(serve "$@" --listen 127.0.0.1:0 --access-log off) port="" i
  local log="$WORK/${SERVER_NAME:-serve}"
  ((SERVER_THREADS > 0)) && args+=(--threads "$SERVER_THREADS")
  ((SERVER_WORKERS > 0)) && args+=(--workers "$SERVER_WORKERS")
  "$BINARY" "${args[@]}" >"$log.out" 2>"$log.err" &
  SERVER_PID=$!
  for ((i = 0; i < 300; i++)); do
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 30 "$log.err" >&2; SERVER_PID=""; die "the server exited during start-up"; }
    port=$(sed -n 's#.*listening on http://127\.0\.0\.1:\([0-9][0-9]*\).*#\1#p' "$log.err" | head -n 1)
    [[ -n $port ]] && break
    sleep 0.1
  done
  [[ -n $port ]] || die "the server printed no 'listening on' line within 30 s"
  BASE="http://127.0.0.1:$port"
}

# sign_in JSON: prints "cookie<TAB>csrf token" of a new session.
sign_in() {
  local head cookie token
  head=$(curl -sS --max-time 30 -D - -o "$WORK/login.json" -H 'Content-Type: application/json' \
    --data "$1" "$BASE/api/v1/auth/login")
  cookie=$(printf '%s' "$head" | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(imaginecole_session=[^;]*\).*/\1/p' | head -n 1)
  token=$(sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p' "$WORK/login.json")
  [[ -n $cookie && -n $token ]] || die "sign-in refused ($1): $(head -c 300 "$WORK/login.json")"
  printf '%s\t%s\n' "$cookie" "$token"
}

# cpu_ticks PID: user + system CPU time of a process so far, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
