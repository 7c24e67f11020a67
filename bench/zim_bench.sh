#!/usr/bin/env bash
# Kiwix files: (1) `imaginecole export zim` time and size over a catalogue of N generated
# resources (every level of every country exported, one file each, since a ZIM holds one
# country's level); (2) the demo lesson on fractions served by our server, by `kiwix-serve`
# from our own ZIM, and by nginx serving the bytes kiwix-serve returned as a static file, in
# the same run, with wrk on loopback. Load average is printed before and after.
#
# Usage: bench/zim_bench.sh [--binary PATH] [--serve-binary PATH] [--resources N]
#                           [--duration S] [--connections C]
#   defaults: build/release/imaginecole, the same binary, 10000, 10, 32
#   --resources 0 skips the export measure; --serve-binary serves the lesson with another build
#   (a release build of the same pages while --binary is a debug build that has the exporter).
set -euo pipefail

BINARY=build/release/imaginecole
SERVE_BINARY=""
RESOURCES=10000
DURATION=10
CONNECTIONS=32
while [[ $# -gt 0 ]]; do
  case $1 in
    --binary) BINARY=$2; shift 2 ;;
    --serve-binary) SERVE_BINARY=$2; shift 2 ;;
    --resources) RESOURCES=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    *) echo "zim_bench.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
for tool in wrk nginx curl kiwix-serve zimcheck; do
  command -v "$tool" >/dev/null || { echo "zim_bench.sh: '$tool' missing (scripts/install-deps.sh)" >&2; exit 1; }
done
[[ -x $BINARY ]] || { echo "zim_bench.sh: no binary at $BINARY" >&2; exit 1; }
SERVE_BINARY=${SERVE_BINARY:-$BINARY}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/imaginecole-zim-bench.XXXXXX")
chmod 755 "$WORK"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { for _ in $(seq 100); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.1; done; return 1; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "load average at start: $(load)"
echo "binary: $BINARY; serving with: $SERVE_BINARY"

# ------------------------------------------------------------------ export time and size
if ((RESOURCES > 0)); then
"$BINARY" init --demo --data "$WORK/data" >"$WORK/init.log" 2>&1
"$BINARY" demo generate --data "$WORK/data" --resources "$RESOURCES" --seed 7 | tail -1
mkdir -p "$WORK/zim"
LEVELS=$(sqlite3 "$WORK/data/imaginecole.db" \
  "SELECT n.country_code || ' ' || n.slug FROM curriculum_nodes n WHERE n.kind = 'level'" 2>/dev/null || true)
if [[ -z $LEVELS ]]; then
  echo "zim_bench.sh: could not list the levels (sqlite3 missing?)" >&2
  exit 1
fi
start=$(date +%s.%N)
files=0 pages=0 resource_pages=0 largest=0 largest_name="" largest_zim=""
while read -r country level; do
  out="$WORK/zim/${country}-${level}.zim"
  if line=$("$BINARY" export zim --country "$country" --level "$level" --out "$out" --data "$WORK/data" 2>/dev/null | tail -1); then
    files=$((files + 1))
    pages=$((pages + $(sed -n 's/.*: \([0-9]*\) pages.*/\1/p' <<<"$line")))
    resource_pages=$((resource_pages + $(sed -n 's/.*(\([0-9]*\) resources.*/\1/p' <<<"$line")))
    size=$(stat -c %s "$out")
    if ((size > largest)); then largest=$size; largest_name="$country $level ($line)"; largest_zim=$out; fi
  fi
done <<<"$LEVELS"
end=$(date +%s.%N)
total=$(du -cb "$WORK"/zim/*.zim | tail -1 | cut -f1)
printf 'export: %d resources generated (+ demo) -> %d ZIM files, %d pages (%d resource pages), %d bytes in total, %.1f s\n' \
  "$RESOURCES" "$files" "$pages" "$resource_pages" "$total" "$(echo "$end - $start" | bc)"
echo "largest file: $largest bytes: $largest_name"
if zimcheck -A "$largest_zim" >/dev/null 2>&1; then echo "zimcheck -A on the largest: ok"; else echo "zimcheck -A on the largest: FAILED"; fi
fi

# ------------------------------------------------------------------ one lesson, three servers
rm -rf "$WORK/data2"
"$BINARY" init --demo --data "$WORK/data2" >/dev/null 2>&1
"$BINARY" export zim --country SN --level CM2 --out "$WORK/sn.zim" --data "$WORK/data2" >/dev/null
zimcheck -A "$WORK/sn.zim" >/dev/null && echo "zimcheck -A sn.zim: ok"

OURS=$(free_port)
"$SERVE_BINARY" serve --data "$WORK/data2" --listen "127.0.0.1:$OURS" --threads 2 --access-log off >"$WORK/serve.log" 2>&1 &
PIDS+=($!)
KIWIX=$(free_port)
kiwix-serve --nosearchbar --address=127.0.0.1 --port="$KIWIX" "$WORK/sn.zim" >"$WORK/kiwix.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$OURS/healthz" && wait_http "http://127.0.0.1:$KIWIX/"
LESSON=$(curl -fsS "http://127.0.0.1:$KIWIX/search?content=sn&pattern=galette" | grep -o '/sn/r/[0-9a-f-]*' | head -1)
ID=${LESSON##*/}
[[ -n $ID ]] || { echo "zim_bench.sh: the fractions lesson was not found" >&2; exit 1; }

mkdir -p "$WORK/docroot" "$WORK/nginx"
curl -fsS -o "$WORK/docroot/lesson.html" "http://127.0.0.1:$KIWIX/sn/r/$ID"
chmod 644 "$WORK/docroot/lesson.html"
NGINX_PORT=$(free_port)
cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes 2;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on; tcp_nopush on; keepalive_requests 100000;
  client_body_temp_path $WORK/nginx; proxy_temp_path $WORK/nginx; fastcgi_temp_path $WORK/nginx;
  uwsgi_temp_path $WORK/nginx; scgi_temp_path $WORK/nginx;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/docroot;
    location = /lesson { default_type "text/html; charset=utf-8"; rewrite ^ /lesson.html break; }
  }
}
EOF
nginx -c "$WORK/nginx/nginx.conf" -g 'daemon off;' &
PIDS+=($!)
wait_http "http://127.0.0.1:$NGINX_PORT/lesson"

ours_bytes=$(curl -fsS "http://127.0.0.1:$OURS/r/$ID" | wc -c)
kiwix_bytes=$(wc -c <"$WORK/docroot/lesson.html")
echo "lesson $ID: ours $ours_bytes bytes, kiwix-serve and nginx $kiwix_bytes bytes (identity)"
echo "load average before wrk: $(load)"
for run in "ours http://127.0.0.1:$OURS/r/$ID" "kiwix-serve http://127.0.0.1:$KIWIX/sn/r/$ID" "nginx http://127.0.0.1:$NGINX_PORT/lesson"; do
  name=${run%% *}
  url=${run#* }
  wrk -t2 -c"$CONNECTIONS" -d1s "$url" >/dev/null 2>&1 || true  # warm-up
  result=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$url")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$result")
  p50=$(awk '/ 50%/ {print $2}' <<<"$result")
  p99=$(awk '/ 99%/ {print $2}' <<<"$result")
  errors=$(grep -o 'Socket errors.*\|Non-2xx.*' <<<"$result" | tr '\n' ' ' || true)
  printf '%-12s %10s req/s  p50 %-9s p99 %-9s %s\n' "$name" "$rps" "$p50" "$p99" "$errors"
done
echo "load average at end: $(load)"
