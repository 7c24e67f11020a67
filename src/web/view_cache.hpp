// SPDX-License-Identifier: AGPL-3.0-or-later
// Rendered pages and API documents kept in memory, keyed by what they show (path, language,
// parameters) and by the database's change-log position when they were rendered. Every request
// still asks the database for its current position: a change made by any server sharing the
// database shows at once, and an unchanged page costs one indexed query instead of a render.
// Bodies are kept compressed too (gzip, brotli), so that a 2G phone gets a small page without
// the server compressing it again; each encoding is made when a client first asks for it (a
// search asked once, by a browser that takes brotli, is never gzipped).
#pragma once

#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "http/request.hpp"
#include "http/response.hpp"

namespace imaginecole::web {

struct ViewCacheStats {
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;
  std::size_t entries = 0;
  std::size_t bytes = 0;
};

class ViewCache {
 public:
  explicit ViewCache(std::size_t budget_bytes = 16 * 1024 * 1024) : budget_(budget_bytes) {}

  // The cached response for `key` if it was rendered at `version`; otherwise calls `render`,
  // keeps a 200 result (unless it says no-store or sets a cookie), and returns it. A page
  // rendered for a signed-in viewer (web/viewer.hpp) is kept under the key and the viewer:
  // only that viewer gets it back. The response
  // carries an ETag and, when the client accepts it, a compressed body.
  http::Response respond(const http::Request& request, const std::string& page_key,
                         std::int64_t version, const std::function<http::Response()>& render);

  ViewCacheStats stats() const;
  void clear();

 private:
  struct Entry {
    std::string key;
    std::int64_t version = 0;
    std::vector<std::pair<std::string, std::string>> headers;
    std::shared_ptr<const std::string> identity;
    bool compressible = false;                // a text type, and large enough to be worth it
    std::shared_ptr<const std::string> gzip;  // null until a client asks for it
    std::shared_ptr<const std::string> brotli;
    std::size_t bytes() const {
      return key.size() + identity->size() + (gzip ? gzip->size() : 0) +
             (brotli ? brotli->size() : 0);
    }
  };
  using EntryPtr = std::shared_ptr<const Entry>;

  static http::Response build(const http::Request& request, const Entry& entry);
  // `entry` with the encoding `request` asks for made, or null when it has it already (or
  // does not need it).
  static std::shared_ptr<Entry> with_encoding_for(const http::Request& request, const Entry& entry);
  void store(EntryPtr entry);

  std::size_t budget_;
  mutable std::mutex mutex_;
  std::list<EntryPtr> order_;  // most recently used first
  std::unordered_map<std::string, std::list<EntryPtr>::iterator> index_;
  std::size_t bytes_ = 0;
  std::uint64_t hits_ = 0;
  std::uint64_t misses_ = 0;
};

}  // namespace imaginecole::web
