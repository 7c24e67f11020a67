// SPDX-License-Identifier: AGPL-3.0-or-later
#include "search/query_text.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace imaginecole::search {
namespace {

struct Decoded {
  char32_t code = 0;
  std::size_t length = 1;
  bool valid = false;
};

Decoded decode(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  if (lead < 0x80) {
    return {lead, 1, true};
  }
  std::size_t length = 0;
  char32_t code = 0;
  char32_t minimum = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    code = lead & 0x1F;
    minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    code = lead & 0x0F;
    minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    code = lead & 0x07;
    minimum = 0x10000;
  } else {
    return {};
  }
  if (at + length > text.size()) {
    return {};
  }
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) {
      return {};
    }
    code = (code << 6) | (byte(at + i) & 0x3F);
  }
  if (code < minimum || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
    return {};
  }
  return {code, length, true};
}

bool is_apostrophe(char32_t c) {
  return c == U'\'' || c == U'\u2019' || c == U'\u02BC';
}

bool is_combining_mark(char32_t c) {
  return c >= 0x300 && c <= 0x36F;
}

bool is_word_char(char32_t c) {
  if (c < 0x80) {
    return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || (c >= U'0' && c <= U'9');
  }
  if (c < 0xC0 || c == 0xD7 || c == 0xF7 || c == 0x2BC) {
    return false;
  }
  // Punctuation, symbols, arrows, currency, CJK and full-width punctuation, Arabic punctuation,
  // private use, specials, emoji.
  const bool separator = (c >= 0x2000 && c <= 0x2BFF) || (c >= 0x2E00 && c <= 0x2E7F) ||
                         (c >= 0x3000 && c <= 0x303F) || (c >= 0xE000 && c <= 0xF8FF) ||
                         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF0F) ||
                         (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFFF0 && c <= 0xFFFF) ||
                         c == 0x60C || c == 0x61B || c == 0x61F || (c >= 0x66A && c <= 0x66D) ||
                         c >= 0x1F000;
  return !separator;
}

// Latin-1 Supplement and Latin Extended-A (U+00C0..U+017F) in lower case without accents.
constexpr std::array<const char*, 0x180 - 0xC0> kLatinFolds = {
    // U+00C0
    "a",
    "a",
    "a",
    "a",
    "a",
    "a",
    "ae",
    "c",
    "e",
    "e",
    "e",
    "e",
    "i",
    "i",
    "i",
    "i",
    // U+00D0
    "d",
    "n",
    "o",
    "o",
    "o",
    "o",
    "o",
    "",
    "o",
    "u",
    "u",
    "u",
    "u",
    "y",
    "th",
    "ss",
    // U+00E0
    "a",
    "a",
    "a",
    "a",
    "a",
    "a",
    "ae",
    "c",
    "e",
    "e",
    "e",
    "e",
    "i",
    "i",
    "i",
    "i",
    // U+00F0
    "d",
    "n",
    "o",
    "o",
    "o",
    "o",
    "o",
    "",
    "o",
    "u",
    "u",
    "u",
    "u",
    "y",
    "th",
    "y",
    // U+0100
    "a",
    "a",
    "a",
    "a",
    "a",
    "a",
    "c",
    "c",
    "c",
    "c",
    "c",
    "c",
    "c",
    "c",
    "d",
    "d",
    // U+0110
    "d",
    "d",
    "e",
    "e",
    "e",
    "e",
    "e",
    "e",
    "e",
    "e",
    "e",
    "e",
    "g",
    "g",
    "g",
    "g",
    // U+0120
    "g",
    "g",
    "g",
    "g",
    "h",
    "h",
    "h",
    "h",
    "i",
    "i",
    "i",
    "i",
    "i",
    "i",
    "i",
    "i",
    // U+0130
    "i",
    "i",
    "ij",
    "ij",
    "j",
    "j",
    "k",
    "k",
    "k",
    "l",
    "l",
    "l",
    "l",
    "l",
    "l",
    "l",
    // U+0140
    "l",
    "l",
    "l",
    "n",
    "n",
    "n",
    "n",
    "n",
    "n",
    "n",
    "n",
    "n",
    "o",
    "o",
    "o",
    "o",
    // U+0150
    "o",
    "o",
    "oe",
    "oe",
    "r",
    "r",
    "r",
    "r",
    "r",
    "r",
    "s",
    "s",
    "s",
    "s",
    "s",
    "s",
    // U+0160
    "s",
    "s",
    "t",
    "t",
    "t",
    "t",
    "t",
    "t",
    "u",
    "u",
    "u",
    "u",
    "u",
    "u",
    "u",
    "u",
    // U+0170
    "u",
    "u",
    "u",
    "u",
    "w",
    "w",
    "y",
    "y",
    "y",
    "z",
    "z",
    "z",
    "z",
    "z",
    "z",
    "s",
};

// PostgreSQL 15 tsearch_data/french.stop without its accented entries (see the header).
constexpr std::array<std::string_view, 133> kStopWords = {
    "ai",       "aie",      "aient",   "aies",   "ait",    "as",     "au",      "aura",    "aurai",
    "auraient", "aurais",   "aurait",  "auras",  "aurez",  "auriez", "aurions", "aurons",  "auront",
    "aux",      "avaient",  "avais",   "avait",  "avec",   "avez",   "aviez",   "avions",  "avons",
    "ayant",    "ayante",   "ayantes", "ayants", "ayez",   "ayons",  "c",       "ce",      "ces",
    "d",        "dans",     "de",      "des",    "du",     "elle",   "en",      "es",      "est",
    "et",       "eu",       "eue",     "eues",   "eurent", "eus",    "eusse",   "eussent", "eusses",
    "eussiez",  "eussions", "eut",     "eux",    "furent", "fus",    "fusse",   "fussent", "fusses",
    "fussiez",  "fussions", "fut",     "il",     "j",      "je",     "l",       "la",      "le",
    "leur",     "lui",      "m",       "ma",     "mais",   "me",     "mes",     "moi",     "mon",
    "n",        "ne",       "nos",     "notre",  "nous",   "on",     "ont",     "ou",      "par",
    "pas",      "pour",     "qu",      "que",    "qui",    "s",      "sa",      "se",      "sera",
    "serai",    "seraient", "serais",  "serait", "seras",  "serez",  "seriez",  "serions", "serons",
    "seront",   "ses",      "soient",  "sois",   "soit",   "sommes", "son",     "sont",    "soyez",
    "soyons",   "suis",     "sur",     "t",      "ta",     "te",     "tes",     "toi",     "ton",
    "tu",       "un",       "une",     "vos",    "votre",  "vous",   "y",
};

// Not stop words in PostgreSQL's list, so indexed by both backends, but so frequent that a
// query requiring them would miss most resources ("les fractions" must find "Fraction").
constexpr std::array<std::string_view, 2> kQueryOnlyStopWords = {"a", "les"};

constexpr std::array<std::string_view, 13> kElisions = {
    "c", "d", "j", "jusqu", "l", "lorsqu", "m", "n", "puisqu", "qu", "quoiqu", "s", "t"};

}  // namespace

void for_each_word(std::string_view text, const std::function<void(const Word&)>& visit) {
  std::size_t at = 0;
  std::size_t word_start = 0;
  bool in_word = false;
  while (at < text.size()) {
    const Decoded d = decode(text, at);
    const bool word_char =
        d.valid && (is_word_char(d.code) || (in_word && is_combining_mark(d.code)));
    if (word_char) {
      if (!in_word) {
        word_start = at;
        in_word = true;
      }
      at += d.length;
      continue;
    }
    if (in_word) {
      Word word{.raw = text.substr(word_start, at - word_start), .start = word_start, .end = at};
      if (d.valid && is_apostrophe(d.code) && at + d.length < text.size()) {
        const Decoded next = decode(text, at + d.length);
        word.elided = next.valid && is_word_char(next.code);
      }
      visit(word);
      in_word = false;
    }
    at += d.valid ? d.length : 1;
  }
  if (in_word) {
    visit(Word{.raw = text.substr(word_start), .start = word_start, .end = text.size()});
  }
}

std::string fold(std::string_view word) {
  std::string out;
  out.reserve(word.size());
  std::size_t at = 0;
  while (at < word.size()) {
    const Decoded d = decode(word, at);
    if (!d.valid) {
      ++at;
      continue;
    }
    if (d.code < 0x80) {
      out.push_back(static_cast<char>(d.code >= U'A' && d.code <= U'Z' ? d.code + 32 : d.code));
    } else if (d.code >= 0xC0 && d.code < 0x180) {
      out += kLatinFolds[d.code - 0xC0];
    } else if (!is_combining_mark(d.code)) {
      out.append(word.substr(at, d.length));
    }
    at += d.length;
  }
  return out;
}

bool is_stop_word(std::string_view folded) {
  return std::binary_search(kStopWords.begin(), kStopWords.end(), folded);
}

bool is_elision(std::string_view folded) {
  return std::binary_search(kElisions.begin(), kElisions.end(), folded);
}

std::vector<std::string> query_words(std::string_view text) {
  std::vector<std::string> words;
  for_each_word(text, [&](const Word& word) {
    std::string folded = fold(word.raw);
    if (folded.empty() || folded.size() > kMaxQueryWordBytes || is_stop_word(folded) ||
        is_elision(folded) ||
        std::binary_search(kQueryOnlyStopWords.begin(), kQueryOnlyStopWords.end(), folded) ||
        words.size() >= kMaxQueryWords) {
      return;
    }
    if (std::find(words.begin(), words.end(), folded) == words.end()) {
      words.push_back(std::move(folded));
    }
  });
  return words;
}

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t at = 0;
  while (at < text.size()) {
    const Decoded d = decode(text, at);
    if (d.valid) {
      out.append(text.substr(at, d.length));
      at += d.length;
    } else {
      out += "\xEF\xBF\xBD";
      ++at;
    }
  }
  return out;
}

}  // namespace imaginecole::search
