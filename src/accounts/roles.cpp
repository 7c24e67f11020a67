// SPDX-License-Identifier: AGPL-3.0-or-later
#include "accounts/roles.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace imaginecole::accounts {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 8> kRoles = {{
    {Role::platform_admin, "platform_admin"},
    {Role::country_admin, "country_admin"},
    {Role::editor, "editor"},
    {Role::reviewer, "reviewer"},
    {Role::analyst, "analyst"},
    {Role::school_head, "school_head"},
    {Role::teacher, "teacher"},
    {Role::pupil, "pupil"},
}};

constexpr std::array<std::pair<ScopeKind, std::string_view>, 4> kScopeKinds = {{
    {ScopeKind::platform, "platform"},
    {ScopeKind::country, "country"},
    {ScopeKind::school, "school"},
    {ScopeKind::class_, "class"},
}};

bool is_country_code(std::string_view code) {
  return code.size() == 2 && std::all_of(code.begin(), code.end(),
                                         [](unsigned char c) { return c >= 'A' && c <= 'Z'; });
}

}  // namespace

std::string_view role_name(Role role) {
  for (const auto& [value, name] : kRoles) {
    if (value == role) {
      return name;
    }
  }
  IMAGINECOLE_ASSERT(false);
  return "";
}

std::optional<Role> parse_role(std::string_view text) {
  for (const auto& [value, name] : kRoles) {
    if (name == text) {
      return value;
    }
  }
  return std::nullopt;
}

const std::vector<Role>& all_roles() {
  static const std::vector<Role> roles = [] {
    std::vector<Role> out;
    for (const auto& entry : kRoles) {
      out.push_back(entry.first);
    }
    return out;
  }();
  return roles;
}

std::string role_names_list() {
  std::string out;
  for (const auto& entry : kRoles) {
    if (!out.empty()) {
      out += ", ";
    }
    out += entry.second;
  }
  return out;
}

std::string_view scope_kind_name(ScopeKind kind) {
  for (const auto& [value, name] : kScopeKinds) {
    if (value == kind) {
      return name;
    }
  }
  IMAGINECOLE_ASSERT(false);
  return "";
}

std::optional<ScopeKind> parse_scope_kind(std::string_view text) {
  for (const auto& [value, name] : kScopeKinds) {
    if (name == text) {
      return value;
    }
  }
  return std::nullopt;
}

Result<Scope> parse_scope_spec(std::string_view text) {
  if (text == "platform") {
    return Scope{.kind = ScopeKind::platform, .id = {}};
  }
  const auto colon = text.find(':');
  const auto kind =
      colon == std::string_view::npos ? std::nullopt : parse_scope_kind(text.substr(0, colon));
  if (!kind || *kind == ScopeKind::platform) {
    return Result<Scope>::failure("invalid scope '" + std::string(text) +
                                  "' (expected platform, country:CC, school:CODE or class:ID)");
  }
  std::string id(text.substr(colon + 1));
  if (id.empty()) {
    return Result<Scope>::failure("invalid scope '" + std::string(text) + "': nothing after ':'");
  }
  if (*kind == ScopeKind::country) {
    std::transform(id.begin(), id.end(), id.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (!is_country_code(id)) {
      return Result<Scope>::failure("invalid scope '" + std::string(text) +
                                    "': a country is its two-letter ISO code (country:SN)");
    }
  }
  return Scope{.kind = *kind, .id = std::move(id)};
}

std::string scope_spec(const Scope& scope) {
  if (scope.kind == ScopeKind::platform) {
    return "platform";
  }
  return std::string(scope_kind_name(scope.kind)) + ":" + scope.id;
}

bool role_fits_scope(Role role, ScopeKind kind) {
  switch (role) {
    case Role::platform_admin:
      return kind == ScopeKind::platform;
    case Role::country_admin:
      return kind == ScopeKind::country;
    case Role::editor:
    case Role::reviewer:
    case Role::analyst:
      return kind == ScopeKind::platform || kind == ScopeKind::country;
    case Role::school_head:
      return kind == ScopeKind::school;
    case Role::teacher:
      return kind == ScopeKind::school || kind == ScopeKind::class_;
    case Role::pupil:
      return kind == ScopeKind::class_;
  }
  return false;
}

}  // namespace imaginecole::accounts
