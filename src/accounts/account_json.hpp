// SPDX-License-Identifier: AGPL-3.0-or-later
// The JSON the accounts API speaks: an account as /api/v1/me and the login answer show it,
// and the login request's body.
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/models.hpp"
#include "accounts/school_store.hpp"
#include "accounts/sign_in.hpp"
#include "core/errors.hpp"

namespace imaginecole::accounts {

// {"id", "username", "display_name", "kind", "preferred_language", "school": {...} | null}.
// Never the hashes.
boost::json::object user_json(const User& user, SchoolStore& schools);
// The same with the user's school already at hand (nullptr: none).
boost::json::object user_json(const User& user, const School* school);
// [{"role": "teacher", "scope": {"kind": "class", "id": "…"}}, …]
boost::json::array roles_json(const std::vector<RoleGrant>& grants);

// {"username", "password" | "picture_code" (text "3-7-1" or [3, 7, 1]), "school"}. Fails with
// a message for people when the body is not such an object.
Result<Credentials> parse_login_body(std::string_view body);

}  // namespace imaginecole::accounts
