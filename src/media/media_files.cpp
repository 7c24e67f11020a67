// SPDX-License-Identifier: AGPL-3.0-or-later
#include "media/media_files.hpp"

#include <boost/json.hpp>
#include <unordered_set>

namespace imaginecole::media {
namespace {

namespace json = boost::json;

std::string text_of(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

std::uint64_t size_of(const json::object& object) {
  const auto* value = object.if_contains("size");
  if (value == nullptr) {
    return 0;
  }
  if (value->is_uint64()) {
    return value->as_uint64();
  }
  return value->is_int64() && value->as_int64() > 0 ? static_cast<std::uint64_t>(value->as_int64())
                                                    : 0;
}

}  // namespace

std::vector<MediaFile> all_media_files(storage::Connection& connection) {
  std::vector<MediaFile> out;
  std::unordered_set<std::string> seen;
  const auto add = [&](MediaFile file) {
    if (!file.hash.empty() && seen.insert(file.hash).second) {
      out.push_back(std::move(file));
    }
  };
  const auto rows =
      connection.query("SELECT hash, media_type, size_bytes, renditions FROM media ORDER BY hash");
  for (const storage::Row& row : rows.rows) {
    const std::string type = row.text(1);
    add(MediaFile{.hash = row.text(0),
                  .type = type,
                  .record_type = type,
                  .variant = {},
                  .size = static_cast<std::uint64_t>(std::max<std::int64_t>(row.integer(2), 0))});
    json::error_code ec;
    const json::value renditions = json::parse(row.text(3), ec);
    if (ec || !renditions.is_array()) {
      continue;  // a damaged list names no file; the original is still fetched
    }
    for (const json::value& item : renditions.as_array()) {
      if (item.is_object()) {
        const json::object& rendition = item.as_object();
        add(MediaFile{.hash = text_of(rendition, "hash"),
                      .type = text_of(rendition, "type"),
                      .record_type = type,
                      .variant = text_of(rendition, "variant"),
                      .size = size_of(rendition)});
      }
    }
  }
  return out;
}

}  // namespace imaginecole::media
