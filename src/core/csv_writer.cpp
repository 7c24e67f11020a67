// SPDX-License-Identifier: AGPL-3.0-or-later
#include "core/csv_writer.hpp"

namespace imaginecole::core {

std::string neutralise_csv_cell(std::string_view value) {
  std::string out;
  if (!value.empty()) {
    const char first = value.front();
    if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' ||
        first == '\r') {
      out.push_back('\'');
    }
  }
  out.append(value);
  return out;
}

std::string csv_field(std::string_view value, char separator) {
  std::string cell = neutralise_csv_cell(value);
  if (cell.find_first_of(std::string{separator, '"', '\n', '\r'}) == std::string::npos) {
    return cell;
  }
  std::string out = "\"";
  for (const char c : cell) {
    if (c == '"') {
      out.push_back('"');
    }
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string csv_row(const std::vector<std::string>& cells, char separator) {
  std::string out;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) {
      out.push_back(separator);
    }
    out += csv_field(cells[i], separator);
  }
  out += "\r\n";
  return out;
}

}  // namespace imaginecole::core
