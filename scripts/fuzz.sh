#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Longer fuzzing with libFuzzer (decision 0053): builds the preset "fuzz" (clang, ASan + UBSan,
# coverage) and runs each target for SECONDS, starting from its committed corpus, the test
# fixtures it reads and the seeds it makes in code. The corpus each run grows is kept in
# build/fuzz/work/<target>/ for the next run. A crash stops that target and is left as
# build/fuzz/work/<target>-crash-*: copy it into fuzz/regressions/<target>/ with the fix, and
# the test command replays it from then on.
#
#   bash scripts/fuzz.sh                 # every target, 60 s each
#   bash scripts/fuzz.sh 600 gift qti    # ten minutes each for two targets
#   FUZZ_JOBS=2 bash scripts/fuzz.sh     # two processes per target (libFuzzer -fork)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
work=build/fuzz/work

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j"$(nproc)" --target imaginecole_fuzz_replay >/dev/null
replay=build/fuzz/fuzz/imaginecole_fuzz_replay
if [[ $# -gt 0 ]]; then
  targets=("$@")
else
  mapfile -t targets < <("$replay" --list)
fi
cmake --build --preset fuzz -j"$(nproc)" --target "${targets[@]/#/fuzz_}" >/dev/null

# The corpus folders a target reads besides fuzz/corpus/<target> (fuzz/CMakeLists.txt).
extra_folders() {
  sed -n "s/^ *\"$1|[0-9]*|\(.*\)\"\$/\1/p" fuzz/CMakeLists.txt | tr ',' '\n' | sed '/^$/d'
}

mkdir -p "$work"
printf '%-14s %12s %10s %8s  %s\n' target executions exec/s corpus result
status=0
for target in "${targets[@]}"; do
  corpus=$work/$target
  mkdir -p "$corpus"
  for folder in "fuzz/corpus/$target" "fuzz/regressions/$target" $(extra_folders "$target"); do
    if [[ -d $folder ]]; then
      cp -n "$folder"/* "$corpus"/ 2>/dev/null || true
    fi
  done
  "$replay" "$target" --write-seeds "$corpus" >/dev/null
  log=$work/$target.log
  result=clean
  if ! "build/fuzz/fuzz/fuzz_$target" "$corpus" -max_total_time="$seconds" -max_len=65536 \
      -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 -fork="${FUZZ_JOBS:-0}" \
      -artifact_prefix="$work/$target-" >"$log" 2>&1; then
    result="FAILED: see $log and $work/$target-crash-*"
    status=1
  fi
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  printf '%-14s %12s %10s %8s  %s\n' "$target" "${executions:-?}" "${rate:-?}" \
    "$(find "$corpus" -type f | wc -l)" "$result"
done
exit $status
