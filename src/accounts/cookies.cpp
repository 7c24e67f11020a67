// SPDX-License-Identifier: AGPL-3.0-or-later
#include "accounts/cookies.hpp"

#include "accounts/authenticator.hpp"
#include "accounts/csrf.hpp"

namespace imaginecole::accounts {

http::Cookie session_cookie_for(std::string_view token) {
  return http::Cookie{.name = std::string(kSessionCookie), .value = std::string(token)};
}

http::Cookie presession_cookie_for(std::string_view token) {
  return http::Cookie{.name = std::string(kPreSessionCookie), .value = std::string(token)};
}

}  // namespace imaginecole::accounts
