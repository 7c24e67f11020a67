// SPDX-License-Identifier: AGPL-3.0-or-later
// What the bank readers share: format names, the text check, HTML to plain text.
#include "exercises/bank_format.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/errors.hpp"
#include "exercises/html_entities.hpp"

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

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

char lower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == ':';
}

// The elements a bank's HTML uses. A "<" followed by anything else is text: "$$0<x<1$$",
// "vector<int>" and "if (i<n)" keep what follows it.
constexpr std::array<std::string_view, 92> kHtmlElements{
    "a",      "abbr",   "address",    "article",  "aside",   "audio",      "b",       "bdi",
    "bdo",    "big",    "blockquote", "body",     "br",      "button",     "caption", "center",
    "cite",   "code",   "col",        "colgroup", "dd",      "del",        "details", "dfn",
    "div",    "dl",     "dt",         "em",       "embed",   "figcaption", "figure",  "font",
    "footer", "form",   "h1",         "h2",       "h3",      "h4",         "h5",      "h6",
    "head",   "header", "hr",         "html",     "i",       "iframe",     "img",     "input",
    "ins",    "kbd",    "label",      "li",       "link",    "main",       "mark",    "meta",
    "nav",    "object", "ol",         "option",   "p",       "param",      "picture", "pre",
    "q",      "s",      "samp",       "script",   "section", "select",     "small",   "source",
    "span",   "strike", "strong",     "style",    "sub",     "summary",    "sup",     "table",
    "tbody",  "td",     "textarea",   "tfoot",    "th",      "thead",      "title",   "tr",
    "tt",     "u",      "ul",         "xml"};

bool known_element(std::string_view name) {
  // Word's namespaced elements (<o:p>, <w:WordDocument>) are markup too.
  return name.find(':') != std::string_view::npos ||
         std::find(kHtmlElements.begin(), kHtmlElements.end(), name) != kHtmlElements.end();
}

bool block_element(std::string_view name) {
  return name == "p" || name == "div" || name == "li" || name == "h1" || name == "h2" ||
         name == "h3" || name == "h4" || name == "h5" || name == "h6" || name == "tr" ||
         name == "blockquote" || name == "pre" || name == "table" || name == "ul" || name == "ol";
}

constexpr std::string_view kStyleDefinitions = "/* Style Definitions */";

// "table.MsoNormalTable", "p.MsoNormal, li.MsoNormal", "@page WordSection1".
bool css_selector(std::string_view text) {
  if (text.empty() || text.size() > 300) {
    return false;
  }
  return std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || is_blank(c) ||
           std::string_view(".,:#_-@*>+~[]=\"'").find(c) != std::string_view::npos;
  });
}

// At most one blank line in a row, no spaces at line ends or starts.
std::string tidy_lines(std::string_view text) {
  std::string tidy;
  int newlines = 0;
  for (const char c : text) {
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
  return tidy;
}

// One pass over an HTML fragment: text kept, tags read for their meaning (line breaks, list
// items, links), comments and style/script/xml blocks dropped, entities decoded.
class HtmlToText {
 public:
  explicit HtmlToText(std::string_view html) : html_(html) {}

  std::string run() {
    for (i_ = 0; i_ < html_.size(); ++i_) {
      const char c = html_[i_];
      track_maths();
      if (c == '<' && !in_maths_ && markup_at()) {
        continue;
      }
      if (c == '&' && entity_at()) {
        continue;
      }
      out_.push_back(c);
    }
    return std::move(out_);
  }

  bool saw_markup() const { return markup_; }

 private:
  // "$$…$$", "\(…\)" and "\[…\]" hold formulas, where "<" is always "less than".
  void track_maths() {
    const std::string_view here = html_.substr(i_);
    if (here.starts_with("$$")) {
      if (!in_maths_ || maths_close_ == "$$") {
        in_maths_ = !in_maths_;
        maths_close_ = "$$";
      }
    } else if (!in_maths_ && (here.starts_with("\\(") || here.starts_with("\\["))) {
      in_maths_ = true;
      maths_close_ = here[1] == '(' ? "\\)" : "\\]";
    } else if (in_maths_ && here.starts_with(maths_close_) && maths_close_ != "$$") {
      in_maths_ = false;
    }
  }

  // Reads the markup at "<": true when it was markup (and consumed), false for a text "<".
  bool markup_at() {
    const std::string_view here = html_.substr(i_);
    if (here.starts_with("<!--")) {
      const auto end = html_.find("-->", i_ + 4);
      i_ = end == std::string_view::npos ? html_.size() : end + 2;
      markup_ = true;
      return true;
    }
    if (here.starts_with("<!") || here.starts_with("<?")) {
      const auto end = html_.find('>', i_);
      if (end == std::string_view::npos) {
        return false;
      }
      i_ = end;
      markup_ = true;
      return true;
    }
    const bool closing = here.starts_with("</");
    std::size_t at = closing ? 2 : 1;
    std::string name;
    while (at < here.size() && name_char(here[at])) {
      name.push_back(lower(here[at++]));
    }
    if (name.empty() || !known_element(name) ||
        (at < here.size() && !is_blank(here[at]) && here[at] != '>' && here[at] != '/')) {
      return false;
    }
    const auto end = tag_end(at);
    if (end == std::string_view::npos) {
      return false;
    }
    const std::string_view tag = html_.substr(i_, end - i_ + 1);
    i_ = end;
    markup_ = true;
    if (closing) {
      close_element(name);
    } else {
      open_element(name, tag);
    }
    return true;
  }

  // The ">" that ends the tag starting at i_ (quoted attribute values may hold ">").
  std::size_t tag_end(std::size_t from) const {
    char quote = 0;
    for (std::size_t k = i_ + from; k < html_.size(); ++k) {
      const char c = html_[k];
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        return k;
      } else if (c == '<') {
        return std::string_view::npos;
      }
    }
    return std::string_view::npos;
  }

  void open_element(const std::string& name, std::string_view tag) {
    if (name == "style" || name == "script" || name == "xml") {
      // Their content is never text (Word's style sheet and settings).
      const std::string close = "</" + name;
      std::size_t k = i_;
      for (; k < html_.size(); ++k) {
        if (html_[k] == '<' && k + close.size() <= html_.size()) {
          std::string candidate(html_.substr(k, close.size()));
          std::transform(candidate.begin(), candidate.end(), candidate.begin(), lower);
          if (candidate == close) {
            break;
          }
        }
      }
      const auto end = html_.find('>', k);
      i_ = end == std::string_view::npos ? html_.size() : end;
      return;
    }
    if (name == "sup" || name == "sub") {
      out_ += "<" + name + ">";  // kept: the renderer shows exactly these (catalog/markdown)
    } else if (name == "br") {
      out_ += "\n";
    } else if (name == "li") {
      out_ += "- ";
    } else if (name == "a") {
      links_.push_back(Link{.start = out_.size(), .href = attribute(tag, "href")});
    }
  }

  void close_element(const std::string& name) {
    if (name == "sup" || name == "sub") {
      out_ += "</" + name + ">";
    } else if (block_element(name)) {
      out_ += "\n\n";
    } else if (name == "a" && !links_.empty()) {
      const Link link = links_.back();
      links_.pop_back();
      std::string url = markdown_url(link.href);
      if (url.empty()) {
        return;  // an anchor or a script: its text stays, as text
      }
      std::string label = out_.substr(link.start);
      out_.resize(link.start);
      if (label.find_first_not_of(" \t\r\n") == std::string::npos) {
        label = link.href;
      }
      out_ += "[" + label + "](" + url + ")";
    }
  }

  // A link's address as Markdown can carry it; empty when it leads nowhere a pupil can go.
  static std::string markdown_url(const std::string& href) {
    std::string lowered(href);
    std::transform(lowered.begin(), lowered.end(), lowered.begin(), lower);
    if (href.empty() || href.starts_with('#') || lowered.starts_with("javascript:")) {
      return {};
    }
    std::string out;
    for (const char c : href) {
      if (c == ' ') {
        out += "%20";
      } else if (c == '(') {
        out += "%28";
      } else if (c == ')') {
        out += "%29";
      } else if (c != '\n' && c != '\r') {
        out.push_back(c);
      }
    }
    return out;
  }

  // The value of `name` in a start tag, entities decoded; empty when absent.
  static std::string attribute(std::string_view tag, std::string_view name) {
    std::string lowered(tag);
    std::transform(lowered.begin(), lowered.end(), lowered.begin(), lower);
    std::size_t at = 0;
    while ((at = lowered.find(name, at)) != std::string::npos) {
      const bool starts = at > 0 && is_blank(lowered[at - 1]);
      std::size_t k = at + name.size();
      while (k < lowered.size() && is_blank(lowered[k])) {
        ++k;
      }
      if (!starts || k >= lowered.size() || lowered[k] != '=') {
        at += name.size();
        continue;
      }
      ++k;
      while (k < tag.size() && is_blank(tag[k])) {
        ++k;
      }
      std::string_view value;
      if (k < tag.size() && (tag[k] == '"' || tag[k] == '\'')) {
        const auto end = tag.find(tag[k], k + 1);
        value =
            tag.substr(k + 1, end == std::string_view::npos ? std::string_view::npos : end - k - 1);
      } else {
        const auto end = tag.find_first_of(" \t\r\n>", k);
        value = tag.substr(k, end == std::string_view::npos ? std::string_view::npos : end - k);
      }
      HtmlToText decoder(value);
      return decoder.run();
    }
    return {};
  }

  // Reads a character reference at "&": true when decoded (and consumed).
  bool entity_at() {
    const auto end = html_.find(';', i_);
    if (end == std::string_view::npos || end - i_ - 1 > kLongestEntityName || end == i_ + 1) {
      return false;
    }
    const std::string_view entity = html_.substr(i_ + 1, end - i_ - 1);
    if (entity.starts_with('#')) {
      const bool hex = entity.size() > 1 && (entity[1] == 'x' || entity[1] == 'X');
      const std::string digits(entity.substr(hex ? 2 : 1));
      if (digits.empty() || digits.size() > 8) {
        return false;
      }
      char* parse_end = nullptr;
      const unsigned long cp = std::strtoul(digits.c_str(), &parse_end, hex ? 16 : 10);
      if (parse_end == nullptr || *parse_end != '\0') {
        return false;
      }
      append_code_point(out_, cp);
    } else if (const auto text = named_entity(entity)) {
      out_ += *text;
    } else {
      return false;
    }
    markup_ = true;
    i_ = end;
    return true;
  }

  struct Link {
    std::size_t start = 0;  // where its text starts in out_
    std::string href;
  };

  std::string_view html_;
  std::size_t i_ = 0;
  std::string out_;
  bool markup_ = false;
  bool in_maths_ = false;
  std::string_view maths_close_;
  std::vector<Link> links_;
};

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
  HtmlToText reader(html);
  std::string text = reader.run();
  if (converted != nullptr) {
    *converted = reader.saw_markup();
  }
  return tex_delimiters_to_dollars(strip_word_junk(tidy_lines(text)));
}

std::string strip_word_junk(std::string_view text) {
  const auto marker = text.find(kStyleDefinitions);
  if (marker == std::string_view::npos) {
    return std::string(text);
  }
  // "Normal 0 21 false false false FR X-NONE …" comes first when Word's settings leaked too.
  std::size_t start = text.rfind("Normal 0", marker);
  if (start == std::string_view::npos) {
    start = marker;
  }
  std::size_t at = marker + kStyleDefinitions.size();
  for (;;) {
    while (at < text.size() && is_blank(text[at])) {
      ++at;
    }
    if (text.substr(at, 2) == "/*") {
      const auto end = text.find("*/", at + 2);
      if (end == std::string_view::npos) {
        break;
      }
      at = end + 2;
      continue;
    }
    const auto open = text.find('{', at);
    if (open == std::string_view::npos || !css_selector(text.substr(at, open - at))) {
      break;
    }
    const auto close = text.find('}', open);
    if (close == std::string_view::npos) {
      break;
    }
    at = close + 1;
  }
  std::string out(text.substr(0, start));
  while (!out.empty() && is_blank(out.back())) {
    out.pop_back();
  }
  std::string_view rest = text.substr(at);
  while (!rest.empty() && is_blank(rest.front())) {
    rest.remove_prefix(1);
  }
  if (!out.empty() && !rest.empty()) {
    out.push_back(' ');
  }
  out += rest;
  return out;
}

std::string tex_delimiters_to_dollars(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool opener = text[i] == '\\' && i + 1 < text.size() &&
                        (text[i + 1] == '(' || text[i + 1] == '[') &&
                        (i == 0 || text[i - 1] != '\\');
    if (opener) {
      const bool display = text[i + 1] == '[';
      const auto close = text.find(display ? "\\]" : "\\)", i + 2);
      if (close != std::string_view::npos) {
        std::string_view inner = text.substr(i + 2, close - i - 2);
        while (!inner.empty() && is_blank(inner.front())) {
          inner.remove_prefix(1);
        }
        while (!inner.empty() && is_blank(inner.back())) {
          inner.remove_suffix(1);
        }
        if (!inner.empty()) {
          const std::string_view dollars = display ? "$$" : "$";
          out.append(dollars).append(inner).append(dollars);
          i = close + 1;
          continue;
        }
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

}  // namespace imaginecole::exercises
