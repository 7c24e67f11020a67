// SPDX-License-Identifier: AGPL-3.0-or-later
#include "media/routes.hpp"

#include <fstream>

#include "http/byte_range.hpp"
#include "http/etag.hpp"
#include "web/page.hpp"

namespace imaginecole::media {
namespace {

http::Response serve(const MediaStore& store, http::Request& request) {
  const std::string hash = request.path_param("hash").value_or("");
  const auto path = store.find(hash);
  if (!path) {
    return web::error_page(request, 404, "No such file.");
  }
  std::error_code ec;
  const std::uint64_t size = std::filesystem::file_size(*path, ec);
  if (ec) {
    return web::error_page(request, 404, "No such file.");
  }
  std::string head(16, '\0');
  {
    std::ifstream in(*path, std::ios::binary);
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
  }
  const std::string etag = http::strong_etag(hash);

  http::Response response;
  response.set_header("Content-Type", sniff_media_type(head).value_or("application/octet-stream"));
  response.set_header("ETag", etag);
  response.set_header("Accept-Ranges", "bytes");
  response.set_header("Cache-Control", "public, max-age=31536000, immutable");
  if (const auto inm = request.header("if-none-match");
      inm && http::if_none_match_matches(*inm, etag)) {
    http::Response not_modified = http::Response::not_modified(etag);
    not_modified.set_header("Cache-Control", "public, max-age=31536000, immutable");
    return not_modified;
  }

  http::ByteRange range;
  if (const auto header = request.header("range")) {
    // If-Range with another validator means "the file changed: send all of it".
    const auto if_range = request.header("if-range");
    if (!if_range || *if_range == etag) {
      range = http::ByteRange::parse(*header).resolve(size);
    }
  }
  if (range.kind() == http::ByteRange::Kind::unsatisfiable) {
    http::Response refused =
        web::error_page(request, 416, "The requested range is outside the file.");
    refused.set_header("Content-Range", range.content_range(size));
    return refused;
  }
  if (range.kind() == http::ByteRange::Kind::satisfiable) {
    response.status = 206;
    response.set_header("Content-Range", range.content_range(size));
    response.file =
        http::FileBody{.path = *path, .offset = range.first(), .length = range.length()};
  } else {
    response.file = http::FileBody{.path = *path, .offset = 0, .length = size};
  }
  return response;
}

}  // namespace

void register_media_routes(http::Router& router, const MediaStore& store) {
  router.get(
      "/media/{hash}", [&store](http::Request& request) { return serve(store, request); },
      http::public_route());
}

}  // namespace imaginecole::media
