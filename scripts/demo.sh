#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# The demo command: installs what is needed (Debian 12, as root), builds the release binary,
# creates a data folder with the demo data (embedded SQLite) and serves it on
# http://localhost:8080 until Ctrl+C.
#
#   bash scripts/demo.sh                       # data in ./data-local, port 8080
#   IMAGINECOLE_DATA=/srv/imaginecole IMAGINECOLE_LISTEN=0.0.0.0:8080 bash scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh --build-only
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)"

export IMAGINECOLE_DATA=${IMAGINECOLE_DATA:-$PWD/data-local}
export IMAGINECOLE_LISTEN=${IMAGINECOLE_LISTEN:-127.0.0.1:8080}
build/release/imaginecole init --demo
echo "Imaginécole: open http://${IMAGINECOLE_LISTEN/127.0.0.1/localhost}/ (Ctrl+C stops the server)"
exec build/release/imaginecole serve
