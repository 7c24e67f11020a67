// SPDX-License-Identifier: AGPL-3.0-or-later
#include "classroom/roster_csv.hpp"

#include <array>
#include <cctype>
#include <cstdio>

namespace imaginecole::classroom {
namespace {

// ASCII spelling of U+00C0..U+00FF (lower case); empty: dropped.
constexpr std::array<std::string_view, 64> kLatin1Folded = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y"};

std::string hex_byte(unsigned char byte) {
  std::array<char, 8> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "0x%02X", static_cast<unsigned>(byte));
  return buffer.data();
}

// The separator: the most frequent of ';', ',' and tab on the first line, outside quotes.
char detect_separator(std::string_view text) {
  std::size_t commas = 0;
  std::size_t semicolons = 0;
  std::size_t tabs = 0;
  bool quoted = false;
  for (const char c : text) {
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted && (c == '\n' || c == '\r')) {
      break;
    } else if (!quoted && c == ',') {
      ++commas;
    } else if (!quoted && c == ';') {
      ++semicolons;
    } else if (!quoted && c == '\t') {
      ++tabs;
    }
  }
  if (semicolons > commas && semicolons >= tabs) {
    return ';';
  }
  if (tabs > commas && tabs > semicolons) {
    return '\t';
  }
  return ',';
}

bool is_blank(const std::vector<std::string>& fields) {
  for (const auto& field : fields) {
    if (!trim(field).empty()) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

std::optional<std::size_t> first_invalid_utf8(std::string_view bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    std::size_t length = 0;
    std::uint32_t code = 0;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
      code = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      code = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      code = c & 0x07u;
    } else {
      return i;
    }
    if (i + length > bytes.size()) {
      return i;
    }
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(bytes[i + k]);
      if ((next & 0xC0u) != 0x80u) {
        return i;
      }
      code = (code << 6u) | (next & 0x3Fu);
    }
    // Overlong forms, surrogates and values past U+10FFFF.
    if ((length == 3 && code < 0x800) || (length == 4 && code < 0x10000) || code > 0x10FFFF ||
        (code >= 0xD800 && code <= 0xDFFF)) {
      return i;
    }
    i += length;
  }
  return std::nullopt;
}

std::string fold_to_ascii(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      out.push_back(static_cast<char>(std::tolower(c)));
      ++i;
      continue;
    }
    std::size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    if (length == 2 && i + 1 < text.size()) {
      const std::uint32_t code =
          ((c & 0x1Fu) << 6u) | (static_cast<unsigned char>(text[i + 1]) & 0x3Fu);
      if (code >= 0xC0 && code <= 0xFF) {
        out += kLatin1Folded[code - 0xC0];
      } else if (code == 0x152 || code == 0x153) {
        out += "oe";
      }
    }
    i += length;
  }
  return out;
}

std::string fold_header(std::string_view name) {
  std::string folded = fold_to_ascii(trim(name));
  std::string out;
  for (const char c : folded) {
    if (c == ' ' || c == '-' || c == '.' || c == '\'') {
      if (!out.empty() && out.back() != '_') {
        out.push_back('_');
      }
    } else {
      out.push_back(c);
    }
  }
  while (!out.empty() && out.back() == '_') {
    out.pop_back();
  }
  return out;
}

std::optional<std::size_t> CsvTable::column(std::initializer_list<std::string_view> names) const {
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string folded = fold_header(header[i]);
    for (const auto name : names) {
      if (folded == name) {
        return i;
      }
    }
  }
  return std::nullopt;
}

CsvReadResult read_csv(std::string_view bytes, std::string_view file_name,
                       AcceptedEncodings accepted) {
  const std::string file(file_name);
  auto fail = [&](std::size_t row, std::string code, std::string detail, std::string message) {
    return CsvReadResult{.table = std::nullopt,
                         .failure = RosterIssue{.file = file,
                                                .row = row,
                                                .code = std::move(code),
                                                .detail = std::move(detail),
                                                .message = std::move(message)}};
  };
  DecodeResult decoded = decode_text(bytes, accepted);
  if (decoded.failure) {
    const DecodeFailure& bad = *decoded.failure;
    std::size_t row = 1;
    for (std::size_t i = 0; i < bad.offset && i < bytes.size(); ++i) {
      if (bytes[i] == '\n') {
        ++row;
      }
    }
    const std::string at = "row " + std::to_string(row) + ": byte " + hex_byte(bad.byte);
    if (bad.code == "not_text") {
      return fail(0, "not_text", "",
                  "this is not a CSV text file (it contains binary data, perhaps an .xlsx "
                  "workbook); in your spreadsheet choose \"Save as\" and the type \"CSV\"");
    }
    if (bad.code == "utf16") {
      return fail(0, "utf16", "",
                  "the file is in UTF-16 (Excel's \"Unicode text\"); save it again as \"CSV "
                  "UTF-8\" or \"CSV (semicolon delimited)\"");
    }
    if (bad.code == "not_windows_1252") {
      return fail(row, "not_windows_1252", hex_byte(bad.byte),
                  at + " is neither UTF-8 nor Windows-1252, so the file's encoding is unknown; "
                       "in your spreadsheet choose \"Save as\", type \"CSV UTF-8\", then import "
                       "the new file");
    }
    return fail(row, "not_utf8", hex_byte(bad.byte),
                at + " is not UTF-8; the file was probably saved as Windows-1252 or Latin-1 "
                     "(Excel's plain \"CSV\"). In your spreadsheet choose \"Save as\", type "
                     "\"CSV UTF-8 (comma delimited)\" (LibreOffice: character set \"Unicode "
                     "(UTF-8)\"), then import the new file");
  }
  const std::string text = std::move(decoded.decoded->text);
  bytes = text;
  if (bytes.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return fail(0, "empty_file", "", "the file is empty");
  }

  CsvTable table;
  table.file = file;
  table.encoding = decoded.decoded->encoding;
  table.separator = detect_separator(bytes);
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  bool was_quoted = false;
  std::size_t quote_line = 0;
  auto end_record = [&]() {
    fields.push_back(std::move(field));
    field.clear();
    records.push_back(std::move(fields));
    fields.clear();
    was_quoted = false;
  };
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const char c = bytes[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < bytes.size() && bytes[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          quoted = false;
        }
      } else {
        field.push_back(c);
      }
      continue;
    }
    if (c == '"' && trim(field).empty() && !was_quoted) {
      field.clear();
      quoted = true;
      was_quoted = true;
      quote_line = records.size() + 1;
    } else if (c == table.separator) {
      fields.push_back(std::move(field));
      field.clear();
      was_quoted = false;
    } else if (c == '\r' && i + 1 < bytes.size() && bytes[i + 1] == '\n') {
      continue;
    } else if (c == '\n' || c == '\r') {
      end_record();
    } else {
      field.push_back(c);
    }
  }
  if (quoted) {
    return fail(
        quote_line, "unterminated_quote", "",
        "row " + std::to_string(quote_line) + ": a quoted field is never closed (a \" is missing)");
  }
  if (!field.empty() || !fields.empty()) {
    end_record();
  }

  // Row numbers count records, the header being row 1, as spreadsheets number lines.
  bool have_header = false;
  for (std::size_t r = 0; r < records.size(); ++r) {
    if (!have_header) {
      if (is_blank(records[r])) {
        continue;
      }
      for (const auto& name : records[r]) {
        table.header.push_back(trim(name));
      }
      have_header = true;
      continue;
    }
    if (is_blank(records[r])) {
      table.blank_rows.push_back(r + 1);
      continue;
    }
    table.records.push_back(CsvRecord{.row = r + 1, .fields = std::move(records[r])});
  }
  // Empty lines after the last pupil are how spreadsheets end files, not rows left out.
  const std::size_t last_row = table.records.empty() ? 0 : table.records.back().row;
  std::erase_if(table.blank_rows, [&](std::size_t row) { return row > last_row; });
  std::vector<std::string> seen;
  for (const auto& name : table.header) {
    const std::string folded = fold_header(name);
    if (folded.empty()) {
      continue;
    }
    for (const auto& other : seen) {
      if (other == folded) {
        return fail(1, "duplicate_column", name,
                    "row 1: the column \"" + name + "\" appears twice in the header");
      }
    }
    seen.push_back(folded);
  }
  return CsvReadResult{.table = std::move(table), .failure = std::nullopt};
}

}  // namespace imaginecole::classroom
