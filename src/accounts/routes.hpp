// SPDX-License-Identifier: AGPL-3.0-or-later
// The accounts capability's routes: the sign-in API (/api/v1/auth/login, /api/v1/auth/logout,
// /api/v1/me) and the sign-in pages (/signin, /signout).
#pragma once

#include "http/router.hpp"

namespace imaginecole::accounts {

class Accounts;

void register_account_routes(http::Router& router, Accounts& accounts);

}  // namespace imaginecole::accounts
