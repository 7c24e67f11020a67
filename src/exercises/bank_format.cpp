// SPDX-License-Identifier: AGPL-3.0-or-later
// What the bank readers share: format names, the text check, HTML to plain text.
#include "exercises/bank_format.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>

#include "core/errors.hpp"

namespace imaginecole::exercises {
namespace {

bool valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t extra = 0;
    if (c < 0x80) {
      extra = 0;
    } else if ((c & 0xE0) == 0xC0 && c >= 0xC2) {
      extra = 1;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
    } else if ((c & 0xF8) == 0xF0 && c <= 0xF4) {
      extra = 3;
    } else {
      return false;
    }
    if (i + extra >= text.size() + (extra == 0 ? 1 : 0) && extra > 0) {
      return false;
    }
    for (std::size_t k = 1; k <= extra; ++k) {
      if (i + k >= text.size() || (static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) {
        return false;
      }
    }
    i += extra + 1;
  }
  return true;
}

void append_code_point(std::string& out, unsigned long cp) {
  if (cp == 0 || cp > 0x10FFFF) {
    return;
  }
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

std::optional<BankFormat> parse_bank_format(std::string_view name) {
  if (name == "gift") {
    return BankFormat::gift;
  }
  if (name == "moodle-xml" || name == "moodle") {
    return BankFormat::moodle_xml;
  }
  if (name == "qti" || name == "qti21") {
    return BankFormat::qti;
  }
  return std::nullopt;
}

int ParsedBank::imported() const {
  return static_cast<int>(std::count_if(entries.begin(), entries.end(),
                                        [](const BankEntry& e) { return e.question.has_value(); }));
}

ParsedBank read_bank(std::string_view text, BankFormat format, const ImportOptions& options) {
  switch (format) {
    case BankFormat::gift:
      return read_gift(text, options);
    case BankFormat::moodle_xml:
      return read_moodle_xml(text, options);
    case BankFormat::qti:
      // An upload is one file: a content package as .zip, or an item without its pictures.
      return looks_like_zip(text) ? read_qti_zip(text, options) : read_qti(text, options);
  }
  return {};
}

ParsedBank read_bank_file(const std::filesystem::path& path, BankFormat format,
                          const ImportOptions& options) {
  if (format == BankFormat::qti) {
    return read_qti_package(path, options);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in || std::filesystem::is_directory(path)) {
    throw InvalidInput("cannot read '" + path.string() + "'");
  }
  // Weighed before it is read: a text bank larger than an import's whole budget is refused.
  std::error_code error;
  if (const std::uintmax_t size = std::filesystem::file_size(path, error);
      !error && size > options.limits.total_bytes) {
    ImportBudget(options.limits).spend(size, "'" + path.filename().string() + "'");
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return read_bank(bytes.str(), format, options);
}

void require_text(std::string_view text, std::string_view format_label) {
  if (text.find('\0') != std::string_view::npos || !valid_utf8(text)) {
    throw InvalidInput("the file is not a " + std::string(format_label) +
                       " text file (binary data or not UTF-8)");
  }
}

std::string html_to_text(std::string_view html, bool* converted) {
  std::string out;
  bool markup = false;
  for (std::size_t i = 0; i < html.size(); ++i) {
    const char c = html[i];
    if (c == '<') {
      const auto end = html.find('>', i);
      if (end == std::string_view::npos) {
        out.append(html.substr(i));
        break;
      }
      markup = true;
      std::string tag(html.substr(i + 1, end - i - 1));
      std::transform(tag.begin(), tag.end(), tag.begin(),
                     [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
      std::string name = tag.substr(0, tag.find_first_of(" \t\n/>"));
      if (name.empty() && tag.starts_with('/')) {
        name = tag.substr(1, tag.find_first_of(" \t\n>", 1) - 1);
        if (name == "p" || name == "div" || name == "li" || name == "h1" || name == "h2" ||
            name == "h3" || name == "tr" || name == "blockquote") {
          out += "\n\n";
        }
      } else if (name == "br") {
        out += "\n";
      } else if (name == "li") {
        out += "- ";
      }
      i = end;
      continue;
    }
    if (c == '&') {
      const auto end = html.find(';', i);
      if (end != std::string_view::npos && end - i <= 10) {
        const std::string_view entity = html.substr(i + 1, end - i - 1);
        static constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kNamed{
            {{"amp", "&"},
             {"lt", "<"},
             {"gt", ">"},
             {"quot", "\""},
             {"apos", "'"},
             {"nbsp", "\xC2\xA0"},
             {"eacute", "\xC3\xA9"},
             {"egrave", "\xC3\xA8"}}};
        bool done = false;
        for (const auto& [key, value] : kNamed) {
          if (entity == key) {
            out += value;
            done = true;
          }
        }
        if (!done && entity.starts_with('#') && entity.size() > 1) {
          const bool hex = entity[1] == 'x' || entity[1] == 'X';
          const std::string digits(entity.substr(hex ? 2 : 1));
          char* parse_end = nullptr;
          const unsigned long cp = std::strtoul(digits.c_str(), &parse_end, hex ? 16 : 10);
          if (parse_end != nullptr && *parse_end == '\0' && !digits.empty()) {
            append_code_point(out, cp);
            done = true;
          }
        }
        if (done) {
          markup = true;
          i = end;
          continue;
        }
      }
    }
    out.push_back(c);
  }
  // At most one blank line in a row, no trailing spaces on lines.
  std::string tidy;
  int newlines = 0;
  for (const char c : out) {
    if (c == '\n') {
      while (!tidy.empty() && (tidy.back() == ' ' || tidy.back() == '\t')) {
        tidy.pop_back();
      }
      if (++newlines > 2 || tidy.empty()) {
        continue;
      }
    } else if (c == '\r') {
      continue;
    } else {
      if (newlines > 0 && (c == ' ' || c == '\t')) {
        continue;  // indentation after a line break
      }
      newlines = 0;
    }
    tidy.push_back(c);
  }
  while (!tidy.empty() && (tidy.back() == '\n' || tidy.back() == ' ')) {
    tidy.pop_back();
  }
  if (converted != nullptr) {
    *converted = markup;
  }
  return tidy;
}

}  // namespace imaginecole::exercises
