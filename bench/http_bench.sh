#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# HTTP benchmark: our server against nginx serving the very same bytes, on SQLite and on
# PostgreSQL side by side in one run, on loopback only.
#
# Usage: bench/http_bench.sh [options]
#   --binary PATH        imaginecole binary (default build/release/imaginecole)
#   --backends "B..."    which backends, in order (default "sqlite postgres")
#   --postgres URL       a PostgreSQL server to use (a schema is made in it and dropped at the
#                        end); default: a throwaway one started with scripts/test-postgres.sh
#                        and IMAGINECOLE_PG_DURABLE=1 (fsync on, as a real hub)
#   --duration S         seconds per wrk run (default 10)
#   --connections C      wrk connections (default 64)
#   --threads T          wrk threads (default 2)
#   --server-threads N   passed to "serve --threads" (default 2, like nginx's
#                        2 worker processes; 0 = do not pass the flag)
#   --paths "P1 P2 ..."  paths to measure (default
#                        "/r/{lesson}@pupil /c/SN /api/v1/countries /api/v1/me@pupil");
#                        "{lesson}" is the demo lesson on fractions, and "@pupil" sends the
#                        session cookie of the demo pupil Awa (DKR001), signed in once
#   --rounds N           interleaved rounds (ours, nginx, ours, nginx, ...);
#                        the median is reported (default 3)
#   --warmup S           seconds of unmeasured load per server and path before
#                        the rounds (default 2; 0 to skip)
#   --json FILE          also write the results as JSON to FILE
#   --generate N         add N generated resources ("demo generate") before serving
#
# How, for each backend: "init --demo" (PostgreSQL: in a schema of its own), our server on a
# free loopback port, the pupil signed in, each path's body fetched with curl (no
# Accept-Encoding, so identity bytes; with the cookie for "@pupil" paths) into a temp docroot,
# and nginx (2 worker processes, sendfile, tcp_nopush, keepalive_requests 100000) serving
# those files at the same paths with the same Content-Type (wrk sends nginx the same cookie).
# Access logs are off on both. "ratio" = our req/s / nginx's req/s for the same path.
# Beside each figure: the 1-minute load average before the run, our server's CPU during it
# (% of one core), PostgreSQL's (all its processes, when this script started it), and our
# server's RSS after it (in brackets its anonymous part: the rest is the binary's and shared
# libraries' pages); the peak RSS (VmHWM) of each server is printed at the end.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
BINARY=build/release/imaginecole
BACKENDS="sqlite postgres"
POSTGRES_URL=""
DURATION=10
CONNECTIONS=64
WRK_THREADS=2
SERVER_THREADS=2
SERVER_WORKERS=0
PATHS="/r/{lesson}@pupil /c/SN /api/v1/countries /api/v1/me@pupil"
ROUNDS=3
WARMUP=2
JSON_FILE=""
GENERATE=0
PUPIL_LOGIN='{"school":"DKR001","username":"awa","password":"soleil"}'

die() {
  echo "http_bench.sh: error: $*" >&2
  exit 1
}

usage() {
  awk 'NR >= 3 && /^#/ { print } /^set -euo/ { exit }' "$0" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}

need_value() {
  [[ $# -ge 2 && -n $2 ]] || die "option $1 needs a value"
}

while [[ $# -gt 0 ]]; do
  case $1 in
    --binary) need_value "$@"; BINARY=$2; shift 2 ;;
    --backends) need_value "$@"; BACKENDS=$2; shift 2 ;;
    --postgres) need_value "$@"; POSTGRES_URL=$2; shift 2 ;;
    --duration) need_value "$@"; DURATION=$2; shift 2 ;;
    --connections) need_value "$@"; CONNECTIONS=$2; shift 2 ;;
    --threads) need_value "$@"; WRK_THREADS=$2; shift 2 ;;
    --server-threads) need_value "$@"; SERVER_THREADS=$2; shift 2 ;;
    --paths) need_value "$@"; PATHS=$2; shift 2 ;;
    --rounds) need_value "$@"; ROUNDS=$2; shift 2 ;;
    --warmup) need_value "$@"; WARMUP=$2; shift 2 ;;
    --json) need_value "$@"; JSON_FILE=$2; shift 2 ;;
    --generate) need_value "$@"; GENERATE=$2; shift 2 ;;
    -h | --help) usage 0 ;;
    *) echo "http_bench.sh: unknown option: $1" >&2; usage 2 >&2 ;;
  esac
done

for n in DURATION CONNECTIONS WRK_THREADS ROUNDS; do
  [[ ${!n} =~ ^[1-9][0-9]*$ ]] || die "$n must be a positive integer (got '${!n}')"
done
[[ $SERVER_THREADS =~ ^[0-9]+$ ]] || die "--server-threads must be an integer"
[[ $WARMUP =~ ^[0-9]+$ ]] || die "--warmup must be an integer"
[[ $GENERATE =~ ^[0-9]+$ ]] || die "--generate must be an integer"
((WRK_THREADS <= CONNECTIONS)) || die "--threads must not exceed --connections"
read -r -a BACKEND_LIST <<<"$BACKENDS"
[[ ${#BACKEND_LIST[@]} -gt 0 ]] || die "--backends is empty"
for backend in "${BACKEND_LIST[@]}"; do
  [[ $backend == sqlite || $backend == postgres ]] || die "unknown backend '$backend' (sqlite or postgres)"
done
read -r -a SPEC_LIST <<<"$PATHS"
[[ ${#SPEC_LIST[@]} -gt 0 ]] || die "--paths is empty"
for spec in "${SPEC_LIST[@]}"; do
  [[ $spec == /* ]] || die "path '$spec' must start with /"
  [[ $spec =~ ^[A-Za-z0-9/._~{}-]+(@pupil)?$ ]] ||
    die "path '$spec': only plain paths (no query, no spaces), optionally ending in @pupil"
done

for tool in wrk nginx curl awk pgrep; do
  command -v "$tool" >/dev/null || die "'$tool' not found (run scripts/install-deps.sh)"
done
NGINX=$(command -v nginx)
[[ -x $BINARY ]] || die "binary '$BINARY' not found or not executable (build it, or pass --binary)"
BINARY=$(cd "$(dirname "$BINARY")" && pwd)/$(basename "$BINARY")
if [[ -n $JSON_FILE ]]; then
  JSON_FILE=$(cd "$(dirname "$JSON_FILE")" && pwd)/$(basename "$JSON_FILE")
fi
if [[ " $BACKENDS " == *" postgres "* ]]; then
  command -v psql >/dev/null || die "'psql' not found (PostgreSQL client)"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/imaginecole-bench.XXXXXX")
SERVER_PID=""
NGINX_PID=""
PG_STATE=""
PG_SCHEMA=""

stop_pid() { # stop_pid PID SIGNAL: signal, wait up to 10 s, then SIGKILL
  local pid=$1 sig=$2 i
  [[ -n $pid ]] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  kill "-$sig" "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "http_bench.sh: pid $pid ignored SIG$sig for 10 s, killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

# shellcheck source=bench/lib/server.sh
source "$HERE/lib/server.sh"

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$SERVER_PID" TERM
  stop_pid "$NGINX_PID" QUIT
  if [[ -n $PG_SCHEMA ]]; then
    psql "$POSTGRES_URL" -qc "DROP SCHEMA $PG_SCHEMA CASCADE" >/dev/null 2>&1 || true
  fi
  if [[ -n $PG_STATE ]]; then
    IMAGINECOLE_PG_STATE=$PG_STATE bash "$ROOT/scripts/test-postgres.sh" stop || true
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Everything nginx's workers (user nobody when run as root) must read.
chmod 755 "$WORK"

PG_DATA_DIR=""
if [[ " $BACKENDS " == *" postgres "* && -z $POSTGRES_URL ]]; then
  echo "== starting a throwaway PostgreSQL with fsync on (scripts/test-postgres.sh)" >&2
  PG_STATE="$WORK/postgres.state"
  POSTGRES_URL=$(IMAGINECOLE_PG_STATE=$PG_STATE IMAGINECOLE_PG_DURABLE=1 \
    bash "$ROOT/scripts/test-postgres.sh" start) || die "could not start PostgreSQL"
  PG_DATA_DIR="$(sed -n 's/^dir=//p' "$PG_STATE")/data"
fi

# postgres_ticks: CPU ticks of the PostgreSQL server this script started (postmaster and every
# backend it forked), or 0 when it did not start one.
postgres_ticks() {
  local master sum=0 pid
  [[ -n $PG_DATA_DIR && -r $PG_DATA_DIR/postmaster.pid ]] || { echo 0; return; }
  master=$(head -n 1 "$PG_DATA_DIR/postmaster.pid")
  for pid in "$master" $(pgrep -P "$master" || true); do
    sum=$((sum + $(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$sum"
}
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
anon_kb() { awk '/^RssAnon:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
hwm_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
load1() { cut -d' ' -f1 /proc/loadavg; }
HZ=$(getconf CLK_TCK)

to_ms() { # wrk latency value like 812.00us, 1.23ms, 2.00s, 1.50m -> ms
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "ms") n = n; else if (u == "s") n *= 1000;
    else if (u == "m") n *= 60000; else if (u == "h") n *= 3600000; else { print "nan"; exit }
    printf "%.3f", n }'
}

median() { # median of the arguments
  printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END {
    if (NR == 0) { print "nan"; exit }
    if (NR % 2) printf "%.3f", a[(NR + 1) / 2]; else printf "%.3f", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
max_of() { printf '%s\n' "$@" | sort -g | tail -n 1; }
min_of() { printf '%s\n' "$@" | sort -g | head -n 1; }

# ------------------------------------------------------------------- nginx
NGINX_V=$("$NGINX" -v 2>&1)
NGINX_VV=$("$NGINX" -V 2>&1)
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# start_nginx DOCROOT LOCATIONS: sets NGINX_PID and NGINX_PORT.
start_nginx() {
  local docroot=$1 locations=$2 conf_dir="$WORK/nginx" temp_paths attempt port i code mod
  rm -rf "$conf_dir"
  mkdir -p "$conf_dir/tmp"
  temp_paths="    client_body_temp_path $conf_dir/tmp/body;"$'\n'
  for mod in proxy fastcgi uwsgi scgi; do
    [[ $NGINX_VV == *"--without-http_${mod}_module"* ]] ||
      temp_paths+="    ${mod}_temp_path $conf_dir/tmp/$mod;"$'\n'
  done
  NGINX_PORT=""
  for ((attempt = 0; attempt < 10; attempt++)); do
    port=$((20000 + RANDOM % 30000))
    port_in_use "$port" && continue
    cat >"$conf_dir/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes 2;
pid $conf_dir/nginx.pid;
error_log $conf_dir/error.log warn;
events {
    worker_connections 4096;
}
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 65;
    keepalive_requests 100000;
    server_tokens off;
    types { }
$temp_paths
    open_file_cache max=100 inactive=60s;
    server {
        listen 127.0.0.1:$port;
        root $docroot;
$locations
        location / { return 404; }
    }
}
EOF
    "$NGINX" -p "$conf_dir" -c "$conf_dir/nginx.conf" -e "$conf_dir/error.log" \
      >"$conf_dir/stdout.log" 2>&1 &
    NGINX_PID=$!
    for ((i = 0; i < 100; i++)); do
      kill -0 "$NGINX_PID" 2>/dev/null || break
      code=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/" 2>/dev/null || true)
      if [[ -n $code && $code != 000 ]]; then
        NGINX_PORT=$port
        return 0
      fi
      sleep 0.1
    done
    stop_pid "$NGINX_PID" QUIT
    NGINX_PID=""
    grep -q 'Address already in use' "$conf_dir/error.log" 2>/dev/null || break
  done
  cat "$conf_dir/error.log" "$conf_dir/stdout.log" >&2 2>/dev/null || true
  die "nginx failed to start"
}

# ------------------------------------------------------------- one backend
declare -A RPS=() P99=() ERRS=() LOAD=() CPU=() PGCPU=() RSS=() ANON=() BODY_BYTES=() PEAK=() NGINX_PEAK=()
declare -A SHOWN_PATH=()

# run_wrk BACKEND SERVER IDX PATH ROUND COOKIE
run_wrk() {
  local backend=$1 server=$2 idx=$3 p=$4 round=$5 cookie=$6 port out rps p99 non2xx sock
  local key="$backend $server $idx" headers=() load ticks pg_ticks
  [[ -n $cookie ]] && headers=(-H "Cookie: $cookie")
  if [[ $server == ours ]]; then port=$SERVER_PORT; else port=$NGINX_PORT; fi
  out="$WORK/wrk-$backend-$server-$idx-$round.txt"
  load=$(load1)
  ticks=$(cpu_ticks "$( [[ $server == ours ]] && echo "$SERVER_PID" || echo "$NGINX_PID")")
  if [[ $server == nginx ]]; then
    for w in $(pgrep -P "$NGINX_PID" || true); do ticks=$((ticks + $(cpu_ticks "$w"))); done
  fi
  pg_ticks=$(postgres_ticks)
  wrk "-t$WRK_THREADS" "-c$CONNECTIONS" "-d${DURATION}s" --latency "${headers[@]}" \
    "http://127.0.0.1:$port$p" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed against $server $p"; }
  if [[ $server == ours ]]; then
    ticks=$(($(cpu_ticks "$SERVER_PID") - ticks))
    RSS[$key]+="$(rss_kb "$SERVER_PID") "
    ANON[$key]+="$(anon_kb "$SERVER_PID") "
  else
    local now
    now=$(cpu_ticks "$NGINX_PID")
    for w in $(pgrep -P "$NGINX_PID" || true); do now=$((now + $(cpu_ticks "$w"))); done
    ticks=$((now - ticks))
  fi
  pg_ticks=$(($(postgres_ticks) - pg_ticks))
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  p99=$(awk '$1 == "99%" { print $2 }' "$out")
  [[ -n $rps && -n $p99 ]] || { cat "$out" >&2; die "could not parse wrk output ($server $p)"; }
  non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")
  sock=$(awk '/Socket errors:/ { sub(/.*Socket errors: /, ""); print }' "$out")
  if [[ -n $non2xx || -n $sock ]]; then
    ERRS[$key]+="round $round: ${non2xx:+non-2xx/3xx=$non2xx }${sock:+socket errors: $sock}; "
  fi
  RPS[$key]+="$rps "
  P99[$key]+="$(to_ms "$p99") "
  LOAD[$key]+="$load "
  CPU[$key]+="$(awk -v t="$ticks" -v hz="$HZ" -v d="$DURATION" 'BEGIN { printf "%.0f", 100 * t / hz / d }') "
  PGCPU[$key]+="$(awk -v t="$pg_ticks" -v hz="$HZ" -v d="$DURATION" 'BEGIN { printf "%.0f", 100 * t / hz / d }') "
  printf '   %-8s round %d %-6s %-28s %10.1f req/s  p99 %-9s load %s\n' "$backend" "$round" "$server" "$p" "$rps" "$p99" "$load" >&2
}

run_backend() { # run_backend BACKEND
  local backend=$1
  local db_args=() data="$WORK/data-$backend" cookie lesson idx spec p file ctype ext name
  local locations="" docroot="$WORK/docroot-$backend" paths=() cookies=() round
  if [[ $backend == postgres ]]; then
    PG_SCHEMA="bench_http_$$"
    psql "$POSTGRES_URL" -qc "CREATE SCHEMA $PG_SCHEMA" >/dev/null || die "cannot create schema $PG_SCHEMA"
    local separator='?'
    [[ $POSTGRES_URL == *\?* ]] && separator='&'
    db_args=(--database "$POSTGRES_URL${separator}options=-csearch_path%3D$PG_SCHEMA")
  fi
  echo "== $backend: init --demo" >&2
  "$BINARY" init --data "$data" "${db_args[@]}" --demo >"$WORK/init.log" 2>&1 ||
    { cat "$WORK/init.log" >&2; die "'imaginecole init --demo' failed"; }
  if ((GENERATE > 0)); then
    echo "== $backend: generating $GENERATE more resources" >&2
    "$BINARY" demo generate --data "$data" "${db_args[@]}" --resources "$GENERATE" --seed 7 >"$WORK/generate.log" 2>&1 ||
      { cat "$WORK/generate.log" >&2; die "'imaginecole demo generate' failed"; }
  fi
  start_server --data "$data" "${db_args[@]}"
  SERVER_PORT=${BASE##*:}
  curl -fsS -o /dev/null --max-time 5 "$BASE/healthz" || die "GET /healthz on our server failed"
  echo "== $backend: our server pid $SERVER_PID on $BASE" >&2
  cookie=$(sign_in "$PUPIL_LOGIN")
  cookie=${cookie%%$'\t'*}
  lesson=$(curl -fsS "$BASE/api/v1/search?q=fractions+partager&country=SN" |
    sed -n 's/.*"results":\[{"id":"\([^"]*\)".*/\1/p')
  [[ -n $lesson ]] || die "could not find the demo lesson on fractions"

  mkdir -p "$docroot"
  chmod 755 "$docroot"
  for idx in "${!SPEC_LIST[@]}"; do
    spec=${SPEC_LIST[$idx]}
    p=${spec%@pupil}
    p=${p//\{lesson\}/$lesson}
    paths[idx]=$p
    cookies[idx]=""
    [[ $spec == *@pupil ]] && cookies[idx]=$cookie
    SHOWN_PATH[$idx]=$spec
    file="$docroot/body$idx"
    ctype=$(curl -fsS --max-time 10 -o "$file" -w '%{content_type}' ${cookies[idx]:+-H "Cookie: ${cookies[idx]}"} "$BASE$p") ||
      die "GET $p on our server failed (it must answer 2xx to be benchmarked)"
    if [[ $spec == *@pupil && $spec != /api/* ]]; then
      grep -q 'class="viewer-name">Awa<' "$file" || die "$p: the page does not show the signed-in pupil"
    fi
    case $ctype in
      text/html*) ext=html ;;
      application/json*) ext=json ;;
      *) ext=bin ;;
    esac
    name="${idx}-$(basename "$p").$ext"
    mv "$file" "$docroot/$name"
    chmod 644 "$docroot/$name"
    BODY_BYTES[$backend $idx]=$(wc -c <"$docroot/$name")
    locations+="        location = $p { default_type \"${ctype:-application/octet-stream}\"; rewrite ^ /$name break; }"$'\n'
    echo "== $backend $spec -> $p: ${BODY_BYTES[$backend $idx]} bytes, $ctype" >&2
  done
  start_nginx "$docroot" "$locations"
  echo "== $backend: nginx pid $NGINX_PID on 127.0.0.1:$NGINX_PORT" >&2

  if ((WARMUP > 0)); then
    echo "== $backend: warm-up ${WARMUP}s per server and path" >&2
    for idx in "${!paths[@]}"; do
      local h=()
      [[ -n ${cookies[idx]} ]] && h=(-H "Cookie: ${cookies[idx]}")
      wrk "-t$WRK_THREADS" "-c$CONNECTIONS" "-d${WARMUP}s" "${h[@]}" "$BASE${paths[idx]}" >/dev/null 2>&1 || true
      wrk "-t$WRK_THREADS" "-c$CONNECTIONS" "-d${WARMUP}s" "${h[@]}" "http://127.0.0.1:$NGINX_PORT${paths[idx]}" >/dev/null 2>&1 || true
    done
  fi
  echo "== $backend: $ROUNDS round(s) x ${#paths[@]} path(s) x 2 servers x ${DURATION}s (wrk -t$WRK_THREADS -c$CONNECTIONS)" >&2
  for ((round = 1; round <= ROUNDS; round++)); do
    for idx in "${!paths[@]}"; do
      run_wrk "$backend" ours "$idx" "${paths[idx]}" "$round" "${cookies[idx]}"
      run_wrk "$backend" nginx "$idx" "${paths[idx]}" "$round" "${cookies[idx]}"
    done
  done
  # The session still works after the load (a cache must not have lost it).
  curl -fsS -o /dev/null -H "Cookie: $cookie" "$BASE/api/v1/me" || die "$backend: /api/v1/me failed after the run"
  PEAK[$backend]=$(hwm_kb "$SERVER_PID")
  NGINX_PEAK[$backend]=$(hwm_kb "$NGINX_PID")
  for w in $(pgrep -P "$NGINX_PID" || true); do
    NGINX_PEAK[$backend]=$((NGINX_PEAK[$backend] + $(hwm_kb "$w")))
  done
  stop_pid "$SERVER_PID" TERM
  SERVER_PID=""
  stop_pid "$NGINX_PID" QUIT
  NGINX_PID=""
  if [[ $backend == postgres ]]; then
    psql "$POSTGRES_URL" -qc "DROP SCHEMA $PG_SCHEMA CASCADE" >/dev/null 2>&1 || true
    PG_SCHEMA=""
  fi
}

for backend in "${BACKEND_LIST[@]}"; do
  run_backend "$backend"
done

# -------------------------------------------------------------------- report
json_list() { # "1 2 3 " -> [1,2,3]
  local s
  s=$(echo "$1" | xargs | tr ' ' ',')
  echo "[$s]"
}
json_str() { # minimal JSON string escaping (backslash and double quote)
  local s=${1//\\/\\\\}
  printf '"%s"' "${s//\"/\\\"}"
}

echo
echo "imaginecole HTTP benchmark: $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPU(s), wrk -t$WRK_THREADS -c$CONNECTIONS -d${DURATION}s, median of $ROUNDS interleaved round(s) per backend"
echo "ours:  $BINARY serve --threads $SERVER_THREADS --access-log off; nginx: ${NGINX_V#nginx version: }, 2 workers, sendfile, access log off"
echo "cpu = % of one core during the run (ours, or nginx's workers); pg cpu = the PostgreSQL server's; load = 1-min load average before each run (min-max)"
echo
printf '%-8s | %-26s | %-6s | %10s | %8s | %6s | %5s | %6s | %12s | %s\n' backend path server req/s "p99 ms" ratio cpu% "pg cpu" "RSS (anon)" load
echo "---------+----------------------------+--------+------------+----------+--------+-------+--------+--------------+-----------"
JSON_RESULTS=""
for backend in "${BACKEND_LIST[@]}"; do
  for idx in "${!SPEC_LIST[@]}"; do
    spec=${SHOWN_PATH[$idx]}
    o="$backend ours $idx"
    n="$backend nginx $idx"
    # shellcheck disable=SC2086 # word splitting of the space-separated samples is intended
    {
      ours_rps=$(median ${RPS[$o]})
      ours_p99=$(median ${P99[$o]})
      ngx_rps=$(median ${RPS[$n]})
      ngx_p99=$(median ${P99[$n]})
      ours_cpu=$(median ${CPU[$o]})
      ngx_cpu=$(median ${CPU[$n]})
      pg_cpu=$(median ${PGCPU[$o]})
      rss_max=$(max_of ${RSS[$o]})
      anon_max=$(max_of ${ANON[$o]})
      load_o="$(min_of ${LOAD[$o]})-$(max_of ${LOAD[$o]})"
      load_n="$(min_of ${LOAD[$n]})-$(max_of ${LOAD[$n]})"
    }
    ratio=$(awk -v a="$ours_rps" -v b="$ngx_rps" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "null" }')
    printf '%-8s | %-26s | %-6s | %10.1f | %8.2f | %6s | %5.0f | %6.0f | %12s | %s\n' "$backend" "$spec" ours \
      "$ours_rps" "$ours_p99" "$ratio" "$ours_cpu" "$pg_cpu" \
      "$(awk -v k="$rss_max" -v a="$anon_max" 'BEGIN { printf "%.1f (%.1f)", k / 1024, a / 1024 }')" "$load_o"
    printf '%-8s | %-26s | %-6s | %10.1f | %8.2f | %6s | %5.0f | %6s | %12s | %s\n' "$backend" "$spec" nginx \
      "$ngx_rps" "$ngx_p99" "1.000" "$ngx_cpu" "" "" "$load_n"
    JSON_RESULTS+="${JSON_RESULTS:+,}
    {\"backend\": \"$backend\", \"path\": $(json_str "$spec"), \"body_bytes\": ${BODY_BYTES[$backend $idx]},
     \"ours\": {\"rps_median\": $ours_rps, \"p99_ms_median\": $ours_p99, \"rps\": $(json_list "${RPS[$o]}"), \"p99_ms\": $(json_list "${P99[$o]}"), \"cpu_percent\": $(json_list "${CPU[$o]}"), \"postgres_cpu_percent\": $(json_list "${PGCPU[$o]}"), \"rss_kb\": $(json_list "${RSS[$o]}"), \"rss_anon_kb\": $(json_list "${ANON[$o]}"), \"load1\": $(json_list "${LOAD[$o]}"), \"errors\": $(json_str "${ERRS[$o]:-}")},
     \"nginx\": {\"rps_median\": $ngx_rps, \"p99_ms_median\": $ngx_p99, \"rps\": $(json_list "${RPS[$n]}"), \"p99_ms\": $(json_list "${P99[$n]}"), \"cpu_percent\": $(json_list "${CPU[$n]}"), \"load1\": $(json_list "${LOAD[$n]}"), \"errors\": $(json_str "${ERRS[$n]:-}")},
     \"rps_ratio_to_nginx\": $ratio}"
  done
done
echo
for backend in "${BACKEND_LIST[@]}"; do
  printf '%s: peak RSS (VmHWM) ours %s kB (%s MiB); nginx %s kB (master + workers)\n' "$backend" \
    "${PEAK[$backend]}" "$(awk -v k="${PEAK[$backend]}" 'BEGIN { printf "%.1f", k / 1024 }')" "${NGINX_PEAK[$backend]}"
done

if [[ -n $JSON_FILE ]]; then
  peaks=""
  for backend in "${BACKEND_LIST[@]}"; do
    peaks+="${peaks:+, }\"$backend\": ${PEAK[$backend]}"
  done
  cat >"$JSON_FILE" <<EOF
{
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "cpus": $(nproc),
  "wrk": {"threads": $WRK_THREADS, "connections": $CONNECTIONS, "duration_s": $DURATION},
  "rounds": $ROUNDS,
  "warmup_s": $WARMUP,
  "ours": {"binary": $(json_str "$BINARY"), "server_threads": $SERVER_THREADS, "peak_rss_kb": {$peaks}},
  "nginx": {"version": $(json_str "${NGINX_V#nginx version: }"), "worker_processes": 2, "access_log": "off"},
  "results": [$JSON_RESULTS
  ]
}
EOF
  echo "JSON written to $JSON_FILE" >&2
fi

if [[ ${#ERRS[@]} -gt 0 ]]; then
  for key in "${!ERRS[@]}"; do
    echo "http_bench.sh: error responses or socket errors: $key: ${ERRS[$key]}" >&2
  done
  die "some runs had non-2xx/3xx responses or socket errors: results are not valid"
fi
