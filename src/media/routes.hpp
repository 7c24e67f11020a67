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

#include "http/router.hpp"
#include "media/media_library.hpp"

namespace imaginecole::accounts {
class Accounts;
}

namespace imaginecole::media {

void register_media_routes(http::Router& router, MediaLibrary& library,
                           accounts::Accounts& accounts);

}  // namespace imaginecole::media
