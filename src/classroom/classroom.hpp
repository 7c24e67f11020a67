// SPDX-License-Identifier: AGPL-3.0-or-later
// A teacher's work with a class, whatever the page or API asking: which classes a person may
// see, the pupils of a class, creating pupils one by one or in bulk, resetting a pupil's
// password or picture code, the class join code and the pupils' requests to join.
//
// Every decision about who may see a class goes through class_for(): a class that exists but
// is not the caller's answers exactly like a class that does not exist. Every change writes
// its audit entry in the transaction of the change.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "accounts/accounts.hpp"
#include "accounts/permissions.hpp"
#include "accounts/privacy_data.hpp"
#include "classroom/classroom_store.hpp"

namespace imaginecole::classroom {

// Why something was refused: an HTTP status, a message key of the classroom catalogue, and a
// detail shown after the message (the offending name, a line number); never a secret.
struct Problem {
  int status = 400;
  std::string key;
  std::string detail;
};

template <typename T>
class Outcome {
 public:
  Outcome(T value) : state_(std::move(value)) {}            // NOLINT(google-explicit-constructor)
  Outcome(Problem problem) : state_(std::move(problem)) {}  // NOLINT(google-explicit-constructor)
  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<T>(state_); }
  const T& value() const { return std::get<T>(state_); }
  const Problem& problem() const { return std::get<Problem>(state_); }

 private:
  std::variant<T, Problem> state_;
};

// A class with its school: what every page of a class needs.
struct ClassView {
  accounts::SchoolClass school_class;
  accounts::School school;

  accounts::ScopePath path() const {
    return {
        .country_code = school.country_code, .school_id = school.id, .class_id = school_class.id};
  }
};

// Who acts, for the audit log.
struct Actor {
  std::string user_id;
  std::string remote_address;
};

// What to generate for a pupil whose secret was not typed.
enum class SecretKind { password, pictures, both };
std::optional<SecretKind> parse_secret_kind(std::string_view text);

struct NewPupil {
  std::string display_name;
  std::string username;      // empty: suggested from the name, unique in the school
  std::string password;      // empty: generated when the secret kind asks for one
  std::string picture_code;  // empty: generated when the secret kind asks for one
};

// A pupil's card as issued right now: the secrets in clear exist only in this value (shown
// once, see docs/decisions/0006-sign-in-cards.md).
struct IssuedCard {
  accounts::User pupil;
  std::optional<std::string> password;
  std::optional<std::string> picture_code;
};

struct PupilRow {
  accounts::User pupil;
  std::optional<std::string> picture_code;  // when the teacher can print it again
};

struct JoinForm {
  std::string join_code;
  std::string display_name;
  std::string username;
  std::string password;
  std::string picture_code;
};

inline constexpr std::size_t kMaxPupilsAtOnce = 200;
inline constexpr std::int64_t kMaxPendingRequestsPerClass = 60;
// A class often joins from one school router: room for a whole class from one address, never
// for the whole queue (decision 0017).
inline constexpr std::int64_t kMaxPendingRequestsPerAddress = 40;
// Requests (each one or two Argon2id hashes) one address may send per hour, all classes together.
inline constexpr std::int64_t kMaxJoinRequestsPerAddressPerHour = 200;
inline constexpr std::size_t kMaxPupilPasswordLength = 128;

class Classroom {
 public:
  Classroom(accounts::Accounts& accounts, storage::Database& database, std::string node_id);

  accounts::Accounts& accounts() { return accounts_; }
  ClassroomStore& store() { return store_; }

  // The class when it exists and `principal` holds `permission` at a scope covering it;
  // nullopt otherwise (both cases look the same to the caller).
  std::optional<ClassView> class_for(const accounts::Principal& principal,
                                     accounts::Permission permission, std::string_view class_id);
  // The class of a pupil that `principal` may act on with `permission`.
  std::optional<ClassView> class_of_pupil_for(const accounts::Principal& principal,
                                              accounts::Permission permission,
                                              std::string_view pupil_id);
  // The classes whose pupils `principal` may read: a teacher's, a head's school's, a country
  // admin's country's (at most 500 for the platform).
  std::vector<ClassView> classes_for(const accounts::Principal& principal);

  // Pupils of the class; `search` keeps those whose name or username contains it.
  std::vector<PupilRow> pupils(const ClassView& view, std::string_view search = {});

  // All or nothing: one problem and nobody is created.
  Outcome<std::vector<IssuedCard>> create_pupils(const ClassView& view,
                                                 const std::vector<NewPupil>& pupils,
                                                 SecretKind generate, const Actor& actor);
  // A new password (typed or generated) or picture code for a pupil of the class.
  Outcome<IssuedCard> reset(const ClassView& view, std::string_view pupil_id, SecretKind what,
                            std::string_view typed_secret, const Actor& actor);

  // Opens a new join code (replacing the old one) and returns it; closes it.
  std::string open_join_code(const ClassView& view, const Actor& actor);
  void close_join_code(const ClassView& view, const Actor& actor);

  // A pupil asks to join: never an account, a pending request. Everything is checked before
  // the secrets are hashed: wrong codes per address (their own counter, which never slows
  // sign-in), the fields, room in the class's queue for the class and for the address, and
  // the address's hourly budget. A username already taken or asked for is accepted like any
  // other (saying so would tell who is in the school): the teacher sees the clash on approval.
  Outcome<JoinRequest> submit_join(const JoinForm& form, const std::string& remote_address);
  // True when the username a request asks for is already a pupil's in the school: the
  // teacher sees the clash (the pupil who asked was never told).
  bool request_clashes(const JoinRequest& pending);
  Outcome<accounts::User> approve(const ClassView& view, std::string_view request_id,
                                  const Actor& actor);
  Outcome<JoinRequest> decline(const ClassView& view, std::string_view request_id,
                               const Actor& actor);

  // The classroom's part of a pupil's data (export and erasure by a country admin): their
  // printable picture code and the request by which they joined.
  accounts::PupilDataSection pupil_data_section();

 private:
  std::optional<ClassView> view_of(const accounts::SchoolClass& school_class);
  void audit(storage::Connection& connection, const Actor& actor, std::string action,
             std::string target_kind, std::string target_id, const ClassView& view,
             std::string details);

  accounts::Accounts& accounts_;
  ClassroomStore store_;
};

}  // namespace imaginecole::classroom
