#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# The classroom benchmark (issue 16): simulated pupils against a school server restricted to ONE
# core (taskset) and 512 MB (a memory cgroup), driven by Locust (bench/classroom_locustfile.py:
# one master and --workers FastHttpUser workers, on the other cores). Each pupil signs in
# (Argon2id), opens its assignments, the assigned lesson, the exercise player, answers every
# question (POST /api/v1/attempts, recorded as attempts) thinking 5-10 s before each, and opens
# the next. The load climbs through --steps; each step is measured --hold seconds once every
# pupil of the step is signed in. Prints the curve: pupils -> p50/p95/p99, req/s, errors,
# server CPU share and memory, and the load average of the machine.
#
# Usage: bench/classroom_bench.sh [options]
#   --binary PATH     imaginecole binary (default build/release/imaginecole)
#   --steps LIST      pupils at each step, comma separated (default 1000,2500,5000,7500,10000)
#   --hold S          seconds measured at each step (default 60)
#   --settle S        seconds waited after the last sign-in of a step (default 10)
#   --spawn-rate R    pupils started per second while climbing (default 20); each worker
#                     signs in 4 at a time, so the climb follows the server's hashing (~16/s)
#   --workers W       Locust worker processes (default 2)
#   --class-size N    pupils per class (default 40)
#   --memory MB       the server's memory limit (default 512; 0: none)
#   --server-core C   the core the server is pinned to (default 0; the load runs on the others)
#   --results FILE    also keep the per-step JSON lines there
#
# Needs: Debian's python3-locust (apt-get install python3-locust), sqlite3, curl, taskset.
# The memory limit is a cgroup v1 or v2 folder made inside this shell's own memory cgroup (it
# needs write access there: root in a container); without it the bench says so and runs
# without a limit.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
BINARY=build/release/imaginecole
STEPS=1000,2500,5000,7500,10000
HOLD=60
SETTLE=10
SPAWN_RATE=20
WORKERS=2
CLASS_SIZE=40
MEMORY_MB=512
SERVER_CORE=0
RESULTS_COPY=""
SERVER_THREADS=1
SERVER_WORKERS=0
PUPIL_PASSWORD=classe-banc-2026
PREFIX=banc

die() {
  echo "classroom_bench.sh: error: $*" >&2
  exit 1
}
usage() {
  sed -n '3,28p' "$0" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}
need_value() { [[ $# -ge 2 && -n $2 ]] || die "option $1 needs a value"; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --binary) need_value "$@"; BINARY=$2; shift 2 ;;
    --steps) need_value "$@"; STEPS=$2; shift 2 ;;
    --hold) need_value "$@"; HOLD=$2; shift 2 ;;
    --settle) need_value "$@"; SETTLE=$2; shift 2 ;;
    --spawn-rate) need_value "$@"; SPAWN_RATE=$2; shift 2 ;;
    --workers) need_value "$@"; WORKERS=$2; shift 2 ;;
    --class-size) need_value "$@"; CLASS_SIZE=$2; shift 2 ;;
    --memory) need_value "$@"; MEMORY_MB=$2; shift 2 ;;
    --server-core) need_value "$@"; SERVER_CORE=$2; shift 2 ;;
    --results) need_value "$@"; RESULTS_COPY=$2; shift 2 ;;
    -h | --help) usage 0 ;;
    *) echo "classroom_bench.sh: unknown option: $1" >&2; usage 2 >&2 ;;
  esac
done
[[ $STEPS =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || die "--steps: pupils, comma separated (got '$STEPS')"
for n in HOLD SPAWN_RATE WORKERS CLASS_SIZE; do
  [[ ${!n} =~ ^[1-9][0-9]*$ ]] || die "--${n,,} must be a positive integer (got '${!n}')"
done
[[ $SETTLE =~ ^[0-9]+$ && $MEMORY_MB =~ ^[0-9]+$ && $SERVER_CORE =~ ^[0-9]+$ ]] ||
  die "--settle, --memory and --server-core are integers"
for tool in curl taskset sqlite3 python3 locust awk; do
  command -v "$tool" >/dev/null || die "'$tool' not found (apt-get install python3-locust sqlite3 curl util-linux)"
done
[[ -x $BINARY ]] || die "binary '$BINARY' not found or not executable (cmake --preset release, then build it)"
BINARY=$(cd "$(dirname "$BINARY")" && pwd)/$(basename "$BINARY")
LOAD_CORES=$(awk -v c="$SERVER_CORE" '/^processor/ && $3 != c { printf "%s%s", sep, $3; sep = "," }' /proc/cpuinfo)
[[ -n $LOAD_CORES ]] || die "one core only: the load generator needs another"
PUPILS=0
IFS=, read -ra STEP_LIST <<<"$STEPS"
for s in "${STEP_LIST[@]}"; do ((s > PUPILS)) && PUPILS=$s; done
# Each worker takes every W-th pupil: make enough for an uneven share.
PUPILS_MADE=$((PUPILS + WORKERS * 2))
# Locust's own Python: the Debian package installs it for /usr/bin/python3.
LOCUST=$(command -v locust)
# ... and that Python for the bench's own small scripts (a version manager's shim may take
# seconds to start on a busy machine).
PYTHON=$(sed -n '1s/^#! *\([^ ]*\).*/\1/p' "$LOCUST")
[[ -x $PYTHON ]] || PYTHON=python3

WORK=$(mktemp -d "${TMPDIR:-/tmp}/imaginecole-classroom.XXXXXX")
SERVER_PID=""
CGROUP=""
LOCUST_PIDS=()
cleanup() {
  local rc=$? pid
  trap - EXIT INT TERM
  for pid in "${LOCUST_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${LOCUST_PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  stop_server
  [[ -n $CGROUP && -d $CGROUP ]] && rmdir "$CGROUP" 2>/dev/null
  rm -rf "$WORK"
  exit "$rc"
}
# shellcheck source=bench/lib/server.sh
source "$HERE/lib/server.sh"
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# make_memory_cgroup: sets CGROUP to a new memory cgroup limited to MEMORY_MB, inside the one this
# shell runs in (so any limit above it still applies), or to "" when there is none to write.
make_memory_cgroup() {
  local own v2 v1 name
  name="imaginecole-classroom-$$"
  v2=$(sed -n 's/^0::\(.*\)$/\1/p' /proc/self/cgroup)
  v1=$(awk -F: '$2 ~ /(^|,)memory(,|$)/ { print $3 }' /proc/self/cgroup)
  if [[ -n $v1 && -w /sys/fs/cgroup/memory$v1 ]]; then
    own=/sys/fs/cgroup/memory${v1%/}
    mkdir "$own/$name" 2>/dev/null || return 0
    CGROUP="$own/$name"
    echo $((MEMORY_MB * 1024 * 1024)) >"$CGROUP/memory.limit_in_bytes"
    # No escape to swap either, where the kernel offers it.
    [[ -w $CGROUP/memory.memsw.limit_in_bytes ]] &&
      echo $((MEMORY_MB * 1024 * 1024)) >"$CGROUP/memory.memsw.limit_in_bytes" 2>/dev/null
    CGROUP_KIND="cgroup v1 memory.limit_in_bytes ($CGROUP)"
  elif [[ -n $v2 && -f /sys/fs/cgroup/cgroup.controllers && -w /sys/fs/cgroup${v2%/} ]]; then
    own=/sys/fs/cgroup${v2%/}
    mkdir "$own/$name" 2>/dev/null || return 0
    CGROUP="$own/$name"
    echo $((MEMORY_MB * 1024 * 1024)) >"$CGROUP/memory.max" 2>/dev/null || { rmdir "$CGROUP"; CGROUP=""; return 0; }
    echo 0 >"$CGROUP/memory.swap.max" 2>/dev/null || true
    CGROUP_KIND="cgroup v2 memory.max ($CGROUP)"
  fi
  return 0
}

echo "== init --demo and $PUPILS_MADE pupils in classes of $CLASS_SIZE (school DKR001)" >&2
"$BINARY" init --data "$WORK/data" --demo >"$WORK/init.log" 2>&1 ||
  { cat "$WORK/init.log" >&2; die "'imaginecole init --demo' failed"; }
"$BINARY" demo pupils --data "$WORK/data" --school DKR001 --count "$PUPILS_MADE" \
  --class-size "$CLASS_SIZE" --prefix "$PREFIX" --password "$PUPIL_PASSWORD" >&2 ||
  die "'imaginecole demo pupils' failed"

DB="file:$WORK/data/imaginecole.db?mode=ro"
LESSON=$(sqlite3 "$DB" "SELECT id FROM resources WHERE kind = 'lesson' AND status = 'published'
  AND origin_country = 'SN' ORDER BY title LIMIT 1")
SET_ID=$(sqlite3 "$DB" "SELECT id FROM resources WHERE kind = 'exercise_set' AND status = 'published'
  AND origin_country = 'SN' AND questions LIKE '%\"numeric\"%' ORDER BY id LIMIT 1")
[[ -n $LESSON && -n $SET_ID ]] || die "the demo data has no published lesson and exercise set in Senegal"
# One plausible answer per question, by type (right or wrong does not matter to the server).
sqlite3 "$DB" "SELECT questions FROM resources WHERE id = '$SET_ID' AND status = 'published'" |
  "$PYTHON" -c '
import json, sys
answers = {"numeric": {"text": "12"}, "short_text": {"text": "oui"}, "single_choice": {"choice": 0},
           "true_false": {"truth": True}, "multiple_choice": {"choices": [0]}}
questions = [{"id": q["id"], "response": answers[q["type"]]} for q in json.load(sys.stdin)
             if q["type"] in answers]
print(json.dumps({"school": "DKR001", "password": sys.argv[1], "prefix": sys.argv[2],
                  "lesson": sys.argv[3], "exercise_set": sys.argv[4], "questions": questions}))
' "$PUPIL_PASSWORD" "$PREFIX" "$LESSON" "$SET_ID" >"$WORK/config.json"

# The server alone on its core, in its memory cgroup: a wrapper joins the cgroup, then execs.
CGROUP_KIND="none (no writable memory cgroup here)"
((MEMORY_MB > 0)) && make_memory_cgroup
REAL_BINARY=$BINARY
BINARY="$WORK/limited-imaginecole"
{
  echo '#!/bin/sh'
  [[ -n $CGROUP ]] && echo "echo \$\$ > '$CGROUP/cgroup.procs'"
  echo "exec taskset -c $SERVER_CORE '$REAL_BINARY' \"\$@\""
} >"$BINARY"
chmod +x "$BINARY"
# Every pupil comes from loopback here, where a school's pupils each have their own address: the
# server's caps (1,000 connections per address, 10,000 in all) are raised above the pupils.
start_server --data "$WORK/data" --max-connections $((PUPILS + 1000)) \
  --max-connections-per-address $((PUPILS + 1000))

echo "== the head of DKR001 assigns the lesson and the exercise set to every class" >&2
head_session=$(sign_in '{"username":"sn.head","password":"ecole-demo"}')
curl -fsS -H "Cookie: ${head_session%%$'\t'*}" "$BASE/api/v1/classes" >"$WORK/classes.json"
"$PYTHON" -c 'import json, sys; [print(c["id"]) for c in json.load(open(sys.argv[1]))["classes"]]' \
  "$WORK/classes.json" >"$WORK/classes.txt"
assigned=0
while read -r class_id; do
  for resource in "$LESSON" "$SET_ID"; do
    out=$(curl -sS -o "$WORK/assign.json" -w '%{http_code}' -H "Cookie: ${head_session%%$'\t'*}" \
      -H "X-CSRF-Token: ${head_session#*$'\t'}" -H 'Content-Type: application/json' \
      --data "{\"client_id\":\"$(cat /proc/sys/kernel/random/uuid)\",\"resource\":\"$resource\"}" \
      "$BASE/api/v1/classes/$class_id/assignments")
    [[ $out == 201 ]] || die "assigning $resource to $class_id answered $out: $(head -c 300 "$WORK/assign.json")"
    assigned=$((assigned + 1))
  done
done <"$WORK/classes.txt"
echo "   $assigned assignments in $(wc -l <"$WORK/classes.txt") classes" >&2

echo "== Locust: 1 master + $WORKERS workers on core(s) $LOAD_CORES; server on core $SERVER_CORE, memory limit: $CGROUP_KIND" >&2
echo "   steps $STEPS pupils, climbing at $SPAWN_RATE pupils/s, ${SETTLE}s settle, ${HOLD}s measured each; load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
export CLASSROOM_CONFIG="$WORK/config.json" CLASSROOM_WORKERS=$WORKERS CLASSROOM_STEPS=$STEPS \
  CLASSROOM_SPAWN_RATE=$SPAWN_RATE CLASSROOM_SETTLE=$SETTLE CLASSROOM_HOLD=$HOLD \
  CLASSROOM_RESULTS="$WORK/steps.jsonl" CLASSROOM_SERVER_PID=$SERVER_PID CLASSROOM_CGROUP=$CGROUP
: >"$WORK/steps.jsonl"
port=$((20000 + $$ % 20000))
taskset -c "$LOAD_CORES" "$LOCUST" -f "$HERE/classroom_locustfile.py" --headless --master \
  --master-bind-host 127.0.0.1 --master-bind-port "$port" --expect-workers "$WORKERS" \
  --host "$BASE" --only-summary --loglevel WARNING >"$WORK/master.out" 2>"$WORK/master.err" &
LOCUST_PIDS+=($!)
master=$!
for ((w = 0; w < WORKERS; w++)); do
  CLASSROOM_WORKER=$w taskset -c "$LOAD_CORES" "$LOCUST" -f "$HERE/classroom_locustfile.py" \
    --worker --master-host 127.0.0.1 --master-port "$port" --loglevel WARNING \
    >"$WORK/worker-$w.out" 2>"$WORK/worker-$w.err" &
  LOCUST_PIDS+=($!)
done
steps_done=0
while kill -0 "$master" 2>/dev/null; do
  sleep 5
  kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 20 "$WORK/serve.err" >&2; die "the server died (out of memory?)"; }
  now=$(wc -l <"$WORK/steps.jsonl")
  if ((now > steps_done)); then
    tail -n +$((steps_done + 1)) "$WORK/steps.jsonl" | "$PYTHON" -c '
import json, sys
for line in sys.stdin:
    s = json.loads(line)
    print("   step %(pupils)s pupils: p95 %(p95_ms)s ms, %(req_per_s)s req/s, %(failures)s errors,"
          " server CPU %(server_cpu_percent)s%%" % s, file=sys.stderr)' || true
    steps_done=$now
  fi
done
wait "$master" || true
[[ -s $WORK/steps.jsonl ]] || { tail -n 20 "$WORK/master.err" "$WORK"/worker-*.err >&2; die "Locust measured no step"; }
[[ -n $RESULTS_COPY ]] && cp "$WORK/steps.jsonl" "$RESULTS_COPY"
attempts=$(sqlite3 "$DB" "SELECT count(*) FROM attempts")
rss_peak=$(awk '/VmHWM/ { print $2 }' "/proc/$SERVER_PID/status" 2>/dev/null || echo "?")

echo
echo "imaginecole classroom: $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPU(s); server on core $SERVER_CORE (--threads $SERVER_THREADS), memory limit: $CGROUP_KIND"
echo "Locust $(dpkg-query -W -f='${Version}' python3-locust 2>/dev/null) FastHttpUser, 1 master + $WORKERS workers on core(s) $LOAD_CORES; think time 5-10 s; ${HOLD}s measured per step"
"$PYTHON" - "$WORK/steps.jsonl" <<'PY'
import json, sys
steps = [json.loads(l) for l in open(sys.argv[1])]
print(f"{'pupils':>7} | {'p50 ms':>6} | {'p95 ms':>6} | {'p99 ms':>6} | {'max ms':>6} | {'req/s':>7} | {'errors':>6} | {'server CPU':>10} | {'RSS MB':>6} | load average")
print("-" * 8 + "+" + "-" * 8 + "+" + "-" * 8 + "+" + "-" * 8 + "+" + "-" * 8 + "+" + "-" * 9 + "+" + "-" * 8 + "+" + "-" * 12 + "+" + "-" * 8 + "+" + "-" * 20)
for s in steps:
    rss = f"{s['server_rss_kb'] / 1024:.0f}" if s["server_rss_kb"] else "?"
    print(f"{s['pupils']:>7} | {s['p50_ms']:>6} | {s['p95_ms']:>6} | {s['p99_ms']:>6} | {s['max_ms']:>6.0f} | {s['req_per_s']:>7} | {s['failures']:>6} | {s['server_cpu_percent']:>9}% | {rss:>6} | {' '.join(s['load_before'])} -> {' '.join(s['load_after'])}")
best = [s["pupils"] for s in steps if s["p95_ms"] < 200 and s["failures"] == 0]
print(f"largest step served at p95 < 200 ms without errors: {max(best) if best else 'none'} pupils")
for s in steps:
    print(f"  {s['pupils']} pupils, per route: " + "; ".join(
        f"{name} n={r['requests']} p95 {r['p95_ms']} ms" + (f" ({r['failures']} failed)" if r["failures"] else "")
        for name, r in sorted(s["routes"].items())))
PY
echo "attempts recorded in the database: $attempts; server peak RSS ${rss_peak} kB"
