// SPDX-License-Identifier: AGPL-3.0-or-later
#include "accounts/access_gate.hpp"

#include <any>
#include <stdexcept>

#include "accounts/csrf.hpp"
#include "core/errors.hpp"
#include "http/header_text.hpp"
#include "http/multipart.hpp"
#include "web/i18n.hpp"

namespace imaginecole::accounts {
namespace {

using http::equals_ignoring_case;

// Set when a form's token, in its body, is still to be checked: true when the route is public
// (the pre-session token of sign-in forms is then accepted too).
constexpr const char* kPendingToken = "door.pending_token";

std::string text(const http::Request& request, std::string_view key) {
  return std::string(web::Messages::instance().catalogue(web::choose_language(request)).get(key));
}

http::Refusal refusal(const http::Request& request, int status, std::string_view key) {
  return http::Refusal{status, text(request, key)};
}

std::string_view media_type(const http::Request& request) {
  std::string_view type = request.header("content-type").value_or("");
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') {
    type.remove_suffix(1);
  }
  return type;
}

bool is_form(std::string_view type) {
  return equals_ignoring_case(type, "application/x-www-form-urlencoded") ||
         equals_ignoring_case(type, "multipart/form-data");
}

bool is_json(std::string_view type) {
  return equals_ignoring_case(type, "application/json");
}

// "https://host:port" -> "host:port" (the authority an Origin names).
std::string_view origin_authority(std::string_view origin) {
  const auto scheme_end = origin.find("://");
  if (scheme_end == std::string_view::npos) {
    return {};
  }
  return origin.substr(scheme_end + 3);
}

// A browser tells where a request comes from: a state-changing request that another site
// started is refused before its body is read. Clients that are not browsers send neither
// header and are judged by their token.
bool comes_from_another_site(const http::Request& request) {
  if (const auto site = request.header("sec-fetch-site");
      site && equals_ignoring_case(*site, "cross-site")) {
    return true;
  }
  const auto origin = request.header("origin");
  if (!origin) {
    return false;
  }
  const auto host = request.header("host").value_or("");
  return *origin == "null" || !equals_ignoring_case(origin_authority(*origin), host);
}

}  // namespace

std::optional<http::Refusal> AccessGate::admit(http::Request& request, const http::Route& route) {
  const bool is_public = route.options.access == "public";
  if (is_public && !route.changes_state()) {
    return std::nullopt;  // catalogue pages, media, static files: the handler asks if it cares
  }
  const Caller who = authenticator_.signed_in(request);

  if (route.changes_state()) {
    if (comes_from_another_site(request)) {
      return refusal(request, 403, "door_cross_site");
    }
    const std::string_view type = media_type(request);
    if (is_public && request.is_api()) {
      // Public API calls (signing in, asking to join) take JSON only: a cross-site form or
      // text/plain post, which a browser sends without asking, cannot sign a browser into
      // someone else's account. (A body without a type cannot come from a cross-site page
      // without its Origin, refused above.)
      if (!type.empty() && !is_json(type)) {
        return refusal(request, 415, "door_send_json");
      }
    } else if (who) {
      if (const auto header = request.header(kCsrfHeader)) {
        if (!csrf_token_matches(who->session, *header)) {
          return refusal(request, 403, "door_csrf");
        }
      } else if (is_form(type)) {
        request.context[kPendingToken] = is_public;  // public forms may carry either token
      } else {
        return refusal(request, 403, "door_csrf");
      }
    } else if (is_public) {
      request.context[kPendingToken] = true;  // the pre-session token of public forms
    }
  }

  const Principal principal = who ? who->principal() : Principal{};
  if (!may_call_route(who ? &principal : nullptr, route.options.access)) {
    return who ? refusal(request, 403, "door_forbidden")
               : refusal(request, 401, "door_sign_in_first");
  }
  return std::nullopt;
}

std::optional<http::Refusal> AccessGate::admit_body(http::Request& request,
                                                    const http::Route& route) {
  (void)route;
  const auto pending = request.context.find(kPendingToken);
  if (pending == request.context.end()) {
    return std::nullopt;
  }
  // The pre-session token only opens public forms (signing in, joining): a page that needs an
  // account takes its session's token, which another site cannot plant in a cookie.
  const bool presession_allowed = std::any_cast<bool>(pending->second);
  std::string token;
  if (equals_ignoring_case(media_type(request), "multipart/form-data")) {
    try {
      const http::MultipartForm form = http::parse_multipart_form_views(request);
      if (const auto* part = form.find(kCsrfField); part != nullptr && part->filename.empty()) {
        token = std::string(part->body);
      }
    } catch (const InvalidInput& error) {
      return http::Refusal{400, error.what()};  // a broken form: say what is broken
    }
  } else {
    for (const auto& [name, value] : http::parse_form(request.body)) {
      if (name == kCsrfField) {
        token = value;
        break;
      }
    }
  }
  // Signed in: the session's token. Signed out (or a sign-in form shown before signing in):
  // the pre-session double-submit cookie.
  if (const SignedIn* who = caller(request);
      who != nullptr && csrf_token_matches(who->session, token)) {
    return std::nullopt;
  }
  if (const auto cookie = request.cookie(kPreSessionCookie);
      presession_allowed && cookie && presession_token_matches(*cookie, token)) {
    return std::nullopt;
  }
  return refusal(request, 403, "door_csrf");
}

bool AccessGate::knows_access_rule(std::string_view rule) const {
  return rule == "public" || parse_permission(rule).has_value();
}

const SignedIn* caller(const http::Request& request) {
  return Authenticator::resolved(request);
}

const SignedIn& signed_in_caller(const http::Request& request) {
  const SignedIn* who = caller(request);
  if (who == nullptr) {
    throw std::logic_error("a handler that needs a caller ran without the door's admission");
  }
  return *who;
}

}  // namespace imaginecole::accounts
