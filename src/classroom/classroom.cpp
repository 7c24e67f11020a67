// SPDX-License-Identifier: AGPL-3.0-or-later
#include "classroom/classroom.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <set>
#include <tuple>

#include "classroom/secrets.hpp"
#include "core/clock.hpp"

namespace imaginecole::classroom {
namespace {

namespace json = boost::json;
using accounts::Permission;
using accounts::Role;
using accounts::ScopeKind;
using accounts::User;
using accounts::UserKind;

Problem problem(int status, std::string key, std::string detail = {}) {
  return Problem{.status = status, .key = std::move(key), .detail = std::move(detail)};
}

// A short, safe echo of what someone typed, for error details.
std::string excerpt(std::string_view text) {
  std::string out;
  for (const char c : text.substr(0, 40)) {
    out.push_back(static_cast<unsigned char>(c) < 0x20 ? ' ' : c);
  }
  // Do not cut a UTF-8 sequence in half.
  while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) {
    out.pop_back();
  }
  if (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0xC0) {
    out.pop_back();
  }
  return text.size() > 40 ? out + "…" : out;
}

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

bool is_pupil_of(accounts::UserStore& users, std::string_view pupil_id, std::string_view class_id) {
  for (const auto& grant : users.grants_of(pupil_id)) {
    if (grant.role == Role::pupil && grant.scope.kind == ScopeKind::class_ &&
        grant.scope.id == class_id) {
      return true;
    }
  }
  return false;
}

// The secret a pupil will have: typed (checked) or generated, in clear for the card.
struct ChosenSecrets {
  std::optional<std::string> password;
  std::optional<std::string> picture_code;
};

std::optional<Problem> choose_secrets(const NewPupil& pupil, SecretKind generate,
                                      ChosenSecrets& out) {
  if (!pupil.password.empty()) {
    if (pupil.password.size() < accounts::kMinPupilPasswordLength ||
        pupil.password.size() > kMaxPupilPasswordLength) {
      return problem(400, "classroom_error_password_length");
    }
    out.password = pupil.password;
  }
  if (!pupil.picture_code.empty()) {
    out.picture_code = valid_new_picture_code(pupil.picture_code);
    if (!out.picture_code) {
      return problem(400, "classroom_error_picture_code", excerpt(pupil.picture_code));
    }
  }
  if (!out.password && !out.picture_code) {
    if (generate != SecretKind::pictures) {
      out.password = new_pupil_password();
    }
    if (generate != SecretKind::password) {
      out.picture_code = new_picture_code();
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<SecretKind> parse_secret_kind(std::string_view text) {
  if (text.empty() || text == "password") {
    return SecretKind::password;
  }
  if (text == "pictures" || text == "picture_code") {
    return SecretKind::pictures;
  }
  if (text == "both") {
    return SecretKind::both;
  }
  return std::nullopt;
}

Classroom::Classroom(accounts::Accounts& accounts, storage::Database& database, std::string node_id)
    : accounts_(accounts), store_(database, std::move(node_id)) {}

std::optional<ClassView> Classroom::view_of(const accounts::SchoolClass& school_class) {
  auto school = accounts_.schools().school_by_id(school_class.school_id);
  if (!school) {
    return std::nullopt;
  }
  return ClassView{.school_class = school_class, .school = std::move(*school)};
}

std::optional<ClassView> Classroom::class_for(const accounts::Principal& principal,
                                              Permission permission, std::string_view class_id) {
  if (class_id.empty() || class_id.size() > 64) {
    return std::nullopt;
  }
  const auto school_class = accounts_.schools().class_by_id(class_id);
  if (!school_class) {
    return std::nullopt;
  }
  auto view = view_of(*school_class);
  if (!view || !accounts::is_allowed(principal, permission, view->path())) {
    return std::nullopt;
  }
  return view;
}

std::optional<ClassView> Classroom::class_of_pupil_for(const accounts::Principal& principal,
                                                       Permission permission,
                                                       std::string_view pupil_id) {
  if (pupil_id.empty() || pupil_id.size() > 64) {
    return std::nullopt;
  }
  const auto pupil = accounts_.users().by_id(pupil_id);
  if (!pupil || pupil->kind != UserKind::pupil) {
    return std::nullopt;
  }
  for (const auto& grant : accounts_.users().grants_of(pupil_id)) {
    if (grant.role == Role::pupil && grant.scope.kind == ScopeKind::class_) {
      if (auto view = class_for(principal, permission, grant.scope.id)) {
        return view;
      }
    }
  }
  return std::nullopt;
}

std::vector<ClassView> Classroom::classes_for(const accounts::Principal& principal) {
  std::vector<accounts::SchoolClass> candidates;
  for (const auto& grant : principal.grants) {
    if (!accounts::role_grants_permission(grant.role, Permission::pupils_read)) {
      continue;
    }
    switch (grant.scope.kind) {
      case ScopeKind::class_:
        if (auto school_class = accounts_.schools().class_by_id(grant.scope.id)) {
          candidates.push_back(std::move(*school_class));
        }
        break;
      case ScopeKind::school: {
        auto classes = accounts_.schools().classes_of(grant.scope.id);
        candidates.insert(candidates.end(), classes.begin(), classes.end());
        break;
      }
      case ScopeKind::country: {
        auto classes = accounts_.schools().classes_in_country(grant.scope.id);
        candidates.insert(candidates.end(), classes.begin(), classes.end());
        break;
      }
      case ScopeKind::platform: {
        auto classes = accounts_.schools().all_classes(500);
        candidates.insert(candidates.end(), classes.begin(), classes.end());
        break;
      }
    }
  }
  std::vector<ClassView> out;
  std::set<std::string> seen;
  for (const auto& school_class : candidates) {
    if (!seen.insert(school_class.id).second) {
      continue;
    }
    auto view = view_of(school_class);
    if (view && accounts::is_allowed(principal, Permission::pupils_read, view->path())) {
      out.push_back(std::move(*view));
    }
  }
  std::sort(out.begin(), out.end(), [](const ClassView& a, const ClassView& b) {
    return std::tie(a.school.code, a.school_class.name) <
           std::tie(b.school.code, b.school_class.name);
  });
  return out;
}

std::vector<PupilRow> Classroom::pupils(const ClassView& view, std::string_view search) {
  const std::string needle = lower_ascii(search.substr(0, 100));
  std::vector<PupilRow> out;
  std::vector<std::string> ids;
  for (auto& pupil : accounts_.users().pupils_in_class(view.school_class.id)) {
    if (!needle.empty() && lower_ascii(pupil.display_name).find(needle) == std::string::npos &&
        pupil.username.find(needle) == std::string::npos) {
      continue;
    }
    ids.push_back(pupil.id);
    out.push_back(PupilRow{.pupil = std::move(pupil), .picture_code = std::nullopt});
  }
  const auto codes = store_.picture_codes(ids);
  for (auto& row : out) {
    if (const auto it = codes.find(row.pupil.id); it != codes.end()) {
      row.picture_code = it->second;
    }
  }
  return out;
}

void Classroom::audit(storage::Connection& connection, const Actor& actor, std::string action,
                      std::string target_kind, std::string target_id, const ClassView& view,
                      std::string details) {
  accounts::AuditEntry entry;
  if (!actor.user_id.empty()) {
    entry.actor_id = actor.user_id;
  }
  entry.action = std::move(action);
  entry.target_kind = std::move(target_kind);
  entry.target_id = std::move(target_id);
  entry.scope_kind = "class";
  entry.scope_id = view.school_class.id;
  entry.remote_address = actor.remote_address;
  entry.details = std::move(details);
  accounts_.audit().record(connection, entry);
}

Outcome<std::vector<IssuedCard>> Classroom::create_pupils(const ClassView& view,
                                                          const std::vector<NewPupil>& pupils,
                                                          SecretKind generate, const Actor& actor) {
  if (pupils.empty()) {
    return problem(400, "classroom_error_no_names");
  }
  if (pupils.size() > kMaxPupilsAtOnce) {
    return problem(400, "classroom_error_too_many", std::to_string(kMaxPupilsAtOnce));
  }
  struct Prepared {
    User user;
    ChosenSecrets secrets;
    bool username_given = false;
  };
  std::vector<Prepared> prepared;
  std::set<std::string> given_names;
  for (std::size_t i = 0; i < pupils.size(); ++i) {
    const NewPupil& pupil = pupils[i];
    const std::string where = pupils.size() > 1 ? std::to_string(i + 1) + ": " : "";
    Prepared entry;
    const auto name = normalize_display_name(pupil.display_name);
    if (!name) {
      return problem(400, "classroom_error_name", where + excerpt(pupil.display_name));
    }
    entry.user.display_name = *name;
    if (!pupil.username.empty()) {
      const auto username = accounts::normalize_username(pupil.username);
      if (!username) {
        return problem(400, "classroom_error_username", where + excerpt(pupil.username));
      }
      if (!given_names.insert(*username).second) {
        return problem(409, "classroom_error_username_taken", *username);
      }
      entry.user.username = *username;
      entry.username_given = true;
    }
    if (auto bad = choose_secrets(pupil, generate, entry.secrets)) {
      bad->detail = where + bad->detail;
      return *bad;
    }
    entry.user.kind = UserKind::pupil;
    entry.user.school_id = view.school.id;
    prepared.push_back(std::move(entry));
  }
  // Hash before taking the write lock: it is the slow part.
  auto& hasher = accounts_.hasher();
  for (auto& entry : prepared) {
    if (entry.secrets.password) {
      entry.user.password_hash = hasher.hash(*entry.secrets.password);
    }
    if (entry.secrets.picture_code) {
      entry.user.picture_code_hash = hasher.hash(*entry.secrets.picture_code);
    }
  }
  auto& users = accounts_.users();
  auto connection = users.database().write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  const std::optional<std::string> school_id = view.school.id;
  const auto taken = [&](const std::string& username) {
    return users.username_taken(*connection, UserKind::pupil, school_id, username) ||
           store_.username_pending(*connection, view.school.id, username);
  };
  std::vector<IssuedCard> cards;
  for (auto& entry : prepared) {
    if (entry.username_given) {
      if (taken(entry.user.username)) {
        return problem(409, "classroom_error_username_taken", entry.user.username);
      }
    } else {
      const std::string base = suggest_username(entry.user.display_name);
      std::string candidate = base;
      for (int suffix = 2; taken(candidate) || given_names.contains(candidate); ++suffix) {
        candidate = base + std::to_string(suffix);
      }
      given_names.insert(candidate);
      entry.user.username = candidate;
    }
    try {
      users.insert_user(*connection, entry.user);
    } catch (const storage::ConstraintViolation&) {
      return problem(409, "classroom_error_username_taken", entry.user.username);
    }
    accounts::RoleGrant grant{
        .id = {},
        .user_id = entry.user.id,
        .role = Role::pupil,
        .scope = accounts::Scope{.kind = ScopeKind::class_, .id = view.school_class.id}};
    users.insert_grant(
        *connection, grant,
        actor.user_id.empty() ? std::nullopt : std::optional<std::string>(actor.user_id));
    if (entry.secrets.picture_code) {
      store_.set_picture_code(*connection, entry.user.id, *entry.secrets.picture_code);
    }
    const json::object details{{"username", entry.user.username},
                               {"password", entry.secrets.password.has_value()},
                               {"picture_code", entry.secrets.picture_code.has_value()},
                               {"bulk", pupils.size() > 1}};
    audit(*connection, actor, "pupil.create", "user", entry.user.id, view,
          json::serialize(details));
    cards.push_back(IssuedCard{.pupil = entry.user,
                               .password = entry.secrets.password,
                               .picture_code = entry.secrets.picture_code});
  }
  transaction.commit();
  return cards;
}

Outcome<IssuedCard> Classroom::reset(const ClassView& view, std::string_view pupil_id,
                                     SecretKind what, std::string_view typed_secret,
                                     const Actor& actor) {
  auto pupil = accounts_.users().by_id(pupil_id);
  if (!pupil || pupil->kind != UserKind::pupil ||
      !is_pupil_of(accounts_.users(), pupil_id, view.school_class.id)) {
    return problem(404, "classroom_error_no_pupil");
  }
  if (what == SecretKind::both) {
    return problem(400, "classroom_error_reset_what");
  }
  IssuedCard card{.pupil = *pupil, .password = std::nullopt, .picture_code = std::nullopt};
  std::string hash;
  if (what == SecretKind::password) {
    if (!typed_secret.empty() && (typed_secret.size() < accounts::kMinPupilPasswordLength ||
                                  typed_secret.size() > kMaxPupilPasswordLength)) {
      return problem(400, "classroom_error_password_length");
    }
    card.password = typed_secret.empty() ? new_pupil_password() : std::string(typed_secret);
    hash = accounts_.hasher().hash(*card.password);
  } else {
    if (!typed_secret.empty()) {
      card.picture_code = valid_new_picture_code(typed_secret);
      if (!card.picture_code) {
        return problem(400, "classroom_error_picture_code", excerpt(typed_secret));
      }
    } else {
      card.picture_code = new_picture_code();
    }
    hash = accounts_.hasher().hash(*card.picture_code);
  }
  auto connection = accounts_.users().database().write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  if (card.password) {
    accounts_.users().set_password_hash(*connection, pupil->id, hash);
  } else {
    accounts_.users().set_picture_code_hash(*connection, pupil->id, hash);
    store_.set_picture_code(*connection, pupil->id, *card.picture_code);
  }
  // A reset is the remedy for a lost or seen card: whoever used it must be signed out too.
  const std::int64_t ended = accounts::SessionStore::revoke_all_of(*connection, pupil->id);
  audit(*connection, actor, card.password ? "pupil.reset_password" : "pupil.reset_picture_code",
        "user", pupil->id, view,
        json::serialize(json::object{{"username", pupil->username}, {"sessions_ended", ended}}));
  transaction.commit();
  return card;
}

std::string Classroom::open_join_code(const ClassView& view, const Actor& actor) {
  for (int attempt = 0;; ++attempt) {
    const std::string code = new_join_code();
    try {
      auto connection = accounts_.users().database().write();
      storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
      accounts_.schools().set_join_code(*connection, view.school_class.id, code);
      audit(*connection, actor, "class.join_code_open", "class", view.school_class.id, view, "{}");
      transaction.commit();
      return code;
    } catch (const storage::ConstraintViolation&) {
      if (attempt >= 5) {
        throw;  // 25^6 codes: five collisions in a row is not chance
      }
    }
  }
}

void Classroom::close_join_code(const ClassView& view, const Actor& actor) {
  auto connection = accounts_.users().database().write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  accounts_.schools().set_join_code(*connection, view.school_class.id, std::nullopt);
  audit(*connection, actor, "class.join_code_close", "class", view.school_class.id, view, "{}");
  transaction.commit();
}

Outcome<JoinRequest> Classroom::submit_join(const JoinForm& form,
                                            const std::string& remote_address) {
  auto& throttle = accounts_.throttle();
  if (throttle.retry_after(accounts::AttemptKind::join_code, remote_address,
                           throttle.options().max_join_code_failures_per_address)) {
    return problem(429, "classroom_error_throttled");
  }
  const auto code = normalize_join_code(form.join_code);
  const auto school_class = code ? accounts_.schools().class_by_join_code(*code) : std::nullopt;
  const auto view = school_class ? view_of(*school_class) : std::nullopt;
  if (!view) {
    throttle.record_failure({{accounts::AttemptKind::join_code, remote_address}});
    return problem(400, "classroom_error_join_code");
  }
  const auto name = normalize_display_name(form.display_name);
  if (!name) {
    return problem(400, "classroom_error_name", excerpt(form.display_name));
  }
  const auto username = accounts::normalize_username(form.username);
  if (!username) {
    return problem(400, "classroom_error_username", excerpt(form.username));
  }
  NewPupil pupil{.display_name = *name,
                 .username = *username,
                 .password = form.password,
                 .picture_code = form.picture_code};
  if (form.password.empty() && form.picture_code.empty()) {
    return problem(400, "classroom_error_secret_missing");
  }
  ChosenSecrets secrets;
  if (auto bad = choose_secrets(pupil, SecretKind::password, secrets)) {
    return *bad;
  }
  JoinRequest request;
  request.class_id = view->school_class.id;
  request.school_id = view->school.id;
  request.display_name = *name;
  request.username = *username;
  request.remote_address = remote_address;
  const std::string hour_ago =
      core::format_timestamp(std::chrono::system_clock::now() - std::chrono::hours(1));
  const auto no_room = [&](storage::Connection& connection) -> std::optional<Problem> {
    if (store_.pending_count(connection, request.class_id) >= kMaxPendingRequestsPerClass) {
      return problem(429, "classroom_error_join_full");
    }
    if (store_.pending_count_from(connection, request.class_id, remote_address) >=
            kMaxPendingRequestsPerAddress ||
        store_.requests_from_since(connection, remote_address, hour_ago) >=
            kMaxJoinRequestsPerAddressPerHour) {
      return problem(429, "classroom_error_throttled");
    }
    return std::nullopt;
  };
  // Before hashing: a full queue or a spent budget costs a read, not Argon2id.
  if (auto full = no_room(*accounts_.users().database().read())) {
    return *full;
  }
  if (secrets.password) {
    request.password_hash = accounts_.hasher().hash(*secrets.password);
  }
  if (secrets.picture_code) {
    request.picture_code_hash = accounts_.hasher().hash(*secrets.picture_code);
  }
  auto connection = accounts_.users().database().write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  // Again under the write lock: requests hashed at the same time must not overfill the queue.
  if (auto full = no_room(*connection)) {
    return *full;
  }
  store_.insert_request(*connection, request);
  audit(*connection, Actor{.user_id = {}, .remote_address = remote_address}, "join_request.create",
        "join_request", request.id, *view,
        json::serialize(json::object{{"username", request.username}}));
  transaction.commit();
  return request;
}

bool Classroom::request_clashes(const JoinRequest& pending) {
  auto connection = accounts_.users().database().read();
  return accounts_.users().username_taken(*connection, UserKind::pupil, pending.school_id,
                                          pending.username);
}

Outcome<User> Classroom::approve(const ClassView& view, std::string_view request_id,
                                 const Actor& actor) {
  auto& users = accounts_.users();
  auto connection = users.database().write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  const auto request =
      request_id.size() <= 64 ? store_.request(*connection, request_id) : std::nullopt;
  if (!request || request->class_id != view.school_class.id ||
      request->status != JoinStatus::pending) {
    return problem(404, "classroom_error_no_request");
  }
  if (users.username_taken(*connection, UserKind::pupil, request->school_id, request->username)) {
    return problem(409, "classroom_error_username_taken", request->username);
  }
  User user;
  user.username = request->username;
  user.display_name = request->display_name;
  user.password_hash = request->password_hash;
  user.picture_code_hash = request->picture_code_hash;
  user.kind = UserKind::pupil;
  user.school_id = request->school_id;
  try {
    users.insert_user(*connection, user);
  } catch (const storage::ConstraintViolation&) {
    return problem(409, "classroom_error_username_taken", request->username);
  }
  accounts::RoleGrant grant{
      .id = {},
      .user_id = user.id,
      .role = Role::pupil,
      .scope = accounts::Scope{.kind = ScopeKind::class_, .id = view.school_class.id}};
  users.insert_grant(*connection, grant, actor.user_id);
  store_.decide(*connection, request->id, JoinStatus::approved, actor.user_id, user.id);
  audit(*connection, actor, "join_request.approve", "join_request", request->id, view,
        json::serialize(json::object{{"username", user.username}, {"user_id", user.id}}));
  transaction.commit();
  return user;
}

Outcome<JoinRequest> Classroom::decline(const ClassView& view, std::string_view request_id,
                                        const Actor& actor) {
  auto connection = accounts_.users().database().write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  auto request = request_id.size() <= 64 ? store_.request(*connection, request_id) : std::nullopt;
  if (!request || request->class_id != view.school_class.id ||
      request->status != JoinStatus::pending) {
    return problem(404, "classroom_error_no_request");
  }
  store_.decide(*connection, request->id, JoinStatus::declined, actor.user_id, std::nullopt);
  audit(*connection, actor, "join_request.decline", "join_request", request->id, view,
        json::serialize(json::object{{"username", request->username}}));
  transaction.commit();
  request->status = JoinStatus::declined;
  return *request;
}

accounts::PupilDataSection Classroom::pupil_data_section() {
  accounts::PupilDataSection section;
  section.name = "classroom";
  section.export_data = [](storage::Connection& connection, const User& pupil) -> json::value {
    json::object out;
    const auto card =
        connection.query_one("SELECT picture_code FROM picture_cards WHERE id = ?", {pupil.id});
    out["picture_code"] = card ? json::value(card->text(0)) : json::value(nullptr);
    json::array requests;
    const auto rows = connection.query(
        "SELECT class_id, display_name, username, status, created_at FROM join_requests WHERE "
        "user_id = ?",
        {pupil.id});
    for (const auto& row : rows.rows) {
      requests.push_back(json::object{{"class_id", row.text(0)},
                                      {"display_name", row.text(1)},
                                      {"username", row.text(2)},
                                      {"status", row.text(3)},
                                      {"created_at", row.text(4)}});
    }
    out["join_requests"] = std::move(requests);
    return out;
  };
  section.erase = [this](storage::Connection& connection, const User& pupil) {
    store_.forget_picture_code(connection, pupil.id);
    const auto erased = store_.erase_requests_of_pupil(connection, pupil);
    // The lines "asked to join" and "approved" named the pupil in their details.
    std::int64_t lines = 0;
    for (const auto& request_id : erased) {
      lines += accounts_.audit().erase_details_of(connection, "join_request", request_id);
    }
    const auto links = store_.forget_roster_links_of_user(connection, pupil.id);
    return "picture card deleted, " + std::to_string(erased.size()) + " join request(s) and " +
           std::to_string(lines) + " of their audit lines anonymized, " + std::to_string(links) +
           " roster link(s) deleted";
  };
  return section;
}

}  // namespace imaginecole::classroom
