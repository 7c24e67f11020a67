#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# The change feed's read time: "what changed since X for one school" in a log of 1 M lines.
# A demo platform is made, its change_log is filled with generated lines (a SQL script run by
# the sqlite3 or psql command line, so the fill is fast and independent of the server), and
# `imaginecole changes --since CURSOR --school CODE --limit 500 --json` is timed from three
# cursors: the start of the log, its middle and its last hundredth. Process start-up is
# included in each time; `imaginecole version` is timed too, as the floor.
#
# Usage: bench/feed_bench.sh [options]
#   --binary PATH        imaginecole binary (default build/release/imaginecole)
#   --backends "B..."    which backends, in order (default "sqlite postgres")
#   --postgres URL       a PostgreSQL server (a schema is made in it and dropped at the end);
#                        default: a throwaway one started with scripts/test-postgres.sh
#   --lines N            change_log lines to add (default 1000000)
#   --school CODE        the school asked for (default DKR001; 1 line in 200 is its)
#   --limit N            passed to `changes --limit` (default 500)
#   --repeat N           runs per cursor; the median and the fastest are printed (default 5)
set -euo pipefail

# ============================================================================================
# THE FILL: adjust these to the change_log of the code being measured.
# FILL_COLUMNS is the column list of the INSERT; FILL_VALUES holds one SQL expression per
# column, in the same order, where `i` is the line's number (1..N). Both must be valid in
# SQLite and in PostgreSQL (||, %, CASE are). The school asked for (--school, in $SCHOOL)
# gets every 200th line; the other lines go to 199 other schools of ten countries.
FILL_COLUMNS="entity, entity_id, op, row_version, node_id, changed_at, country, school"
FILL_VALUES="CASE i % 4 WHEN 0 THEN 'questions' WHEN 1 THEN 'resources' WHEN 2 THEN 'classes'
               ELSE 'users' END,
             'bench-' || i,
             CASE WHEN i % 20 = 0 THEN 'delete' ELSE 'upsert' END,
             1 + i % 5,
             'bench-node',
             '2026-12-01T00:00:00.000Z',
             CASE WHEN i % 200 = 0 THEN 'SN' ELSE CASE i % 10 WHEN 0 THEN 'SN' WHEN 1 THEN 'CI'
               WHEN 2 THEN 'ML' WHEN 3 THEN 'BF' WHEN 4 THEN 'NE' WHEN 5 THEN 'TG' WHEN 6 THEN 'BJ'
               WHEN 7 THEN 'GN' WHEN 8 THEN 'CM' ELSE 'MG' END END,
             CASE WHEN i % 200 = 0 THEN '\$SCHOOL' ELSE 'B' || (i % 200) END"
# The cursor of the log's line at a 0-based OFFSET (in the order the feed reads): printed by
# the sqlite3 / psql command line. `changes --since` must accept what this prints.
# shellcheck disable=SC2016 # $OFFSET is a placeholder, replaced below
CURSOR_SQL="SELECT (SELECT value FROM node_settings WHERE key = 'epoch') || '.' || tx || '.' || seq
  FROM change_log ORDER BY tx, seq LIMIT 1 OFFSET \$OFFSET"
# ============================================================================================

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
BINARY=build/release/imaginecole
BACKENDS="sqlite postgres"
POSTGRES_URL=""
LINES=1000000
SCHOOL=DKR001
LIMIT=500
REPEAT=5

die() {
  echo "feed_bench.sh: error: $*" >&2
  exit 1
}
usage() {
  sed -n '3,19p' "$0" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}
need_value() { [[ $# -ge 2 && -n $2 ]] || die "option $1 needs a value"; }

while [[ $# -gt 0 ]]; do
  case $1 in
    --binary) need_value "$@"; BINARY=$2; shift 2 ;;
    --backends) need_value "$@"; BACKENDS=$2; shift 2 ;;
    --postgres) need_value "$@"; POSTGRES_URL=$2; shift 2 ;;
    --lines) need_value "$@"; LINES=$2; shift 2 ;;
    --school) need_value "$@"; SCHOOL=$2; shift 2 ;;
    --limit) need_value "$@"; LIMIT=$2; shift 2 ;;
    --repeat) need_value "$@"; REPEAT=$2; shift 2 ;;
    -h | --help) usage 0 ;;
    *) echo "feed_bench.sh: unknown option: $1" >&2; usage 2 >&2 ;;
  esac
done
for n in LINES LIMIT REPEAT; do
  [[ ${!n} =~ ^[1-9][0-9]*$ ]] || die "$n must be a positive integer (got '${!n}')"
done
[[ $SCHOOL =~ ^[A-Z0-9]{1,20}$ ]] || die "--school: a school code (capitals and digits)"
for backend in $BACKENDS; do
  [[ $backend == sqlite || $backend == postgres ]] || die "unknown backend '$backend'"
done
[[ -x $BINARY ]] || die "binary '$BINARY' not found or not executable (cmake --preset release, then build it)"
BINARY=$(cd "$(dirname "$BINARY")" && pwd)/$(basename "$BINARY")
"$BINARY" --help 2>/dev/null | grep -qE '^ +changes ' ||
  die "this binary has no 'changes' command yet (issue 11, item 9)"
[[ " $BACKENDS " != *" sqlite "* ]] || command -v sqlite3 >/dev/null || die "'sqlite3' not found"
[[ " $BACKENDS " != *" postgres "* ]] || command -v psql >/dev/null || die "'psql' not found"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/imaginecole-feed-bench.XXXXXX")
PG_STATE=""
PG_SCHEMA=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
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

if [[ " $BACKENDS " == *" postgres "* && -z $POSTGRES_URL ]]; then
  echo "== starting a throwaway PostgreSQL (scripts/test-postgres.sh)" >&2
  PG_STATE="$WORK/postgres.state"
  POSTGRES_URL=$(IMAGINECOLE_PG_STATE=$PG_STATE bash "$ROOT/scripts/test-postgres.sh" start) ||
    die "could not start PostgreSQL"
fi

# sql BACKEND: runs the SQL of its standard input on this backend's database, quietly.
sql() {
  if [[ $1 == postgres ]]; then
    psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -qAt
  else
    sqlite3 -bail "$DATA/imaginecole.db"
  fi
}

now_ns() { date +%s%N; }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

declare -A RESULT=()
run_backend() { # run_backend BACKEND
  local backend=$1 values rows start elapsed offset cursor since_args times out position
  DATA="$WORK/data-$backend"
  DATABASE_URL=""
  DB_ARGS=(--data "$DATA")
  if [[ $backend == postgres ]]; then
    PG_SCHEMA="bench_feed_$$"
    psql "$POSTGRES_URL" -qc "CREATE SCHEMA $PG_SCHEMA" >/dev/null || die "cannot create schema $PG_SCHEMA"
    local separator='?'
    [[ $POSTGRES_URL == *\?* ]] && separator='&'
    DATABASE_URL="$POSTGRES_URL${separator}options=-csearch_path%3D$PG_SCHEMA"
    DB_ARGS+=(--database "$DATABASE_URL")
  fi
  echo "== $backend: init --demo" >&2
  "$BINARY" init "${DB_ARGS[@]}" --demo >"$WORK/init.log" 2>&1 ||
    { cat "$WORK/init.log" >&2; die "'imaginecole init --demo' failed"; }

  values=${FILL_VALUES//\$SCHOOL/$SCHOOL}
  if [[ $backend == postgres ]]; then
    rows="SELECT $values FROM generate_series(1, $LINES) AS n(i)"
  else
    rows="WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $LINES)
          SELECT $values FROM n"
  fi
  cat >"$WORK/fill-$backend.sql" <<EOF
BEGIN;
INSERT INTO change_log ($FILL_COLUMNS)
$rows;
COMMIT;
ANALYZE change_log;
EOF
  echo "== $backend: adding $LINES change_log lines ($WORK/fill-$backend.sql)" >&2
  start=$(now_ns)
  sql "$backend" <"$WORK/fill-$backend.sql" >/dev/null ||
    die "the fill failed: adjust FILL_COLUMNS / FILL_VALUES at the top of $0 to the change_log of this code"
  elapsed=$((($(now_ns) - start) / 1000000))
  RESULT[$backend fill]="$(echo 'SELECT count(*) FROM change_log;' | sql "$backend") lines in the log, filled in $elapsed ms"
  echo "   ${RESULT[$backend fill]}" >&2

  times=""
  for ((run = 0; run < REPEAT; run++)); do
    start=$(now_ns)
    "$BINARY" version >/dev/null
    times+="$((($(now_ns) - start) / 1000)) "
  done
  # shellcheck disable=SC2086 # word splitting of the space-separated samples is intended
  RESULT[$backend floor]=$(printf '%s\n' $times | median)

  local total
  total=$(echo 'SELECT count(*) FROM change_log;' | sql "$backend")
  for position in start middle end; do
    since_args=()
    if [[ $position != start ]]; then
      if [[ $position == middle ]]; then offset=$((total / 2)); else offset=$((total - total / 100)); fi
      cursor=$(echo "${CURSOR_SQL//\$OFFSET/$offset};" | sql "$backend")
      [[ -n $cursor ]] || die "CURSOR_SQL printed no cursor at offset $offset"
      since_args=(--since "$cursor")
    fi
    times=""
    for ((run = 0; run < REPEAT; run++)); do
      start=$(now_ns)
      "$BINARY" changes "${DB_ARGS[@]}" "${since_args[@]}" --school "$SCHOOL" --limit "$LIMIT" \
        --json >"$WORK/changes.json" 2>"$WORK/changes.err" ||
        { cat "$WORK/changes.err" >&2; die "imaginecole changes failed ($backend, $position)"; }
      times+="$((($(now_ns) - start) / 1000)) "
    done
    out=$(grep -o '"cursor"' "$WORK/changes.json" | wc -l)
    # Every line printed must be the school's: the feed filters, the bench does not.
    if grep -o '"school":"[^"]*"' "$WORK/changes.json" | grep -qv "\"school\":\"$SCHOOL\""; then
      die "changes --school $SCHOOL printed lines of other schools ($backend, $position)"
    fi
    # shellcheck disable=SC2086 # idem
    RESULT[$backend $position]="$(printf '%s\n' $times | median) $(printf '%s\n' $times | sort -n | head -n 1) $out"
  done
}

for backend in $BACKENDS; do
  run_backend "$backend"
done

echo
echo "imaginecole change feed: $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPU(s), changes --school $SCHOOL --limit $LIMIT --json, $REPEAT runs each"
printf '%-9s | %-7s | %10s | %10s | %s\n' backend since "median ms" "fastest ms" "lines printed"
echo "----------+---------+------------+------------+--------------"
for backend in $BACKENDS; do
  for position in start middle end; do
    read -r median fastest printed <<<"${RESULT[$backend $position]}"
    printf '%-9s | %-7s | %10.1f | %10.1f | %s\n' "$backend" "$position" \
      "$(awk -v u="$median" 'BEGIN { print u / 1000 }')" "$(awk -v u="$fastest" 'BEGIN { print u / 1000 }')" "$printed"
  done
done
for backend in $BACKENDS; do
  printf '%s: %s; process floor (imaginecole version) %.1f ms\n' "$backend" "${RESULT[$backend fill]}" \
    "$(awk -v u="${RESULT[$backend floor]}" 'BEGIN { print u / 1000 }')"
done
