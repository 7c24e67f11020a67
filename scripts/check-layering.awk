# SPDX-License-Identifier: AGPL-3.0-or-later
# The scanner of scripts/check-layering.sh (read that script's header for the rules).
# POSIX awk (Debian's mawk): no \b, no \s, no gensub.
#
#   awk -f check-layering.awk src/tables.txt src/<capability>/file.cpp ...
#
# -v reads="search:catalog ..." lets a capability read (FROM, JOIN) another's tables, not write
# them (INTO, UPDATE, DELETE FROM, REFERENCES, TABLE).
# -v waiting="src/app/commands.cpp:resources ..." lets a file name a table until its owner moves
# the SQL; an entry that no longer matches anything is reported as "stale <entry>".
#
# The first file is the declaration (`table capability` per line, # comments). Every other file
# is C++ under src/: its string literals are read (ordinary and raw, across lines), literals
# separated only by blanks and comments are joined as the compiler joins them, and in the joined
# text every table named after FROM, JOIN, INTO, UPDATE, REFERENCES or TABLE (and each table of
# a comma list after FROM) is checked against its owner. Prints one line per violation:
#   file:line: OWNER's table TABLE named in CAPABILITY (use OWNER/…hpp)

BEGIN {
  count = split(reads, pairs, " ")
  for (k = 1; k <= count; k++) may_read[pairs[k]] = 1
  count = split(waiting, pairs, " ")
  for (k = 1; k <= count; k++) waits[pairs[k]] = 0
}

FNR == NR {
  sub(/#.*/, "")
  if (NF == 0) next
  owner[tolower($1)] = $2
  next
}

FNR == 1 {
  flush()
  in_comment = 0
  in_raw = 0
  capability = FILENAME
  sub(/^.*(^|\/)src\//, "", capability)
  if (index(capability, "/") > 0) {
    sub(/\/.*/, "", capability)
  } else {
    capability = "main"
  }
}

{ scan_line($0) }

END {
  flush()
  for (entry in waits) {
    if (waits[entry] == 0) print "stale " entry
  }
}

# Walks one line of C++, appending the contents of string literals to the current group and
# ending the group at any code that is not a literal, a blank or a comment.
function scan_line(line,    i, n, c, two, rest, close_at, prev) {
  n = length(line)
  i = 1
  if (in_raw) {
    close_at = index(line, raw_end)
    if (close_at == 0) {
      add_text(line "\n")
      return
    }
    add_text(substr(line, 1, close_at - 1))
    in_raw = 0
    i = close_at + length(raw_end)
  }
  while (i <= n) {
    c = substr(line, i, 1)
    two = substr(line, i, 2)
    if (in_comment) {
      if (two == "*/") {
        in_comment = 0
        i += 2
      } else {
        i++
      }
      continue
    }
    if (two == "//") return
    if (two == "/*") {
      in_comment = 1
      i += 2
      continue
    }
    if (c == " " || c == "\t" || c == "\r") {
      i++
      continue
    }
    prev = (i > 1) ? substr(line, i - 1, 1) : ""
    if (two == "R\"" && prev !~ /[A-Za-z0-9_]/) {
      # A raw string R"delim( ... )delim", possibly over several lines.
      rest = substr(line, i + 2)
      close_at = index(rest, "(")
      raw_end = ")" substr(rest, 1, close_at - 1) "\""
      rest = substr(rest, close_at + 1)
      start_segment()
      close_at = index(rest, raw_end)
      if (close_at == 0) {
        add_text(rest "\n")
        in_raw = 1
        return
      }
      add_text(substr(rest, 1, close_at - 1))
      i = i + 2 + length(raw_end) - 1 + close_at + length(raw_end)
      continue
    }
    if (c == "\"") {
      start_segment()
      i++
      while (i <= n) {
        c = substr(line, i, 1)
        if (c == "\\") {
          add_text(substr(line, i, 2))
          i += 2
          continue
        }
        if (c == "\"") break
        add_text(c)
        i++
      }
      i++
      continue
    }
    if (c == "'" && prev !~ /[0-9A-Fa-f]/) {
      # A character literal ('"' must not open a string); a quote after a digit is a separator.
      i++
      while (i <= n && substr(line, i, 1) != "'") {
        i += (substr(line, i, 1) == "\\") ? 2 : 1
      }
      i++
      flush()
      continue
    }
    flush()
    i++
  }
  # A line ending inside a literal group keeps the group open: the next literal may continue it.
  if (group != "") add_text(" ")
}

function start_segment() {
  segments++
  segment_start[segments] = length(group) + 1
  segment_line[segments] = FNR
}

function add_text(text) {
  if (segments == 0) start_segment()
  group = group text
}

# The line of the character at `offset` of the group: its literal's first line, plus the line
# breaks of a raw string before it.
function line_at(offset,    k, before) {
  for (k = segments; k > 1; k--) {
    if (segment_start[k] <= offset) break
  }
  before = substr(group, segment_start[k], offset - segment_start[k])
  return segment_line[k] + gsub(/\n/, "", before)
}

# Reads the joined literal text as SQL tokens and checks each table it names.
function flush(    text, offset, token, word, previous, expect, writing, depth, from_depth) {
  if (group == "") {
    segments = 0
    return
  }
  text = group
  offset = 1
  expect = 0       # the next word names a table
  writing = 0      # ... that the statement writes (INTO, UPDATE, DELETE FROM) or defines
  depth = 0        # parentheses
  from_depth = -1  # depth of the FROM list being read (a comma there starts another table)
  previous = ""
  while (length(text) > 0) {
    if (match(text, /^[A-Za-z_][A-Za-z0-9_]*/)) {
      token = substr(text, 1, RLENGTH)
      # SQL keywords are written in capitals here (house style): prose in a message ("moved
      # from resources") is not SQL.
      word = (token ~ /^[A-Z]+$/) ? tolower(token) : "-" token
      if (word == "from" || word == "join") {
        expect = 1
        writing = (previous == "delete")
        from_depth = writing ? -1 : depth
      } else if (word == "into" || word == "update" || word == "references" || word == "table") {
        expect = 1
        writing = 1
        from_depth = -1
      } else if (expect) {
        if (word != "if" && word != "not" && word != "exists" && word != "only" &&
            word != "lateral" && word != "or" && word != "ignore" && word != "replace") {
          check(tolower(token), offset, writing)
          expect = 0
        }
      } else if (from_depth == depth && is_clause(word)) {
        from_depth = -1
      }
      previous = word
      text = substr(text, RLENGTH + 1)
      offset += RLENGTH
      continue
    }
    token = substr(text, 1, 1)
    if (token == "(") {
      depth++
      expect = 0
    } else if (token == ")") {
      depth--
      if (depth < from_depth) from_depth = -1
    } else if (token == "," && from_depth == depth && !expect) {
      expect = 1
      writing = 0
    } else if (token == ";") {
      from_depth = -1
      expect = 0
    }
    text = substr(text, 2)
    offset++
  }
  group = ""
  segments = 0
}

function is_clause(word) {
  return word == "where" || word == "on" || word == "using" || word == "group" ||
         word == "order" || word == "limit" || word == "union" || word == "set" ||
         word == "values" || word == "returning" || word == "left" || word == "inner" ||
         word == "cross" || word == "natural" || word == "select" || word == "having" ||
         word == "window" || word == "offset" || word == "except" || word == "intersect"
}

function check(table, offset, writing,    entry) {
  if (!(table in owner)) return
  if (owner[table] == capability) return
  if (!writing && ((capability ":" owner[table]) in may_read)) return
  entry = FILENAME ":" table
  if (entry in waits) {
    waits[entry]++
    return
  }
  printf "%s:%d: %s table %s named in %s (use %s/…hpp)\n", FILENAME, line_at(offset),
         possessive(owner[table]), table, capability, owner[table]
}

# "catalog's", "accounts'".
function possessive(name) {
  return name ~ /s$/ ? name "'" : name "'s"
}
