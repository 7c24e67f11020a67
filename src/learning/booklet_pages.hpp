// SPDX-License-Identifier: AGPL-3.0-or-later
// The booklet's print page: GET /c/{code}/{level}/{subject}/booklet (public).
#pragma once

#include "catalog/curriculum_store.hpp"
#include "catalog/resource_store.hpp"
#include "http/router.hpp"
#include "storage/database.hpp"

namespace imaginecole::learning {

void register_booklet_pages(http::Router& router, storage::Database& database,
                            catalog::CurriculumStore& curricula, catalog::ResourceStore& resources);

}  // namespace imaginecole::learning
