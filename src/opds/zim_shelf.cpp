// SPDX-License-Identifier: AGPL-3.0-or-later
#include "opds/zim_shelf.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <sstream>

#include "media/durable_file.hpp"

namespace imaginecole::opds {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

std::string now_iso8601() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

json::object to_json(const PublishedZim& zim) {
  const ZimMetadata& m = zim.metadata;
  return json::object{{"uuid", m.uuid},
                      {"name", m.name},
                      {"title", m.title},
                      {"description", m.description},
                      {"language", m.language},
                      {"creator", m.creator},
                      {"publisher", m.publisher},
                      {"date", m.date},
                      {"tags", m.tags},
                      {"flavour", m.flavour},
                      {"article_count", m.article_count},
                      {"media_count", m.media_count},
                      {"size", m.size},
                      {"country", zim.country},
                      {"published_at", zim.published_at}};
}

std::optional<PublishedZim> from_json(std::string_view text) {
  json::error_code ec;
  const json::value value = json::parse(text, ec);
  if (ec || !value.is_object()) {
    return std::nullopt;
  }
  const json::object& o = value.as_object();
  const auto text_of = [&o](std::string_view key) {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  const auto number_of = [&o](std::string_view key) -> std::uint64_t {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_number() ? v->to_number<std::uint64_t>() : 0;
  };
  PublishedZim out;
  out.metadata.uuid = text_of("uuid");
  out.metadata.name = text_of("name");
  out.metadata.title = text_of("title");
  out.metadata.description = text_of("description");
  out.metadata.language = text_of("language");
  out.metadata.creator = text_of("creator");
  out.metadata.publisher = text_of("publisher");
  out.metadata.date = text_of("date");
  out.metadata.tags = text_of("tags");
  out.metadata.flavour = text_of("flavour");
  out.metadata.article_count = number_of("article_count");
  out.metadata.media_count = number_of("media_count");
  out.metadata.size = number_of("size");
  out.country = text_of("country");
  out.published_at = text_of("published_at");
  if (!ZimShelf::is_uuid(out.metadata.uuid)) {
    return std::nullopt;
  }
  return out;
}

// Copies `source` into `target` durably, in pieces (a ZIM may be gigabytes).
void copy_durably(const fs::path& source, const fs::path& target) {
  media::TemporaryFile temporary(target.parent_path());
  std::ifstream in(source, std::ios::binary);
  std::string buffer(1 << 20, '\0');
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto got = static_cast<std::size_t>(in.gcount());
    if (got > 0) {
      temporary.write(std::string_view(buffer.data(), got));
    }
  }
  if (in.bad()) {
    throw std::runtime_error("cannot read " + source.string());
  }
  temporary.commit_as(target);
}

void write_durably(const fs::path& target, std::string_view bytes) {
  media::TemporaryFile temporary(target.parent_path());
  temporary.write(bytes);
  temporary.commit_as(target);
}

}  // namespace

ZimShelf::ZimShelf(std::filesystem::path folder) : folder_(std::move(folder)) {}

bool ZimShelf::is_uuid(std::string_view text) {
  if (text.size() != 36) {
    return false;
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

fs::path ZimShelf::zim_path(std::string_view uuid) const {
  return folder_ / (std::string(uuid) + ".zim");
}

fs::path ZimShelf::illustration_path(std::string_view uuid) const {
  return folder_ / (std::string(uuid) + ".png");
}

std::variant<PublishedZim, PublishRefusal> ZimShelf::publish(const fs::path& source,
                                                             const std::string& country) {
  auto read = read_zim_metadata(source);
  if (auto* refusal = std::get_if<ZimRefusal>(&read)) {
    return PublishRefusal{refusal->reason};
  }
  ZimMetadata metadata = std::move(std::get<ZimMetadata>(read));
  if (const auto existing = find(metadata.uuid)) {
    return PublishRefusal{"a file with the same UUID (" + metadata.uuid + ", \"" +
                          existing->metadata.title +
                          "\") is already published; a new edition "
                          "of a ZIM file has a new UUID"};
  }
  media::create_folders_durably(folder_);
  // The bytes first, the catalogue's entry last: until the .json exists, nothing is listed.
  copy_durably(source, zim_path(metadata.uuid));
  if (!metadata.illustration_png.empty()) {
    write_durably(illustration_path(metadata.uuid), metadata.illustration_png);
  }
  metadata.illustration_png.clear();
  PublishedZim published{
      .metadata = std::move(metadata), .country = country, .published_at = now_iso8601()};
  write_durably(folder_ / (published.metadata.uuid + ".json"), json::serialize(to_json(published)));
  return published;
}

std::optional<PublishedZim> ZimShelf::find(std::string_view uuid) const {
  if (!is_uuid(uuid)) {
    return std::nullopt;
  }
  std::error_code ec;
  const fs::path entry = folder_ / (std::string(uuid) + ".json");
  if (!fs::is_regular_file(entry, ec) || !fs::is_regular_file(zim_path(uuid), ec)) {
    return std::nullopt;
  }
  return from_json(read_all(entry));
}

std::vector<PublishedZim> ZimShelf::list() const {
  std::vector<PublishedZim> out;
  std::error_code ec;
  for (fs::directory_iterator it(folder_, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& path = it->path();
    if (path.extension() != ".json") {
      continue;
    }
    if (auto zim = find(path.stem().string())) {
      out.push_back(std::move(*zim));
    }
  }
  std::sort(out.begin(), out.end(), [](const PublishedZim& a, const PublishedZim& b) {
    return a.published_at != b.published_at ? a.published_at > b.published_at
                                            : a.metadata.uuid < b.metadata.uuid;
  });
  return out;
}

}  // namespace imaginecole::opds
