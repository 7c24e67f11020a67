// SPDX-License-Identifier: AGPL-3.0-or-later
// Question banks from and to other systems: GIFT and Moodle XML (read and written), QTI 2.1
// items (read). A read gives one entry per question of the file, in order: either a whole
// question or the reason it was left out. Nothing is half-imported: a question whose part
// cannot be represented is skipped with the reason, never imported without that part. A file
// that cannot be read at all (empty, binary, not XML, wrong root) throws InvalidInput.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exercises/question.hpp"

namespace imaginecole::exercises {

enum class BankFormat { gift, moodle_xml, qti };
std::optional<BankFormat> parse_bank_format(std::string_view name);  // gift|moodle-xml|qti

struct BankEntry {
  int index = 0;     // 1-based position in the file
  std::string name;  // title, or the start of the text
  std::optional<Question> question;
  std::string reason;              // why it was skipped (no question)
  std::vector<std::string> notes;  // what was converted on the way (HTML to text...)
};

struct ParsedBank {
  std::vector<BankEntry> entries;
  int imported() const;
};

ParsedBank read_gift(std::string_view text);
ParsedBank read_moodle_xml(std::string_view text);
ParsedBank read_qti(std::string_view text);
ParsedBank read_bank(std::string_view text, BankFormat format);

// Writing: questions that the format cannot express are listed in `left_out` (with why)
// rather than written badly.
struct WrittenBank {
  std::string text;
  std::vector<std::string> left_out;
};
WrittenBank write_gift(const std::vector<Question>& questions);
WrittenBank write_moodle_xml(const std::vector<Question>& questions);

// HTML (from Moodle XML, GIFT [html], QTI) as plain text: tags dropped, block ends as line
// breaks, entities decoded. `converted` says whether any markup was there.
std::string html_to_text(std::string_view html, bool* converted = nullptr);
// Rejects a file that is not text: NUL bytes or invalid UTF-8 (InvalidInput).
void require_text(std::string_view text, std::string_view format_label);

}  // namespace imaginecole::exercises
