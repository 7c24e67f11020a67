// SPDX-License-Identifier: AGPL-3.0-or-later
// Reading CSV files as spreadsheets write them (RFC 4180): quoted fields with doubled quotes
// and line breaks inside, CRLF or LF, UTF-8 with or without a byte-order mark or (when the
// caller accepts it) Windows-1252, and ',', ';' or tab as the separator (French spreadsheets
// write ';'). Anything else (binary data, an unknown encoding, an unterminated quote) is
// refused with a message a teacher can act on.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "classroom/text_encoding.hpp"

namespace imaginecole::classroom {

// A problem found in an input file. `row` counts records from 1 (the header is row 1);
// 0 means the whole file. `code` names the kind of problem (for translations), `detail` is
// the value it is about and `message` the English explanation.
struct RosterIssue {
  std::string file;
  std::size_t row = 0;
  std::string code;
  std::string detail;
  std::string message;
};

struct CsvRecord {
  std::size_t row = 0;  // 2 for the first line after the header
  std::vector<std::string> fields;
};

struct CsvTable {
  std::string file;
  char separator = ',';
  TextEncoding encoding = TextEncoding::utf8;  // what the bytes were read as
  std::vector<std::string> header;             // as written (trimmed)
  std::vector<CsvRecord> records;              // blank lines left out
  std::vector<std::size_t> blank_rows;  // the row numbers of the blank lines after the header

  // Index of the first column whose folded name (see fold_header) is one of `names`.
  std::optional<std::size_t> column(std::initializer_list<std::string_view> names) const;
};

struct CsvReadResult {
  std::optional<CsvTable> table;  // nullopt when the file cannot be read at all
  std::optional<RosterIssue> failure;
};

// Parses a whole file. Ragged records (not as many fields as the header) are kept as they
// are: the callers report them per row.
CsvReadResult read_csv(std::string_view bytes, std::string_view file_name,
                       AcceptedEncodings accepted = AcceptedEncodings::utf8_only);

// "Date de naissance" -> "date_de_naissance", "sourcedId" -> "sourcedid", "Prénom" -> "prenom":
// lower case ASCII with accents removed, spaces, '-' and '.' turned into '_'.
std::string fold_header(std::string_view name);

// Lower case ASCII with accents removed ("Aïssatou" -> "aissatou", "Œuvre" -> "oeuvre"); other
// non-ASCII characters are dropped. The input must be valid UTF-8.
std::string fold_to_ascii(std::string_view text);

// Position of the first byte that is not valid UTF-8, or nullopt.
std::optional<std::size_t> first_invalid_utf8(std::string_view bytes);

// Leading and trailing spaces and tabs removed.
std::string trim(std::string_view text);

}  // namespace imaginecole::classroom
