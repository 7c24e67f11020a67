// SPDX-License-Identifier: AGPL-3.0-or-later
// Pictures of imported banks: decoding, finding, resolving and storing them.
#include "exercises/bank_media.hpp"

#include <algorithm>
#include <cctype>

namespace imaginecole::exercises {
namespace {

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') {
    return c - 'A';
  }
  if (c >= 'a' && c <= 'z') {
    return c - 'a' + 26;
  }
  if (c >= '0' && c <= '9') {
    return c - '0' + 52;
  }
  if (c == '+') {
    return 62;
  }
  if (c == '/') {
    return 63;
  }
  return -1;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The value of attribute `name` in the inside of a tag ("img src=... alt=..."); nullopt when
// absent.
std::optional<std::string> attribute(std::string_view tag, std::string_view name) {
  std::size_t i = 0;
  // Skip the element name.
  while (i < tag.size() && std::isspace(static_cast<unsigned char>(tag[i])) == 0 && tag[i] != '/') {
    ++i;
  }
  while (i < tag.size()) {
    while (i < tag.size() &&
           (std::isspace(static_cast<unsigned char>(tag[i])) != 0 || tag[i] == '/')) {
      ++i;
    }
    const std::size_t key_begin = i;
    while (i < tag.size() && tag[i] != '=' &&
           std::isspace(static_cast<unsigned char>(tag[i])) == 0 && tag[i] != '/') {
      ++i;
    }
    const std::string key = lower(tag.substr(key_begin, i - key_begin));
    while (i < tag.size() && std::isspace(static_cast<unsigned char>(tag[i])) != 0) {
      ++i;
    }
    std::string value;
    if (i < tag.size() && tag[i] == '=') {
      ++i;
      while (i < tag.size() && std::isspace(static_cast<unsigned char>(tag[i])) != 0) {
        ++i;
      }
      if (i < tag.size() && (tag[i] == '"' || tag[i] == '\'')) {
        const char quote = tag[i];
        const auto close = tag.find(quote, i + 1);
        const std::size_t stop = close == std::string_view::npos ? tag.size() : close;
        value = std::string(tag.substr(i + 1, stop - i - 1));
        i = stop + 1;
      } else {
        const std::size_t value_begin = i;
        while (i < tag.size() && std::isspace(static_cast<unsigned char>(tag[i])) == 0) {
          ++i;
        }
        value = std::string(tag.substr(value_begin, i - value_begin));
      }
    }
    if (key.empty()) {
      ++i;
      continue;
    }
    if (key == name) {
      return html_to_text(value);
    }
  }
  return std::nullopt;
}

std::string escape_alt(std::string_view alt) {
  std::string out;
  for (const char c : alt) {
    if (c == '\n' || c == '\r') {
      out.push_back(' ');
      continue;
    }
    if (c == '[' || c == ']' || c == '\\' || c == '*' || c == '_' || c == '`') {
      out.push_back('\\');
    }
    out.push_back(c);
  }
  return out;
}

constexpr char kMarker = '\x1F';

}  // namespace

bool decode_base64(std::string_view text, std::string& out) {
  out.clear();
  std::uint32_t buffer = 0;
  int bits = 0;
  std::size_t symbols = 0;
  std::size_t padding = 0;
  for (const char c : text) {
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      continue;
    }
    if (c == '=') {
      ++padding;
      ++symbols;
      continue;
    }
    const int value = base64_value(c);
    if (value < 0 || padding > 0) {
      return false;  // another character, or data after the padding
    }
    ++symbols;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return symbols % 4 == 0 && padding <= 2 && !out.empty();
}

std::vector<ImgTag> find_img_tags(std::string_view html) {
  std::vector<ImgTag> out;
  std::size_t at = 0;
  while ((at = html.find('<', at)) != std::string_view::npos) {
    const auto end = html.find('>', at);
    if (end == std::string_view::npos) {
      break;
    }
    const std::string_view inside = html.substr(at + 1, end - at - 1);
    if (inside.size() >= 3 && lower(inside.substr(0, 3)) == "img" &&
        (inside.size() == 3 || std::isspace(static_cast<unsigned char>(inside[3])) != 0 ||
         inside[3] == '/')) {
      ImgTag tag{.begin = at, .end = end + 1};
      tag.src = attribute(inside, "src").value_or("");
      if (const auto alt = attribute(inside, "alt")) {
        tag.alt = *alt;
        tag.has_alt = !tag.alt.empty();
      }
      out.push_back(std::move(tag));
    }
    at = end + 1;
  }
  return out;
}

std::string package_path(std::string_view base, std::string_view href, std::string& reason) {
  std::string path(href);
  if (const auto cut = path.find_first_of("?#"); cut != std::string::npos) {
    path.resize(cut);
  }
  // Percent-encoded names ("mon%20image.png") as the file is named.
  std::string decoded;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '%' && i + 2 < path.size() &&
        std::isxdigit(static_cast<unsigned char>(path[i + 1])) != 0 &&
        std::isxdigit(static_cast<unsigned char>(path[i + 2])) != 0) {
      decoded.push_back(static_cast<char>(std::stoi(path.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      decoded.push_back(path[i]);
    }
  }
  const auto refuse = [&](const std::string& why) {
    reason = "the picture \"" + std::string(href) + "\" " + why;
    return std::string();
  };
  if (decoded.empty()) {
    return refuse("has no file name");
  }
  if (decoded.find('\0') != std::string::npos || decoded.find('\\') != std::string::npos) {
    return refuse("has a name that is not allowed");
  }
  if (decoded.front() == '/' || decoded.find(':') != std::string::npos) {
    return refuse("is not inside the package (absolute path or URL)");
  }
  std::vector<std::string> parts;
  const std::string joined = std::string(base) + (base.empty() ? "" : "/") + decoded;
  std::size_t start = 0;
  while (start <= joined.size()) {
    auto slash = joined.find('/', start);
    if (slash == std::string::npos) {
      slash = joined.size();
    }
    const std::string part = joined.substr(start, slash - start);
    if (part == "..") {
      if (parts.empty()) {
        return refuse("is outside the package");
      }
      parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = slash + 1;
  }
  if (parts.empty()) {
    return refuse("has no file name");
  }
  std::string out;
  for (const auto& part : parts) {
    out += (out.empty() ? "" : "/") + part;
  }
  return out;
}

std::string store_pictures(const ImportOptions& options, ImportBudget& budget,
                           const std::vector<Picture>& pictures, std::vector<std::string>& markdown,
                           Question& question, BankEntry& entry) {
  markdown.clear();
  if (pictures.empty()) {
    return {};
  }
  if (!options.store_media) {
    return "embedded files (images) are not imported yet";
  }
  const auto refused = [](const Picture& picture, const std::string& why) {
    return "the picture \"" + picture.filename + "\" was refused: " + why;
  };
  // Every picture is judged before any is stored; one judged earlier in the import (same key)
  // keeps its verdict instead of being decoded again.
  for (const Picture& picture : pictures) {
    if (const auto* seen = budget.picture(picture.key)) {
      if (!seen->hash) {
        return refused(picture, seen->refusal);
      }
      continue;
    }
    if (options.check_media) {
      if (std::string why = options.check_media(*picture.bytes, picture.filename); !why.empty()) {
        budget.remember_picture(picture.key, {.hash = std::nullopt, .refusal = why});
        return refused(picture, why);
      }
    }
  }
  for (const Picture& picture : pictures) {
    std::optional<std::string> hash;
    if (const auto* seen = budget.picture(picture.key)) {
      hash = seen->hash;
    } else {
      std::string why;
      hash = options.store_media(*picture.bytes, picture.filename, why);
      budget.remember_picture(picture.key, {.hash = hash, .refusal = why});
      if (!hash) {
        return refused(picture, why);
      }
    }
    markdown.push_back("![" + escape_alt(picture.alt) + "](/media/" + *hash + ")");
    if (std::find(question.media.begin(), question.media.end(), *hash) == question.media.end()) {
      question.media.push_back(*hash);
    }
    if (!picture.has_alt) {
      entry.warnings.push_back("the picture \"" + picture.filename +
                               "\" has no alternative text: add one for pupils who cannot see it");
    }
  }
  return {};
}

std::string picture_marker(std::size_t index) {
  return std::string(1, kMarker) + "picture" + std::to_string(index) + std::string(1, kMarker);
}

bool has_picture_marker(std::string_view text) {
  return text.find(kMarker) != std::string_view::npos;
}

std::string replace_picture_markers(std::string_view text,
                                    const std::vector<std::string>& markdown) {
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    const auto open = text.find(kMarker, at);
    if (open == std::string_view::npos) {
      out.append(text.substr(at));
      break;
    }
    out.append(text.substr(at, open - at));
    const auto close = text.find(kMarker, open + 1);
    if (close == std::string_view::npos) {
      break;
    }
    const std::string_view inside = text.substr(open + 1, close - open - 1);
    if (inside.starts_with("picture")) {
      const std::size_t index = std::strtoul(std::string(inside.substr(7)).c_str(), nullptr, 10);
      if (index < markdown.size()) {
        out += markdown[index];
      }
    }
    at = close + 1;
  }
  return out;
}

}  // namespace imaginecole::exercises
