#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Durable small writes over HTTP: 64 pupils' sessions, driven by wrk at 64 connections against
# the real server on loopback, on SQLite and on PostgreSQL side by side in one run. Prints
# writes/s, p50/p99 and errors. Two workloads:
#  - attempts (default): each request is one pupil's answer, POST /api/v1/attempts with a new
#    client UUID to a numeric question of the demo's published CFEE revision set: graded
#    against the published version, one attempts row and its change-log line, durable;
#  - profile: each request is one pupil changing its preferred language (PATCH /api/v1/me: one
#    row of users and one audit line, in one transaction).
#
# Usage: bench/write_bench.sh [options]
#   --binary PATH        imaginecole binary (default build/release/imaginecole)
#   --backends "B..."    which backends, in order (default "sqlite postgres")
#   --postgres URL       a PostgreSQL server to write to (a schema is made in it and dropped
#                        at the end); default: a throwaway one started with
#                        scripts/test-postgres.sh and IMAGINECOLE_PG_DURABLE=1 (fsync on)
#   --duration S         seconds of measured load per backend (default 10)
#   --connections C      wrk connections, and pupils signed in (default 64)
#   --threads T          wrk threads (default 2)
#   --server-threads N   passed to "serve --threads" (default 2; 0 = do not pass it)
#   --server-workers N   passed to "serve --workers" (default 0 = the server's default; a
#                        write no longer waits for its batch on a worker: decision 0040)
#   --warmup S           seconds of unmeasured load first (default 2; 0 to skip)
#   --workload W         attempts (default) or profile
#
# The rows written during the measured run (attempts, or the profile changes' audit lines) are
# counted afterwards and printed beside wrk's count of success answers: every answer must be a
# committed write.
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
WARMUP=2
WORKLOAD=attempts
PUPIL_PASSWORD=ecrit-banc-2026

die() {
  echo "write_bench.sh: error: $*" >&2
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
    --backends) need_value "$@"; BACKENDS=$2; shift 2 ;;
    --postgres) need_value "$@"; POSTGRES_URL=$2; shift 2 ;;
    --duration) need_value "$@"; DURATION=$2; shift 2 ;;
    --connections) need_value "$@"; CONNECTIONS=$2; shift 2 ;;
    --threads) need_value "$@"; WRK_THREADS=$2; shift 2 ;;
    --server-threads) need_value "$@"; SERVER_THREADS=$2; shift 2 ;;
    --server-workers) need_value "$@"; SERVER_WORKERS=$2; shift 2 ;;
    --warmup) need_value "$@"; WARMUP=$2; shift 2 ;;
    --workload) need_value "$@"; WORKLOAD=$2; shift 2 ;;
    -h | --help) usage 0 ;;
    *) echo "write_bench.sh: unknown option: $1" >&2; usage 2 >&2 ;;
  esac
done
for n in DURATION CONNECTIONS WRK_THREADS; do
  [[ ${!n} =~ ^[1-9][0-9]*$ ]] || die "$n must be a positive integer (got '${!n}')"
done
[[ $SERVER_THREADS =~ ^[0-9]+$ && $SERVER_WORKERS =~ ^[0-9]+$ && $WARMUP =~ ^[0-9]+$ ]] ||
  die "--server-threads, --server-workers and --warmup are integers"
((CONNECTIONS <= 200)) || die "--connections: at most 200 (one class takes 200 pupils at once)"
((WRK_THREADS <= CONNECTIONS)) || die "--threads must not exceed --connections"
[[ $WORKLOAD == attempts || $WORKLOAD == profile ]] || die "unknown workload '$WORKLOAD' (attempts or profile)"
for backend in $BACKENDS; do
  [[ $backend == sqlite || $backend == postgres ]] || die "unknown backend '$backend'"
done
for tool in wrk curl awk sed; do
  command -v "$tool" >/dev/null || die "'$tool' not found (run scripts/install-deps.sh)"
done
[[ -x $BINARY ]] || die "binary '$BINARY' not found or not executable (cmake --preset release, then build it)"
BINARY=$(cd "$(dirname "$BINARY")" && pwd)/$(basename "$BINARY")
if [[ " $BACKENDS " == *" postgres "* ]]; then
  command -v psql >/dev/null || die "'psql' not found (PostgreSQL client)"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/imaginecole-write-bench.XXXXXX")
SERVER_PID=""
PG_STATE=""
PG_SCHEMA=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_server
  if [[ -n $PG_SCHEMA ]]; then
    psql "$POSTGRES_URL" -qc "DROP SCHEMA $PG_SCHEMA CASCADE" >/dev/null 2>&1 || true
  fi
  if [[ -n $PG_STATE ]]; then
    IMAGINECOLE_PG_STATE=$PG_STATE bash "$ROOT/scripts/test-postgres.sh" stop || true
  fi
  rm -rf "$WORK"
  exit "$rc"
}
# shellcheck source=bench/lib/server.sh
source "$HERE/lib/server.sh"
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ " $BACKENDS " == *" postgres "* && -z $POSTGRES_URL ]]; then
  echo "== starting a throwaway PostgreSQL with fsync on (scripts/test-postgres.sh)" >&2
  PG_STATE="$WORK/postgres.state"
  POSTGRES_URL=$(IMAGINECOLE_PG_STATE=$PG_STATE IMAGINECOLE_PG_DURABLE=1 \
    bash "$ROOT/scripts/test-postgres.sh" start) || die "could not start PostgreSQL"
fi



# count_writes BACKEND: the rows the workload wrote so far (attempts, or the audit lines of
# PATCH /api/v1/me).
count_writes() {
  local sql="SELECT count(*) FROM audit_log WHERE action = 'account.profile'"
  [[ $WORKLOAD == attempts ]] && sql="SELECT count(*) FROM attempts"
  if [[ $1 == postgres ]]; then
    psql "$DATABASE_URL" -Atc "$sql"
  else
    sqlite3 "file:$DATA/imaginecole.db?mode=ro" "$sql"
  fi
}

# choose_numeric_questions BACKEND: sets SET_ID to a published exercise set of Senegal (the
# pupils' country) and QUESTION_IDS to its numeric questions' ids, joined by commas.
choose_numeric_questions() {
  local set_sql="SELECT id FROM resources WHERE kind = 'exercise_set' AND status = 'published'
    AND origin_country = 'SN' AND questions LIKE '%\"numeric\"%' ORDER BY id LIMIT 1"
  local sqlite_ids="SELECT group_concat(json_extract(value, '\$.id'), ',') FROM resources,
    json_each(resources.questions) WHERE resources.id = '%s'
    AND json_extract(value, '\$.type') = 'numeric'"
  local postgres_ids="SELECT string_agg(q->>'id', ',') FROM resources,
    jsonb_array_elements(resources.questions::jsonb) q WHERE resources.id = '%s'
    AND q->>'type' = 'numeric'"
  if [[ $1 == postgres ]]; then
    SET_ID=$(psql "$DATABASE_URL" -Atc "$set_sql")
    # shellcheck disable=SC2059 # the format is ours, the id a UUID read just above
    QUESTION_IDS=$(psql "$DATABASE_URL" -Atc "$(printf "$postgres_ids" "$SET_ID")")
  else
    SET_ID=$(sqlite3 "file:$DATA/imaginecole.db?mode=ro" "$set_sql")
    # shellcheck disable=SC2059
    QUESTION_IDS=$(sqlite3 "file:$DATA/imaginecole.db?mode=ro" "$(printf "$sqlite_ids" "$SET_ID")")
  fi
  [[ -n $SET_ID && -n $QUESTION_IDS ]] || die "the demo data has no published numeric question in Senegal"
}


declare -A RESULT=()
run_backend() { # run_backend BACKEND
  local backend=$1 db_args=() teacher class_id pupils i out before after cpu_before
  DATA="$WORK/data-$backend"
  DATABASE_URL=""
  if [[ $backend == postgres ]]; then
    PG_SCHEMA="bench_writes_$$"
    psql "$POSTGRES_URL" -qc "CREATE SCHEMA $PG_SCHEMA" >/dev/null || die "cannot create schema $PG_SCHEMA"
    local separator='?'
    [[ $POSTGRES_URL == *\?* ]] && separator='&'
    DATABASE_URL="$POSTGRES_URL${separator}options=-csearch_path%3D$PG_SCHEMA"
    db_args=(--database "$DATABASE_URL")
    RESULT[$backend settings]="fsync=$(psql "$DATABASE_URL" -Atc 'SHOW fsync'), synchronous_commit=$(psql "$DATABASE_URL" -Atc 'SHOW synchronous_commit')"
  else
    RESULT[$backend settings]="the server's own (PRAGMA synchronous as src/storage/sqlite sets it)"
  fi
  echo "== $backend: init --demo" >&2
  "$BINARY" init --data "$DATA" "${db_args[@]}" --demo >"$WORK/init.log" 2>&1 ||
    { cat "$WORK/init.log" >&2; die "'imaginecole init --demo' failed"; }
  start_server --data "$DATA" "${db_args[@]}"

  echo "== $backend: $CONNECTIONS pupils in CM2 A of DKR001, each signed in" >&2
  teacher=$(sign_in '{"username":"sn.teacher","password":"ecole-demo"}')
  class_id=$(curl -fsS -H "Cookie: ${teacher%%$'\t'*}" "$BASE/api/v1/classes" |
    sed -n 's/^{"classes":\[{"id":"\([^"]*\)".*/\1/p')
  [[ -n $class_id ]] || die "the demo teacher has no class"
  pupils=""
  for ((i = 1; i <= CONNECTIONS; i++)); do
    pupils+="${pupils:+,}{\"display_name\":\"Banc $i\",\"username\":\"banc$i\",\"password\":\"$PUPIL_PASSWORD\"}"
  done
  out=$(curl -sS --max-time 120 -o "$WORK/pupils.json" -w '%{http_code}' \
    -H "Cookie: ${teacher%%$'\t'*}" -H "X-CSRF-Token: ${teacher#*$'\t'}" \
    -H 'Content-Type: application/json' --data "{\"pupils\":[$pupils]}" \
    "$BASE/api/v1/classes/$class_id/pupils")
  [[ $out == 201 ]] || die "adding the pupils answered $out: $(head -c 300 "$WORK/pupils.json")"
  : >"$WORK/sessions.tsv"
  for ((i = 1; i <= CONNECTIONS; i++)); do
    sign_in "{\"school\":\"DKR001\",\"username\":\"banc$i\",\"password\":\"$PUPIL_PASSWORD\"}" >>"$WORK/sessions.tsv"
  done
  read -r cookie token <"$WORK/sessions.tsv"
  local script_args=() route="PATCH /api/v1/me"
  if [[ $WORKLOAD == attempts ]]; then
    choose_numeric_questions "$backend"
    script_args=("$SET_ID" "$QUESTION_IDS")
    route="POST /api/v1/attempts"
    out=$(curl -sS -o "$WORK/one.json" -w '%{http_code}' -H "Cookie: $cookie" \
      -H "X-CSRF-Token: $token" -H 'Content-Type: application/json' \
      --data "{\"client_id\":\"0190f0f0-0000-7000-8000-0000000b0001\",\"question\":\"${QUESTION_IDS%%,*}\",\"resource\":\"$SET_ID\",\"response\":{\"text\":\"1\"}}" \
      "$BASE/api/v1/attempts")
  else
    out=$(curl -sS -o "$WORK/one.json" -w '%{http_code}' -X PATCH -H "Cookie: $cookie" \
      -H "X-CSRF-Token: $token" -H 'Content-Type: application/json' \
      --data '{"preferred_language":"fr"}' "$BASE/api/v1/me")
  fi
  [[ $out == 200 ]] || die "$route answered $out: $(head -c 300 "$WORK/one.json")"

  if ((WARMUP > 0)); then
    echo "== $backend: warm-up ${WARMUP}s" >&2
    wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "$HERE/write_bench.lua" "$BASE" \
      -- "$WORK/sessions.tsv" "$WRK_THREADS" "${script_args[@]}" >/dev/null
  fi
  before=$(count_writes "$backend")
  cpu_before=$(cpu_ticks "$SERVER_PID")
  echo "== $backend: wrk -t$WRK_THREADS -c$CONNECTIONS -d${DURATION}s, $route" >&2
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s "$HERE/write_bench.lua" \
    "$BASE" -- "$WORK/sessions.tsv" "$WRK_THREADS" "${script_args[@]}" >"$WORK/wrk-$backend.out"
  grep -v '^writes_' "$WORK/wrk-$backend.out" >&2
  after=$(count_writes "$backend")
  RESULT[$backend cpu]=$(awk -v t="$(($(cpu_ticks "$SERVER_PID") - cpu_before))" -v hz="$(getconf CLK_TCK)" \
    -v d="$DURATION" 'BEGIN { printf "%.0f", 100 * t / hz / d }')
  RESULT[$backend rss]=$(awk '/VmHWM/ { print $2 }' "/proc/$SERVER_PID/status" 2>/dev/null || echo "?")
  stop_server
  for key in requests per_s p50_ms p99_ms errors non_2xx; do
    RESULT[$backend $key]=$(awk -v k="writes_$key" '$1 == k { print $2 }' "$WORK/wrk-$backend.out")
  done
  RESULT[$backend committed]=$((after - before))
}

for backend in $BACKENDS; do
  run_backend "$backend"
done

echo
echo "imaginecole durable writes: $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPU(s), wrk -t$WRK_THREADS -c$CONNECTIONS -d${DURATION}s, $WORKLOAD: $([[ $WORKLOAD == attempts ]] && echo "POST /api/v1/attempts" || echo "PATCH /api/v1/me") by $CONNECTIONS pupils"
printf '%-9s | %9s | %8s | %8s | %7s | %s\n' backend "writes/s" "p50 ms" "p99 ms" errors "committed / answered 2xx"
echo "----------+-----------+----------+----------+---------+-------------------------"
status=0
for backend in $BACKENDS; do
  requests=${RESULT[$backend requests]}
  committed=${RESULT[$backend committed]}
  errors=${RESULT[$backend errors]}
  answered=$((requests - ${RESULT[$backend non_2xx]}))
  printf '%-9s | %9s | %8s | %8s | %7s | %s / %s\n' "$backend" "${RESULT[$backend per_s]}" \
    "${RESULT[$backend p50_ms]}" "${RESULT[$backend p99_ms]}" "$errors" \
    "$committed" "$answered"
  # wrk stops with requests in flight: a few commits may have no counted answer, never the reverse.
  ((committed >= answered)) || status=1
  ((errors == 0)) || status=1
done
for backend in $BACKENDS; do
  echo "$backend: durability settings: ${RESULT[$backend settings]}; server CPU ${RESULT[$backend cpu]}% of one core during the run; peak RSS ${RESULT[$backend rss]} kB"
done
((status == 0)) || die "errors, or fewer committed writes than success answers: the figures are not valid"
