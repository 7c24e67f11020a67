#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Network sync of a school server (issue 15): a hub (`serve`, SQLite or PostgreSQL) whose demo
# catalogue is grown to --resources published resources at Senegal's CM2 (`demo generate
# --country SN --level cm2`), a box (SQLite, `serve` running all along) paired for DKR001, a
# CM2 school. Measured, each with the sync's own report (sealed batches' bytes each way, round
# trips) and wall time:
#   1. the first sync (everything the school gets);
#   2. --changed % of the generated resources edited on the hub through the real authoring path
#      (sn.editor saves a new draft and submits it, sn.reviewer publishes it), then a sync:
#      the delta, and its bytes against the first sync's (aim: < 2 %);
#   3. pupils' answers written on the box for --attempt-seconds (POST /api/v1/attempts by
#      --pupils pupils, wrk and bench/write_bench.lua), then synced up while the box serves a
#      classroom's reads (bench/sync_bench_read.lua: the pupil's assignments, a lesson page, an
#      exercise page, /api/v1/me, as classroom_bench.sh's pupils open them):
#      attempts pushed per second, and the box's memory: VmRSS of the box's server and of the
#      sync process sampled every 50 ms, with their peaks (VmHWM) (aim: ≤ 64 MB).
#
# Usage: bench/sync_bench.sh [options]
#   --binary PATH          imaginecole binary (default build/release/imaginecole)
#   --backends LIST        the hub's backends, in turn: sqlite, postgres or "sqlite postgres"
#                          (default sqlite)
#   --postgres URL         the hub's PostgreSQL (a schema is made and dropped in it); default:
#                          a throwaway one started with scripts/test-postgres.sh
#   --resources N          resources generated at SN's CM2 on the hub (default 20000)
#   --changed P            percent of them edited and republished before the delta (default 1)
#   --pupils N             pupils made on the hub, synced down, answering on the box (default 64)
#   --attempt-seconds S    seconds of answers written on the box (default 15)
#   --read-connections C   wrk connections reading on the box during the push (default 8)
#   --batch-rows N         `sync --batch-rows` (default: the sync's own, 500)
#   --results FILE         also write the results table there
#
# Needs: wrk, curl, jq, sqlite3 (psql for PostgreSQL), awk.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
BINARY=build/release/imaginecole
BACKENDS=sqlite
POSTGRES_URL=""
RESOURCES=20000
CHANGED=1
PUPILS=64
ATTEMPT_SECONDS=15
READ_CONNECTIONS=8
BATCH_ROWS=""
RESULTS_COPY=""
SERVER_THREADS=0 # the server's own defaults (read by bench/lib/server.sh)
SERVER_WORKERS=0
PUPIL_PASSWORD=classe-banc-2026
STAFF_PASSWORD=ecole-demo

die() {
  echo "sync_bench.sh: error: $*" >&2
  exit 1
}
usage() {
  sed -n '3,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}
need_value() { [[ $# -ge 2 && -n $2 ]] || die "option $1 needs a value"; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --binary) need_value "$@"; BINARY=$2; shift 2 ;;
    --backends) need_value "$@"; BACKENDS=${2//,/ }; shift 2 ;;
    --postgres) need_value "$@"; POSTGRES_URL=$2; shift 2 ;;
    --resources) need_value "$@"; RESOURCES=$2; shift 2 ;;
    --changed) need_value "$@"; CHANGED=$2; shift 2 ;;
    --pupils) need_value "$@"; PUPILS=$2; shift 2 ;;
    --attempt-seconds) need_value "$@"; ATTEMPT_SECONDS=$2; shift 2 ;;
    --read-connections) need_value "$@"; READ_CONNECTIONS=$2; shift 2 ;;
    --batch-rows) need_value "$@"; BATCH_ROWS=$2; shift 2 ;;
    --results) need_value "$@"; RESULTS_COPY=$2; shift 2 ;;
    -h | --help) usage 0 ;;
    *) echo "sync_bench.sh: unknown option: $1" >&2; usage 2 >&2 ;;
  esac
done
for n in RESOURCES PUPILS ATTEMPT_SECONDS READ_CONNECTIONS; do
  [[ ${!n} =~ ^[1-9][0-9]*$ ]] || die "$n must be a positive integer (got '${!n}')"
done
[[ -z $BATCH_ROWS || $BATCH_ROWS =~ ^[1-9][0-9]*$ ]] || die "--batch-rows must be a positive integer"
[[ $CHANGED =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "--changed must be a percentage (got '$CHANGED')"
for backend in $BACKENDS; do
  [[ $backend == sqlite || $backend == postgres ]] || die "unknown backend '$backend'"
done
for tool in wrk curl jq sqlite3 awk; do
  command -v "$tool" >/dev/null || die "'$tool' not found (run scripts/install-deps.sh)"
done
[[ " $BACKENDS " != *" postgres "* ]] || command -v psql >/dev/null || die "'psql' not found"
[[ -x $BINARY ]] || die "binary '$BINARY' not found or not executable (cmake --preset release, then build it)"
BINARY=$(cd "$(dirname "$BINARY")" && pwd)/$(basename "$BINARY")
SYNC_ARGS=()
[[ -n $BATCH_ROWS ]] && SYNC_ARGS=(--batch-rows "$BATCH_ROWS")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/imaginecole-sync-bench.XXXXXX")
SERVER_PID=""
HUB_PID=""
BOX_PID=""
BACKGROUND_PIDS=()
PG_STATE=""
PG_SCHEMA=""
stop_pid() {
  if [[ -n $1 ]] && kill -0 "$1" 2>/dev/null; then
    kill -TERM "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
  fi
}
cleanup() {
  local rc=$? pid
  trap - EXIT INT TERM
  for pid in "${BACKGROUND_PIDS[@]}" "$BOX_PID" "$HUB_PID"; do
    stop_pid "$pid"
  done
  if [[ -n $PG_SCHEMA ]]; then
    psql "$POSTGRES_URL" -qc "DROP SCHEMA $PG_SCHEMA CASCADE" >/dev/null 2>&1 || true
  fi
  if [[ -n $PG_STATE ]]; then
    IMAGINECOLE_PG_STATE=$PG_STATE bash "$ROOT/scripts/test-postgres.sh" stop >/dev/null || true
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

now() { date +%s.%N; }
# hub_sql SQL: one query on the hub's database, values separated by tabs.
hub_sql() {
  if [[ -n $HUB_DATABASE ]]; then
    psql "$HUB_DATABASE" -AtF $'\t' -c "$1"
  else
    sqlite3 -separator $'\t' "file:$HUB_DATA/imaginecole.db?mode=ro" "$1"
  fi
}
box_sql() { sqlite3 -separator $'\t' "file:$BOX_DATA/imaginecole.db?mode=ro" "$1"; }

# api SESSION METHOD PATH [BODY]: a JSON call as the signed-in user; prints the answer.
api() {
  local session=$1 method=$2 path=$3 body=${4:-} status
  local args=(-sS --max-time 60 -o "$WORK/api.json" -w '%{http_code}' -X "$method"
    -H "Cookie: ${session%%$'\t'*}" -H "X-CSRF-Token: ${session#*$'\t'}")
  [[ -n $body ]] && args+=(-H 'Content-Type: application/json' --data "$body")
  status=$(curl "${args[@]}" "$BASE$path")
  [[ $status == 2* ]] || die "$method $path answered $status: $(head -c 300 "$WORK/api.json")"
  cat "$WORK/api.json"
}

# sample_memory OUT PID...: every 50 ms, each live process's VmRSS and VmHWM (kB), as
# "pid rss hwm" lines appended to OUT, until killed.
sample_memory() {
  local out=$1 pid
  shift
  while true; do
    for pid in "$@"; do
      awk -v pid="$pid" '/^VmRSS/ { rss = $2 } /^VmHWM/ { hwm = $2 }
        END { if (rss != "") print pid, rss, hwm }' "/proc/$pid/status" 2>/dev/null >>"$out" || true
    done
    sleep 0.05
  done
}
# peak_kb FILE PID FIELD: the largest value of FIELD (2 VmRSS, 3 VmHWM) sampled for PID.
peak_kb() { awk -v pid="$2" -v f="$3" '$1 == pid && $f > max { max = $f } END { print max + 0 }' "$1"; }
mb() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }

declare -A R=()
# run_sync NAME [PIDS TO SAMPLE...]: one `imaginecole sync` of the box, its memory sampled with
# the box server's; sets R[$BACKEND NAME field] from its report.
run_sync() {
  local name=$1 started ended sampler sync_pid rc=0 line
  shift
  : >"$WORK/memory-$name"
  started=$(now)
  "$BINARY" sync --data "$BOX_DATA" "${SYNC_ARGS[@]}" >"$WORK/sync-$name.out" 2>"$WORK/sync-$name.err" &
  sync_pid=$!
  sample_memory "$WORK/memory-$name" "$sync_pid" "$BOX_PID" "$@" &
  sampler=$!
  wait "$sync_pid" || rc=$?
  ended=$(now)
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
  ((rc == 0)) || { cat "$WORK/sync-$name.out" "$WORK/sync-$name.err" >&2; die "the $name sync failed (exit $rc)"; }
  line=$(grep '^Synced with the hub' "$WORK/sync-$name.out") || die "no report in the $name sync's output"
  local k="$BACKEND $name"
  R[$k seconds]=$(awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.2f", b - a }')
  R[$k rows_up]=$(sed -n 's/.*: \([0-9]*\) rows sent, .*/\1/p' <<<"$line")
  R[$k rows_down]=$(sed -n 's/.* rows sent, \([0-9]*\) received.*/\1/p' <<<"$line")
  R[$k rounds]=$(sed -n 's/.* in \([0-9]*\) batches.*/\1/p' <<<"$line")
  R[$k bytes_up]=$(sed -n 's/.*(\([0-9]*\) bytes up.*/\1/p' <<<"$line")
  R[$k bytes_down]=$(sed -n 's/.* bytes up, \([0-9]*\) down).*/\1/p' <<<"$line")
  R[$k media]=$(sed -n 's/^Media: \([0-9]*\) fetched.*; \(.*\) downloaded\.$/\1 files, \2/p' "$WORK/sync-$name.out")
  R[$k sync_peak_kb]=$(peak_kb "$WORK/memory-$name" "$sync_pid" 3)
  R[$k box_rss_kb]=$(peak_kb "$WORK/memory-$name" "$BOX_PID" 2)
  R[$k box_hwm_kb]=$(peak_kb "$WORK/memory-$name" "$BOX_PID" 3)
  echo "   $line ($(printf '%s' "${R[$k seconds]}") s; sync peak RSS $(mb "${R[$k sync_peak_kb]}") MB," \
    "box server RSS up to $(mb "${R[$k box_rss_kb]}") MB)" >&2
}

run_backend() {
  BACKEND=$1
  local db_args=() editor reviewer ids id changed total resource_json content i set_sql sessions
  local set_id question_ids lesson_id out before after started ended read_pid
  HUB_DATA="$WORK/hub-$BACKEND"
  BOX_DATA="$WORK/box-$BACKEND"
  HUB_DATABASE=""
  if [[ $BACKEND == postgres ]]; then
    PG_SCHEMA="bench_sync_$$"
    psql "$POSTGRES_URL" -qc "CREATE SCHEMA $PG_SCHEMA" >/dev/null || die "cannot create schema $PG_SCHEMA"
    local separator='?'
    [[ $POSTGRES_URL == *\?* ]] && separator='&'
    HUB_DATABASE="$POSTGRES_URL${separator}options=-csearch_path%3D$PG_SCHEMA"
    db_args=(--database "$HUB_DATABASE")
  fi

  echo "== $BACKEND hub: init --demo, $RESOURCES resources at SN's CM2, $PUPILS pupils at DKR001" >&2
  "$BINARY" init --data "$HUB_DATA" "${db_args[@]}" --demo >"$WORK/init.log" 2>&1 ||
    { cat "$WORK/init.log" >&2; die "'imaginecole init --demo' failed"; }
  "$BINARY" demo generate --data "$HUB_DATA" "${db_args[@]}" --resources "$RESOURCES" \
    --country SN --level cm2 >"$WORK/generate.log" 2>&1 ||
    { cat "$WORK/generate.log" >&2; die "'imaginecole demo generate' failed"; }
  echo "   $(grep -h "^Generated\|^Gave" "$WORK/generate.log" | paste -sd " " -)" >&2
  "$BINARY" demo pupils --data "$HUB_DATA" "${db_args[@]}" --school DKR001 --count "$PUPILS" \
    --prefix banc --password "$PUPIL_PASSWORD" >"$WORK/pupils.log" 2>&1 ||
    { cat "$WORK/pupils.log" >&2; die "'imaginecole demo pupils' failed"; }
  R[$BACKEND sn_resources]=$(hub_sql "SELECT count(*) FROM resources WHERE status = 'published' AND origin_country = 'SN'")
  R[$BACKEND hub_media]=$(find "$HUB_DATA" -path '*media*' -type f | wc -l)
  SERVER_NAME=hub-$BACKEND start_server --data "$HUB_DATA" "${db_args[@]}"
  HUB_PID=$SERVER_PID HUB_URL=$BASE

  echo "== box: init, pair for DKR001, serve" >&2
  "$BINARY" init --data "$BOX_DATA" >"$WORK/box-init.log" 2>&1 ||
    { cat "$WORK/box-init.log" >&2; die "'imaginecole init' of the box failed"; }
  out=$("$BINARY" hub pair-code --school DKR001 --data "$HUB_DATA" "${db_args[@]}") || die "hub pair-code failed"
  out=${out%%$'\n'*}
  "$BINARY" sync pair --hub "$HUB_URL" --code "${out##* }" --data "$BOX_DATA" >"$WORK/pair.log" 2>&1 ||
    { cat "$WORK/pair.log" >&2; die "'imaginecole sync pair' failed"; }
  SERVER_NAME=box-$BACKEND start_server --data "$BOX_DATA"
  BOX_PID=$SERVER_PID BOX_URL=$BASE

  echo "== $BACKEND: 1. first sync" >&2
  run_sync first
  R[$BACKEND box_resources]=$(box_sql "SELECT count(*) FROM resources WHERE status = 'published'")

  total=$(hub_sql "SELECT count(*) FROM resources WHERE status = 'published' AND origin_country = 'SN' AND title LIKE '% n°%'")
  changed=$(awk -v t="$total" -v p="$CHANGED" 'BEGIN { n = int(t * p / 100 + 0.5); print n < 1 ? 1 : n }')
  echo "== $BACKEND: 2. $changed of the $total generated resources edited, submitted, published on the hub" >&2
  BASE=$HUB_URL
  editor=$(sign_in "{\"username\":\"sn.editor\",\"password\":\"$STAFF_PASSWORD\"}")
  reviewer=$(sign_in "{\"username\":\"sn.reviewer\",\"password\":\"$STAFF_PASSWORD\"}")
  ids=$(hub_sql "SELECT id FROM resources WHERE status = 'published' AND origin_country = 'SN' AND title LIKE '% n°%' ORDER BY id LIMIT $changed")
  started=$(now)
  for id in $ids; do
    resource_json=$(curl -fsS --max-time 30 "$HUB_URL/api/v1/resources/$id") || die "GET /api/v1/resources/$id failed"
    content=$(jq -c '{kind, title: (.title + " (révisé)"), summary, body: (.body + "\n\nRévisé pour la rentrée."),
      language, audience, licence, authors, subjects, exams, duration_minutes}
      | with_entries(select(.value != null))' <<<"$resource_json")
    api "$editor" PUT "/api/v1/resources/$id/draft" "$content" >/dev/null
    api "$editor" POST "/api/v1/resources/$id/submit" '{}' >/dev/null
    api "$reviewer" POST "/api/v1/resources/$id/publish" '{}' >/dev/null
  done
  ended=$(now)
  R[$BACKEND changed]=$changed
  R[$BACKEND edit_seconds]=$(awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.1f", b - a }')
  run_sync delta
  R[$BACKEND revised_on_box]=$(box_sql "SELECT count(*) FROM resources WHERE title LIKE '%(révisé)'")
  [[ ${R[$BACKEND revised_on_box]} == "$changed" ]] ||
    die "the box has ${R[$BACKEND revised_on_box]} revised resources after the delta, not $changed"

  echo "== $BACKEND: 3. $PUPILS pupils answer on the box for ${ATTEMPT_SECONDS}s" >&2
  BASE=$BOX_URL
  sessions="$WORK/sessions-$BACKEND.tsv"
  : >"$sessions"
  for ((i = 1; i <= PUPILS; i++)); do
    sign_in "{\"school\":\"DKR001\",\"username\":\"banc$i\",\"password\":\"$PUPIL_PASSWORD\"}" >>"$sessions"
  done
  set_sql="SELECT id FROM resources WHERE kind = 'exercise_set' AND status = 'published'
    AND origin_country = 'SN' AND questions LIKE '%\"numeric\"%' ORDER BY id LIMIT 1"
  set_id=$(box_sql "$set_sql")
  question_ids=$(box_sql "SELECT group_concat(json_extract(value, '\$.id'), ',') FROM resources,
    json_each(resources.questions) WHERE resources.id = '$set_id' AND json_extract(value, '\$.type') = 'numeric'")
  lesson_id=$(box_sql "SELECT id FROM resources WHERE kind = 'lesson' AND status = 'published' AND origin_country = 'SN' ORDER BY id LIMIT 1")
  [[ -n $set_id && -n $question_ids && -n $lesson_id ]] || die "the box has no published SN exercise set with numeric questions, or no lesson"
  before=$(box_sql "SELECT count(*) FROM attempts")
  wrk -t2 -c"$PUPILS" -d"${ATTEMPT_SECONDS}s" --timeout 10s -s "$HERE/write_bench.lua" "$BOX_URL" \
    -- "$sessions" 2 "$set_id" "$question_ids" >"$WORK/writes-$BACKEND.out"
  after=$(box_sql "SELECT count(*) FROM attempts")
  R[$BACKEND attempts]=$((after - before))
  R[$BACKEND writes_per_s]=$(sed -n 's/^writes_per_s //p' "$WORK/writes-$BACKEND.out")
  echo "   ${R[$BACKEND attempts]} attempts written (${R[$BACKEND writes_per_s]}/s)" >&2

  echo "== $BACKEND: 4. the attempts synced up while $READ_CONNECTIONS connections read on the box" >&2
  wrk -t2 -c"$READ_CONNECTIONS" -d600s --timeout 10s -s "$HERE/sync_bench_read.lua" "$BOX_URL" \
    -- "$sessions" 2 "/me/assignments,/r/$lesson_id,/r/$set_id/exercise,/api/v1/me" >"$WORK/reads-$BACKEND.out" &
  read_pid=$!
  BACKGROUND_PIDS+=("$read_pid")
  sleep 2
  run_sync push
  # wrk prints its summary on SIGINT.
  kill -INT "$read_pid" 2>/dev/null || true
  wait "$read_pid" 2>/dev/null || true
  R[$BACKEND reads_per_s]=$(sed -n 's/^reads_per_s //p' "$WORK/reads-$BACKEND.out")
  R[$BACKEND reads_p99]=$(sed -n 's/^reads_p99_ms //p' "$WORK/reads-$BACKEND.out")
  R[$BACKEND reads_errors]=$(sed -n 's/^reads_errors //p' "$WORK/reads-$BACKEND.out")
  R[$BACKEND hub_attempts]=$(hub_sql "SELECT count(*) FROM attempts")
  R[$BACKEND box_hwm_total_kb]=$(awk '/^VmHWM/ { print $2 }' "/proc/$BOX_PID/status")
  local on_hub=${R[$BACKEND hub_attempts]}
  ((on_hub >= after)) || die "the hub has ${R[$BACKEND hub_attempts]} attempts after the push, the box $after"

  stop_pid "$BOX_PID"
  stop_pid "$HUB_PID"
  BOX_PID="" HUB_PID=""
  if [[ -n $PG_SCHEMA ]]; then
    psql "$POSTGRES_URL" -qc "DROP SCHEMA $PG_SCHEMA CASCADE" >/dev/null 2>&1 || true
    PG_SCHEMA=""
  fi
}

for backend in $BACKENDS; do
  run_backend "$backend"
done

pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", 100 * a / b; else print "?" }'; }
per_s() { awk -v n="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "?" }'; }
{
  echo "imaginecole network sync: $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPU(s), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "hub: demo + $RESOURCES resources at SN CM2 (demo generate --country SN --level cm2), $PUPILS pupils; box: SQLite, paired for DKR001; batches of ${BATCH_ROWS:-500} rows"
  echo "bytes: the sealed batches' bytes each way as the sync reports them (HTTP headers not counted); media: files fetched by hash after the records"
  for b in $BACKENDS; do
    echo
    echo "hub $b: ${R[$b sn_resources]} published SN resources on the hub, ${R[$b box_resources]} on the box after the first sync; ${R[$b hub_media]} media files on the hub"
    printf '| %-7s | %9s | %9s | %12s | %12s | %6s | %8s | %13s | %14s |\n' sync "rows up" "rows down" "bytes up" "bytes down" rounds "wall s" "sync peak MB" "box RSS max MB"
    printf '|%s|\n' "---------|-----------|-----------|--------------|--------------|--------|----------|---------------|----------------"
    for s in first delta push; do
      printf '| %-7s | %9s | %9s | %12s | %12s | %6s | %8s | %13s | %14s |\n' "$s" "${R[$b $s rows_up]}" "${R[$b $s rows_down]}" \
        "${R[$b $s bytes_up]}" "${R[$b $s bytes_down]}" "${R[$b $s rounds]}" "${R[$b $s seconds]}" \
        "$(mb "${R[$b $s sync_peak_kb]}")" "$(mb "${R[$b $s box_rss_kb]}")"
    done
    full=$(awk -v a="${R[$b first bytes_up]}" -v b="${R[$b first bytes_down]}" 'BEGIN { print a + b }')
    delta=$(awk -v a="${R[$b delta bytes_up]}" -v b="${R[$b delta bytes_down]}" 'BEGIN { print a + b }')
    echo "media in the first sync: ${R[$b first media]:-none}"
    echo "delta: ${R[$b changed]} resources edited and republished (${CHANGED} %, ${R[$b edit_seconds]} s through the API); $delta bytes against $full for the first sync: $(pct "$delta" "$full") % (aim < 2 %)"
    echo "push: ${R[$b attempts]} attempts written on the box (${R[$b writes_per_s]}/s), synced up in ${R[$b push seconds]} s: $(per_s "${R[$b attempts]}" "${R[$b push seconds]}") attempts/s, while the box served ${R[$b reads_per_s]} reads/s (p99 ${R[$b reads_p99]} ms, ${R[$b reads_errors]} errors)"
    box_peak=${R[$b push box_hwm_kb]}
    echo "memory while syncing and serving: box server peak $(mb "$box_peak") MB (VmHWM), the sync process's peak $(mb "${R[$b push sync_peak_kb]}") MB; box server peak over the whole run $(mb "${R[$b box_hwm_total_kb]}") MB (aim ≤ 64 MB)"
  done
} | tee "$WORK/results.txt"
[[ -z $RESULTS_COPY ]] || cp "$WORK/results.txt" "$RESULTS_COPY"
