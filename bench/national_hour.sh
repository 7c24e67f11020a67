#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# The national peak hour (issue 16): millions of pupil accounts on one PostgreSQL, served by
# TWO imaginecole servers sharing it, the active pupils answering exercises. The target is
# 6.6 million accounts, 10 % active in one hour with 20 answers each: 660,000 x 20 / 3,600 s
# = about 3,700 POST /api/v1/attempts per second. The measured window is minutes, not the
# hour: the rate is what an hour would hold if the window's were kept up (the table and its
# indexes grow by 13 million rows in a real hour, a few hundred thousand here).
#
# Steps: a PostgreSQL with fsync on (a throwaway one unless --postgres), `init --demo`, the
# accounts loaded in SQL (bench/national_hour_load.sql: schools and classes through the
# records layer's triggers, the pupils' rows and their change-log lines set-based), two
# servers on their own ports, one loaded pupil signed in through the API on server A and used
# on server B (the session and the CSRF token hold across servers), sessions for a sample of
# active pupils made in SQL as the server makes them (accounts/session_store.cpp, csrf.cpp),
# then one wrk process per server, each paced to half the target rate (bench/national_hour.lua),
# for a warm-up and a measured window. At the end the attempts written in the window are
# counted and compared with the success answers both wrk processes saw.
#
# Usage: bench/national_hour.sh [options]
#   --binary PATH        imaginecole binary (default build/release/imaginecole)
#   --accounts N         pupil accounts to load (default 6600000)
#   --active N           active pupils given a session (default 20000)
#   --rate R             target attempts per second, both servers together (default 3700;
#                        0: as many as they take, closed loop)
#   --duration S         seconds measured (default 120)
#   --warmup S           seconds of unmeasured load first (default 15)
#   --connections C      wrk connections per server (default 64)
#   --server-threads N   "serve --threads" of each server (default 1)
#   --server-workers N   "serve --workers" of each server (default 0: the server's default)
#   --pool-size N        "--pool-size" of each server (default 0: the server's default)
#   --postgres URL       a database to use instead of a throwaway server (kept afterwards);
#                        accounts already loaded there by an earlier run are not loaded again
#   --chunk N            pupils per loading transaction (default 200000)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
BINARY=build/release/imaginecole
ACCOUNTS=6600000
ACTIVE=20000
RATE=3700
DURATION=120
WARMUP=15
CONNECTIONS=64
SERVER_THREADS=1
SERVER_WORKERS=0
POOL_SIZE=0
POSTGRES_URL=""
CHUNK=200000
PER_SCHOOL=400
PER_CLASS=40
# Every loaded pupil's password is the demo staff password: the loader reuses sn.teacher's
# Argon2id string, made by the server at `init --demo`.
PUPIL_PASSWORD=ecole-demo

die() {
  echo "national_hour.sh: error: $*" >&2
  exit 1
}
usage() {
  sed -n '3,36p' "$0" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}
need_value() { [[ $# -ge 2 && -n $2 ]] || die "option $1 needs a value"; }

while [[ $# -gt 0 ]]; do
  case $1 in
    --binary) need_value "$@"; BINARY=$2; shift 2 ;;
    --accounts) need_value "$@"; ACCOUNTS=$2; shift 2 ;;
    --active) need_value "$@"; ACTIVE=$2; shift 2 ;;
    --rate) need_value "$@"; RATE=$2; shift 2 ;;
    --duration) need_value "$@"; DURATION=$2; shift 2 ;;
    --warmup) need_value "$@"; WARMUP=$2; shift 2 ;;
    --connections) need_value "$@"; CONNECTIONS=$2; shift 2 ;;
    --server-threads) need_value "$@"; SERVER_THREADS=$2; shift 2 ;;
    --server-workers) need_value "$@"; SERVER_WORKERS=$2; shift 2 ;;
    --pool-size) need_value "$@"; POOL_SIZE=$2; shift 2 ;;
    --postgres) need_value "$@"; POSTGRES_URL=$2; shift 2 ;;
    --chunk) need_value "$@"; CHUNK=$2; shift 2 ;;
    -h | --help) usage 0 ;;
    *) echo "national_hour.sh: unknown option: $1" >&2; usage 2 >&2 ;;
  esac
done
for n in ACCOUNTS ACTIVE DURATION CONNECTIONS CHUNK; do
  [[ ${!n} =~ ^[1-9][0-9]*$ ]] || die "${n,,} must be a positive integer (got '${!n}')"
done
for n in RATE WARMUP SERVER_THREADS SERVER_WORKERS POOL_SIZE; do
  [[ ${!n} =~ ^[0-9]+$ ]] || die "${n,,} must be an integer (got '${!n}')"
done
((ACTIVE <= ACCOUNTS)) || die "--active must not exceed --accounts"
((ACCOUNTS % PER_SCHOOL == 0 && CHUNK % PER_SCHOOL == 0)) ||
  die "--accounts and --chunk must be multiples of $PER_SCHOOL (pupils per school)"
for tool in wrk curl psql python3 awk sed; do
  command -v "$tool" >/dev/null || die "'$tool' not found (run scripts/install-deps.sh)"
done
[[ -x $BINARY ]] || die "binary '$BINARY' not found or not executable (cmake --preset release, then build it)"
BINARY=$(cd "$(dirname "$BINARY")" && pwd)/$(basename "$BINARY")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/imaginecole-national-hour.XXXXXX")
PG_STATE=""
SERVER_PID=""
A_PID=""
B_PID=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  for pid in $A_PID $B_PID; do
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
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

say() { echo "== $*" >&2; }
sql() { psql "$POSTGRES_URL" -XAtq -v ON_ERROR_STOP=1 "$@"; }

# --- PostgreSQL -------------------------------------------------------------------------------
if [[ -z $POSTGRES_URL ]]; then
  say "starting a throwaway PostgreSQL with fsync on (scripts/test-postgres.sh)"
  PG_STATE="$WORK/postgres.state"
  POSTGRES_URL=$(IMAGINECOLE_PG_STATE=$PG_STATE IMAGINECOLE_PG_DURABLE=1 \
    bash "$ROOT/scripts/test-postgres.sh" start) || die "could not start PostgreSQL"
  pg_dir=$(sed -n 's/^dir=//p' "$PG_STATE")
  pg_port=$(sed -n 's/^port=//p' "$PG_STATE")
  # A server's size for millions of rows (the test settings keep 16 MB), and statement counts.
  sql -c "ALTER SYSTEM SET shared_buffers = '1GB'" -c "ALTER SYSTEM SET max_wal_size = '8GB'" \
    -c "ALTER SYSTEM SET max_connections = 200" \
    -c "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'"
  pg_user=postgres
  [[ $(id -u) -eq 0 ]] || pg_user=$(id -un)
  runuser_cmd=()
  [[ $(id -u) -eq 0 ]] && runuser_cmd=(runuser -u "$pg_user" --)
  "${runuser_cmd[@]}" /usr/lib/postgresql/15/bin/pg_ctl restart -D "$pg_dir/data" -w -t 60 \
    -l "$pg_dir/postgres.log" -o "-p $pg_port" >/dev/null || die "PostgreSQL did not restart"
  # The triggers' statements too, to see where an answer's time goes.
  sql -c "ALTER SYSTEM SET pg_stat_statements.track = 'all'" -c "SELECT pg_reload_conf()" >/dev/null
fi
sql -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" 2>/dev/null ||
  echo "national_hour.sh: no pg_stat_statements: round trips per attempt are not counted" >&2
PG_SETTINGS="fsync=$(sql -c 'SHOW fsync'), synchronous_commit=$(sql -c 'SHOW synchronous_commit'), shared_buffers=$(sql -c 'SHOW shared_buffers')"
# The postmaster (the checkpointer's parent) and its children are PostgreSQL's processes; none
# when PostgreSQL runs on another machine.
checkpointer=$(sql -c "SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'")
PG_POSTMASTER=$(awk '{ print $4 }' "/proc/$checkpointer/stat" 2>/dev/null || true)

DATA="$WORK/data"
if [[ $(sql -c "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'users'") == 1 ]]; then
  say "the database is already initialised (an earlier run): migrate"
  mkdir -p "$DATA"
  "$BINARY" migrate --data "$DATA" --database "$POSTGRES_URL" >"$WORK/init.log" 2>&1 ||
    { tail -n 20 "$WORK/init.log" >&2; die "'imaginecole migrate' failed"; }
else
  say "init --demo"
  "$BINARY" init --data "$DATA" --database "$POSTGRES_URL" --demo >"$WORK/init.log" 2>&1 ||
    { tail -n 20 "$WORK/init.log" >&2; die "'imaginecole init --demo' failed"; }
fi

# --- the accounts -----------------------------------------------------------------------------
loaded=$(sql -c "SELECT count(*) FROM users WHERE kind = 'pupil' AND username LIKE 'eleve%'")
if ((loaded >= ACCOUNTS)); then
  say "$loaded pupil accounts already loaded"
else
  ((loaded % CHUNK == 0)) || die "the database holds $loaded loaded pupils, not a whole number of --chunk $CHUNK"
  hash=$(sql -c "SELECT c.password_hash FROM user_credentials c JOIN users u ON u.id = c.user_id
                 WHERE u.username = 'sn.teacher'")
  [[ $hash == \$argon2id\$* ]] || die "the demo teacher has no Argon2id password hash"
  say "loading pupils $loaded to $((ACCOUNTS - 1)) in transactions of $CHUNK"
  load_start=$(date +%s.%N)
  for ((first = loaded; first < ACCOUNTS; first += CHUNK)); do
    last=$((first + CHUNK - 1))
    ((last < ACCOUNTS)) || last=$((ACCOUNTS - 1))
    sql -v first="$first" -v last="$last" -v per_school=$PER_SCHOOL -v per_class=$PER_CLASS \
      -v hash="$hash" -f "$HERE/national_hour_load.sql" >/dev/null
    printf '   %d pupils loaded, %.0f s, load average %s\n' "$((last + 1))" \
      "$(echo "$(date +%s.%N) - $load_start" | bc)" "$(cut -d' ' -f1 /proc/loadavg)" >&2
  done
  LOAD_SECONDS=$(echo "$(date +%s.%N) - $load_start" | bc)
  say "ANALYZE"
  sql -c "ANALYZE"
fi
LOAD_SECONDS=${LOAD_SECONDS:-}
PUPILS=$(sql -c "SELECT count(*) FROM users WHERE kind = 'pupil'")

# --- two servers ------------------------------------------------------------------------------
server_args=(--data "$DATA" --database "$POSTGRES_URL")
((POOL_SIZE > 0)) && server_args+=(--pool-size "$POOL_SIZE")
start_server "${server_args[@]}"
A_PID=$SERVER_PID A_BASE=$BASE
mv "$WORK/serve.err" "$WORK/serve-a.err"
start_server "${server_args[@]}"
B_PID=$SERVER_PID B_BASE=$BASE
SERVER_PID=""
say "server A on $A_BASE, server B on $B_BASE"

# One loaded pupil signs in through the API on A (the loaded row and its hash are right) and
# answers on B with A's session and CSRF token (several servers, one platform).
probe=$((ACCOUNTS / 2))
probe_school=$(printf 'NH%06d' $((probe / PER_SCHOOL)))
BASE=$A_BASE
creds=$(sign_in "{\"school\":\"$probe_school\",\"username\":\"eleve$probe\",\"password\":\"$PUPIL_PASSWORD\"}")
cookie=${creds%%$'\t'*} token=${creds#*$'\t'}
me=$(curl -sS -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$B_BASE/api/v1/me")
[[ $me == 200 ]] || die "a session made on server A is refused by server B (GET /api/v1/me: $me)"

SET_ID=$(sql -c "SELECT id FROM resources WHERE kind = 'exercise_set' AND status = 'published'
  AND origin_country = 'SN' AND questions LIKE '%\"numeric\"%' ORDER BY id LIMIT 1")
QUESTION_IDS=$(sql -c "SELECT string_agg(q->>'id', ',') FROM resources,
  jsonb_array_elements(resources.questions::jsonb) q WHERE resources.id = '$SET_ID'
  AND q->>'type' = 'numeric'")
[[ -n $SET_ID && -n $QUESTION_IDS ]] || die "the demo data has no published numeric question in Senegal"
answer=$(curl -sS -o "$WORK/one.json" -w '%{http_code}' -H "Cookie: $cookie" -H "X-CSRF-Token: $token" \
  -H 'Content-Type: application/json' \
  --data "{\"client_id\":\"$(python3 -c 'import uuid; print(uuid.uuid4())')\",\"question\":\"${QUESTION_IDS%%,*}\",\"resource\":\"$SET_ID\",\"response\":{\"text\":\"1\"}}" \
  "$B_BASE/api/v1/attempts")
[[ $answer == 200 ]] || die "an answer on server B with server A's session: $answer $(head -c 300 "$WORK/one.json")"
say "pupil eleve$probe of $probe_school signed in on A, answered on B: the session holds on both"

# --- sessions of the active pupils, as SessionStore::create makes them -------------------------
say "sessions for $ACTIVE active pupils out of $PUPILS"
python3 - "$ACTIVE" "$ACCOUNTS" "$WORK/sessions.copy" "$WORK/sessions.tsv" <<'EOF'
import hashlib, random, secrets, sys
active, accounts, copy_path, tsv_path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
with open(copy_path, "w") as copy, open(tsv_path, "w") as tsv:
    for n in random.sample(range(accounts), active):
        token = secrets.token_hex(32)           # the cookie's value
        session_id = hashlib.sha256(token.encode()).hexdigest()
        csrf_secret = secrets.token_hex(32)
        # csrf_token_for(): BLAKE2b-256 of the session id keyed with the secret's text.
        csrf = hashlib.blake2b(session_id.encode(), key=csrf_secret.encode()[:64], digest_size=32)
        copy.write(f"{session_id}\t{n}\t{csrf_secret}\n")
        tsv.write(f"imaginecole_session={token}\t{csrf.hexdigest()}\n")
EOF
sql <<EOF
CREATE OR REPLACE FUNCTION pg_temp.nh_id(kind TEXT, n BIGINT) RETURNS TEXT
LANGUAGE sql IMMUTABLE AS \$f\$
  SELECT substr(t, 1, 8) || '-' || substr(t, 9, 4) || '-7' || substr(r, 1, 3) || '-8' ||
         substr(r, 4, 3) || '-' || substr(r, 7, 12)
  FROM (SELECT lpad(to_hex(1796000000000 + n / 1000), 12, '0') AS t, md5(kind || n) AS r) AS x
\$f\$;
CREATE TEMP TABLE nh_sessions (id TEXT, n BIGINT, csrf_secret TEXT);
\\copy nh_sessions FROM '$WORK/sessions.copy'
INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at, remote_address,
                      user_agent, csrf_secret)
  SELECT id, pg_temp.nh_id('user', n), now, now, expires, '127.0.0.1', 'national_hour.sh', csrf_secret
  FROM nh_sessions,
       (SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS now,
               to_char((clock_timestamp() + interval '12 hours') AT TIME ZONE 'UTC',
                       'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS expires) AS t;
EOF
read -r cookie token <"$WORK/sessions.tsv"
me=$(curl -sS -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$A_BASE/api/v1/me")
[[ $me == 200 ]] || die "a session made in SQL is refused (GET /api/v1/me: $me)"

# --- the load ---------------------------------------------------------------------------------
per_server_rate=$((RATE / 2))
wrk_threads=1
run_wrk() { # run_wrk SECONDS OUT_PREFIX: one wrk per server, in parallel
  local seconds=$1 prefix=$2 seed=0 base pids=()
  for base in "$A_BASE" "$B_BASE"; do
    seed=$((seed + 1))
    wrk -t"$wrk_threads" -c"$CONNECTIONS" -d"${seconds}s" --timeout 10s -s "$HERE/national_hour.lua" \
      "$base" -- "$WORK/sessions.tsv" "$per_server_rate" "$wrk_threads" "$CONNECTIONS" \
      "$SET_ID" "$QUESTION_IDS" "$seed" >"$prefix-$seed.out" 2>&1 &
    pids+=($!)
  done
  wait "${pids[@]}"
}
postgres_pids() {
  [[ -n $PG_POSTMASTER ]] || return 0
  echo "$PG_POSTMASTER"
  ps -o pid= --ppid "$PG_POSTMASTER"
}
postgres_ticks() {
  local pid total=0 t
  for pid in $(postgres_pids); do
    t=$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)
    total=$((total + t))
  done
  echo "$total"
}
if ((WARMUP > 0)); then
  say "warm-up ${WARMUP}s"
  run_wrk "$WARMUP" "$WORK/warmup"
fi
sql -c "SELECT pg_stat_statements_reset()" >/dev/null 2>&1 || true
sql -c "CHECKPOINT"
before=$(sql -c "SELECT count(*) FROM attempts")
commits_before=$(sql -c "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")
wal_before=$(sql -c "SELECT wal_sync FROM pg_stat_wal")
a_before=$(cpu_ticks "$A_PID") b_before=$(cpu_ticks "$B_PID") pg_before=$(postgres_ticks)
stat_before=$(awk '/^cpu / { print $2 + $3 + $4 + $6 + $7 + $8, $5 }' /proc/stat)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
say "measured ${DURATION}s: target $RATE attempts/s ($per_server_rate per server), $CONNECTIONS connections per server"
run_wrk "$DURATION" "$WORK/run"
a_after=$(cpu_ticks "$A_PID") b_after=$(cpu_ticks "$B_PID") pg_after=$(postgres_ticks)
stat_after=$(awk '/^cpu / { print $2 + $3 + $4 + $6 + $7 + $8, $5 }' /proc/stat)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
# Answers still in flight when wrk stopped are committed but not counted by wrk: wait for them.
sleep 1
after=$(sql -c "SELECT count(*) FROM attempts")
commits_after=$(sql -c "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")
wal_after=$(sql -c "SELECT wal_sync FROM pg_stat_wal")
# Round trips: the statements the servers sent (top level); the triggers' are listed too.
statements=$(sql -c "SELECT COALESCE(sum(calls), 0) FROM pg_stat_statements WHERE toplevel
  AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database())" 2>/dev/null || echo "")
sql -F ' | ' -c "SELECT calls, round(mean_exec_time::numeric, 3) AS ms,
  round(total_exec_time::numeric / GREATEST($DURATION, 1) / 1000, 2) AS busy,
  CASE WHEN toplevel THEN 'server' ELSE 'trigger' END,
  left(regexp_replace(query, '\s+', ' ', 'g'), 100)
  FROM pg_stat_statements WHERE calls > $((RATE * DURATION / 20 + 10))
  AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
  ORDER BY total_exec_time DESC LIMIT 20" >"$WORK/statements.txt" 2>/dev/null || true

# --- the report -------------------------------------------------------------------------------
value() { awk -v k="$1" '$1 == k { print $2 }' "$2"; }
requests=0 non_2xx=0 errors=0 seconds=0
for i in 1 2; do
  out="$WORK/run-$i.out"
  grep -q '^nh_requests' "$out" || { cat "$out" >&2; die "wrk for server $i printed no result"; }
  requests=$((requests + $(value nh_requests "$out")))
  non_2xx=$((non_2xx + $(value nh_non_2xx "$out")))
  errors=$((errors + $(value nh_errors "$out")))
  seconds=$(value nh_seconds "$out")
done
answered=$((requests - non_2xx))
committed=$((after - before))
hz=$(getconf CLK_TCK)
percent() { awk -v t="$1" -v hz="$hz" -v d="$DURATION" 'BEGIN { printf "%.0f", 100 * t / hz / d }'; }
read -r busy0 idle0 <<<"$stat_before"
read -r busy1 idle1 <<<"$stat_after"
machine_busy=$(awk -v b=$((busy1 - busy0)) -v i=$((idle1 - idle0)) 'BEGIN { printf "%.0f", 100 * b / (b + i) }')

echo
echo "imaginecole national peak hour: $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPU(s), $("$BINARY" --version 2>/dev/null | head -n 1)"
echo "PostgreSQL: $PG_SETTINGS; $PUPILS pupil accounts${LOAD_SECONDS:+ (loaded in $(printf '%.0f' "$LOAD_SECONDS") s)}; $ACTIVE active pupils' sessions"
echo "two servers (--threads $SERVER_THREADS, --workers $( ((SERVER_WORKERS > 0)) && echo "$SERVER_WORKERS" || echo default), --pool-size $( ((POOL_SIZE > 0)) && echo "$POOL_SIZE" || echo default)), wrk -c$CONNECTIONS each, target $RATE attempts/s, ${DURATION}s measured after ${WARMUP}s warm-up"
printf '%-10s | %8s | %9s\n' server "answers/s" "p50 / p95 / p99 / max ms"
for i in 1 2; do
  out="$WORK/run-$i.out"
  printf '%-10s | %8.0f | %s / %s / %s / %s\n' "$([[ $i == 1 ]] && echo A || echo B)" \
    "$(awk -v r="$(value nh_requests "$out")" -v e="$(value nh_non_2xx "$out")" -v s="$(value nh_seconds "$out")" 'BEGIN { print (r - e) / s }')" \
    "$(value nh_p50_ms "$out")" "$(value nh_p95_ms "$out")" "$(value nh_p99_ms "$out")" "$(value nh_max_ms "$out")"
done
held=$(awk -v a="$answered" -v s="$seconds" 'BEGIN { printf "%.0f", a / s }')
echo "held: $held attempts/s of $RATE targeted; errors $errors (non-2xx $non_2xx)"
echo "count check: $committed attempts committed during the window / $answered success answers seen by wrk"
echo "CPU (100 % = one core): server A $(percent $((a_after - a_before))) %, server B $(percent $((b_after - b_before))) %, PostgreSQL $([[ -n $PG_POSTMASTER ]] && echo "$(percent $((pg_after - pg_before))) %" || echo "? (not on this machine)"); whole machine busy $machine_busy %"
echo "load average: $load_before before, $load_after after"
echo "PostgreSQL: $(((commits_after - commits_before) / DURATION)) commits/s, $(((wal_after - wal_before) / DURATION)) WAL syncs/s${statements:+, $(awk -v s="$statements" -v a="$committed" 'BEGIN { if (a > 0) printf "%.1f", s / a; else print "?" }') statements per attempt}"
if [[ -s $WORK/statements.txt ]]; then
  # Executor time is wall time: it includes waiting for a core, a page or a lock. A
  # statement's time includes its triggers' (listed apart, sent by "trigger").
  echo "statements by time in PostgreSQL (calls | mean ms | backends busy in it on average | sent by | statement):"
  sed 's/^/  /' "$WORK/statements.txt"
fi
((committed >= answered)) || die "fewer attempts committed than success answers: an answer was lost"
((errors == 0)) || die "errors during the run: the figures are not valid"
