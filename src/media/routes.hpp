// SPDX-License-Identifier: AGPL-3.0-or-later
// GET /media/{hash}: files from the content-addressed store, with Range (resumable downloads,
// video seeking on 2G), strong ETags and a year of caching (the name is the content).
#pragma once

#include "http/router.hpp"
#include "media/media_store.hpp"

namespace imaginecole::media {

void register_media_routes(http::Router& router, const MediaStore& store);

}  // namespace imaginecole::media
