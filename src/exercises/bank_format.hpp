// SPDX-License-Identifier: AGPL-3.0-or-later
// Question banks from and to other systems: GIFT and Moodle XML (read and written), QTI 2.1
// items (read). A read gives one entry per question of the file, in order: either a whole
// question or the reason it was left out. Nothing is half-imported: a question whose part
// cannot be represented is skipped with the reason, never imported without that part. A file
// that cannot be read at all (empty, binary, not XML, wrong root) throws InvalidInput; one
// that goes over the import's budget throws ImportTooLarge (an InvalidInput) before the work.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exercises/import_budget.hpp"
#include "exercises/question.hpp"

namespace imaginecole::exercises {

enum class BankFormat { gift, moodle_xml, qti };
std::optional<BankFormat> parse_bank_format(std::string_view name);  // gift|moodle-xml|qti

struct BankEntry {
  int index = 0;     // 1-based position in the file
  std::string name;  // title, or the start of the text
  std::optional<Question> question;
  std::string reason;                 // why it was skipped (no question)
  std::vector<std::string> notes;     // what was converted on the way (HTML to text...)
  std::vector<std::string> warnings;  // imported, but an editor should look (no alt text...)
};

struct ParsedBank {
  std::vector<BankEntry> entries;
  int imported() const;
};

// Where the pictures a bank carries go (Moodle XML <file> elements, files of a QTI package).
// The exercises library knows no media library: the program passes one in. Without
// `store_media`, questions with pictures are skipped with the reason, as before.
struct ImportOptions {
  // Stores one picture; its media hash, or nullopt with `reason` (not an image, too large...).
  std::function<std::optional<std::string>(std::string_view bytes, std::string_view filename,
                                           std::string& reason)>
      store_media;
  // Checks one picture without storing it (empty: no problem): every picture of a question is
  // checked before any is stored, so a question skipped for its second picture stores none.
  std::function<std::string(std::string_view bytes, std::string_view filename)> check_media;
  // The budget of one import (import_budget.hpp): every read below makes one ImportBudget
  // from these limits and refuses with ImportTooLarge, before the work, what goes over them.
  ImportLimits limits;
};

ParsedBank read_gift(std::string_view text, const ImportOptions& options = {});
ParsedBank read_moodle_xml(std::string_view text, const ImportOptions& options = {});
ParsedBank read_qti(std::string_view text, const ImportOptions& options = {});
ParsedBank read_bank(std::string_view text, BankFormat format, const ImportOptions& options = {});

// QTI 2.1 with the files items refer to: a folder holding imsmanifest.xml (and the items it
// lists), a single item file (pictures resolved beside it) or a .zip content package. Nothing
// outside the folder or package is ever read. InvalidInput when the package cannot be read.
ParsedBank read_qti_package(const std::filesystem::path& path, const ImportOptions& options);
// A .zip content package held in memory (an upload).
ParsedBank read_qti_zip(std::string_view bytes, const ImportOptions& options);
// The bytes start like a zip archive.
bool looks_like_zip(std::string_view bytes);
// The CLI's entry: a QTI folder/zip/item through read_qti_package, other formats read as text.
ParsedBank read_bank_file(const std::filesystem::path& path, BankFormat format,
                          const ImportOptions& options);

// Writing: questions that the format cannot express are listed in `left_out` (with why)
// rather than written badly.
struct WrittenBank {
  std::string text;
  std::vector<std::string> left_out;  // "name: why" (left out, or written without a part)
  int written = 0;                    // questions really in `text`
};
WrittenBank write_gift(const std::vector<Question>& questions);
WrittenBank write_moodle_xml(const std::vector<Question>& questions);

// HTML (from Moodle XML, GIFT [html], QTI) as Markdown text: tags dropped, block ends as line
// breaks, links as [text](address), entities decoded (the HTML 4 names and the HTML 5 ones of
// school maths), comments and <style>/<script>/<xml> dropped. A "<" that does not start a
// known element ("$$0<x<1$$", "vector<int>") is text. Word's leaked style sheet is removed
// (strip_word_junk) and \(x\) \[x\] become $x$ $$x$$ (tex_delimiters_to_dollars).
// `converted` says whether any markup was there.
std::string html_to_text(std::string_view html, bool* converted = nullptr);
// Removes what Word pastes before a text when its HTML was flattened ("Normal 0 21 false …
// /* Style Definitions */ table.MsoNormalTable {…}"): Moodle hides it, so should we.
std::string strip_word_junk(std::string_view text);
// Moodle's TeX filter reads \(…\) and \[…\]; our Markdown reads $…$ and $$…$$.
std::string tex_delimiters_to_dollars(std::string_view text);
// Rejects a file that is not text: NUL bytes or invalid UTF-8 (InvalidInput).
void require_text(std::string_view text, std::string_view format_label);

}  // namespace imaginecole::exercises
