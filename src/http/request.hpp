// SPDX-License-Identifier: AGPL-3.0-or-later
// An HTTP request as capabilities see it: plain values, no Beast types, so that capability code
// compiles fast and is tested without sockets.
#pragma once

#include <any>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace imaginecole::http {

enum class Method { get, head, post, put, patch, del, options, other };
std::string_view method_name(Method method);
Method parse_method(std::string_view text);

// A request body written to disk (routes with RouteOptions::spool_body_to_file): the file is
// deleted when the last owner lets go of it (the request ended, was refused, or the client
// went away). Files are named "upload-<pid>-XXXXXX" so that a starting server removes only
// the leftovers of processes that are gone.
class SpooledFile {
 public:
  // Creates an empty file in `folder` (which must exist). Throws std::runtime_error.
  static std::shared_ptr<SpooledFile> create(const std::filesystem::path& folder);
  ~SpooledFile();
  SpooledFile(const SpooledFile&) = delete;
  SpooledFile& operator=(const SpooledFile&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::uint64_t size() const;

  // Creates `folder` if needed and removes the spool files of processes no longer running.
  // Returns how many were removed.
  static std::size_t clean_folder(const std::filesystem::path& folder);

 private:
  explicit SpooledFile(std::filesystem::path path) : path_(std::move(path)) {}
  std::filesystem::path path_;
};

struct Request {
  Method method = Method::get;
  std::string target;                                        // as received: path + "?" + query
  std::string path;                                          // percent-decoded path
  std::string query;                                         // raw query string, without "?"
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;
  // Set instead of `body` when the route spools its body to disk (large uploads); read it
  // through http::BodyBytes or parse_multipart_form (src/http/multipart.hpp).
  std::shared_ptr<const SpooledFile> body_file;
  std::string remote_address;
  bool secure = false;  // received over TLS (through a trusted proxy)

  // Filled by the router from "{name}" segments of the route's pattern.
  std::vector<std::pair<std::string, std::string>> path_params;
  // The pattern of the matched route (for logs and metrics).
  std::string_view route_pattern;

  std::optional<std::string_view> header(std::string_view lower_name) const;
  std::optional<std::string> path_param(std::string_view name) const;
  // First value of a query parameter, percent-decoded ('+' is a space).
  std::optional<std::string> query_param(std::string_view name) const;
  std::optional<std::string> cookie(std::string_view name) const;
  bool is_api() const { return path.starts_with("/api/"); }
  bool wants_json() const;

  // Per-request values computed once and shared by layers (e.g. the chosen language).
  mutable std::unordered_map<std::string, std::any> context;
};

// Decodes %XX and, when `plus_is_space`, '+'. Invalid escapes are kept as they are.
std::string percent_decode(std::string_view text, bool plus_is_space);
std::string percent_encode(std::string_view text);

// All key=value pairs of an application/x-www-form-urlencoded string or a query string.
std::vector<std::pair<std::string, std::string>> parse_form(std::string_view text);

}  // namespace imaginecole::http
