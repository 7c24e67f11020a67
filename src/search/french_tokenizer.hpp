// SPDX-License-Identifier: AGPL-3.0-or-later
// The SQLite side of French search: an FTS5 tokenizer "imaginecole_fr" (words as in
// query_text.hpp, folded, stop words and elisions dropped, Snowball French stems) and the FTS5
// ranking functions of fts5_rank.hpp.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace imaginecole::search {

// Registers the tokenizer and the function for every SQLite connection this process opens
// from now on (sqlite3_auto_extension). Call once before opening the database: the migration
// that creates the FTS table needs the tokenizer. Safe to call more than once.
void install_sqlite_tokenizer();

// The tokens the tokenizer makes of `text` (for tests and for explaining results).
std::vector<std::string> french_tokens(std::string_view text);

// The same tokens with the byte range of the word each comes from (excerpts around matches).
struct TokenSpan {
  std::string token;
  std::size_t start = 0;
  std::size_t end = 0;
};
std::vector<TokenSpan> french_token_spans(std::string_view text);

}  // namespace imaginecole::search
