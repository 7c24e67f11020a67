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

const SignedIn* Authenticator::resolved(const http::Request& request) {
  const auto it = request.context.find(kCallerKey);
  if (it == request.context.end()) {
    return nullptr;
  }
  const auto* found = std::any_cast<std::optional<SignedIn>>(&it->second);
  return found != nullptr && found->has_value() ? &**found : nullptr;
}

std::optional<SignedIn> Authenticator::signed_in(const http::Request& request) {
  if (const auto it = request.context.find(kCallerKey); it != request.context.end()) {
    return std::any_cast<const std::optional<SignedIn>&>(it->second);
  }
  std::optional<SignedIn> found = resolve(request);
  request.context[kCallerKey] = found;
  if (found) {
    web::set_viewer(request, web::Viewer{.display_name = found->user.display_name,
                                         .csrf_token = csrf_token_for(found->session)});
  }
  return found;
}

std::optional<SignedIn> Authenticator::resolve(const http::Request& request) {
  const auto token = request.cookie(kSessionCookie);
  if (!token || token->empty()) {
    return std::nullopt;
  }
  const auto now = std::chrono::system_clock::now();
  const std::string session_id = session_id_of(*token);
  if (auto kept = cache_.find(session_id, sessions_.write_commits());
      kept && sessions_.is_live(kept->session, now)) {
    SignedIn out = *kept;
    sessions_.touch(out.session);  // a write at most once a minute, which ends the entry
    return out;
  }
  // Counted before reading: a write committed during the read makes the entry stale at once.
  const std::uint64_t commits = sessions_.write_commits();
  auto session = sessions_.find(*token);
  if (!session) {
    return std::nullopt;
  }
  auto out = read_caller(*session);
  if (!out) {
    return std::nullopt;
  }
  cache_.store(session_id, std::make_shared<const SignedIn>(*out), commits);
  sessions_.touch(out->session);
  return out;
}

std::optional<SignedIn> Authenticator::read_caller(const Session& session) {
  auto user = users_.by_id(session.user_id);
  if (!user || user->disabled) {
    return std::nullopt;
  }
  std::optional<School> school;
  if (schools_ != nullptr && user->school_id) {
    school = schools_->school_by_id(*user->school_id);
  }
  SignedIn out{.user = std::move(*user),
               .grants = users_.grants_of(session.user_id),
               .session = session,
               .school = std::move(school)};
  return out;
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
  const Principal principal = out.signed_in ? out.signed_in->principal() : Principal{};
  if (may_call_route(out.signed_in ? &principal : nullptr, access)) {
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
