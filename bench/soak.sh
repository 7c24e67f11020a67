#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Soak (issue 16, item 6): the demo platform under mixed load for --minutes (default 30):
# signed-in pupils browsing, searching with distinct queries and answering questions, and once
# a minute a sync (collect from the live data folder, apply into a school box) and an import of
# questions into it. The server's RSS is sampled every minute. Fails when any request or
# command fails, or when RSS grows more than --max-growth-mb over the last two thirds of the
# run (the first third, at least a minute, is warm-up: SQLite's page caches fill as the
# database grows). Not part of the test suite.
#
# Usage: bench/soak.sh [options]
#   --binary PATH        imaginecole binary (default build/release/imaginecole)
#   --minutes N          minutes of load (default 30)
#   --clients N          concurrent pupils (default 8)
#   --max-growth-mb N    allowed RSS growth after the warm-up (default 16)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
BINARY=build/release/imaginecole
MINUTES=30
CLIENTS=8
MAX_GROWTH_MB=16
SERVER_THREADS=0
SERVER_WORKERS=0

die() {
  echo "soak.sh: error: $*" >&2
  exit 1
}
usage() {
  sed -n '3,16p' "$0" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}
need_value() { [[ $# -ge 2 && -n $2 ]] || die "option $1 needs a value"; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --binary) need_value "$@"; BINARY=$2; shift 2 ;;
    --minutes) need_value "$@"; MINUTES=$2; shift 2 ;;
    --clients) need_value "$@"; CLIENTS=$2; shift 2 ;;
    --max-growth-mb) need_value "$@"; MAX_GROWTH_MB=$2; shift 2 ;;
    -h | --help) usage 0 ;;
    *) echo "soak.sh: unknown option: $1" >&2; usage 2 >&2 ;;
  esac
done
for n in MINUTES CLIENTS MAX_GROWTH_MB; do
  [[ ${!n} =~ ^[1-9][0-9]*$ ]] || die "--${n,,} must be a positive integer (got '${!n}')"
done
command -v python3 >/dev/null || die "'python3' not found"
command -v curl >/dev/null || die "'curl' not found"
[[ -x $BINARY ]] || die "binary '$BINARY' not found or not executable (cmake --preset release, then build it)"
BINARY=$(cd "$(dirname "$BINARY")" && pwd)/$(basename "$BINARY")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/imaginecole-soak.XXXXXX")
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

echo "== init --demo, and an empty school box for the sync" >&2
"$BINARY" init --data "$WORK/data" --demo >"$WORK/init.log" 2>&1 ||
  { cat "$WORK/init.log" >&2; die "'imaginecole init --demo' failed"; }
"$BINARY" init --data "$WORK/box" >>"$WORK/init.log" 2>&1 ||
  { cat "$WORK/init.log" >&2; die "'imaginecole init' of the box failed"; }
start_server --data "$WORK/data"

echo "== $MINUTES min of mixed load, $CLIENTS pupils; load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
cpu_before=$(cpu_ticks "$SERVER_PID")
started=$(date +%s)
result=$(python3 "$HERE/soak_load.py" "$BASE" "$BINARY" "$WORK/data" "$WORK/box" "$WORK" \
  "$MINUTES" "$CLIENTS" "$SERVER_PID")
cpu_after=$(cpu_ticks "$SERVER_PID")
elapsed=$(($(date +%s) - started))
kill -0 "$SERVER_PID" 2>/dev/null || die "the server died during the soak: $(tail -n 5 "$WORK/serve.err")"
python3 - "$result" "$MAX_GROWTH_MB" "$(((cpu_after - cpu_before) * 100 / $(getconf CLK_TCK) / elapsed))" \
  "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import json, sys
r, bound_mb, cpu, load = json.loads(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
samples = [s["rss_kib"] for s in r["samples"]]
print("RSS by minute (MiB):", " ".join(f"{s / 1024:.1f}" for s in samples))
print("requests and commands:", r["counts"])
print(f"server CPU: {cpu}% of one core on average; load average at the end: {load}")
warm_up = max(1, (len(samples) - 1) // 3)  # minutes
print(f"RSS growth after the first minute: {(max(samples[1:]) - samples[1]) / 1024:.1f} MiB")
growth_mb = (max(samples[warm_up:]) - samples[warm_up]) / 1024
print(f"RSS growth after the warm-up (minute {warm_up}): {growth_mb:.1f} MiB (bound {bound_mb} MiB)")
failed = False
if r["errors"]:
    print(f"{r['counts'].get('errors', 0)} errors, the first ones:")
    for line in r["errors"][:20]:
        print("  " + line)
    failed = True
if growth_mb > bound_mb:
    print("FAIL: memory grew beyond the bound")
    failed = True
print("FAIL" if failed else "PASS")
sys.exit(1 if failed else 0)
PY
