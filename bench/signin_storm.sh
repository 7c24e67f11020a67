#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# A class start beyond the hashing capacity (issue 16): the server on ONE core (taskset),
# pupils arriving at --rate sign-ins/s (Argon2id, about 16/s on one core of this machine), and
# meanwhile --pollers pupils already signed in asking GET /api/v1/me every --interval ms. The
# sign-ins queue (expected); /api/v1/me must not queue behind them (aim: p95 < 50 ms).
# The load generator (bench/signin_storm.py) runs on the other core.
#
# Usage: bench/signin_storm.sh [options]
#   --binary PATH     imaginecole binary (default build/release/imaginecole)
#   --rate R          sign-ins per second (default 20)
#   --duration S      seconds of storm (default 20)
#   --pollers N       signed-in pupils polling /api/v1/me (default 16)
#   --interval MS     each poller's pause between two requests (default 100)
#   --server-core C   the core the server is pinned to (default 0; the load runs on the others)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
BINARY=build/release/imaginecole
RATE=20
DURATION=20
POLLERS=16
INTERVAL=100
SERVER_CORE=0
SERVER_THREADS=1
SERVER_WORKERS=0
PUPIL_PASSWORD=tempete-banc-2026
STORM_PUPILS=64

die() {
  echo "signin_storm.sh: error: $*" >&2
  exit 1
}
usage() {
  sed -n '3,17p' "$0" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}
need_value() { [[ $# -ge 2 && -n $2 ]] || die "option $1 needs a value"; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --binary) need_value "$@"; BINARY=$2; shift 2 ;;
    --rate) need_value "$@"; RATE=$2; shift 2 ;;
    --duration) need_value "$@"; DURATION=$2; shift 2 ;;
    --pollers) need_value "$@"; POLLERS=$2; shift 2 ;;
    --interval) need_value "$@"; INTERVAL=$2; shift 2 ;;
    --server-core) need_value "$@"; SERVER_CORE=$2; shift 2 ;;
    -h | --help) usage 0 ;;
    *) echo "signin_storm.sh: unknown option: $1" >&2; usage 2 >&2 ;;
  esac
done
for n in RATE DURATION POLLERS INTERVAL; do
  [[ ${!n} =~ ^[1-9][0-9]*$ ]] || die "--${n,,} must be a positive integer (got '${!n}')"
done
[[ $SERVER_CORE =~ ^[0-9]+$ ]] || die "--server-core must be a core number"
for tool in curl taskset python3 sed; do
  command -v "$tool" >/dev/null || die "'$tool' not found"
done
[[ -x $BINARY ]] || die "binary '$BINARY' not found or not executable (cmake --preset release, then build it)"
BINARY=$(cd "$(dirname "$BINARY")" && pwd)/$(basename "$BINARY")
LOAD_CORES=$(awk -v c="$SERVER_CORE" '/^processor/ && $3 != c { printf "%s%s", sep, $3; sep = "," }' /proc/cpuinfo)
[[ -n $LOAD_CORES ]] || die "one core only: the load generator needs another"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/imaginecole-signin-storm.XXXXXX")
SERVER_PID=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_server
  rm -rf "$WORK"
  exit "$rc"
}
# shellcheck source=bench/lib/server.sh
source "$HERE/lib/server.sh"
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "== init --demo" >&2
"$BINARY" init --data "$WORK/data" --demo >"$WORK/init.log" 2>&1 ||
  { cat "$WORK/init.log" >&2; die "'imaginecole init --demo' failed"; }
# The server alone on its core: start_server runs $BINARY, so wrap it in taskset.
REAL_BINARY=$BINARY
BINARY="$WORK/pinned-imaginecole"
printf '#!/bin/sh\nexec taskset -c %s "%s" "$@"\n' "$SERVER_CORE" "$REAL_BINARY" >"$BINARY"
chmod +x "$BINARY"
start_server --data "$WORK/data"

echo "== $((POLLERS + STORM_PUPILS)) pupils in CM2 A of DKR001" >&2
teacher=$(sign_in '{"username":"sn.teacher","password":"ecole-demo"}')
class_id=$(curl -fsS -H "Cookie: ${teacher%%$'\t'*}" "$BASE/api/v1/classes" |
  sed -n 's/^{"classes":\[{"id":"\([^"]*\)".*/\1/p')
[[ -n $class_id ]] || die "the demo teacher has no class"
pupils=""
for ((i = 1; i <= POLLERS + STORM_PUPILS; i++)); do
  pupils+="${pupils:+,}{\"display_name\":\"Tempete $i\",\"username\":\"tempete$i\",\"password\":\"$PUPIL_PASSWORD\"}"
done
out=$(curl -sS --max-time 300 -o "$WORK/pupils.json" -w '%{http_code}' \
  -H "Cookie: ${teacher%%$'\t'*}" -H "X-CSRF-Token: ${teacher#*$'\t'}" \
  -H 'Content-Type: application/json' --data "{\"pupils\":[$pupils]}" \
  "$BASE/api/v1/classes/$class_id/pupils")
[[ $out == 201 ]] || die "adding the pupils answered $out: $(head -c 300 "$WORK/pupils.json")"
: >"$WORK/sessions.tsv"
for ((i = 1; i <= POLLERS; i++)); do
  sign_in "{\"school\":\"DKR001\",\"username\":\"tempete$i\",\"password\":\"$PUPIL_PASSWORD\"}" >>"$WORK/sessions.tsv"
done
: >"$WORK/storm.txt"
for ((i = POLLERS + 1; i <= POLLERS + STORM_PUPILS; i++)); do
  echo "{\"school\":\"DKR001\",\"username\":\"tempete$i\",\"password\":\"$PUPIL_PASSWORD\"}" >>"$WORK/storm.txt"
done

echo "== storm: $RATE sign-ins/s for ${DURATION}s, $POLLERS pupils on /api/v1/me every ${INTERVAL} ms; server on core $SERVER_CORE; load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
cpu_before=$(cpu_ticks "$SERVER_PID")
started=$(date +%s%N)
result=$(taskset -c "$LOAD_CORES" python3 "$HERE/signin_storm.py" "$BASE" "$WORK/sessions.tsv" \
  "$WORK/storm.txt" "$RATE" "$DURATION" "$INTERVAL")
cpu_after=$(cpu_ticks "$SERVER_PID")
elapsed_ms=$((($(date +%s%N) - started) / 1000000))
echo "$result"
python3 - "$result" "$(((cpu_after - cpu_before) * 100 * 1000 / $(getconf CLK_TCK) / elapsed_ms))" "$elapsed_ms" <<'PY'
import json, sys
r, cpu, elapsed = json.loads(sys.argv[1]), sys.argv[2], int(sys.argv[3]) / 1000
for name, label in (("sign_ins", "sign-ins (POST /api/v1/auth/login)"), ("me", "GET /api/v1/me (signed in)")):
    s = r[name]
    print(f"{label:38} n={s['count']:5}  p50 {s['p50_ms']} ms  p95 {s['p95_ms']} ms  p99 {s['p99_ms']} ms  max {s['max_ms']} ms  {s['statuses']}")
print(f"server CPU: {cpu}% of its core over {elapsed:.1f} s (the storm, then the sign-ins still queued at its end)")
PY
