// SPDX-License-Identifier: AGPL-3.0-or-later
#include "opds/routes.hpp"

#include <chrono>
#include <ctime>

#include "media/routes.hpp"
#include "opds/opds_feed.hpp"
#include "web/page.hpp"

namespace imaginecole::opds {
namespace {

using http::Request;
using http::Response;

constexpr std::string_view kNavigation =
    "application/atom+xml;profile=opds-catalog;kind=navigation";
constexpr std::string_view kAcquisition =
    "application/atom+xml;profile=opds-catalog;kind=acquisition";

std::string now_iso8601() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

// Catalogue documents change when a file is published: readers revalidate each time.
Response xml(std::string body, std::string_view type) {
  Response response = Response::text(std::move(body));
  response.set_header("Content-Type", std::string(type));
  response.set_header("Cache-Control", "no-cache");
  return response;
}

Response entries(const ZimShelf& shelf, Request& request, bool partial) {
  const auto filter = parse_entry_filter(request.query);
  if (!filter) {
    return web::error_page(request, 400, "start and count are whole numbers.");
  }
  return xml(entries_feed(shelf.list(), *filter, now_iso8601(), partial), kAcquisition);
}

Response entry(const ZimShelf& shelf, Request& request) {
  const auto zim = shelf.find(request.path_param("uuid").value_or(""));
  if (!zim) {
    return web::error_page(request, 404, "No published ZIM file with this UUID.");
  }
  return xml(entry_document(*zim), "application/atom+xml;type=entry;profile=opds-catalog");
}

Response illustration(const ZimShelf& shelf, Request& request) {
  const std::string uuid = request.path_param("uuid").value_or("");
  const auto zim = shelf.find(uuid);
  std::error_code ec;
  if (!zim || !std::filesystem::is_regular_file(shelf.illustration_path(uuid), ec)) {
    return web::error_page(request, 404, "This ZIM file has no illustration.");
  }
  return media::serve_download(request, shelf.illustration_path(uuid), uuid + "-48",
                               media::DownloadOptions{.content_type = "image/png"});
}

Response download(const ZimShelf& shelf, Request& request) {
  std::string file = request.path_param("file").value_or("");
  constexpr std::string_view kSuffix = ".zim";
  if (file.size() > kSuffix.size() &&
      file.compare(file.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0) {
    file.resize(file.size() - kSuffix.size());
  }
  const auto zim = shelf.find(file);
  if (!zim) {
    return web::error_page(request, 404, "No published ZIM file with this name.");
  }
  // A UUID names one content for ever (a new edition has a new one): it is the ETag.
  return media::serve_download(
      request, shelf.zim_path(zim->metadata.uuid), zim->metadata.uuid,
      media::DownloadOptions{
          .content_type = "application/x-zim",
          .disposition = "attachment; filename=\"" + zim->metadata.name + ".zim\""});
}

}  // namespace

void register_opds_routes(http::Router& router, const ZimShelf& shelf) {
  const auto options = http::public_route({.blocking = true});
  router.get(
      "/catalog/v2/root.xml", [](Request&) { return xml(root_feed(now_iso8601()), kNavigation); },
      options);
  router.get(
      "/catalog/v2/entries", [&shelf](Request& request) { return entries(shelf, request, false); },
      options);
  router.get(
      "/catalog/v2/partial_entries",
      [&shelf](Request& request) { return entries(shelf, request, true); }, options);
  router.get(
      "/catalog/v2/entry/{uuid}", [&shelf](Request& request) { return entry(shelf, request); },
      options);
  router.get(
      "/catalog/v2/categories",
      [&shelf](Request&) { return xml(categories_feed(shelf.list(), now_iso8601()), kNavigation); },
      options);
  router.get(
      "/catalog/v2/languages",
      [&shelf](Request&) { return xml(languages_feed(shelf.list(), now_iso8601()), kNavigation); },
      options);
  router.get(
      "/catalog/v2/searchdescription.xml",
      [](Request&) { return xml(search_description(), "application/opensearchdescription+xml"); },
      options);
  router.get(
      "/catalog/v2/illustration/{uuid}",
      [&shelf](Request& request) { return illustration(shelf, request); }, options);
  router.get(
      "/catalog/v2/download/{file}",
      [&shelf](Request& request) { return download(shelf, request); }, options);
}

}  // namespace imaginecole::opds
