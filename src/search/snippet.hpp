// SPDX-License-Identifier: AGPL-3.0-or-later
// Turns a snippet made by the database (plain text with kMarkOpen/kMarkClose around matched
// words) into safe HTML: every character escaped, the markers and only they become <mark>.
#pragma once

#include <string>
#include <string_view>

namespace imaginecole::search {

// Control characters: never part of a resource's visible text.
inline constexpr char kMarkOpen = '\x02';
inline constexpr char kMarkClose = '\x03';

// Escapes `marked` for HTML, turns the markers into balanced <mark>…</mark>, drops other control
// characters and invalid UTF-8, drops Markdown's # * ` marks, and folds runs of white space.
std::string snippet_html(std::string_view marked);

}  // namespace imaginecole::search
