// SPDX-License-Identifier: AGPL-3.0-or-later
#include "classroom/secrets.hpp"

#include <sodium.h>

#include <cctype>

#include "accounts/password_hasher.hpp"
#include "core/errors.hpp"

namespace imaginecole::classroom {
namespace {

// Simple shapes in a 100 x 100 box, each in its own colour so that two pictures never look
// alike on a faded print or a cheap screen.
constexpr std::array<Picture, 9> kPictures = {{
    {1, "classroom_picture_sun",
     R"(<circle cx="50" cy="50" r="22" fill="#f9c80e"/><g stroke="#f39c12" stroke-width="7" stroke-linecap="round"><line x1="50" y1="6" x2="50" y2="18"/><line x1="50" y1="82" x2="50" y2="94"/><line x1="6" y1="50" x2="18" y2="50"/><line x1="82" y1="50" x2="94" y2="50"/><line x1="19" y1="19" x2="27" y2="27"/><line x1="73" y1="73" x2="81" y2="81"/><line x1="19" y1="81" x2="27" y2="73"/><line x1="73" y1="27" x2="81" y2="19"/></g>)"},
    {2, "classroom_picture_moon",
     R"(<path d="M62 10 A40 40 0 1 0 90 70 A32 32 0 0 1 62 10 Z" fill="#5b6ee1"/>)"},
    {3, "classroom_picture_star",
     R"(<polygon points="50,6 62,38 95,38 68,58 78,92 50,72 22,92 32,58 5,38 38,38" fill="#e53935"/>)"},
    {4, "classroom_picture_tree",
     R"(<rect x="43" y="58" width="14" height="36" fill="#795548"/><circle cx="50" cy="38" r="30" fill="#2e9d44"/>)"},
    {5, "classroom_picture_fish",
     R"(<ellipse cx="44" cy="50" rx="32" ry="20" fill="#0288d1"/><polygon points="70,50 95,30 95,70" fill="#0288d1"/><circle cx="30" cy="45" r="5" fill="#ffffff"/>)"},
    {6, "classroom_picture_house",
     R"(<polygon points="50,8 92,46 8,46" fill="#c62828"/><rect x="18" y="46" width="64" height="46" fill="#d7a86e"/><rect x="42" y="64" width="16" height="28" fill="#5d4037"/>)"},
    {7, "classroom_picture_heart",
     R"(<path d="M50 90 L12 52 A21 21 0 0 1 50 22 A21 21 0 0 1 88 52 Z" fill="#d81b60"/>)"},
    {8, "classroom_picture_ball",
     R"(<circle cx="50" cy="50" r="40" fill="#fb8c00"/><path d="M10 50 H90 M50 10 V90" stroke="#4e2a00" stroke-width="5" fill="none"/>)"},
    {9, "classroom_picture_flower",
     R"(<rect x="47" y="55" width="6" height="40" fill="#2e7d32"/><g fill="#8e24aa"><circle cx="50" cy="20" r="14"/><circle cx="72" cy="37" r="14"/><circle cx="63" cy="62" r="14"/><circle cx="37" cy="62" r="14"/><circle cx="28" cy="37" r="14"/></g><circle cx="50" cy="42" r="11" fill="#fdd835"/>)"},
}};

constexpr std::string_view kJoinAlphabet = "ACDEFGHJKMNPQRTUVWXY34679";
constexpr std::string_view kConsonants = "bdfgklmnprstvz";
constexpr std::string_view kVowels = "aeiou";

char random_char(std::string_view alphabet) {
  return alphabet[randombytes_uniform(static_cast<std::uint32_t>(alphabet.size()))];
}

// Decodes one UTF-8 code point at `i`; nullopt for a malformed sequence.
std::optional<char32_t> next_code_point(std::string_view text, std::size_t& i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  int extra = 0;
  char32_t cp = 0;
  if (lead < 0x80) {
    ++i;
    return lead;
  }
  if ((lead & 0xE0) == 0xC0) {
    extra = 1;
    cp = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    extra = 2;
    cp = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    extra = 3;
    cp = lead & 0x07;
  } else {
    return std::nullopt;
  }
  if (i + static_cast<std::size_t>(extra) >= text.size()) {
    return std::nullopt;
  }
  for (int k = 1; k <= extra; ++k) {
    const auto c = static_cast<unsigned char>(text[i + k]);
    if ((c & 0xC0) != 0x80) {
      return std::nullopt;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
      cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return std::nullopt;
  }
  i += static_cast<std::size_t>(extra) + 1;
  return cp;
}

// The ASCII letters of a Latin letter with accents, for usernames ("ï" -> "i", "œ" -> "oe").
std::string_view ascii_of(char32_t cp) {
  struct Fold {
    char32_t from;
    char32_t to;
    std::string_view ascii;
  };
  static constexpr Fold kFolds[] = {
      {0xC0, 0xC5, "a"},   {0xC6, 0xC6, "ae"},  {0xC7, 0xC7, "c"},    {0xC8, 0xCB, "e"},
      {0xCC, 0xCF, "i"},   {0xD1, 0xD1, "n"},   {0xD2, 0xD6, "o"},    {0xD8, 0xD8, "o"},
      {0xD9, 0xDC, "u"},   {0xDD, 0xDD, "y"},   {0xDF, 0xDF, "ss"},   {0xE0, 0xE5, "a"},
      {0xE6, 0xE6, "ae"},  {0xE7, 0xE7, "c"},   {0xE8, 0xEB, "e"},    {0xEC, 0xEF, "i"},
      {0xF1, 0xF1, "n"},   {0xF2, 0xF6, "o"},   {0xF8, 0xF8, "o"},    {0xF9, 0xFC, "u"},
      {0xFD, 0xFD, "y"},   {0xFF, 0xFF, "y"},   {0x152, 0x153, "oe"}, {0x1EBD, 0x1EBD, "e"},
      {0x14B, 0x14B, "n"}, {0x14A, 0x14A, "n"}, {0x253, 0x253, "b"},  {0x257, 0x257, "d"},
      {0x1B4, 0x1B4, "y"},
  };
  for (const Fold& fold : kFolds) {
    if (cp >= fold.from && cp <= fold.to) {
      return fold.ascii;
    }
  }
  return {};
}

}  // namespace

const std::array<Picture, 9>& pictures() {
  return kPictures;
}

const Picture& picture(int number) {
  IMAGINECOLE_ASSERT(number >= 1 && number <= 9);
  return kPictures.at(static_cast<std::size_t>(number - 1));
}

std::optional<std::string> valid_new_picture_code(std::string_view text) {
  auto code = accounts::normalize_picture_code(text);
  if (!code || (*code)[0] == (*code)[2] || (*code)[0] == (*code)[4] || (*code)[2] == (*code)[4]) {
    return std::nullopt;
  }
  return code;
}

std::vector<int> picture_numbers(std::string_view code) {
  std::vector<int> out;
  for (const char c : code) {
    if (c >= '1' && c <= '9') {
      out.push_back(c - '0');
    }
  }
  return out;
}

std::string new_picture_code() {
  std::string digits = "123456789";
  std::string code;
  for (int k = 0; k < 3; ++k) {
    const auto index = randombytes_uniform(static_cast<std::uint32_t>(digits.size()));
    if (!code.empty()) {
      code.push_back('-');
    }
    code.push_back(digits[index]);
    digits.erase(index, 1);
  }
  return code;
}

std::string new_pupil_password() {
  std::string password;
  for (int k = 0; k < 3; ++k) {
    password.push_back(random_char(kConsonants));
    password.push_back(random_char(kVowels));
  }
  password.push_back(static_cast<char>('0' + randombytes_uniform(10)));
  password.push_back(static_cast<char>('0' + randombytes_uniform(10)));
  return password;
}

std::string new_join_code() {
  std::string code;
  for (int k = 0; k < 6; ++k) {
    code.push_back(random_char(kJoinAlphabet));
  }
  return code;
}

std::optional<std::string> normalize_join_code(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isspace(u) != 0) {
      continue;
    }
    if (std::isalnum(u) == 0 && c != '-') {
      return std::nullopt;
    }
    out.push_back(static_cast<char>(std::toupper(u)));
    if (out.size() > 16) {
      return std::nullopt;
    }
  }
  if (out.empty()) {
    return std::nullopt;
  }
  return out;
}

std::optional<std::string> normalize_display_name(std::string_view text) {
  if (text.size() > kMaxDisplayNameChars * 4) {
    return std::nullopt;
  }
  std::string out;
  std::size_t chars = 0;
  bool pending_space = false;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t start = i;
    const auto cp = next_code_point(text, i);
    if (!cp) {
      return std::nullopt;
    }
    if (*cp == ' ' || *cp == '\t' || *cp == 0xA0) {
      pending_space = !out.empty();
      continue;
    }
    if (*cp < 0x20 || (*cp >= 0x7F && *cp < 0xA0) || *cp == 0x2028 || *cp == 0x2029) {
      return std::nullopt;
    }
    if (pending_space) {
      out.push_back(' ');
      ++chars;
      pending_space = false;
    }
    out.append(text.substr(start, i - start));
    ++chars;
  }
  if (out.empty() || chars > kMaxDisplayNameChars) {
    return std::nullopt;
  }
  return out;
}

std::string suggest_username(std::string_view display_name) {
  std::string out;
  bool separator = false;
  for (std::size_t i = 0; i < display_name.size();) {
    const auto cp = next_code_point(display_name, i);
    if (!cp) {
      ++i;
      continue;
    }
    std::string piece;
    if (*cp < 0x80 && std::isalnum(static_cast<int>(*cp)) != 0) {
      piece.push_back(static_cast<char>(std::tolower(static_cast<int>(*cp))));
    } else {
      piece = std::string(ascii_of(*cp));
    }
    if (piece.empty()) {
      separator = !out.empty();
      continue;
    }
    if (separator) {
      out.push_back('.');
      separator = false;
    }
    out += piece;
  }
  if (out.size() > 30) {
    out.resize(30);
    while (!out.empty() && out.back() == '.') {
      out.pop_back();
    }
  }
  return out.empty() ? "eleve" : out;
}

}  // namespace imaginecole::classroom
