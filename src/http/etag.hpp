// SPDX-License-Identifier: AGPL-3.0-or-later
// Entity tags and conditional GET (If-None-Match).
#pragma once

#include <string>
#include <string_view>

namespace imaginecole::http {

// A strong tag from a content hash ("\"<hash>\"").
std::string strong_etag(std::string_view hash);
// A weak tag computed from a body (W/"<fnv64>"): same bytes, same tag.
std::string weak_etag_of(std::string_view body);

// True when If-None-Match lists `etag` (weak comparison, as RFC 9110 §13.1.2 asks) or "*".
bool if_none_match_matches(std::string_view if_none_match, std::string_view etag);

}  // namespace imaginecole::http
