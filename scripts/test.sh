#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# The test command: installs what is needed (Debian 12, as root), builds with sanitizers and
# warnings as errors, starts a throwaway PostgreSQL 15, and runs every test through CTest:
# unit tests, storage tests on SQLite and PostgreSQL, end-to-end tests of the real binary on
# 127.0.0.1, and the browser tests (Debian's Chromium driven by Playwright, axe-core scan).
#
#   bash scripts/test.sh            # preset "ci" (ASan + UBSan, -Werror)
#   IMAGINECOLE_PRESET=debug bash scripts/test.sh
#   FULL_TIDY=1 bash scripts/test.sh  # clang-tidy on every file, not only the changed ones
set -euo pipefail
cd "$(dirname "$0")/.."

preset=${IMAGINECOLE_PRESET:-ci}

bash scripts/install-deps.sh

echo "== outside commands of the tests come from installed packages"
bash scripts/check-test-commands.sh

echo "== layering: a capability's SQL names only its own tables"
bash scripts/check-layering-test.sh
bash scripts/check-layering.sh

echo "== style: clang-format"
mapfile -t sources < <(git ls-files '*.cpp' '*.hpp' 2>/dev/null || find src tests bench -name '*.[ch]pp')
clang-format --dry-run --Werror "${sources[@]}"

echo "== browser test tools (npm)"
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)

echo "== build ($preset)"
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j"$(nproc)"

echo "== clang-tidy on the changed files (FULL_TIDY=1: all of them)"
bash scripts/tidy.sh "build/$preset"

echo "== PostgreSQL for the tests"
export IMAGINECOLE_PG_STATE
IMAGINECOLE_PG_STATE=$(mktemp -u /tmp/imaginecole-pg-XXXXXX.state)
trap 'bash scripts/test-postgres.sh stop || true' EXIT
bash scripts/test-postgres.sh start
IMAGINECOLE_TEST_POSTGRES=$(bash scripts/test-postgres.sh url)
export IMAGINECOLE_TEST_POSTGRES

echo "== tests"
# Leaks are reported by LeakSanitizer at exit of every process, the server included.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --preset "$preset" -j2 --timeout 600
