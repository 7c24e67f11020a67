#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Every outside command the tests call must come from a Debian package that
# scripts/install-deps.sh installs: otherwise the suite passes on a developer's machine and
# fails (or silently skips) on a fresh one. Finds the commands in tests/ (C++ run()/popen()/
# system() calls and `command = "..."` strings, Node spawn() calls and /usr/bin paths, the
# programs tests/CMakeLists.txt looks for, shell scripts), and checks each against the table
# below, then each package of the table against install-deps.sh.
#
#   bash scripts/check-test-commands.sh          # exit 1 with the reason when something is off
set -euo pipefail
cd "$(dirname "$0")/.."

# command -> the Debian package that provides it. A new outside command in a test needs a line
# here and its package in install-deps.sh.
declare -A PACKAGE_OF=(
  [vips]=libvips-tools
  [vipsheader]=libvips-tools
  [ffmpeg]=ffmpeg
  [ffprobe]=ffmpeg
  [chromium]=chromium
  [node]=nodejs
  [zimcheck]=zim-tools
  [kiwix-serve]=kiwix-tools
  [pg_dump]=postgresql-15
  [pg_restore]=postgresql-15
)

# Words that are shell syntax or builtins, not programs, when reading shell scripts.
SHELL_WORDS=" if then else elif fi for while until do done case esac in function return local
  export set unset shift exit trap cd echo printf read test true false source wait eval exec
  declare readonly mapfile break continue "

# The packages of install-deps.sh's package lists (BUILD_PACKAGES=( … ), TEST_PACKAGES=( … )),
# one per line, comments dropped.
declared_packages() {
  sed -n '/^[A-Z_]*PACKAGES=($/,/^)/p' scripts/install-deps.sh | sed -e 's/#.*//' -e 's/^[A-Z_]*=(//' |
    tr -s ' \t()' '\n' | grep -E '^[a-z0-9][a-z0-9.+-]+$'
}

# "<file>:<command>" for every outside command found in tests/.
found_commands() {
  local file
  # C++: run("cmd ..."), popen("cmd ..."), system("cmd ..."), and `command = "cmd ..."`
  # (the string later handed to popen/system), possibly on the next line.
  while IFS= read -r -d '' file; do
    grep -Pzo '(?:\brun|\bpopen|\bsystem)\(\s*"[A-Za-z0-9_.+-]+|\bcommand\s*=\s*"[A-Za-z0-9_.+-]+' \
      "$file" | tr '\0\n' '\n ' | sed -E 's/.*"//; s|^|'"$file"':|' || true
  done < <(find tests -path tests/browser/node_modules -prune -o \
    \( -name '*.cpp' -o -name '*.hpp' \) -type f -print0)
  # Node: spawn('cmd', ...), spawnSync/execFile('cmd', ...), and programs named by /usr/bin path.
  while IFS= read -r -d '' file; do
    grep -Po "\b(?:spawn|spawnSync|execFile|execFileSync)\(\s*['\"]\K[A-Za-z0-9_.+-]+" "$file" |
      sed "s|^|$file:|" || true
    grep -Po "['\"]/usr/bin/\K[A-Za-z0-9_.+-]+" "$file" | sed "s|^|$file:|" || true
  done < <(find tests -path tests/browser/node_modules -prune -o \
    \( -name '*.mjs' -o -name '*.js' \) -type f -print0)
  # CMake: the programs the test registration looks for (find_program(VAR name)).
  grep -Po 'find_program\(\s*\w+\s+\K[A-Za-z0-9_.+-]+' tests/CMakeLists.txt |
    sed 's|^|tests/CMakeLists.txt:|' || true
  # Shell scripts: the first word of each command line that is not shell syntax.
  while IFS= read -r -d '' file; do
    sed -e 's/#.*//' "$file" | grep -Po '^\s*(?:[A-Z_]+=\S*\s+)*\K[a-z][A-Za-z0-9_.+-]*(?=\s|$)' |
      while read -r word; do
        [[ $SHELL_WORDS == *" $word "* ]] || echo "$file:$word"
      done
  done < <(find tests -path tests/browser/node_modules -prune -o -name '*.sh' -type f -print0)
}

mapfile -t declared < <(declared_packages)
is_declared() {
  local pkg=$1 name
  for name in "${declared[@]}"; do
    [[ $name == "$pkg" ]] && return 0
  done
  return 1
}

failures=0
mapfile -t found < <(found_commands | sort -u)
declare -A seen=()
for entry in "${found[@]}"; do
  file=${entry%%:*}
  command=${entry#*:}
  package=${PACKAGE_OF[$command]:-}
  if [[ -z $package ]]; then
    echo "check-test-commands: $file calls '$command', which is not in the table of" \
      "scripts/check-test-commands.sh: add '[$command]=<debian package>' there and the" \
      "package to scripts/install-deps.sh" >&2
    failures=$((failures + 1))
    continue
  fi
  seen[$command]=$package
done

for command in "${!PACKAGE_OF[@]}"; do
  package=${PACKAGE_OF[$command]}
  if ! is_declared "$package"; then
    echo "check-test-commands: '$command' comes from the Debian package '$package'," \
      "which scripts/install-deps.sh does not install: add it to TEST_PACKAGES" >&2
    failures=$((failures + 1))
  fi
done

if ((failures > 0)); then
  exit 1
fi
echo "check-test-commands: ${#seen[@]} outside commands in tests/, all from packages" \
  "install-deps.sh installs"
