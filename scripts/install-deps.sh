#!/usr/bin/env bash
# Installs everything needed to build, test and benchmark Imaginécole on a
# fresh Debian 12 (bookworm) machine. Must run as root. Idempotent: when every
# package is already installed it returns without touching apt at all.
#
# Usage: scripts/install-deps.sh
set -euo pipefail

# --build-only: what building and running the server needs (the demo command); without it,
# everything the tests and benchmarks need as well (PostgreSQL, nginx, wrk, Chromium, Node.js).
BUILD_PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config ccache git
  # libraries
  libboost1.81-dev libsqlite3-dev libpq-dev libsodium-dev libstemmer-dev
  libkainjow-mustache-dev libcli11-dev libmd4c-dev libmd4c-html0-dev
  libbrotli-dev zlib1g-dev
  # dates, numbers, plurals and language names in the reader's language
  libicu-dev
  # question-bank XML (Moodle XML, QTI 2.1), QTI content packages (zip), image renditions,
  # PDF uploads opened and their pages counted (poppler, already under libvips)
  libpugixml-dev libzip-dev libvips-dev libpoppler-cpp-dev
  # ffprobe checks uploaded sounds and videos (refused without it), ffmpeg makes light videos
  ffmpeg
  # ZIM files written (export zim) and read for the OPDS catalogue (libzim); booklets printed
  # to PDF by headless Chromium (decision 0035)
  libzim-dev chromium
)
TEST_PACKAGES=(
  # tests, benchmarks, lint
  libgtest-dev libgmock-dev libbenchmark-dev clang-format clang-tidy
  # services and tools used by tests and benchmarks
  postgresql-15 nginx-light wrk chromium nodejs npm curl ca-certificates procps
  # the benchmarks read JSON answers and SQLite files (jq, sqlite3)
  jq sqlite3
  # image commands the media tests call (vips, vipsheader)
  libvips-tools
  # booklet PDFs read back (pdftotext, pdftoppm); kiwix-serve, zimcheck for the ZIM files
  poppler-utils kiwix-tools zim-tools
  # libFuzzer runs of the fuzz targets (scripts/fuzz.sh, preset fuzz; decision 0053)
  clang libclang-rt-14-dev
)

PACKAGES=("${BUILD_PACKAGES[@]}")
if [[ ${1:-} != --build-only ]]; then
  PACKAGES+=("${TEST_PACKAGES[@]}")
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps.sh: must run as root" >&2
  exit 1
fi

# Node.js may come from elsewhere than Debian (e.g. a nodejs 20 package that
# bundles npm and conflicts with Debian's npm package): any working node/npm
# on PATH counts, and then Debian's nodejs/npm are not installed.
is_present() {
  local pkg=$1 status
  case $pkg in
    nodejs) command -v node >/dev/null 2>&1 && return 0 ;;
    npm) command -v npm >/dev/null 2>&1 && return 0 ;;
  esac
  status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null || true)
  [[ $status == ii* ]] # "ii " = installed and configured
}

missing=()
for pkg in "${PACKAGES[@]}"; do
  is_present "$pkg" || missing+=("$pkg")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps.sh: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

echo "install-deps.sh: installing ${#missing[@]} missing package(s): ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update
# Only the missing ones: packages already there are neither upgraded nor
# replaced (see the Node.js note above).
apt-get install -y --no-install-recommends "${missing[@]}"
echo "install-deps.sh: done"
