#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# clang-tidy (the curated .clang-tidy of the tree) on the C++ files a change touches, with the
# compile commands of a build. Only changed files by default, because the whole tree takes
# more than an hour on two cores:
#   - the files changed since the merge base with origin/main (or main), plus uncommitted ones;
#   - on a fresh clone without those branches (CI), the files of the last commit (HEAD~1);
#   - FULL_TIDY=1: every .cpp of the build.
# A changed header brings in the .cpp files that include it.
#
# Every finding fails, except those listed in scripts/tidy-baseline.txt ("path check" lines:
# findings the tree had when this check was added, in files this change may not touch). Fix
# one, then remove its line; never add lines for new code.
#
#   bash scripts/tidy.sh build/ci          # the build folder holding compile_commands.json
#   FULL_TIDY=1 bash scripts/tidy.sh build/debug
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

build=${1:-build/${IMAGINECOLE_PRESET:-ci}}
database="$build/compile_commands.json"
if [[ ! -f $database ]]; then
  echo "tidy.sh: $database is missing: configure the build first (cmake --preset ...)" >&2
  exit 1
fi

# Every translation unit of the build that is ours (not generated), relative to the tree.
mapfile -t units < <(grep -Po '"file":\s*"\K[^"]+' "$database" | sed "s|^$root/||" |
  grep -E '^(src|tests|bench)/.*\.cpp$' | sort -u)

changed_files() {
  local base=""
  for candidate in origin/main main; do
    if git rev-parse --verify -q "$candidate" >/dev/null; then
      base=$(git merge-base HEAD "$candidate")
      break
    fi
  done
  if [[ -n $base && $base != $(git rev-parse HEAD) ]]; then
    git diff --name-only "$base" --
  elif git rev-parse --verify -q HEAD~1 >/dev/null; then
    git diff --name-only HEAD~1 --
  fi
  git diff --name-only HEAD -- # uncommitted changes
  git ls-files --others --exclude-standard
}

selected=()
if [[ ${FULL_TIDY:-0} == 1 ]]; then
  selected=("${units[@]}")
else
  mapfile -t changed < <(changed_files | grep -E '\.(cpp|hpp)$' | sort -u)
  declare -A wanted=()
  for file in "${changed[@]}"; do
    [[ -f $file ]] || continue # deleted
    if [[ $file == *.cpp ]]; then
      wanted[$file]=1
    else
      # A header: the units that include it by its path from src/ or tests/.
      include=${file#src/}
      include=${include#tests/}
      while IFS= read -r unit; do
        wanted[$unit]=1
      done < <(grep -lF "#include \"$include\"" "${units[@]}" 2>/dev/null || true)
    fi
  done
  for unit in "${units[@]}"; do
    [[ -n ${wanted[$unit]:-} ]] && selected+=("$unit")
  done
fi

if [[ ${#selected[@]} -eq 0 ]]; then
  echo "tidy.sh: no changed C++ file to check"
  exit 0
fi
echo "tidy.sh: clang-tidy on ${#selected[@]} file(s)"

output=$(mktemp)
trap 'rm -f "$output"' EXIT
# GCC builds: flags clang does not know are not findings. The exit status is judged below.
printf '%s\0' "${selected[@]}" |
  xargs -0 -n 1 -P "$(nproc)" clang-tidy -p "$build" --quiet \
    --extra-arg=-Wno-unknown-warning-option >"$output" 2>/dev/null || true

declare -A known=()
while read -r path check; do
  [[ -z $path || $path == \#* ]] && continue
  known["$path $check"]=1
done <scripts/tidy-baseline.txt

new=0
baselined=0
declare -A reported=()
while IFS= read -r line; do
  if [[ $line =~ ^([^:]+):([0-9]+):([0-9]+):\ (warning|error):\ (.*)\ \[([^]]+)\]$ ]]; then
    path=${BASH_REMATCH[1]#"$root/"}
    check=${BASH_REMATCH[6]%%,*}
    [[ -n ${reported[$line]:-} ]] && continue # a header's finding, seen from several units
    reported[$line]=1
    if [[ -n ${known["$path $check"]:-} && $check != clang-diagnostic-error ]]; then
      baselined=$((baselined + 1))
      continue
    fi
    echo "${line#"$root/"}"
    new=$((new + 1))
  elif [[ $line =~ ^([^:]+):([0-9]+):([0-9]+):\ error: ]]; then
    echo "${line#"$root/"}" # a compile error without a check name
    new=$((new + 1))
  fi
done <"$output"

if ((new > 0)); then
  echo "tidy.sh: $new finding(s) ($baselined known ones of scripts/tidy-baseline.txt left out)" >&2
  exit 1
fi
echo "tidy.sh: no new finding ($baselined known ones of scripts/tidy-baseline.txt left out)"
