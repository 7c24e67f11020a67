// SPDX-License-Identifier: AGPL-3.0-or-later
// Where a "next" parameter may send a person: only a path on this site. Browsers forgive a lot
// (they drop tabs and newlines from URLs, read "\" as "/", "/%2F/" may be decoded by a proxy),
// so the value is judged after percent-decoding, and anything doubtful is refused.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace imaginecole::http {

// `value` as a local path ("/c/SN?x=1#top"), or nullopt when it is not one: empty, not
// starting with one "/", a scheme, "//" or a backslash, a control character (CR, LF, tab,
// NUL…) anywhere, once or twice percent-decoded, or bytes that are not UTF-8 text.
std::optional<std::string> safe_local_path(std::string_view value);

// safe_local_path, or `fallback`.
std::string local_path_or(std::string_view value, std::string_view fallback);

}  // namespace imaginecole::http
