// SPDX-License-Identifier: AGPL-3.0-or-later
// Pages rendered for the web link with absolute paths (/r/<id>, /media/<hash>, /c/SN/CM2). In a
// ZIM file every link must be relative to the page and name an entry of the file, and nothing
// may reach the internet: this rewrites a page's href and src attributes through a resolver
// that knows what the file holds. A link to something the file does not hold loses its href
// (its text stays, as plain text); a src the file does not hold is removed.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace imaginecole::zim {

// The ZIM path ("r/0193…", "m/ab12….jpg") that a web URL's path (without query or fragment)
// stands for; nullopt when the file does not hold it.
using LinkResolver = std::function<std::optional<std::string>(std::string_view web_path)>;

// `to` written relative to the page at `from` ("r/x" to "m/y.jpg": "../m/y.jpg").
std::string relative_url(std::string_view from, std::string_view to);

// `html` with every href="/…" and src="/…" rewritten for the page at ZIM path `from`.
// Fragments survive ("/r/x#ex" → "../r/x#ex"); queries are dropped (a ZIM entry has none).
// "#…" and relative links are left alone; http(s) and mailto links too (Kiwix readers open them
// outside, they are never needed to read the page).
std::string rewrite_links(std::string_view html, std::string_view from,
                          const LinkResolver& resolve);

}  // namespace imaginecole::zim
