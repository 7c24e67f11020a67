// SPDX-License-Identifier: AGPL-3.0-or-later
// The catalogue's pages and API: the home page, a country's school system, a level; and
// /api/v1/countries.
#pragma once

#include "catalog/curriculum_store.hpp"
#include "http/router.hpp"
#include "storage/change_watcher.hpp"
#include "web/view_cache.hpp"

namespace imaginecole::catalog {

// Pages and documents are served from `cache` while `changes` says the data has not changed.
void register_catalog_routes(http::Router& router, CurriculumStore& store, web::ViewCache& cache,
                             storage::ChangeWatcher& changes);

}  // namespace imaginecole::catalog
