// SPDX-License-Identifier: AGPL-3.0-or-later
// Writing CSV that a spreadsheet opens safely: every cell goes through csv_field, which
// neutralises formulas (OWASP "CSV injection": a cell that begins with = + - @, a tab or a
// carriage return is prefixed with a single quote, so Excel or LibreOffice show it as text
// instead of running it) and then quotes it as RFC 4180 says. Every CSV the platform writes
// (class lists, exports) is written with these functions and no other.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace imaginecole::core {

// The value with a leading ' when a spreadsheet would take it for a formula.
std::string neutralise_csv_cell(std::string_view value);

// One cell: neutralised, then quoted (doubled quotes inside) when it holds the separator, a
// quote or a line break.
std::string csv_field(std::string_view value, char separator = ';');

// One record: the cells joined by the separator, ended by CRLF (RFC 4180).
std::string csv_row(const std::vector<std::string>& cells, char separator = ';');

}  // namespace imaginecole::core
