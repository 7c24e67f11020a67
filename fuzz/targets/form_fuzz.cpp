// SPDX-License-Identifier: AGPL-3.0-or-later
// application/x-www-form-urlencoded bodies and query strings: percent-decoding both ways of
// '+', and the "next" parameter that must stay on this site.
#include "fuzz_target.hpp"
#include "http/local_path.hpp"
#include "http/request.hpp"

IMAGINECOLE_FUZZ_TARGET(form) {
  namespace http = imaginecole::http;
  const auto text = imaginecole::fuzz::as_text(data, size);
  for (const auto& [name, value] : http::parse_form(text)) {
    (void)http::safe_local_path(value);
    (void)http::percent_encode(name);
  }
  (void)http::percent_decode(text, false);
  (void)http::local_path_or(text, "/");
  return 0;
}
