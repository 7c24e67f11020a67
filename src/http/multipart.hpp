// SPDX-License-Identifier: AGPL-3.0-or-later
// multipart/form-data request bodies (RFC 7578): the file inputs of upload forms. One parser
// finds the parts as views of the body (no copy; a spooled body is memory-mapped, so a large
// file part is never copied into memory) and checks the structure strictly; anything it cannot
// read is an InvalidInput with a message a person understands (the caller answers 400).
#pragma once

#include <cstdint>
#include <memory>
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

// A part whose body is a view of the request body (valid while the body is).
struct FormPartView {
  std::string name;
  std::string filename;
  std::string content_type;
  std::string_view body;
};

// A file mapped read-only into memory; unmapped when destroyed. Pages come from the page
// cache on demand: reading a mapped 200 MiB upload costs no heap.
class MappedFile {
 public:
  // Throws std::runtime_error when the file cannot be opened or mapped.
  explicit MappedFile(const std::filesystem::path& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::string_view bytes() const { return {data_, size_}; }

 private:
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

// The body of a request as bytes: `request.body`, or its spooled file mapped read-only.
// Keep it alive as long as views of it are used.
class BodyBytes {
 public:
  explicit BodyBytes(const Request& request);
  std::string_view view() const { return view_; }

 private:
  std::unique_ptr<MappedFile> mapping_;
  std::string_view view_;
};

// The parts of a multipart request as views, with the body they point into.
struct MultipartForm {
  std::unique_ptr<BodyBytes> body;
  std::vector<FormPartView> parts;

  // The first part named `name`, or nullptr.
  const FormPartView* find(std::string_view name) const;
};

// The boundary of a "multipart/form-data; boundary=..." Content-Type; nullopt otherwise.
std::optional<std::string> multipart_boundary(std::string_view content_type);

// Parses a multipart body with the given boundary. At most `max_parts` parts.
std::vector<FormPartView> parse_multipart_views(std::string_view body, std::string_view boundary,
                                                std::size_t max_parts = 64);
// The same, with each part's bytes copied.
std::vector<FormPart> parse_multipart(std::string_view body, std::string_view boundary,
                                      std::size_t max_parts = 64);

// The parts of a request whose Content-Type is multipart/form-data. InvalidInput when the
// request is not multipart or its body is malformed.
std::vector<FormPart> parse_multipart_form(const Request& request);
// The same without copying the parts (for file uploads, spooled or not).
MultipartForm parse_multipart_form_views(const Request& request);

// The first part named `name`, or nullptr.
const FormPart* find_part(const std::vector<FormPart>& parts, std::string_view name);

}  // namespace imaginecole::http
