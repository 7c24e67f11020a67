// SPDX-License-Identifier: AGPL-3.0-or-later
// The line a search result quotes: the stretch of a resource's text (as plain text, see
// plain_text.hpp) that holds the most of the query's words, with kMarkOpen/kMarkClose around
// each matched word. Cut here rather than by the database, so both backends quote the same
// readable text and a formula is never cut in half before it is read as text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace imaginecole::search {

inline constexpr std::size_t kExcerptTokens = 24;
// Longer bodies are quoted from their beginning only: an excerpt is one line.
inline constexpr std::size_t kExcerptSourceBytes = 20000;

// `stems`: the query's tokens as the French tokenizer makes them. The body is searched first,
// then the summary, then the title (a match only there is still shown); the summary is quoted
// when none holds them.
std::string marked_excerpt(std::string_view title, std::string_view summary, std::string_view body,
                           const std::vector<std::string>& stems);

}  // namespace imaginecole::search
