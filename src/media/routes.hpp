// SPDX-License-Identifier: AGPL-3.0-or-later
// The media routes:
//  - GET /media/{hash} (public): files of the content-addressed store, with Range (resumable
//    downloads, video seeking on 2G), strong ETags and a year of caching (the name is the
//    content); the type comes from the bytes, unknown types are downloads.
//  - GET /media/{hash}/{variant} (public): a rendition by name ("w320.webp", "low.mp4").
//  - POST /api/v1/media, GET /api/v1/media/{hash} (media.upload): upload (raw body or
//    multipart "file") and details with the video job's state.
//  - GET/POST /edit/media, GET /edit/media/{hash} (media.upload): the same as pages.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "http/router.hpp"
#include "media/media_library.hpp"

namespace imaginecole::accounts {
class Accounts;
}

namespace imaginecole::media {

// How serve_download labels a file.
struct DownloadOptions {
  std::string content_type;
  std::string disposition;  // "attachment; filename=…", or empty
  // Immutable by default: the callers' files never change under their name.
  std::string cache_control = "public, max-age=31536000, immutable";
};

// A file of the disk with Range (resumable downloads, video seeking on 2G), If-Range and
// If-None-Match against a strong ETag made of `identity` (its hash, or a UUID that names one
// content for ever). The media files and the published ZIM files go out through it.
http::Response serve_download(http::Request& request, const std::filesystem::path& path,
                              std::string_view identity, const DownloadOptions& options);

void register_media_routes(http::Router& router, MediaLibrary& library,
                           accounts::Accounts& accounts);

}  // namespace imaginecole::media
