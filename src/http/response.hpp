// SPDX-License-Identifier: AGPL-3.0-or-later
// An HTTP response as capabilities build it, with small factories for the common cases.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace imaginecole::http {

// A slice of a file on disk streamed by the server (media, large downloads).
struct FileBody {
  std::filesystem::path path;
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // An immutable body shared with a cache (no copy per request); when set, replaces `body`.
  std::shared_ptr<const std::string> shared_body;
  std::optional<FileBody> file;  // when set, replaces `body`

  std::size_t body_size() const { return shared_body ? shared_body->size() : body.size(); }

  // Both refuse (std::invalid_argument) a name that is not a token or a value with CR, LF or
  // NUL: no response can carry a header, or a second response, of someone else's making.
  void set_header(std::string_view name, std::string value);
  void add_header(std::string_view name, std::string value);
  std::optional<std::string_view> header(std::string_view name) const;  // case-insensitive

  static Response html(std::string body, int status = 200);
  static Response json(std::string body, int status = 200);
  static Response text(std::string body, int status = 200);
  static Response redirect(std::string location, int status = 303);
  static Response not_modified(std::string etag);
};

std::string_view reason_phrase(int status);

// Can this name and value be written as one header line?
bool is_valid_header(std::string_view name, std::string_view value);

}  // namespace imaginecole::http
