// SPDX-License-Identifier: AGPL-3.0-or-later
// The search API (GET /api/v1/search) and the search page (GET /search).
#pragma once

#include "catalog/curriculum_store.hpp"
#include "http/router.hpp"
#include "search/search_index.hpp"
#include "storage/change_watcher.hpp"
#include "web/view_cache.hpp"

namespace imaginecole::search {

// Where a result links to: the catalogue's resource page.
inline constexpr std::string_view kResourcePagePrefix = "/r/";

void register_search_routes(http::Router& router, SearchIndex& index,
                            catalog::CurriculumStore& curricula, web::ViewCache& cache,
                            storage::ChangeWatcher& changes);

}  // namespace imaginecole::search
