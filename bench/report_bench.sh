#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# The class report's time for a class of 100 pupils with 50 assigned exercise sets and a year
# of attempts, on SQLite and on PostgreSQL side by side in one run (issue 13, "Measured").
#
# Set-up, through the real server where it can be: the demo platform; 50 exercise sets of
# Senegal made by sn.editor (each with the five questions of the demo's CFEE revision set),
# submitted and published by sn.reviewer; 100 pupils added to CM2 A by sn.teacher; 50
# assignments of the class. A year of attempts is then written by SQL, as a year of answers
# would have left it: for each pupil, set and question, ATTEMPTS_PER_QUESTION answers spread
# over 365 days (100 × 50 × 5 × 4 = 100,000 rows by default), right three times in four.
# The report is then asked REQUESTS times, one after another, by the class's teacher: the JSON
# (GET /api/v1/classes/{id}/report) and the page (/classes/{id}/report). Prints the median,
# p90 and slowest time of each, and the report's size.
#
# Usage: bench/report_bench.sh [options]
#   --binary PATH          imaginecole binary (default build/release/imaginecole)
#   --backends "B..."      which backends, in order (default "sqlite postgres")
#   --postgres URL         a PostgreSQL server to use (a schema is made and dropped); default:
#                          a throwaway one started with scripts/test-postgres.sh
#   --attempts N           answers per pupil, set and question (default 4)
#   --requests N           report requests timed per form (default 20)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
BINARY=build/release/imaginecole
BACKENDS="sqlite postgres"
POSTGRES_URL=""
ATTEMPTS_PER_QUESTION=4
REQUESTS=20
SETS=50
PUPILS=100
SERVER_THREADS=2
SERVER_WORKERS=0
PUPIL_PASSWORD=rapport-banc-2026

die() {
  echo "report_bench.sh: error: $*" >&2
  exit 1
}
usage() {
  sed -n '3,22p' "$0" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}
need_value() { [[ $# -ge 2 && -n $2 ]] || die "option $1 needs a value"; }

while [[ $# -gt 0 ]]; do
  case $1 in
    --binary) need_value "$@"; BINARY=$2; shift 2 ;;
    --backends) need_value "$@"; BACKENDS=$2; shift 2 ;;
    --postgres) need_value "$@"; POSTGRES_URL=$2; shift 2 ;;
    --attempts) need_value "$@"; ATTEMPTS_PER_QUESTION=$2; shift 2 ;;
    --requests) need_value "$@"; REQUESTS=$2; shift 2 ;;
    -h | --help) usage 0 ;;
    *) echo "report_bench.sh: unknown option: $1" >&2; usage 2 >&2 ;;
  esac
done
for n in ATTEMPTS_PER_QUESTION REQUESTS; do
  [[ ${!n} =~ ^[1-9][0-9]*$ ]] || die "$n must be a positive integer (got '${!n}')"
done
for backend in $BACKENDS; do
  [[ $backend == sqlite || $backend == postgres ]] || die "unknown backend '$backend'"
done
for tool in curl awk sed sort sqlite3; do
  command -v "$tool" >/dev/null || die "'$tool' not found (run scripts/install-deps.sh)"
done
[[ -x $BINARY ]] || die "binary '$BINARY' not found or not executable (cmake --preset release, then build it)"
BINARY=$(cd "$(dirname "$BINARY")" && pwd)/$(basename "$BINARY")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/imaginecole-report-bench.XXXXXX")
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
  echo "== starting a throwaway PostgreSQL (scripts/test-postgres.sh)" >&2
  PG_STATE="$WORK/postgres.state"
  POSTGRES_URL=$(IMAGINECOLE_PG_STATE=$PG_STATE bash "$ROOT/scripts/test-postgres.sh" start) ||
    die "could not start PostgreSQL"
fi

# sql BACKEND STATEMENT: runs it on the benchmark's database, prints the rows.
sql() {
  if [[ $1 == postgres ]]; then
    psql "$DATABASE_URL" -qAt -v ON_ERROR_STOP=1 -c "$2"
  else
    sqlite3 "$DATA/imaginecole.db" "$2"
  fi
}

# api SESSION METHOD PATH [JSON]: the body of a JSON call; dies on a status other than 2xx.
api() {
  local session=$1 method=$2 path=$3 body=${4:-} status
  local args=(-sS --max-time 60 -o "$WORK/api.json" -w '%{http_code}' -X "$method"
    -H "Cookie: ${session%%$'\t'*}" -H "X-CSRF-Token: ${session#*$'\t'}")
  [[ -n $body ]] && args+=(-H 'Content-Type: application/json' --data "$body")
  status=$(curl "${args[@]}" "$BASE$path")
  [[ $status == 2* ]] || die "$method $path answered $status: $(head -c 300 "$WORK/api.json")"
  cat "$WORK/api.json"
}

new_uuid() { cat /proc/sys/kernel/random/uuid; }

# time_requests NAME PATH: REQUESTS sequential GETs as the teacher; sets RESULT[backend NAME *].
time_requests() {
  local name=$1 path=$2 i
  : >"$WORK/times"
  for ((i = 0; i < REQUESTS; i++)); do
    curl -sS --max-time 60 -o "$WORK/report.out" -w '%{http_code} %{time_total} %{size_download}\n' \
      -H "Cookie: ${TEACHER%%$'\t'*}" "$BASE$path" >>"$WORK/times"
  done
  awk '$1 != 200 { bad++ } END { exit bad > 0 }' "$WORK/times" ||
    die "$path answered other than 200: $(head -c 300 "$WORK/report.out")"
  RESULT[$BACKEND $name]=$(awk '{ print $2 * 1000 }' "$WORK/times" | sort -n | awk -v bytes="$(tail -n 1 "$WORK/times" | cut -d' ' -f3)" '
    { t[NR] = $1 } END {
      printf "%.1f | %.1f | %.1f | %d", t[int((NR + 1) / 2)], t[int(NR * 0.9 + 0.5)], t[NR], bytes }')
}

declare -A RESULT=()
run_backend() { # run_backend BACKEND
  BACKEND=$1
  local db_args=() editor reviewer class_id pupils i questions set_id body ids
  DATA="$WORK/data-$BACKEND"
  DATABASE_URL=""
  if [[ $BACKEND == postgres ]]; then
    PG_SCHEMA="bench_report_$$"
    psql "$POSTGRES_URL" -qc "CREATE SCHEMA $PG_SCHEMA" >/dev/null || die "cannot create schema $PG_SCHEMA"
    local separator='?'
    [[ $POSTGRES_URL == *\?* ]] && separator='&'
    DATABASE_URL="$POSTGRES_URL${separator}options=-csearch_path%3D$PG_SCHEMA"
    db_args=(--database "$DATABASE_URL")
  fi
  echo "== $BACKEND: init --demo" >&2
  "$BINARY" init --data "$DATA" "${db_args[@]}" --demo >"$WORK/init.log" 2>&1 ||
    { cat "$WORK/init.log" >&2; die "'imaginecole init --demo' failed"; }
  start_server --data "$DATA" "${db_args[@]}"
  editor=$(sign_in '{"username":"sn.editor","password":"ecole-demo"}')
  reviewer=$(sign_in '{"username":"sn.reviewer","password":"ecole-demo"}')
  TEACHER=$(sign_in '{"username":"sn.teacher","password":"ecole-demo"}')

  questions=$(sql "$BACKEND" "SELECT q.question_id FROM exercise_set_questions q
    JOIN resources r ON r.id = q.resource_id WHERE r.origin_country = 'SN'
    AND r.status = 'published' ORDER BY r.id, q.position LIMIT 5" | paste -sd, -)
  [[ -n $questions ]] || die "the demo has no published exercise set of Senegal with questions"
  ids="\"${questions//,/\",\"}\""
  echo "== $BACKEND: $SETS exercise sets made, submitted and published" >&2
  : >"$WORK/sets"
  for ((i = 1; i <= SETS; i++)); do
    set_id=$(api "$editor" POST /api/v1/drafts "{\"kind\":\"exercise_set\",\"title\":\"Série du banc $i\",\"licence\":\"CC-BY-SA-4.0\",\"country\":\"SN\"}" |
      sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
    [[ -n $set_id ]] || die "no id in the draft's answer"
    api "$editor" PUT "/api/v1/resources/$set_id/questions" "{\"question_ids\":[$ids]}" >/dev/null
    api "$editor" POST "/api/v1/resources/$set_id/submit" '{}' >/dev/null
    api "$reviewer" POST "/api/v1/resources/$set_id/publish" '{}' >/dev/null
    echo "$set_id" >>"$WORK/sets"
  done

  class_id=$(api "$TEACHER" GET /api/v1/classes | sed -n 's/^{"classes":\[{"id":"\([^"]*\)".*/\1/p')
  [[ -n $class_id ]] || die "the demo teacher has no class"
  echo "== $BACKEND: $PUPILS pupils in CM2 A, $SETS assignments" >&2
  pupils=""
  for ((i = 1; i <= PUPILS; i++)); do
    pupils+="${pupils:+,}{\"display_name\":\"Rapport $i\",\"username\":\"rapport$i\",\"password\":\"$PUPIL_PASSWORD\"}"
  done
  api "$TEACHER" POST "/api/v1/classes/$class_id/pupils" "{\"pupils\":[$pupils]}" >/dev/null
  while read -r set_id; do
    body="{\"client_id\":\"$(new_uuid)\",\"resource\":\"$set_id\",\"opens_at\":\"2025-12-01\",\"due_at\":\"2026-12-31\"}"
    api "$TEACHER" POST "/api/v1/classes/$class_id/assignments" "$body" >/dev/null
  done <"$WORK/sets"

  echo "== $BACKEND: a year of attempts by SQL" >&2
  sql "$BACKEND" "CREATE TABLE bench_sets (n INTEGER, id TEXT)" >/dev/null
  sql "$BACKEND" "INSERT INTO bench_sets VALUES $(awk '{ printf "%s(%d, '"'"'%s'"'"')", (NR > 1 ? "," : ""), NR, $1 }' "$WORK/sets")"
  local fill="WITH RECURSIVE tries(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM tries WHERE k < $ATTEMPTS_PER_QUESTION),
    pupils AS (SELECT u.id, u.school_id, row_number() OVER (ORDER BY u.id) AS p FROM users u
      WHERE u.username LIKE 'rapport%'),
    questions AS (SELECT q.question_id, q.position FROM exercise_set_questions q
      WHERE q.resource_id = (SELECT id FROM bench_sets WHERE n = 1)),
    rows AS (SELECT p.id AS pupil_id, p.school_id, p.p, s.n, s.id AS resource_id, q.question_id,
      q.position, t.k FROM pupils p CROSS JOIN bench_sets s CROSS JOIN questions q CROSS JOIN tries t)
    INSERT INTO attempts (id, client_id, pupil_id, school_id, country_code, resource_id,
      question_id, question_type, response, correct, score, feedback, duration_ms, answered_at,
      recorded_at, origin_node)
    SELECT ID_EXPR, CLIENT_EXPR, pupil_id, school_id, 'SN', resource_id, question_id, 'numeric',
      '{\"text\": \"1\"}', CASE WHEN (p + n + position + k) % 4 = 0 THEN 0 ELSE 1 END,
      CASE WHEN (p + n + position + k) % 4 = 0 THEN 0 ELSE 1 END, '[]', 30000, WHEN_EXPR,
      WHEN_EXPR, 'bench' FROM rows"
  # The expressions that differ between the two SQL dialects: ids, client UUIDs and dates.
  local id_expr client_expr when_expr
  if [[ $BACKEND == postgres ]]; then
    id_expr="md5('a' || pupil_id || resource_id || question_id || k)::uuid::text"
    client_expr="md5('c' || pupil_id || resource_id || question_id || k)::uuid::text"
    when_expr="to_char(timestamp '2025-12-01' + ((p * 7 + n * 3 + k * 11) % 365) * interval '1 day', 'YYYY-MM-DD\"T\"HH24:MI:SS.000\"Z\"')"
  else
    id_expr="printf('%08x-0000-7000-8000-%012x', p * 100000 + n * 100 + position * 10 + k, p * 1000000 + n * 10000 + position * 100 + k)"
    client_expr="printf('%08x-0000-7000-9000-%012x', p * 100000 + n * 100 + position * 10 + k, p * 1000000 + n * 10000 + position * 100 + k)"
    when_expr="strftime('%Y-%m-%dT%H:%M:%S.000Z', '2025-12-01', '+' || ((p * 7 + n * 3 + k * 11) % 365) || ' days')"
  fi
  fill=${fill//ID_EXPR/$id_expr}
  fill=${fill//CLIENT_EXPR/$client_expr}
  fill=${fill//WHEN_EXPR/$when_expr}
  sql "$BACKEND" "$fill" >/dev/null
  sql "$BACKEND" "DROP TABLE bench_sets" >/dev/null
  RESULT[$BACKEND rows]=$(sql "$BACKEND" "SELECT count(*) FROM attempts")
  [[ $BACKEND == postgres ]] && sql "$BACKEND" "ANALYZE" >/dev/null
  [[ $BACKEND == sqlite ]] && sql "$BACKEND" "ANALYZE" >/dev/null

  echo "== $BACKEND: the report, $REQUESTS times each" >&2
  time_requests json "/api/v1/classes/$class_id/report"
  time_requests page "/classes/$class_id/report"
  stop_server
  if [[ $BACKEND == postgres ]]; then
    psql "$POSTGRES_URL" -qc "DROP SCHEMA $PG_SCHEMA CASCADE" >/dev/null
    PG_SCHEMA=""
  fi
}

for backend in $BACKENDS; do
  run_backend "$backend"
done

echo
echo "imaginecole class report: $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPU(s), $PUPILS pupils × $SETS assigned sets of 5 questions, $ATTEMPTS_PER_QUESTION answers per pupil and question over a year, $REQUESTS requests each"
printf '%-9s | %-7s | %9s | %7s | %7s | %7s | %s\n' backend form attempts "p50 ms" "p90 ms" "max ms" bytes
echo "----------+---------+-----------+---------+---------+---------+--------"
for backend in $BACKENDS; do
  for form in json page; do
    IFS='|' read -r p50 p90 slowest bytes <<<"${RESULT[$backend $form]}"
    printf '%-9s | %-7s | %9s | %7s | %7s | %7s | %s\n' "$backend" "$form" "${RESULT[$backend rows]}" \
      "${p50// /}" "${p90// /}" "${slowest// /}" "${bytes// /}"
  done
done
