// SPDX-License-Identifier: AGPL-3.0-or-later
#include "accounts/account_json.hpp"

#include <boost/json.hpp>

namespace imaginecole::accounts {
namespace {

namespace json = boost::json;

std::optional<std::string> string_field(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  if (value == nullptr || !value->is_string()) {
    return std::nullopt;
  }
  return std::string(value->as_string());
}

// [3, 7, 1] as "3-7-1"; a text as it is.
std::optional<std::string> picture_code_field(const json::object& object) {
  const auto* value = object.if_contains("picture_code");
  if (value == nullptr) {
    return std::nullopt;
  }
  if (value->is_string()) {
    return std::string(value->as_string());
  }
  if (!value->is_array()) {
    return std::string("?");
  }
  std::string out;
  for (const auto& item : value->as_array()) {
    if (!item.is_int64() || item.as_int64() < 1 || item.as_int64() > 9) {
      return std::string("?");
    }
    if (!out.empty()) {
      out += '-';
    }
    out += std::to_string(item.as_int64());
  }
  return out;
}

}  // namespace

json::object user_json(const User& user, SchoolStore& schools) {
  const auto school = user.school_id ? schools.school_by_id(*user.school_id) : std::nullopt;
  return user_json(user, school ? &*school : nullptr);
}

json::object user_json(const User& user, const School* school) {
  json::object out;
  out["id"] = user.id;
  out["username"] = user.username;
  out["display_name"] = user.display_name;
  out["kind"] = user_kind_name(user.kind);
  out["preferred_language"] =
      user.preferred_language ? json::value(*user.preferred_language) : json::value(nullptr);
  out["school"] = nullptr;
  if (user.school_id && school != nullptr) {
    out["school"] = json::object{{"id", school->id},
                                 {"code", school->code},
                                 {"name", school->name},
                                 {"country_code", school->country_code}};
  }
  return out;
}

json::array roles_json(const std::vector<RoleGrant>& grants) {
  json::array out;
  for (const auto& grant : grants) {
    json::object scope{{"kind", scope_kind_name(grant.scope.kind)}};
    scope["id"] = grant.scope.kind == ScopeKind::platform ? json::value(nullptr)
                                                          : json::value(grant.scope.id);
    out.push_back(json::object{{"role", role_name(grant.role)}, {"scope", std::move(scope)}});
  }
  return out;
}

Result<Credentials> parse_login_body(std::string_view body) {
  boost::system::error_code ec;
  const json::value parsed = json::parse(body, ec);
  if (ec || !parsed.is_object()) {
    return Result<Credentials>::failure("The body must be a JSON object.");
  }
  const json::object& object = parsed.as_object();
  Credentials credentials;
  const auto username = string_field(object, "username");
  if (!username || username->empty()) {
    return Result<Credentials>::failure("\"username\" is required.");
  }
  credentials.username = *username;
  credentials.password = string_field(object, "password");
  credentials.picture_code = picture_code_field(object);
  if ((!credentials.password || credentials.password->empty()) && !credentials.picture_code) {
    return Result<Credentials>::failure(
        "\"password\" (or, for pupils, \"picture_code\") is required.");
  }
  if (credentials.password && credentials.password->empty()) {
    credentials.password.reset();
  }
  if (const auto school = string_field(object, "school"); school && !school->empty()) {
    credentials.school_code = *school;
  }
  return credentials;
}

}  // namespace imaginecole::accounts
