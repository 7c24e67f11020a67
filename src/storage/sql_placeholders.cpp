// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/sql_placeholders.hpp"

namespace imaginecole::storage {

std::string to_numbered_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 1;
  std::size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {
      // Copy a quoted run; a doubled quote inside is an escaped quote.
      const char quote = c;
      out.push_back(c);
      ++i;
      while (i < sql.size()) {
        out.push_back(sql[i]);
        if (sql[i] == quote) {
          if (i + 1 < sql.size() && sql[i + 1] == quote) {
            out.push_back(sql[i + 1]);
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        ++i;
      }
      continue;
    }
    if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      while (i < sql.size() && sql[i] != '\n') {
        out.push_back(sql[i++]);
      }
      continue;
    }
    if (c == '?') {
      out.push_back('$');
      out += std::to_string(next++);
      ++i;
      continue;
    }
    out.push_back(c);
    ++i;
  }
  return out;
}

}  // namespace imaginecole::storage
