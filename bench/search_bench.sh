#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Search latency: GET /api/v1/search for 50 fixed French queries (bench/search_queries.txt),
# cycled by wrk at 64 connections against the real server on loopback; prints p50/p90/p99.
#
# Usage: bench/search_bench.sh [options]
#   --binary PATH        imaginecole binary (default build/release/imaginecole)
#   --data DIR           an existing data folder to serve (default: a temporary one made with
#                        "init --demo" then "demo generate --resources N")
#   --resources N        resources to generate when --data is not given (default 100000)
#   --database URL       serve a PostgreSQL database (postgresql://...) instead of the SQLite
#                        file of --data; with --data, it must already hold its catalogue
#   --duration S         seconds of measured load (default 15)
#   --connections C      wrk connections (default 64)
#   --threads T          wrk threads (default 2)
#   --server-threads N   passed to "serve --threads" (default 2)
#   --warmup S           seconds of unmeasured load first (default 3; 0 to skip)
#   --params "&k=v..."   extra query parameters for every request (e.g. "&country=SN")
#   --queries FILE       the queries (default bench/search_queries.txt)
#
# Before the load, each query is asked once with curl: its total and time are listed, so a
# figure can be read against how many resources each query matches.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
BINARY=build/release/imaginecole
DATA=""
DATABASE=""
RESOURCES=100000
DURATION=15
CONNECTIONS=64
WRK_THREADS=2
SERVER_THREADS=2
WARMUP=3
PARAMS=""
QUERIES="$HERE/search_queries.txt"

die() {
  echo "search_bench.sh: error: $*" >&2
  exit 1
}
usage() {
  sed -n '3,23p' "$0" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}
need_value() { [[ $# -ge 2 && -n $2 ]] || die "option $1 needs a value"; }

while [[ $# -gt 0 ]]; do
  case $1 in
    --binary) need_value "$@"; BINARY=$2; shift 2 ;;
    --data) need_value "$@"; DATA=$2; shift 2 ;;
    --resources) need_value "$@"; RESOURCES=$2; shift 2 ;;
    --database) need_value "$@"; DATABASE=$2; shift 2 ;;
    --duration) need_value "$@"; DURATION=$2; shift 2 ;;
    --connections) need_value "$@"; CONNECTIONS=$2; shift 2 ;;
    --threads) need_value "$@"; WRK_THREADS=$2; shift 2 ;;
    --server-threads) need_value "$@"; SERVER_THREADS=$2; shift 2 ;;
    --warmup) need_value "$@"; WARMUP=$2; shift 2 ;;
    --params) need_value "$@"; PARAMS=$2; shift 2 ;;
    --queries) need_value "$@"; QUERIES=$2; shift 2 ;;
    -h | --help) usage 0 ;;
    *) echo "search_bench.sh: unknown option: $1" >&2; usage 2 >&2 ;;
  esac
done
for n in RESOURCES DURATION CONNECTIONS WRK_THREADS; do
  [[ ${!n} =~ ^[1-9][0-9]*$ ]] || die "$n must be a positive integer (got '${!n}')"
done
[[ $SERVER_THREADS =~ ^[0-9]+$ && $WARMUP =~ ^[0-9]+$ ]] || die "--server-threads and --warmup are integers"
[[ -z $PARAMS || $PARAMS =~ ^(\&[A-Za-z_]+=[A-Za-z0-9_.-]*)+$ ]] || die "--params must look like '&country=SN&kind=lesson'"
for tool in wrk curl awk; do
  command -v "$tool" >/dev/null || die "'$tool' not found (run scripts/install-deps.sh)"
done
[[ -x $BINARY ]] || die "binary '$BINARY' not found or not executable (build it, or pass --binary)"
[[ -r $QUERIES ]] || die "cannot read $QUERIES"
[[ -z $DATABASE || $DATABASE == postgresql://* || $DATABASE == postgres://* ]] ||
  die "--database must be a postgresql:// URL"
DB_ARGS=()
[[ -n $DATABASE ]] && DB_ARGS=(--database "$DATABASE")
BINARY=$(cd "$(dirname "$BINARY")" && pwd)/$(basename "$BINARY")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/imaginecole-search-bench.XXXXXX")
SERVER_PID=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ -z $DATA ]]; then
  DATA="$WORK/data"
  echo "== init --demo, then demo generate --resources $RESOURCES" >&2
  "$BINARY" init --data "$DATA" "${DB_ARGS[@]}" --demo >"$WORK/init.log" 2>&1 ||
    { cat "$WORK/init.log" >&2; die "'imaginecole init --demo' failed"; }
  start=$(date +%s)
  "$BINARY" demo generate --data "$DATA" "${DB_ARGS[@]}" --resources "$RESOURCES" >"$WORK/generate.log" 2>&1 ||
    { cat "$WORK/generate.log" >&2; die "'imaginecole demo generate' failed"; }
  echo "   $(grep "^Generated" "$WORK/generate.log") (wall $(($(date +%s) - start)) s)" >&2
fi
[[ -d $DATA ]] || die "no data folder at $DATA"
COUNT_SQL="SELECT count(*) FROM resources WHERE status = 'published'"
if [[ -n $DATABASE ]]; then
  COUNT=$(command -v psql >/dev/null && psql "$DATABASE" -Atc "$COUNT_SQL" 2>/dev/null || echo "?")
else
  COUNT=$(command -v sqlite3 >/dev/null && [[ -f $DATA/imaginecole.db ]] &&
    sqlite3 "file:$DATA/imaginecole.db?mode=ro" "$COUNT_SQL" 2>/dev/null || echo "?")
fi

SERVE_ARGS=(serve --data "$DATA" "${DB_ARGS[@]}" --listen 127.0.0.1:0 --access-log off)
((SERVER_THREADS > 0)) && SERVE_ARGS+=(--threads "$SERVER_THREADS")
"$BINARY" "${SERVE_ARGS[@]}" >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVER_PID=$!
PORT=""
for ((i = 0; i < 300; i++)); do
  kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 30 "$WORK/serve.err" >&2; SERVER_PID=""; die "the server exited during start-up"; }
  PORT=$(sed -n 's#.*listening on http://127\.0\.0\.1:\([0-9][0-9]*\).*#\1#p' "$WORK/serve.err" | head -n 1)
  [[ -n $PORT ]] && break
  sleep 0.1
done
[[ -n $PORT ]] || die "the server printed no 'listening on' line within 30 s"
BASE="http://127.0.0.1:$PORT"

echo "== each query once ($COUNT published resources)" >&2
printf '%-32s %8s %9s\n' query total ms >&2
while IFS= read -r line; do
  [[ -z $line || $line == \#* ]] && continue
  out=$(curl -sS -G --max-time 30 -o "$WORK/one.json" -w '%{http_code} %{time_total}' \
    --data-urlencode "q=$line" "$BASE/api/v1/search${PARAMS:+?${PARAMS#&}}")
  code=${out%% *}
  [[ $code == 200 ]] || die "query '$line' answered HTTP $code: $(head -c 300 "$WORK/one.json")"
  total=$(sed -n 's/^{"total":\([0-9]*\).*/\1/p' "$WORK/one.json")
  printf '%-32s %8s %9.1f\n' "$line" "$total" "$(awk -v t="${out#* }" 'BEGIN { print t * 1000 }')" >&2
done <"$QUERIES"

if ((WARMUP > 0)); then
  echo "== warm-up ${WARMUP}s" >&2
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "$HERE/search_bench.lua" "$BASE" -- "$QUERIES" "$PARAMS" >/dev/null
fi
echo "== wrk -t$WRK_THREADS -c$CONNECTIONS -d${DURATION}s, 50 queries cycled${PARAMS:+, params $PARAMS}" >&2
wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s "$HERE/search_bench.lua" \
  "$BASE" -- "$QUERIES" "$PARAMS" | tee "$WORK/wrk.out" | grep -v '^search_' >&2
if [[ -n $DATABASE ]]; then echo "backend postgresql"; else echo "backend sqlite"; fi
echo "resources $COUNT"
grep '^search_' "$WORK/wrk.out"
RSS=$(awk '/VmHWM/ { print $2 }' "/proc/$SERVER_PID/status" 2>/dev/null || echo "?")
echo "server_peak_rss_kb $RSS"
