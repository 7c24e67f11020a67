// SPDX-License-Identifier: AGPL-3.0-or-later
// Learning paths over HTTP:
//  - API: GET /api/v1/paths?country=&level=, GET /api/v1/paths/{id} (steps and the signed-in
//    pupil's progress), POST /api/v1/paths/{id}/steps/{n}/done (idempotent by client_id);
//  - pages: /parcours (the paths of a level), /parcours/{id} (followed step by step),
//    /edit/parcours (made and changed by editors and teachers, without JavaScript).
#pragma once

#include "accounts/accounts.hpp"
#include "catalog/curriculum_store.hpp"
#include "catalog/resource_store.hpp"
#include "http/router.hpp"
#include "learning/paths.hpp"

namespace imaginecole::learning {

void register_path_api_routes(http::Router& router, Paths& paths, accounts::Accounts& accounts);
void register_path_pages(http::Router& router, Paths& paths, accounts::Accounts& accounts,
                         catalog::CurriculumStore& curricula);
void register_path_editor_pages(http::Router& router, Paths& paths, accounts::Accounts& accounts,
                                catalog::CurriculumStore& curricula,
                                catalog::ResourceStore& resources);

}  // namespace imaginecole::learning
