// SPDX-License-Identifier: AGPL-3.0-or-later
// The catalogue's pages and API: the home page, a country's school system, a level; and
// /api/v1/countries.
#pragma once

#include "catalog/curriculum_store.hpp"
#include "http/router.hpp"

namespace imaginecole::catalog {

void register_catalog_routes(http::Router& router, CurriculumStore& store);

}  // namespace imaginecole::catalog
