// SPDX-License-Identifier: AGPL-3.0-or-later
#include "accounts/authenticator.hpp"

#include <chrono>
#include <memory>

#include "web/viewer.hpp"

#include "accounts/cookies.hpp"
#include "accounts/csrf.hpp"
#include "http/cookie.hpp"

namespace imaginecole::accounts {

std::string session_cookie(std::string_view token, bool secure) {
  return http::render_set_cookie(session_cookie_for(token), secure).value();
}

std::string expired_cookie(std::string_view name, bool secure) {
  return http::render_set_cookie(http::expired_cookie(name), secure).value();
}

bool is_safe_method(http::Method method) {
  return method == http::Method::get || method == http::Method::head ||
         method == http::Method::options;
}

namespace {
constexpr const char* kCallerKey = "accounts.caller";
}

SignedIn SignedIn::make(User user, std::vector<RoleGrant> grants, Session session,
                        std::optional<School> school) {
  SignedIn out{.user = std::move(user),
               .grants = std::move(grants),
               .session = std::move(session),
               .school = std::move(school)};
  out.csrf_token = csrf_token_for(out.session);
  out.as_principal = Principal{.user_id = out.user.id, .grants = out.grants};
  return out;
}

const SignedIn* Authenticator::resolved(const http::Request& request) {
  const auto it = request.context.find(kCallerKey);
  if (it == request.context.end()) {
    return nullptr;
  }
  const auto* found = std::any_cast<Caller>(&it->second);
  return found != nullptr ? found->get() : nullptr;
}

Caller Authenticator::signed_in(const http::Request& request) {
  if (const auto it = request.context.find(kCallerKey); it != request.context.end()) {
    return std::any_cast<const Caller&>(it->second);
  }
  Caller found = resolve(request);
  request.context[kCallerKey] = found;
  if (found) {
    web::set_viewer(request, web::Viewer{.display_name = found->user.display_name,
                                         .csrf_token = found->csrf_token});
  }
  return found;
}

Caller Authenticator::resolve(const http::Request& request) {
  const auto token = request.cookie(kSessionCookie);
  if (!token || token->empty()) {
    return nullptr;
  }
  const auto now = std::chrono::system_clock::now();
  if (auto kept = cache_.find(*token, sessions_.write_commits());
      kept && sessions_.is_live(kept->session, now)) {
    // A write at most once a minute; it commits, which ends the kept entry.
    sessions_.touch(kept->session);
    return kept;
  }
  // Counted before reading: a write committed during the read makes the entry stale at once.
  const std::uint64_t commits = sessions_.write_commits();
  auto session = sessions_.find(*token);
  if (!session) {
    return nullptr;
  }
  auto out = read_caller(*session);
  if (!out) {
    return nullptr;
  }
  cache_.store(*token, out, commits);
  sessions_.touch(out->session);
  return out;
}

Caller Authenticator::read_caller(const Session& session) {
  auto user = users_.by_id(session.user_id);
  if (!user || user->disabled) {
    return nullptr;
  }
  std::optional<School> school;
  if (schools_ != nullptr && user->school_id) {
    school = schools_->school_by_id(*user->school_id);
  }
  return std::make_shared<const SignedIn>(SignedIn::make(
      std::move(*user), users_.grants_of(session.user_id), session, std::move(school)));
}

AccessCheck Authenticator::check(const http::Request& request, std::string_view access) {
  AccessCheck out;
  out.signed_in = signed_in(request);
  if (out.signed_in && request.is_api() && !is_safe_method(request.method)) {
    const auto header = request.header(kCsrfHeader);
    if (!header || !csrf_token_matches(out.signed_in->session, *header)) {
      out.status = 403;
      out.message = "Missing or wrong X-CSRF-Token header.";
      return out;
    }
  }
  if (may_call_route(out.signed_in ? &out.signed_in->principal() : nullptr, access)) {
    return out;
  }
  if (!out.signed_in) {
    out.status = 401;
    out.message = "Sign in first.";
  } else {
    out.status = 403;
    out.message = "You may not do this.";
  }
  return out;
}

}  // namespace imaginecole::accounts
