// SPDX-License-Identifier: AGPL-3.0-or-later
// Internal to the administration, settings and privacy routes: the parts they share (who is
// asking, refusals that never tell "absent" from "not yours", forms, JSON bodies, messages)
// and the Administration object the routes run over.
#pragma once

#include <boost/json/fwd.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "accounts/accounts.hpp"
#include "accounts/admin_store.hpp"
#include "accounts/privacy_data.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"

namespace imaginecole::accounts {

// A country's curriculum levels, as (slug, name in `language`): given by the application so
// that accounts need not depend on the catalogue.
using LevelLister = std::function<std::vector<std::pair<std::string, std::string>>(
    std::string_view country_code, std::string_view language)>;

class Administration {
 public:
  Administration(Accounts& accounts, const std::string& node_id, LevelLister levels)
      : accounts_(accounts),
        store_(accounts.database(), node_id),
        pupil_data_(accounts.database(), node_id),
        levels_(std::move(levels)) {}

  Accounts& accounts() { return accounts_; }
  AdminStore& store() { return store_; }
  PupilData& pupil_data() { return pupil_data_; }
  std::vector<std::pair<std::string, std::string>> levels(std::string_view country,
                                                          std::string_view language) const {
    return levels_ ? levels_(country, language)
                   : std::vector<std::pair<std::string, std::string>>{};
  }

 private:
  Accounts& accounts_;
  AdminStore store_;
  PupilData pupil_data_;
  LevelLister levels_;
};

using Form = std::vector<std::pair<std::string, std::string>>;

// Longest free text a form or body field may hold (names, search text).
inline constexpr std::size_t kMaxFieldBytes = 200;

struct Guarded {
  Caller who;
  std::optional<http::Response> refusal;
};

// The Authenticator's check for `access` (401/403 as a page or JSON).
Guarded guard(Accounts& accounts, const http::Request& request, std::string_view access);

// The one answer for "absent" and "not in your scope".
http::Response not_found(const http::Request& request);
http::Response no_store_json(const boost::json::value& value, int status = 200);
http::Response see_other(std::string location);

std::string form_value(const Form& form, std::string_view name);
std::optional<boost::json::object> json_body(const http::Request& request);
std::optional<std::string> json_string(const boost::json::object& body, std::string_view key);

std::string message(const http::Request& request, std::string_view key);
// ?page=N (1-based, at most 10000) as an offset for pages of `size`.
std::size_t page_offset(const http::Request& request, std::size_t size);
std::size_t page_number(const http::Request& request);
// Text of a person's name: 1 to kMaxFieldBytes bytes, trimmed; nullopt otherwise.
std::optional<std::string> clean_name(std::string_view text);

// "platform", "country:SN", "school:DKR001" (resolved to the school's id), "class:ID"
// (checked); nullopt for a malformed spec or a missing school or class.
std::optional<Scope> resolve_scope(Administration& admin, std::string_view spec);

// An AuditEntry with actor, address and scope filled in.
AuditEntry audit_entry(const SignedIn& who, const http::Request& request, std::string action,
                       const Scope& scope);

// A refusal or failure of a change: a status and a message key ("admin_error_...") or a
// message for people.
struct AdminFailure {
  int status = 400;
  std::string text;
};
// The text of a failure in the request's language.
std::string failure_text(const http::Request& request, const AdminFailure& failure);

// May `who` grant (or revoke) `role` at `scope`? Users.manage must cover the scope; below the
// country level (school heads) only teachers' roles; pupils are enrolled by their classes.
bool may_grant(Administration& admin, const SignedIn& who, Role role, const Scope& scope);
// Creates a staff account with its first role (audited); fills `new_id`.
std::optional<AdminFailure> create_staff(Administration& admin, const SignedIn& who,
                                         const http::Request& request, const std::string& username,
                                         const std::string& display_name,
                                         const std::string& password, const std::string& role,
                                         const std::string& scope, std::string& new_id);
std::optional<AdminFailure> grant_role(Administration& admin, const SignedIn& who,
                                       const http::Request& request, const std::string& user_id,
                                       const std::string& role, const std::string& scope);

void register_settings_routes(http::Router& router, Administration& admin);
void register_admin_user_routes(http::Router& router, Administration& admin);
void register_admin_school_routes(http::Router& router, Administration& admin);
void register_admin_audit_routes(http::Router& router, Administration& admin);
void register_privacy_routes(http::Router& router, Administration& admin);

// All of the above.
void register_admin_routes(http::Router& router, Administration& admin);

}  // namespace imaginecole::accounts
