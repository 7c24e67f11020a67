#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# The test of scripts/check-layering.sh: runs the real script on small trees made here, each
# with one known fault (or none), and checks that it fails exactly when it should and says
# where. Registered with CTest (scripts.check_layering_self_test).
set -euo pipefail
script="$(cd "$(dirname "$0")" && pwd)/check-layering.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
passed=0

# A tree where catalog owns resources, exercises owns questions, storage owns change_log, and
# each capability's SQL names only its own tables.
make_tree() {
  local root=$1
  rm -rf "$root"
  mkdir -p "$root/src/storage/migrations/sqlite" "$root/src/catalog" "$root/src/exercises" \
    "$root/src/search" "$root/src/app"
  printf '%s\n' '# table owner' 'resources   catalog' 'questions   exercises  # the bank' \
    'change_log  storage' >"$root/src/tables.txt"
  printf '%s\n' 'CREATE TABLE resources (id TEXT PRIMARY KEY);' \
    'CREATE TABLE questions (id TEXT PRIMARY KEY, set_id TEXT REFERENCES resources (id));' \
    '-- CREATE TABLE commented_out (id TEXT);' \
    'CREATE TABLE IF NOT EXISTS change_log (seq INTEGER);' \
    >"$root/src/storage/migrations/sqlite/0001_first.sql"
  cat >"$root/src/catalog/store.cpp" <<'EOF'
// SELECT id FROM questions: a comment is not SQL.
void f(Connection& c) {
  c.query("SELECT id, questions FROM resources r WHERE r.id = ?", {id});
  c.execute("UPDATE resources SET title = ? WHERE id = ?", {title, id});
}
EOF
  cat >"$root/src/exercises/store.cpp" <<'EOF'
#include "catalog/store.hpp"
void g(Connection& c) {
  const char quote = '"';
  c.query("SELECT q.id FROM questions q WHERE q.body LIKE '%/media/resources%' "
          "AND q.kind = ?", {kind});
  log("questions moved from resources to the bank");
}
EOF
}

# expect <name> <0|1> <text the output must contain, or "">
expect() {
  local name=$1 want=$2 text=$3 got=0 output
  output=$(bash "$script" "$work/tree" 2>&1) || got=$?
  if [[ $got -ne $want ]] || [[ -n $text && $output != *"$text"* ]]; then
    echo "FAIL $name: exit $got (wanted $want), output:" >&2
    echo "$output" | sed 's/^/    /' >&2
    failures=$((failures + 1))
  else
    passed=$((passed + 1))
  fi
}

export CHECK_LAYERING_WAITING=""

make_tree "$work/tree"
expect "a clean tree passes" 0 "each named only by its owner"

make_tree "$work/tree"
cat >"$work/tree/src/exercises/bad.cpp" <<'EOF'
void h(Connection& c) {
  // The table name sits in the second of two joined literals.
  c.query("SELECT origin_country FROM "
          "resources WHERE id = ?", {id});
}
EOF
expect "a read of another's table across joined literals fails" 1 \
  "src/exercises/bad.cpp:4: catalog's table resources named in exercises (use catalog/…hpp)"

make_tree "$work/tree"
printf '%s\n' 'void h(Connection& c) {' \
  '  c.query("SELECT q.id FROM questions q, resources r WHERE r.id = q.set_id");' '}' \
  >"$work/tree/src/exercises/bad.cpp"
expect "the second table of a FROM list is seen" 1 \
  "src/exercises/bad.cpp:2: catalog's table resources named in exercises"

make_tree "$work/tree"
printf '%s\n' 'void h(Connection& c) {' \
  '  c.execute("DELETE FROM change_log WHERE entity = ?", {e});' '}' \
  >"$work/tree/src/catalog/bad.cpp"
expect "a write into storage's change log fails" 1 \
  "src/catalog/bad.cpp:2: storage's table change_log named in catalog (use storage/…hpp)"

make_tree "$work/tree"
printf '%s\n' 'auto s = R"sql(' '  INSERT INTO questions (id)' '  VALUES (?))sql";' \
  >"$work/tree/src/app/bad.cpp"
expect "a raw string literal is read, and app is not exempt" 1 \
  "src/app/bad.cpp:2: exercises' table questions named in app"

make_tree "$work/tree"
printf '%s\n' 'auto s = "SELECT r.id FROM resources r JOIN questions q ON q.set_id = r.id";' \
  >"$work/tree/src/search/index.cpp"
expect "search reads catalog's tables, but no other capability's" 1 \
  "src/search/index.cpp:1: exercises' table questions named in search"
if grep -q "catalog's table resources named in search" <<<"$(bash "$script" "$work/tree" 2>&1)"; then
  echo "FAIL search may read catalog's resources" >&2
  failures=$((failures + 1))
fi

make_tree "$work/tree"
printf '%s\n' 'auto s = "UPDATE resources SET title = ?";' >"$work/tree/src/search/index.cpp"
expect "search may not write catalog's tables" 1 \
  "src/search/index.cpp:1: catalog's table resources named in search"

make_tree "$work/tree"
echo 'CREATE TABLE placements (id TEXT);' >>"$work/tree/src/storage/migrations/sqlite/0001_first.sql"
expect "a table the migrations create and nobody declares fails" 1 \
  "table placements is created by the schema but not declared"

make_tree "$work/tree"
echo 'media  media' >>"$work/tree/src/tables.txt"
expect "a declared table no migration creates fails" 1 "declares media, which no migration creates"

make_tree "$work/tree"
echo 'questions  catalog' >>"$work/tree/src/tables.txt"
expect "a table declared twice fails" 1 "questions is declared twice"

make_tree "$work/tree"
sed -i 's/^resources   catalog/resources   library/' "$work/tree/src/tables.txt"
expect "an owner that is no folder of src/ fails" 1 "owner 'library' is not a folder of src/"

make_tree "$work/tree"
printf '%s\n' 'auto s = "SELECT id FROM resources";' >"$work/tree/src/app/commands.cpp"
CHECK_LAYERING_WAITING="src/app/commands.cpp:resources" \
  expect "a file waiting for its owner to move the SQL passes" 0 ""
CHECK_LAYERING_WAITING="src/app/commands.cpp:resources src/app/gone.cpp:questions" \
  expect "a waiting entry that names nothing fails" 1 \
  "WAITING entry 'src/app/gone.cpp:questions' names nothing any more"

echo "check-layering-test: $passed passed, $failures failed"
((failures == 0))
