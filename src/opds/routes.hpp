// SPDX-License-Identifier: AGPL-3.0-or-later
// The OPDS catalogue of published ZIM files (public, read-only), as kiwix-serve serves it:
//  - GET /catalog/v2/root.xml, /catalog/v2/entries, /catalog/v2/partial_entries,
//    /catalog/v2/entry/{uuid}, /catalog/v2/categories, /catalog/v2/languages,
//    /catalog/v2/searchdescription.xml;
//  - GET /catalog/v2/illustration/{uuid}: the file's 48×48 PNG;
//  - GET /catalog/v2/download/{uuid}.zim: the file, with Range and a strong ETag.
#pragma once

#include "http/router.hpp"
#include "opds/zim_shelf.hpp"

namespace imaginecole::opds {

void register_opds_routes(http::Router& router, const ZimShelf& shelf);

}  // namespace imaginecole::opds
