#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# A capability's tables are its own (STYLE.md, habit 15): another capability asks through the
# owner's public header, never through its SQL, so that the owner can change its schema, keep
# its invariants and open its own transactions. This check fails when SQL in one folder of src/
# names a table that another folder owns.
#
# The rules:
#  - src/tables.txt says who owns each table: `table capability` per line, `#` comments. The
#    capability is a folder of src/. Every table the migrations (or the storage code) create is
#    declared there exactly once, and every declared table exists: an undeclared table fails.
#  - A .cpp/.hpp file under src/<capability>/ (at any depth) may name in its SQL only the tables
#    of <capability>. "Names" means: the table after FROM, JOIN, INTO, UPDATE, DELETE FROM,
#    REFERENCES or TABLE, and each table of a comma list after FROM, in the text of its string
#    literals (adjacent literals joined as the compiler joins them). A word that is a table's
#    name elsewhere (a column `resources.questions`, a URL /media/…) is not a violation.
#  - storage owns the record layer's own tables (node_settings, change_log, schema_migrations).
#    A capability that needs a node setting or the change log asks storage's headers.
#  - http, web and core own no table and may name none.
#  - search owns its index tables (resource_search, resource_title_search, resource_search_rows)
#    and is the one reader allowed into another capability's tables (READS below): it is the
#    catalog's index, and it filters by placement, ranks and cuts snippets from the resources'
#    text in one statement per page, which a call per resource through catalog's header could
#    not do. It may read
#    (FROM, JOIN) catalog's tables, never write them (INTO, UPDATE, DELETE FROM).
#  - app (the composition root, the commands) and main.cpp are not exempt: a command that needs
#    a capability's rows calls that capability's store or service, like a route does.
#  - Tests (tests/) are not checked: they may set up and inspect rows directly.
#  - A capability's synced_tables.cpp is not checked: its scope queries are declarations the
#    record layer turns into triggers (a picture card's scope is its pupil's school), not SQL
#    the capability runs.
#  - The check reads SQL written as string literals. SQL assembled at run time from a table name
#    held in a variable ("UPDATE " + table) is not seen: don't write it across capabilities.
#
#   bash scripts/check-layering.sh         # exit 1 with file:line of each violation
#   bash scripts/check-layering.sh ROOT    # check another tree (scripts/check-layering-test.sh)
set -euo pipefail
root=${1:-"$(dirname "$0")/.."}
scanner="$(cd "$(dirname "$0")" && pwd)/check-layering.awk"
cd "$root"

declaration=src/tables.txt

# "reader:owner": the reader's SQL may read (not write) the owner's tables. Keep it short.
# sync reads the rows it decides on (a user's grants, a resource's placements and status, a
# box's counts for its health) in the transaction that reads the feed: it is the record layer's
# peer, moving every synced table; its writes are generic by table name (decision 0038).
READS=(search:catalog sync:accounts sync:catalog sync:learning sync:media)
# "file:table" that still names another capability's table because the file is being rewritten
# by someone else; each entry says who moves it. An entry that no longer matches fails the
# check, so it is removed as soon as the SQL moves.
WAITING=()
# The checker's own test (scripts/check-layering-test.sh) gives its own list.
if [[ -n ${CHECK_LAYERING_WAITING+set} ]]; then
  read -r -a WAITING <<<"$CHECK_LAYERING_WAITING" || true
fi
failures=0
fail() {
  echo "check-layering: $*" >&2
  failures=$((failures + 1))
}

if [[ ! -f $declaration ]]; then
  fail "$declaration is missing: it declares which capability owns each table"
  exit 1
fi

# Tables the schema creates: the migrations, and any CREATE TABLE in storage's own code (the
# migrations' bookkeeping table).
created_tables() {
  {
    find src/storage/migrations -name '*.sql' -type f -print0 2>/dev/null |
      xargs -0 -r cat | sed -e 's/--.*//'
    find src/storage -maxdepth 1 \( -name '*.cpp' -o -name '*.hpp' \) -type f -print0 |
      xargs -0 -r cat
  } | grep -ioP 'create\s+(virtual\s+)?table\s+(if\s+not\s+exists\s+)?\K[A-Za-z_][A-Za-z0-9_]*' |
    tr 'A-Z' 'a-z' | sort -u
}

declare -A owner_of=()
line_number=0
while IFS= read -r line || [[ -n $line ]]; do
  line_number=$((line_number + 1))
  line=${line%%#*}
  read -r -a words <<<"$line" || true
  ((${#words[@]} == 0)) && continue
  if ((${#words[@]} != 2)); then
    fail "$declaration:$line_number: expected 'table capability', found '${line}'"
    continue
  fi
  table=${words[0],,}
  capability=${words[1]}
  if [[ -n ${owner_of[$table]:-} ]]; then
    fail "$declaration:$line_number: $table is declared twice (${owner_of[$table]} and $capability)"
  fi
  if [[ ! -d src/$capability ]]; then
    fail "$declaration:$line_number: $table's owner '$capability' is not a folder of src/"
  fi
  owner_of[$table]=$capability
done <"$declaration"

mapfile -t created < <(created_tables)
declare -A is_created=()
for table in "${created[@]}"; do
  is_created[$table]=1
  if [[ -z ${owner_of[$table]:-} ]]; then
    fail "table $table is created by the schema but not declared in $declaration:" \
      "add '$table <capability>' there"
  fi
done
for table in "${!owner_of[@]}"; do
  if [[ -z ${is_created[$table]:-} ]]; then
    fail "$declaration declares $table, which no migration creates: remove the line"
  fi
done

mapfile -t sources < <(find src -path src/storage/migrations -prune -o \
  \( -name '*.cpp' -o -name '*.hpp' \) -not -name synced_tables.cpp -type f -print | sort)
report=$(awk -v reads="${READS[*]}" -v waiting="${WAITING[*]}" -f "$scanner" "$declaration" \
  "${sources[@]}")
while IFS= read -r entry; do
  [[ -n $entry ]] && fail "WAITING entry '$entry' names nothing any more: remove it from $0"
done < <(sed -n 's/^stale //p' <<<"$report")
violations=$(grep -v '^stale ' <<<"$report" || true)
if [[ -n $violations ]]; then
  echo "$violations" >&2
  fail "$(wc -l <<<"$violations") place(s) name another capability's table (STYLE.md habit 15):" \
    "move the SQL behind the owner's header, as a function taking a storage::Connection& when" \
    "it must run in the caller's transaction"
fi

if ((failures > 0)); then
  exit 1
fi
echo "check-layering: ${#sources[@]} files of src/, ${#owner_of[@]} tables, each named only by" \
  "its owner"
