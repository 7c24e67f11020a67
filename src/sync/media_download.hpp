// SPDX-License-Identifier: AGPL-3.0-or-later
// One GET of a file from a hub over plain HTTP, appended to a partial file: resumed with
// `Range: bytes=N-` when N bytes are already there, restarted when the hub sends the whole file
// (200) or a range that does not start at N, directly or through an HTTP proxy (absolute-form
// request target). The caller decides what the outcome means (media_fetch.hpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace imaginecole::sync {

// "http://host:port/prefix" taken apart. InvalidInput for anything else (https://, no host, a
// port that is not a number).
struct HttpOrigin {
  std::string host;
  std::string port;
  std::string prefix;  // without a final '/'
  std::string authority() const { return host + ":" + port; }
};
HttpOrigin parse_http_origin(std::string_view url, std::string_view what);

struct DownloadRequest {
  HttpOrigin origin;
  HttpOrigin proxy;  // empty host: direct
  std::string path;  // "/media/<hash>"
  std::filesystem::path partial;
  std::chrono::seconds timeout{30};
};

struct DownloadResult {
  int status = 0;              // the HTTP status (0: no answer)
  bool reached = false;        // a connection was made (false: hub or proxy unreachable)
  bool complete = false;       // the whole body arrived
  bool resumed = false;        // a 206 continued the partial file
  bool restarted = false;      // the partial file was started again from its first byte
  std::uint64_t offset = 0;    // bytes in the partial file before this request
  std::uint64_t received = 0;  // body bytes written by this request
  std::string reason;          // why incomplete (cut, timeout) or the hub's error text
};

// Sends the GET and writes what comes. std::runtime_error when the partial file cannot be
// written (disk full); network failures are results.
DownloadResult download_to_partial(const DownloadRequest& request);

}  // namespace imaginecole::sync
