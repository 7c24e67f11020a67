// SPDX-License-Identifier: AGPL-3.0-or-later
#include "web/view_cache.hpp"

#include "http/compression.hpp"
#include "http/etag.hpp"
#include "web/viewer.hpp"

namespace imaginecole::web {

namespace {

http::Encoding encoding_of(const http::Request& request) {
  const auto accept = request.header("accept-encoding");
  return accept ? http::choose_encoding(*accept) : http::Encoding::identity;
}

}  // namespace

std::shared_ptr<ViewCache::Entry> ViewCache::with_encoding_for(const http::Request& request,
                                                               const Entry& entry) {
  if (!entry.compressible) {
    return nullptr;
  }
  const http::Encoding encoding = encoding_of(request);
  if (encoding == http::Encoding::brotli && !entry.brotli) {
    auto made = std::make_shared<Entry>(entry);
    made->brotli = std::make_shared<const std::string>(http::brotli_compress(*entry.identity, 5));
    return made;
  }
  if (encoding == http::Encoding::gzip && !entry.gzip) {
    auto made = std::make_shared<Entry>(entry);
    made->gzip = std::make_shared<const std::string>(http::gzip_compress(*entry.identity, 6));
    return made;
  }
  return nullptr;
}

http::Response ViewCache::build(const http::Request& request, const Entry& entry) {
  http::Response response;
  response.headers = entry.headers;
  const http::Encoding encoding = encoding_of(request);
  if (encoding == http::Encoding::brotli && entry.brotli) {
    response.shared_body = entry.brotli;
    response.headers.emplace_back("Content-Encoding", "br");
  } else if (encoding != http::Encoding::identity && entry.gzip) {
    response.shared_body = entry.gzip;
    response.headers.emplace_back("Content-Encoding", "gzip");
  } else {
    response.shared_body = entry.identity;
  }
  return response;
}

namespace {

// A page rendered while someone is signed in shows their name and their sign-out form's token
// in its header: it is kept under a key of its own, never served to anyone else.
std::string key_for_viewer(const std::string& key, const Viewer* viewer) {
  if (viewer == nullptr) {
    return key;
  }
  return key + "|viewer:" + viewer->csrf_token + ":" + viewer->display_name;
}

}  // namespace

http::Response ViewCache::respond(const http::Request& request, const std::string& page_key,
                                  std::int64_t version,
                                  const std::function<http::Response()>& render) {
  const Viewer* viewer = viewer_of(request);
  const std::string key = key_for_viewer(page_key, viewer);
  EntryPtr cached;
  {
    std::lock_guard lock(mutex_);
    const auto it = index_.find(key);
    if (it != index_.end() && (*it->second)->version == version) {
      order_.splice(order_.begin(), order_, it->second);
      cached = *it->second;
      ++hits_;
    } else {
      ++misses_;
    }
  }
  if (cached) {
    if (auto made = with_encoding_for(request, *cached)) {
      // Kept for the next client that asks for this encoding. Two threads may both make it:
      // the same bytes, and the later store wins.
      store(made);
      return build(request, *made);
    }
    return build(request, *cached);
  }
  http::Response rendered = render();
  // A page made for one person (a one-time confirmation, a Set-Cookie) says no-store: it is
  // answered, never kept for the next reader.
  const bool personal =
      rendered.header("Cache-Control").value_or("").find("no-store") != std::string_view::npos ||
      rendered.header("Set-Cookie").has_value();
  // Someone signed in while rendering (the page asked who is calling): the key above did not
  // name them, so the page is not kept.
  const bool viewer_appeared = viewer == nullptr && viewer_of(request) != nullptr;
  if (rendered.status != 200 || rendered.file || rendered.header("Content-Encoding") || personal ||
      viewer_appeared) {
    return rendered;
  }
  if (viewer != nullptr && !rendered.header("Cache-Control")) {
    rendered.set_header("Cache-Control", "private");  // no shared cache keeps a named page
  }
  auto entry = std::make_shared<Entry>();
  entry->key = key;
  entry->version = version;
  entry->headers = std::move(rendered.headers);
  if (!rendered.header("ETag")) {
    entry->headers.emplace_back("ETag", http::weak_etag_of(rendered.body));
  }
  std::string_view type;
  for (const auto& [name, value] : entry->headers) {
    if (name == "Content-Type") {
      type = value;
    }
  }
  bool vary_set = false;
  for (auto& [name, value] : entry->headers) {
    if (name == "Vary") {
      if (value.find("Accept-Encoding") == std::string::npos) {
        value = "Accept-Encoding, " + value;
      }
      vary_set = true;
    }
  }
  if (!vary_set) {
    entry->headers.emplace_back("Vary", "Accept-Encoding");
  }
  entry->compressible = http::is_compressible(type) && rendered.body.size() >= 512;
  entry->identity = std::make_shared<const std::string>(std::move(rendered.body));
  if (auto made = with_encoding_for(request, *entry)) {
    entry = std::move(made);
  }
  http::Response response = build(request, *entry);
  store(std::move(entry));
  return response;
}

void ViewCache::store(EntryPtr entry) {
  std::lock_guard lock(mutex_);
  if (const auto it = index_.find(entry->key); it != index_.end()) {
    bytes_ -= (*it->second)->bytes();
    order_.erase(it->second);
    index_.erase(it);
  }
  bytes_ += entry->bytes();
  order_.push_front(entry);
  index_[entry->key] = order_.begin();
  while (bytes_ > budget_ && order_.size() > 1) {
    const EntryPtr& oldest = order_.back();
    bytes_ -= oldest->bytes();
    index_.erase(oldest->key);
    order_.pop_back();
  }
}

ViewCacheStats ViewCache::stats() const {
  std::lock_guard lock(mutex_);
  return ViewCacheStats{
      .hits = hits_, .misses = misses_, .entries = index_.size(), .bytes = bytes_};
}

void ViewCache::clear() {
  std::lock_guard lock(mutex_);
  order_.clear();
  index_.clear();
  bytes_ = 0;
}

}  // namespace imaginecole::web
