#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Booklet export time for a whole subject: `imaginecole export booklet` (page model, then
# headless Chromium's --print-to-pdf) timed end to end, process start-up included, with the
# PDF's pages and size and the machine's load average beside the figure.
#
# Usage: bench/booklet_bench.sh [options]
#   --binary PATH      imaginecole binary (default build/release/imaginecole)
#   --resources N      also run `demo generate --resources N` first (more lessons per subject)
#   --country CC --level L --subject S   the subject (default SN cm2 mathematiques)
#   --format a4|a5     (default a4)
#   --repeat N         runs; the median and the fastest are printed (default 5)
set -euo pipefail

BINARY=build/release/imaginecole
RESOURCES=0
COUNTRY=SN
LEVEL=cm2
SUBJECT=mathematiques
FORMAT=a4
REPEAT=5
while [[ $# -gt 0 ]]; do
  case "$1" in
    --binary) BINARY=$2; shift 2 ;;
    --resources) RESOURCES=$2; shift 2 ;;
    --country) COUNTRY=$2; shift 2 ;;
    --level) LEVEL=$2; shift 2 ;;
    --subject) SUBJECT=$2; shift 2 ;;
    --format) FORMAT=$2; shift 2 ;;
    --repeat) REPEAT=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

WORK=$(mktemp -d /tmp/booklet-bench-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
"$BINARY" init --demo --data "$WORK/data" >/dev/null
if [[ $RESOURCES -gt 0 ]]; then
  "$BINARY" demo generate --resources "$RESOURCES" --data "$WORK/data" >/dev/null
fi

times=()
for ((run = 1; run <= REPEAT; run++)); do
  start=$(date +%s%N)
  summary=$("$BINARY" export booklet --country "$COUNTRY" --level "$LEVEL" --subject "$SUBJECT" \
    --format "$FORMAT" --out "$WORK/booklet.pdf" --data "$WORK/data")
  end=$(date +%s%N)
  times+=($(((end - start) / 1000000)))
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
pages=$(pdfinfo "$WORK/booklet.pdf" | awk '/^Pages:/ {print $2}')
echo "booklet $COUNTRY $LEVEL $SUBJECT $FORMAT (demo + $RESOURCES generated resources)"
echo "  ${summary#*: }"
echo "  pages: $pages, runs: $REPEAT, median: ${sorted[$((REPEAT / 2))]} ms, fastest: ${sorted[0]} ms"
echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg), cores: $(nproc)"
