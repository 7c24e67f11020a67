// SPDX-License-Identifier: AGPL-3.0-or-later
// Internal to the authoring routes: who calls (signed in, route rule, CSRF), the status and
// message of a refused outcome, and reading a resource's content from a form or a JSON body.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/authenticator.hpp"
#include "authoring/authoring_service.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace imaginecole::accounts {
class Accounts;
}

namespace imaginecole::authoring {

// Largest request body of a save: a body of kMaxBodyBytes, escaped in JSON or a form, plus
// the other fields. Larger requests get a 413 from the server before any handler runs; up to
// this, an over-long body gets a clear 400 with the text given back.
inline constexpr std::size_t kMaxRequestBytes = 4 * 1024 * 1024;

struct Caller {
  accounts::Caller who;
  std::optional<http::Response> refusal;
  Actor actor;
};
Caller authenticate(accounts::Accounts& accounts, const http::Request& request,
                    std::string_view access);

int status_of(Failure failure);
// The problem's message in the request's language.
std::string message_of(const http::Request& request, std::string_view key);

using Form = std::vector<std::pair<std::string, std::string>>;
std::string form_value(const Form& form, std::string_view name);
// "a, b ,c" -> {"a", "b", "c"}.
std::vector<std::string> split_list(std::string_view text);
// The content fields of an editor form.
Content content_from_form(const Form& form);

}  // namespace imaginecole::authoring
