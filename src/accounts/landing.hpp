// SPDX-License-Identifier: AGPL-3.0-or-later
// Where a person's work is: the page they land on after signing in and that "Mon espace"
// leads to. The widest role decides (a school head who also teaches lands on the school).
#pragma once

#include <string>

#include "accounts/accounts.hpp"
#include "accounts/authenticator.hpp"
#include "accounts/sign_in.hpp"

namespace imaginecole::accounts {

// A local path: a pupil's space (/me), a teacher's classes, an editor's or reviewer's
// authoring dashboard, a school head's school, a country admin's country (its schools), an
// analyst's or platform admin's spaces.
std::string landing_path(Accounts& accounts, const User& user,
                         const std::vector<RoleGrant>& grants);
std::string landing_path(Accounts& accounts, const SignedIn& who);
// After a good sign-in: `next` when it is a page of this site other than "/", the sign-in or
// sign-out pages (never another site), else the person's landing page.
std::string after_sign_in(Accounts& accounts, const SignInResult& result, std::string_view next);

}  // namespace imaginecole::accounts
