// SPDX-License-Identifier: AGPL-3.0-or-later
// A resource's Markdown as the plain text a search result quotes: maths read as text
// ("$\frac{3}{4}$" → "3/4", "\times" → "×"), table cells separated by " · " instead of pipes,
// and no emphasis, heading, quote, list, link, image or HTML markup. The text keeps its words
// in order, so excerpts cut from it show what a reader sees on the page.
#pragma once

#include <string>
#include <string_view>

namespace imaginecole::search {

std::string markdown_to_plain_text(std::string_view markdown);

// The TeX between a formula's dollars as readable text: "\frac{6 \div 3}{9}" → "(6 ÷ 3)/9".
std::string math_to_plain_text(std::string_view tex);

}  // namespace imaginecole::search
