// SPDX-License-Identifier: AGPL-3.0-or-later
#include "accounts/admin_common.hpp"

#include <boost/json.hpp>

#include <cctype>

#include "accounts/csrf.hpp"
#include "core/ids.hpp"
#include "web/i18n.hpp"
#include "web/page.hpp"

namespace imaginecole::accounts {

namespace json = boost::json;

Guarded guard(Accounts& accounts, const http::Request& request, std::string_view access) {
  Guarded out;
  AccessCheck check = accounts.authenticator().check(request, access);
  if (!check.allowed()) {
    if (check.status == 401 && !request.wants_json() && request.method == http::Method::get) {
      out.refusal = see_other("/signin?next=" + http::percent_encode(request.target));
    } else {
      out.refusal = web::error_page(request, check.status, check.message);
    }
    return out;
  }
  out.who = std::move(check.signed_in);
  return out;
}

http::Response not_found(const http::Request& request) {
  return web::error_page(request, 404, "Not found.");
}

http::Response no_store_json(const json::value& value, int status) {
  http::Response response = http::Response::json(json::serialize(value), status);
  response.set_header("Cache-Control", "no-store");
  return response;
}

http::Response see_other(std::string location) {
  http::Response response = http::Response::redirect(std::move(location), 303);
  response.set_header("Cache-Control", "no-store");
  return response;
}

std::string form_value(const Form& form, std::string_view name) {
  for (const auto& [key, value] : form) {
    if (key == name) {
      return value;
    }
  }
  return {};
}

std::optional<json::object> json_body(const http::Request& request) {
  json::error_code ec;
  json::value value = json::parse(request.body, ec);
  if (ec || !value.is_object()) {
    return std::nullopt;
  }
  return std::move(value.as_object());
}

std::optional<std::string> json_string(const json::object& body, std::string_view key) {
  const auto* value = body.if_contains(key);
  if (value == nullptr || !value->is_string()) {
    return std::nullopt;
  }
  return std::string(value->as_string());
}

std::string message(const http::Request& request, std::string_view key) {
  return std::string(web::Messages::instance().catalogue(web::choose_language(request)).get(key));
}

std::size_t page_number(const http::Request& request) {
  const std::string text = request.query_param("page").value_or("1");
  if (text.empty() || text.size() > 5) {
    return 1;
  }
  std::size_t number = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') {
      return 1;
    }
    number = number * 10 + static_cast<std::size_t>(c - '0');
  }
  return number == 0 || number > 10000 ? 1 : number;
}

std::size_t page_offset(const http::Request& request, std::size_t size) {
  return (page_number(request) - 1) * size;
}

std::optional<std::string> clean_name(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  if (text.empty() || text.size() > kMaxFieldBytes) {
    return std::nullopt;
  }
  for (const char c : text) {
    if (static_cast<unsigned char>(c) < 0x20) {
      return std::nullopt;
    }
  }
  return std::string(text);
}

AuditEntry audit_entry(const SignedIn& who, const http::Request& request, std::string action,
                       const Scope& scope) {
  AuditEntry entry;
  entry.actor_id = who.user.id;
  entry.action = std::move(action);
  entry.scope_kind = std::string(scope_kind_name(scope.kind));
  entry.scope_id = scope.id;
  entry.remote_address = request.remote_address;
  return entry;
}

// "school:DKR001" -> the school's id; a class id checked; nullopt for a malformed spec or a
// missing target.
std::optional<Scope> resolve_scope(Administration& admin, std::string_view spec) {
  if (spec.size() > 100) {
    return std::nullopt;
  }
  auto parsed = parse_scope_spec(spec);
  if (!parsed) {
    return std::nullopt;
  }
  Scope* scope = &parsed.value();
  if (scope->kind == ScopeKind::school) {
    const auto school = admin.accounts().schools().school_by_code(scope->id);
    if (!school) {
      return std::nullopt;
    }
    scope->id = school->id;
  } else if (scope->kind == ScopeKind::class_) {
    if (!core::is_valid_id(scope->id) || !admin.accounts().schools().class_by_id(scope->id)) {
      return std::nullopt;
    }
  }
  return *scope;
}

std::string failure_text(const http::Request& request, const AdminFailure& failure) {
  return failure.text.starts_with("admin_") ? message(request, failure.text) : failure.text;
}

void register_admin_routes(http::Router& router, Administration& admin) {
  register_settings_routes(router, admin);
  register_admin_user_routes(router, admin);
  register_admin_school_routes(router, admin);
  register_admin_audit_routes(router, admin);
  register_privacy_routes(router, admin);
}

}  // namespace imaginecole::accounts
