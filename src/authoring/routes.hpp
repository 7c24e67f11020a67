// SPDX-License-Identifier: AGPL-3.0-or-later
// The editorial workflow's routes: the JSON API (/api/v1/drafts, /api/v1/resources/{id}/…)
// and the editor pages (/edit…, /class-resources/{id}).
#pragma once

#include "http/router.hpp"

namespace imaginecole::accounts {
class Accounts;
}
namespace imaginecole::catalog {
class CurriculumStore;
}

namespace imaginecole::authoring {

class AuthoringService;

void register_authoring_routes(http::Router& router, AuthoringService& service,
                               accounts::Accounts& accounts, catalog::CurriculumStore& curricula);

}  // namespace imaginecole::authoring
