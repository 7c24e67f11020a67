// SPDX-License-Identifier: AGPL-3.0-or-later
// The classroom's own tables: join requests and the picture codes teachers may print again.
// Writes stamp the record and append to the change log in the caller's transaction.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/models.hpp"
#include "storage/database.hpp"

namespace imaginecole::classroom {

enum class JoinStatus { pending, approved, declined };
std::string_view join_status_name(JoinStatus status);

struct JoinRequest {
  std::string id;
  std::string class_id;
  std::string school_id;
  std::string display_name;
  std::string username;
  std::optional<std::string> password_hash;
  std::optional<std::string> picture_code_hash;
  JoinStatus status = JoinStatus::pending;
  std::string remote_address;
  std::optional<std::string> user_id;
  std::string created_at;
};

class ClassroomStore {
 public:
  ClassroomStore(storage::Database& database, std::string node_id)
      : database_(database), node_id_(std::move(node_id)) {}

  storage::Database& database() { return database_; }

  // Pending requests of a class, oldest first.
  std::vector<JoinRequest> pending_requests(std::string_view class_id);
  std::optional<JoinRequest> request(storage::Connection& connection, std::string_view id);
  std::int64_t pending_count(storage::Connection& connection, std::string_view class_id);
  // Pending requests of a class sent from one address.
  std::int64_t pending_count_from(storage::Connection& connection, std::string_view class_id,
                                  std::string_view remote_address);
  // Requests sent from one address since `since` (a timestamp), whatever their class or state.
  std::int64_t requests_from_since(storage::Connection& connection, std::string_view remote_address,
                                   std::string_view since);
  bool username_pending(storage::Connection& connection, std::string_view school_id,
                        std::string_view username);
  void insert_request(storage::Connection& connection, JoinRequest& request);
  void decide(storage::Connection& connection, std::string_view id, JoinStatus status,
              std::string_view decided_by, const std::optional<std::string>& user_id);

  // user id -> picture code, for the pupils given.
  std::map<std::string, std::string> picture_codes(const std::vector<std::string>& user_ids);
  void set_picture_code(storage::Connection& connection, std::string_view user_id,
                        std::string_view code);
  void forget_picture_code(storage::Connection& connection, std::string_view user_id);
  // Requests that became the account `user_id`.
  std::vector<JoinRequest> requests_of_user(storage::Connection& connection,
                                            std::string_view user_id);
  // For a pupil's erasure: the requests that became their account, and any other request for
  // their username in their school (an earlier, declined one). Each keeps its row (the
  // decision) but loses the name, username, secrets, address and the link to the account.
  // Returns the ids of the requests erased.
  std::vector<std::string> erase_requests_of_pupil(storage::Connection& connection,
                                                   const accounts::User& pupil);
  // For a pupil's erasure: forgets which outside record (OneRoster sourcedId) they came from.
  std::int64_t forget_roster_links_of_user(storage::Connection& connection,
                                           std::string_view user_id);

 private:
  storage::Database& database_;
  std::string node_id_;
};

}  // namespace imaginecole::classroom
