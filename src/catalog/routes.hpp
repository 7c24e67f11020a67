// SPDX-License-Identifier: AGPL-3.0-or-later
// The catalogue's pages and API: the home page, a country's school system, a level, a
// subject's resources, a resource; /api/v1/countries, /api/v1/resources; curriculum editing
// and placements for the country's admins and editors.
#pragma once

#include "catalog/curriculum_store.hpp"
#include "catalog/library.hpp"
#include "http/router.hpp"
#include "storage/change_watcher.hpp"
#include "web/view_cache.hpp"

namespace imaginecole::accounts {
class Accounts;
}

namespace imaginecole::catalog {

// Pages and documents are served from `cache` while `changes` says the data has not changed.
// Editing routes ask `accounts` who is signed in and what they may do.
void register_catalog_routes(http::Router& router, CurriculumStore& store, Library& library,
                             accounts::Accounts& accounts, web::ViewCache& cache,
                             storage::ChangeWatcher& changes);

}  // namespace imaginecole::catalog
