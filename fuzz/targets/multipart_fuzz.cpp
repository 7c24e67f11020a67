// SPDX-License-Identifier: AGPL-3.0-or-later
// multipart/form-data bodies (uploads, forms with files). The first line of the input is the
// Content-Type header, the rest the body: boundaries, part headers and file names all come
// from the sender.
#include "core/errors.hpp"
#include "fuzz_target.hpp"
#include "http/multipart.hpp"

IMAGINECOLE_FUZZ_TARGET(multipart) {
  namespace http = imaginecole::http;
  const auto input = imaginecole::fuzz::as_text(data, size);
  const auto line_end = input.find('\n');
  const auto content_type = input.substr(0, line_end);
  const auto body =
      line_end == std::string_view::npos ? std::string_view() : input.substr(line_end + 1);
  try {
    const auto boundary = http::multipart_boundary(content_type);
    if (!boundary) {
      return 0;
    }
    const auto parts = http::parse_multipart(body, *boundary, 8);
    (void)http::find_part(parts, "file");
  } catch (const imaginecole::InvalidInput&) {
  }
  return 0;
}
