#!/usr/bin/env bash
# Memory of a large upload: a 200 MiB file sent to POST /api/v1/media, and the server's peak
# resident memory (VmHWM from /proc/<pid>/status) before and after. Also the largest anonymous
# memory (RssAnon, sampled every 20 ms during the upload): the mapped spool file's pages are
# page cache, counted in VmHWM but given back by the kernel whenever memory is short.
#
# Usage: bench/upload_memory.sh [--binary PATH] [--mib N]
#   --binary PATH   imaginecole binary (default build/release/imaginecole)
#   --mib N         size of the uploaded file in MiB (default 200)
set -euo pipefail

BINARY=build/release/imaginecole
MIB=200
while [[ $# -gt 0 ]]; do
  case "$1" in
    --binary) BINARY="$2"; shift 2 ;;
    --mib) MIB="$2"; shift 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

"$BINARY" init --demo --data "$WORK/data" >/dev/null
# A PDF-looking file: sniffed as a document, no renditions, no ffmpeg job.
{ printf '%%PDF-1.4\n'; head -c $((MIB * 1024 * 1024 - 9)) /dev/urandom; } >"$WORK/big.pdf"

IMAGINECOLE_MEDIA_MAX_DOCUMENT_BYTES=$(((MIB + 1) * 1024 * 1024)) \
  "$BINARY" serve --data "$WORK/data" --listen 127.0.0.1:0 --request-timeout 120 2>"$WORK/server.log" &
SERVER_PID=$!
PORT=""
for _ in $(seq 1 100); do
  PORT=$(grep -o 'listening on http://[0-9.]*:[0-9]*' "$WORK/server.log" 2>/dev/null | grep -o '[0-9]*$' || true)
  [[ -n "$PORT" ]] && break
  sleep 0.1
done
[[ -n "$PORT" ]] || { echo "server did not start" >&2; cat "$WORK/server.log" >&2; exit 1; }

status_kib() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$SERVER_PID/status"; }

curl -s -c "$WORK/cookies" -H 'Content-Type: application/json' \
  -d '{"username":"sn.editor","password":"ecole-demo"}' \
  "http://127.0.0.1:$PORT/api/v1/auth/login" >"$WORK/login.json"
CSRF=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf_token"])' "$WORK/login.json")
BEFORE=$(status_kib VmHWM)
ANON_BEFORE=$(status_kib RssAnon)

PEAK_ANON=0
curl -s -o "$WORK/answer.json" -w '%{http_code}' -b "$WORK/cookies" -H "X-CSRF-Token: $CSRF" \
  -H 'Content-Type: application/pdf' -H 'X-Filename: big.pdf' \
  --data-binary @"$WORK/big.pdf" "http://127.0.0.1:$PORT/api/v1/media" >"$WORK/status" &
CURL_PID=$!
while kill -0 "$CURL_PID" 2>/dev/null; do
  ANON=$(status_kib RssAnon)
  if (( ANON > PEAK_ANON )); then PEAK_ANON=$ANON; fi
  sleep 0.02
done
CURL_STATUS=0
wait "$CURL_PID" || CURL_STATUS=$?
[[ $CURL_STATUS -eq 0 ]] || { echo "curl failed (exit $CURL_STATUS)" >&2; tail -5 "$WORK/server.log" >&2; }
AFTER=$(status_kib VmHWM)

echo "upload of ${MIB} MiB: HTTP $(cat "$WORK/status") (sha256 $(sha256sum "$WORK/big.pdf" | cut -c1-16)…, server says $(grep -o '"hash":"[0-9a-f]\{16\}' "$WORK/answer.json" | cut -c9-))"
echo "server VmHWM before upload: $((BEFORE / 1024)) MiB"
echo "server VmHWM after upload:  $((AFTER / 1024)) MiB (includes mapped page cache)"
echo "server RssAnon before upload: $((ANON_BEFORE / 1024)) MiB; peak during upload (sampled): $((PEAK_ANON / 1024)) MiB"
