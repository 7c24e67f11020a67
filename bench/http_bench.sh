#!/usr/bin/env bash
# HTTP benchmark: our server against nginx serving the very same bytes, side by
# side in one run, on loopback only.
#
# Usage: bench/http_bench.sh [options]
#   --binary PATH        imaginecole binary (default build/release/imaginecole)
#   --duration S         seconds per wrk run (default 10)
#   --connections C      wrk connections (default 64)
#   --threads T          wrk threads (default 2)
#   --server-threads N   passed to "serve --threads" (default 2, like nginx's
#                        2 worker processes; 0 = do not pass the flag)
#   --paths "P1 P2 ..."  paths to measure (default "/ /api/v1/countries")
#   --rounds N           interleaved rounds (ours, nginx, ours, nginx, ...);
#                        the median is reported (default 3)
#   --warmup S           seconds of unmeasured load per server and path before
#                        the rounds (default 2; 0 to skip)
#   --json FILE          also write the results as JSON to FILE
#   --generate N         add N generated resources ("demo generate") before serving
#                        (a path may say {lesson}: the demo lesson on fractions)
#
# How: a temp data folder is made with "init --demo", our server is started on
# a free loopback port, each path's body is fetched with curl (no
# Accept-Encoding, so identity bytes) into a temp docroot, and nginx (2 worker
# processes, sendfile, tcp_nopush, keepalive_requests 100000) serves those
# files at the same paths with the same Content-Type. Access logs are OFF for
# nginx, and for our server too when "serve --help" lists --access-log.
# "ratio" = req/s divided by nginx's req/s for the same path (higher is better).
# Peak RSS is VmHWM from /proc: our process; nginx master + workers summed.
set -euo pipefail

BINARY=build/release/imaginecole
DURATION=10
CONNECTIONS=64
WRK_THREADS=2
SERVER_THREADS=2
PATHS="/ /api/v1/countries"
ROUNDS=3
WARMUP=2
JSON_FILE=""
GENERATE=0

die() {
  echo "http_bench.sh: error: $*" >&2
  exit 1
}

usage() {
  sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}

need_value() {
  [[ $# -ge 2 && -n $2 ]] || die "option $1 needs a value"
}

while [[ $# -gt 0 ]]; do
  case $1 in
    --binary) need_value "$@"; BINARY=$2; shift 2 ;;
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
((WRK_THREADS <= CONNECTIONS)) || die "--threads must not exceed --connections"
read -r -a PATH_LIST <<<"$PATHS"
[[ ${#PATH_LIST[@]} -gt 0 ]] || die "--paths is empty"
for p in "${PATH_LIST[@]}"; do
  [[ $p == /* ]] || die "path '$p' must start with /"
  [[ $p =~ ^[A-Za-z0-9/._~{}-]+$ ]] || die "path '$p': only plain paths (no query, no spaces) are supported"
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

WORK=$(mktemp -d "${TMPDIR:-/tmp}/imaginecole-bench.XXXXXX")
SERVER_PID=""
NGINX_PID=""

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

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$SERVER_PID" TERM
  stop_pid "$NGINX_PID" QUIT
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Everything nginx's workers (user nobody when run as root) must read.
chmod 755 "$WORK"

# ---------------------------------------------------------------- our server
echo "== preparing demo data" >&2
"$BINARY" init --data "$WORK/data" --demo >"$WORK/init.log" 2>&1 ||
  { cat "$WORK/init.log" >&2; die "'imaginecole init --demo' failed"; }
if ((GENERATE > 0)); then
  echo "== generating $GENERATE more resources" >&2
  "$BINARY" demo generate --data "$WORK/data" --resources "$GENERATE" --seed 7 >"$WORK/generate.log" 2>&1 ||
    { cat "$WORK/generate.log" >&2; die "'imaginecole demo generate' failed"; }
fi

SERVE_ARGS=(serve --data "$WORK/data" --listen 127.0.0.1:0)
((SERVER_THREADS > 0)) && SERVE_ARGS+=(--threads "$SERVER_THREADS")
ACCESS_LOG_NOTE="server default (serve --help lists no --access-log flag)"
if "$BINARY" serve --help 2>&1 | grep -q -- '--access-log'; then
  SERVE_ARGS+=(--access-log off)
  ACCESS_LOG_NOTE="off (--access-log off)"
fi

echo "== starting: imaginecole ${SERVE_ARGS[*]}" >&2
"$BINARY" "${SERVE_ARGS[@]}" >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVER_PID=$!
SERVER_PORT=""
for ((i = 0; i < 300; i++)); do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    tail -n 30 "$WORK/serve.err" >&2 || true
    SERVER_PID=""
    die "our server exited during start-up"
  fi
  SERVER_PORT=$(sed -n 's#.*listening on http://127\.0\.0\.1:\([0-9][0-9]*\).*#\1#p' "$WORK/serve.err" | head -n 1)
  [[ -n $SERVER_PORT ]] && break
  sleep 0.1
done
[[ -n $SERVER_PORT ]] || { tail -n 30 "$WORK/serve.err" >&2 || true; die "our server printed no 'listening on http://127.0.0.1:PORT' line within 30 s"; }
curl -fsS -o /dev/null --max-time 5 "http://127.0.0.1:$SERVER_PORT/healthz" ||
  die "GET /healthz on our server failed"
echo "== our server: pid $SERVER_PID on 127.0.0.1:$SERVER_PORT" >&2

# "{lesson}" in a path stands for the demo lesson on fractions (its id is made at init).
if [[ " ${PATH_LIST[*]} " == *"{lesson}"* ]]; then
  LESSON_ID=$(curl -fsS "http://127.0.0.1:$SERVER_PORT/api/v1/search?q=fractions+partager&country=SN" |
    sed -n 's/.*"results":\[{"id":"\([^"]*\)".*/\1/p')
  [[ -n $LESSON_ID ]] || die "could not find the demo lesson on fractions"
  for idx in "${!PATH_LIST[@]}"; do
    PATH_LIST[$idx]=${PATH_LIST[$idx]//\{lesson\}/$LESSON_ID}
  done
fi

# ------------------------------------------------- same bytes in a docroot
mkdir -p "$WORK/docroot" "$WORK/nginx/tmp"
LOCATIONS=""
declare -A BODY_BYTES=()
for idx in "${!PATH_LIST[@]}"; do
  p=${PATH_LIST[$idx]}
  file="$WORK/docroot/body$idx"
  ctype=$(curl -fsS --max-time 10 -o "$file" -w '%{content_type}' "http://127.0.0.1:$SERVER_PORT$p") ||
    die "GET $p on our server failed (it must answer 2xx to be benchmarked)"
  case $ctype in
    text/html*) ext=html ;;
    application/json*) ext=json ;;
    text/css*) ext=css ;;
    *javascript*) ext=js ;;
    *) ext=bin ;;
  esac
  if [[ $p == / ]]; then name=index.html; else name="$(basename "$p").$ext"; name="${idx}-${name}"; fi
  mv "$file" "$WORK/docroot/$name"
  chmod 644 "$WORK/docroot/$name"
  [[ -n $ctype ]] || ctype=application/octet-stream
  BODY_BYTES[$p]=$(wc -c <"$WORK/docroot/$name")
  LOCATIONS+="        location = $p { default_type \"$ctype\"; rewrite ^ /$name break; }"$'\n'
  echo "== $p: ${BODY_BYTES[$p]} bytes, Content-Type: $ctype -> $name" >&2
done
chmod 755 "$WORK/docroot"

# --------------------------------------------------------------------- nginx
NGINX_V=$("$NGINX" -V 2>&1)
TEMP_PATHS="    client_body_temp_path $WORK/nginx/tmp/body;"$'\n'
for mod in proxy fastcgi uwsgi scgi; do
  [[ $NGINX_V == *"--without-http_${mod}_module"* ]] ||
    TEMP_PATHS+="    ${mod}_temp_path $WORK/nginx/tmp/$mod;"$'\n'
done

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

NGINX_PORT=""
for ((attempt = 0; attempt < 10; attempt++)); do
  port=$((20000 + RANDOM % 30000))
  port_in_use "$port" && continue
  cat >"$WORK/nginx/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes 2;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
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
$TEMP_PATHS
    open_file_cache max=100 inactive=60s;
    server {
        listen 127.0.0.1:$port;
        root $WORK/docroot;
$LOCATIONS
        location / { return 404; }
    }
}
EOF
  "$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log" \
    >"$WORK/nginx/stdout.log" 2>&1 &
  NGINX_PID=$!
  for ((i = 0; i < 100; i++)); do
    kill -0 "$NGINX_PID" 2>/dev/null || break
    code=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/" 2>/dev/null || true)
    if [[ -n $code && $code != 000 ]]; then
      NGINX_PORT=$port
      break 2
    fi
    sleep 0.1
  done
  stop_pid "$NGINX_PID" QUIT
  NGINX_PID=""
  grep -q 'Address already in use' "$WORK/nginx/error.log" 2>/dev/null || break
done
if [[ -z $NGINX_PORT ]]; then
  cat "$WORK/nginx/error.log" "$WORK/nginx/stdout.log" >&2 2>/dev/null || true
  die "nginx failed to start"
fi
echo "== nginx: pid $NGINX_PID on 127.0.0.1:$NGINX_PORT" >&2

# nginx must serve every path with 200 and the bytes our server just served.
for p in "${PATH_LIST[@]}"; do
  code=$(curl -sS -o "$WORK/check.body" -w '%{http_code}' --max-time 5 "http://127.0.0.1:$NGINX_PORT$p" || true)
  if [[ $code != 200 ]]; then
    tail -n 20 "$WORK/nginx/error.log" >&2 || true
    die "nginx answered $code for $p (expected 200)"
  fi
  a=$(cksum <"$WORK/check.body")
  b=$(curl -fsS "http://127.0.0.1:$SERVER_PORT$p" | cksum)
  [[ $a == "$b" ]] || echo "http_bench.sh: warning: our server's body for $p changed since it was copied (dynamic content?)" >&2
done

# ---------------------------------------------------------------------- wrk
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

declare -A RPS=() P99=() ERRS=()
run_wrk() { # run_wrk SERVER PATH ROUND
  local server=$1 p=$2 round=$3 port out rps p99 non2xx sock
  if [[ $server == ours ]]; then port=$SERVER_PORT; else port=$NGINX_PORT; fi
  out="$WORK/wrk-$server-$(echo "$p" | tr '/' '_')-$round.txt"
  wrk "-t$WRK_THREADS" "-c$CONNECTIONS" "-d${DURATION}s" --latency "http://127.0.0.1:$port$p" >"$out" 2>&1 ||
    { cat "$out" >&2; die "wrk failed against $server $p"; }
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  p99=$(awk '$1 == "99%" { print $2 }' "$out")
  [[ -n $rps && -n $p99 ]] || { cat "$out" >&2; die "could not parse wrk output ($server $p)"; }
  non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")
  sock=$(awk '/Socket errors:/ { sub(/.*Socket errors: /, ""); print }' "$out")
  if [[ -n $non2xx || -n $sock ]]; then
    ERRS[$server $p]+="round $round: ${non2xx:+non-2xx/3xx=$non2xx }${sock:+socket errors: $sock}; "
  fi
  RPS[$server $p]+="$rps "
  P99[$server $p]+="$(to_ms "$p99") "
  printf '   round %d %-6s %-24s %12.1f req/s  p99 %s\n' "$round" "$server" "$p" "$rps" "$p99" >&2
}

if ((WARMUP > 0)); then
  echo "== warm-up: ${WARMUP}s per server and path" >&2
  for p in "${PATH_LIST[@]}"; do
    wrk "-t$WRK_THREADS" "-c$CONNECTIONS" "-d${WARMUP}s" "http://127.0.0.1:$SERVER_PORT$p" >/dev/null 2>&1 || true
    wrk "-t$WRK_THREADS" "-c$CONNECTIONS" "-d${WARMUP}s" "http://127.0.0.1:$NGINX_PORT$p" >/dev/null 2>&1 || true
  done
fi

echo "== measuring: $ROUNDS round(s) x ${#PATH_LIST[@]} path(s) x 2 servers x ${DURATION}s (wrk -t$WRK_THREADS -c$CONNECTIONS)" >&2
for ((round = 1; round <= ROUNDS; round++)); do
  for p in "${PATH_LIST[@]}"; do
    run_wrk ours "$p" "$round"
    run_wrk nginx "$p" "$round"
  done
done

# Peak RSS in kB (VmHWM), read before anything is stopped.
hwm_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
SERVER_HWM=$(hwm_kb "$SERVER_PID")
NGINX_HWM=$(hwm_kb "$NGINX_PID")
for w in $(pgrep -P "$NGINX_PID" || true); do
  NGINX_HWM=$((NGINX_HWM + $(hwm_kb "$w")))
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

TABLE=""
JSON_RESULTS=""
for p in "${PATH_LIST[@]}"; do
  # shellcheck disable=SC2086 # word splitting of the space-separated samples is intended
  {
    ours_rps=$(median ${RPS[ours $p]})
    ours_p99=$(median ${P99[ours $p]})
    ngx_rps=$(median ${RPS[nginx $p]})
    ngx_p99=$(median ${P99[nginx $p]})
  }
  ratio=$(awk -v a="$ours_rps" -v b="$ngx_rps" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "null" }')
  p99_ratio=$(awk -v a="$ours_p99" -v b="$ngx_p99" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "null" }')
  TABLE+=$(printf '%-24s | %-6s | %12.1f | %9.3f | %s' "$p" ours "$ours_rps" "$ours_p99" "$ratio")$'\n'
  TABLE+=$(printf '%-24s | %-6s | %12.1f | %9.3f | %s' "$p" nginx "$ngx_rps" "$ngx_p99" "1.000")$'\n'
  JSON_RESULTS+="${JSON_RESULTS:+,}
    {\"path\": $(json_str "$p"), \"body_bytes\": ${BODY_BYTES[$p]},
     \"ours\": {\"rps_median\": $ours_rps, \"p99_ms_median\": $ours_p99, \"rps\": $(json_list "${RPS[ours $p]}"), \"p99_ms\": $(json_list "${P99[ours $p]}"), \"errors\": $(json_str "${ERRS[ours $p]:-}")},
     \"nginx\": {\"rps_median\": $ngx_rps, \"p99_ms_median\": $ngx_p99, \"rps\": $(json_list "${RPS[nginx $p]}"), \"p99_ms\": $(json_list "${P99[nginx $p]}"), \"errors\": $(json_str "${ERRS[nginx $p]:-}")},
     \"rps_ratio_to_nginx\": $ratio, \"p99_ratio_to_nginx\": $p99_ratio}"
done

NGINX_VERSION=$("$NGINX" -v 2>&1 | sed 's/^nginx version: //')
SERVE_SHOWN="${SERVE_ARGS[*]:3}"
echo
echo "imaginecole HTTP benchmark: $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPU(s), wrk -t$WRK_THREADS -c$CONNECTIONS -d${DURATION}s, median of $ROUNDS interleaved round(s)"
echo "ours:  $BINARY serve $SERVE_SHOWN; access log: $ACCESS_LOG_NOTE"
echo "nginx: $NGINX_VERSION, 2 worker processes, sendfile, tcp_nopush, keepalive_requests 100000; access log: off"
echo
printf '%-24s | %-6s | %12s | %9s | %s\n' path server req/s "p99 ms" "ratio to nginx (req/s)"
echo "-------------------------+--------+--------------+-----------+-----------------------"
printf '%s' "$TABLE"
echo
printf 'peak RSS (VmHWM): ours %d kB (%s MiB); nginx %d kB (%s MiB, master + workers)\n' \
  "$SERVER_HWM" "$(awk -v k="$SERVER_HWM" 'BEGIN { printf "%.1f", k / 1024 }')" \
  "$NGINX_HWM" "$(awk -v k="$NGINX_HWM" 'BEGIN { printf "%.1f", k / 1024 }')"

if [[ -n $JSON_FILE ]]; then
  cat >"$JSON_FILE" <<EOF
{
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "cpus": $(nproc),
  "wrk": {"threads": $WRK_THREADS, "connections": $CONNECTIONS, "duration_s": $DURATION},
  "rounds": $ROUNDS,
  "warmup_s": $WARMUP,
  "ours": {"binary": $(json_str "$BINARY"), "args": $(json_str "$SERVE_SHOWN"), "access_log": $(json_str "$ACCESS_LOG_NOTE"), "peak_rss_kb": $SERVER_HWM},
  "nginx": {"version": $(json_str "$NGINX_VERSION"), "worker_processes": 2, "access_log": "off", "peak_rss_kb": $NGINX_HWM},
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
