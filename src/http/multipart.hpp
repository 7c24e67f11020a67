// SPDX-License-Identifier: AGPL-3.0-or-later
// multipart/form-data request bodies (RFC 7578): the file inputs of upload forms. The parser
// copies each part's bytes once and checks the structure strictly; anything it cannot read is
// an InvalidInput with a message a person understands (the caller answers 400).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.hpp"

namespace imaginecole::http {

struct FormPart {
  std::string name;          // the form field's name
  std::string filename;      // empty for plain fields; only the last path segment is kept
  std::string content_type;  // as the browser sent it (a claim, never trusted for files)
  std::string body;
};

// The boundary of a "multipart/form-data; boundary=..." Content-Type; nullopt otherwise.
std::optional<std::string> multipart_boundary(std::string_view content_type);

// Parses a multipart body with the given boundary. At most `max_parts` parts.
std::vector<FormPart> parse_multipart(std::string_view body, std::string_view boundary,
                                      std::size_t max_parts = 64);

// The parts of a request whose Content-Type is multipart/form-data. InvalidInput when the
// request is not multipart or its body is malformed.
std::vector<FormPart> parse_multipart_form(const Request& request);

// The first part named `name`, or nullptr.
const FormPart* find_part(const std::vector<FormPart>& parts, std::string_view name);

}  // namespace imaginecole::http
