// SPDX-License-Identifier: AGPL-3.0-or-later
// How French text is cut into words, for both halves of search: the SQLite tokenizer that
// indexes resources and the preparation of a user's query (SQLite and PostgreSQL). Keeping one
// definition of "a word" is what makes the two backends find the same resources.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace imaginecole::search {

struct Word {
  std::string_view raw;   // the bytes as written ("École")
  std::size_t start = 0;  // byte offsets in the text
  std::size_t end = 0;
  bool elided = false;  // directly followed by an apostrophe and a letter ("l'" in "l'école")
};

// Calls `visit` for each word of `text`: runs of letters and digits in any script. Apostrophes,
// hyphens, punctuation, symbols and invalid UTF-8 bytes separate words.
void for_each_word(std::string_view text, const std::function<void(const Word&)>& visit);

// Lower case without accents, ligatures spelt out: "Œuvre" → "oeuvre", "Élèves" → "eleves".
// Scripts other than Latin are kept as they are.
std::string fold(std::string_view word);

// PostgreSQL's French stop words as they are seen after `unaccent` (the accented entries of
// its list can never match there, so they are not stop words on either backend).
bool is_stop_word(std::string_view folded);
// Elided articles and pronouns: l' d' j' m' n' s' t' c' qu' jusqu' lorsqu' puisqu' quoiqu'.
bool is_elision(std::string_view folded);

// The words of a user's query that can match anything: folded, without stop words (and "les",
// "a": too frequent to require), without elisions, each once, at most kMaxQueryWords of at most
// kMaxQueryWordBytes. Empty when nothing searchable is left.
inline constexpr std::size_t kMaxQueryWords = 16;
inline constexpr std::size_t kMaxQueryWordBytes = 100;  // longer: not a word anyone looks for
std::vector<std::string> query_words(std::string_view text);

// Replaces invalid UTF-8 sequences by U+FFFD so that text can be shown and sent as JSON.
std::string valid_utf8(std::string_view text);

}  // namespace imaginecole::search
