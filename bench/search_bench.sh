#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Search latency with distinct queries: wrk at 64 connections against the real server on loopback,
# each request two words drawn at random from a French school vocabulary (bench/search_words.txt)
# and a page from 1 to 3, so the server's view cache cannot answer them; prints p50/p90/p99, the
# requests/s and the share of distinct queries. --queries cycles whole queries instead.
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
#   --words FILE         the vocabulary of the distinct queries (default bench/search_words.txt)
#   --queries FILE       cycle these whole queries instead (e.g. bench/search_queries.txt): a
#                        repeated query may be answered from the view cache
#   --think-ms N         each connection waits 0 to 2N ms (N on average) between its requests,
#                        as people reading results; 0 (the default) is a closed loop
#
# Before the load, each query of bench/search_queries.txt (or --queries) is asked once with
# curl, cold: its total and time are listed, so a figure can be read against how many resources
# each query matches.
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
WORDS="$HERE/search_words.txt"
MODE=words
THINK_MS=0

die() {
  echo "search_bench.sh: error: $*" >&2
  exit 1
}
usage() {
  sed -n '3,31p' "$0" | sed 's/^# \{0,1\}//'
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
    --queries) need_value "$@"; QUERIES=$2; MODE=cycle; shift 2 ;;
    --words) need_value "$@"; WORDS=$2; shift 2 ;;
    --think-ms) need_value "$@"; THINK_MS=$2; shift 2 ;;
    -h | --help) usage 0 ;;
    *) echo "search_bench.sh: unknown option: $1" >&2; usage 2 >&2 ;;
  esac
done
for n in RESOURCES DURATION CONNECTIONS WRK_THREADS; do
  [[ ${!n} =~ ^[1-9][0-9]*$ ]] || die "$n must be a positive integer (got '${!n}')"
done
[[ $SERVER_THREADS =~ ^[0-9]+$ && $WARMUP =~ ^[0-9]+$ && $THINK_MS =~ ^[0-9]+$ ]] ||
  die "--server-threads, --warmup and --think-ms are integers"
[[ -z $PARAMS || $PARAMS =~ ^(\&[A-Za-z_]+=[A-Za-z0-9_.-]*)+$ ]] || die "--params must look like '&country=SN&kind=lesson'"
for tool in wrk curl awk; do
  command -v "$tool" >/dev/null || die "'$tool' not found (run scripts/install-deps.sh)"
done
[[ -x $BINARY ]] || die "binary '$BINARY' not found or not executable (build it, or pass --binary)"
[[ -r $QUERIES ]] || die "cannot read $QUERIES"
[[ -r $WORDS ]] || die "cannot read $WORDS"
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

LOAD_FILE=$WORDS
[[ $MODE == cycle ]] && LOAD_FILE=$QUERIES
LUA_ARGS=("$LOAD_FILE" "$MODE" "$PARAMS" "$THINK_MS")
if ((WARMUP > 0)); then
  echo "== warm-up ${WARMUP}s" >&2
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "$HERE/search_bench.lua" "$BASE" -- "${LUA_ARGS[@]}" >/dev/null
fi
if [[ $MODE == cycle ]]; then
  what="the queries of $(basename "$QUERIES") cycled"
else
  what="two random words of $(basename "$WORDS"), page 1-3"
fi
((THINK_MS > 0)) && what+=", ${THINK_MS} ms of thought on average"
echo "== wrk -t$WRK_THREADS -c$CONNECTIONS -d${DURATION}s, $what${PARAMS:+, params $PARAMS}" >&2
LOAD_BEFORE=$(cut -d' ' -f1 /proc/loadavg)
CPU_BEFORE=$(awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat")
wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s "$HERE/search_bench.lua" \
  "$BASE" -- "${LUA_ARGS[@]}" | tee "$WORK/wrk.out" | grep -v '^search_' >&2
CPU_AFTER=$(awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat")
if [[ -n $DATABASE ]]; then echo "backend postgresql"; else echo "backend sqlite"; fi
echo "resources $COUNT"
echo "mode $MODE"
grep '^search_' "$WORK/wrk.out"
echo "server_cpu_percent $(awk -v a="$CPU_BEFORE" -v b="$CPU_AFTER" -v d="$DURATION" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.0f", (b - a) / hz / d * 100 }')"
echo "load_average_before $LOAD_BEFORE"
RSS=$(awk '/VmHWM/ { print $2 }' "/proc/$SERVER_PID/status" 2>/dev/null || echo "?")
echo "server_peak_rss_kb $RSS"
