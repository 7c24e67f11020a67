// SPDX-License-Identifier: AGPL-3.0-or-later
// The booklets' print pages: GET /c/{code}/{level}/{subject}/booklet (public), and the answer
// that carries any booklet (a mock paper's too) with the policy its print rules need.
#pragma once

#include "catalog/curriculum_store.hpp"
#include "catalog/resource_store.hpp"
#include "http/router.hpp"
#include "learning/booklet.hpp"
#include "storage/database.hpp"

namespace imaginecole::learning {

// The booklet's page, or the error page it says (404 for an unknown country, level…).
http::Response booklet_response(http::Request& request, const Booklet& booklet);

void register_booklet_pages(http::Router& router, storage::Database& database,
                            catalog::CurriculumStore& curricula, catalog::ResourceStore& resources);

}  // namespace imaginecole::learning
