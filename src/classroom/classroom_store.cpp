// SPDX-License-Identifier: AGPL-3.0-or-later
#include "classroom/classroom_store.hpp"

#include "core/clock.hpp"
#include "core/ids.hpp"

namespace imaginecole::classroom {
namespace {

using storage::Row;
using storage::Value;

constexpr std::string_view kRequestColumns =
    "id, class_id, school_id, display_name, username, password_hash, picture_code_hash, status, "
    "remote_address, user_id, created_at";

Value optional_value(const std::optional<std::string>& text) {
  return text ? Value(*text) : Value(nullptr);
}

JoinStatus parse_status(const std::string& text) {
  if (text == "approved") {
    return JoinStatus::approved;
  }
  return text == "declined" ? JoinStatus::declined : JoinStatus::pending;
}

JoinRequest request_from(const Row& row) {
  return JoinRequest{.id = row.text(0),
                     .class_id = row.text(1),
                     .school_id = row.text(2),
                     .display_name = row.text(3),
                     .username = row.text(4),
                     .password_hash = row.optional_text(5),
                     .picture_code_hash = row.optional_text(6),
                     .status = parse_status(row.text(7)),
                     .remote_address = row.text(8),
                     .user_id = row.optional_text(9),
                     .created_at = row.text(10)};
}

}  // namespace

std::string_view join_status_name(JoinStatus status) {
  switch (status) {
    case JoinStatus::pending:
      return "pending";
    case JoinStatus::approved:
      return "approved";
    case JoinStatus::declined:
      return "declined";
  }
  return "pending";
}

std::vector<JoinRequest> ClassroomStore::pending_requests(std::string_view class_id) {
  auto connection = database_.read();
  const auto result = connection->query(
      "SELECT " + std::string(kRequestColumns) +
          " FROM join_requests WHERE class_id = ? AND status = 'pending' ORDER BY created_at, id",
      {std::string(class_id)});
  std::vector<JoinRequest> out;
  for (const auto& row : result.rows) {
    out.push_back(request_from(row));
  }
  return out;
}

std::optional<JoinRequest> ClassroomStore::request(storage::Connection& connection,
                                                   std::string_view id) {
  const auto row = connection.query_one(
      "SELECT " + std::string(kRequestColumns) + " FROM join_requests WHERE id = ?",
      {std::string(id)});
  return row ? std::optional(request_from(*row)) : std::nullopt;
}

std::int64_t ClassroomStore::pending_count(storage::Connection& connection,
                                           std::string_view class_id) {
  const auto row = connection.query_one(
      "SELECT COUNT(*) FROM join_requests WHERE class_id = ? AND status = 'pending'",
      {std::string(class_id)});
  return row ? row->integer(0) : 0;
}

std::int64_t ClassroomStore::pending_count_from(storage::Connection& connection,
                                                std::string_view class_id,
                                                std::string_view remote_address) {
  const auto row = connection.query_one(
      "SELECT COUNT(*) FROM join_requests WHERE class_id = ? AND remote_address = ? AND "
      "status = 'pending'",
      {std::string(class_id), std::string(remote_address)});
  return row ? row->integer(0) : 0;
}

std::int64_t ClassroomStore::requests_from_since(storage::Connection& connection,
                                                 std::string_view remote_address,
                                                 std::string_view since) {
  const auto row = connection.query_one(
      "SELECT COUNT(*) FROM join_requests WHERE remote_address = ? AND created_at > ?",
      {std::string(remote_address), std::string(since)});
  return row ? row->integer(0) : 0;
}

bool ClassroomStore::username_pending(storage::Connection& connection, std::string_view school_id,
                                      std::string_view username) {
  return connection
      .query_one(
          "SELECT 1 FROM join_requests WHERE school_id = ? AND username = ? AND status = 'pending'",
          {std::string(school_id), std::string(username)})
      .has_value();
}

void ClassroomStore::insert_request(storage::Connection& connection, JoinRequest& request) {
  if (request.id.empty()) {
    request.id = core::new_id();
  }
  const std::string now = core::now_timestamp();
  request.created_at = now;
  connection.execute(
      "INSERT INTO join_requests (id, class_id, school_id, display_name, username, "
      "password_hash, picture_code_hash, status, remote_address, created_at, updated_at, "
      "origin_node) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)",
      {request.id, request.class_id, request.school_id, request.display_name, request.username,
       optional_value(request.password_hash), optional_value(request.picture_code_hash),
       request.remote_address, now, now, node_id_});
}

void ClassroomStore::decide(storage::Connection& connection, std::string_view id, JoinStatus status,
                            std::string_view decided_by,
                            const std::optional<std::string>& user_id) {
  const std::string now = core::now_timestamp();
  const auto row = connection.query_one(
      "UPDATE join_requests SET status = ?, decided_by = ?, decided_at = ?, user_id = ?, "
      "updated_at = ?, origin_node = ?, row_version = row_version + 1 WHERE id = ? "
      "RETURNING row_version",
      {std::string(join_status_name(status)), std::string(decided_by), now, optional_value(user_id),
       now, node_id_, std::string(id)});
  if (row) {
  }
}

std::map<std::string, std::string> ClassroomStore::picture_codes(
    const std::vector<std::string>& user_ids) {
  std::map<std::string, std::string> out;
  if (user_ids.empty()) {
    return out;
  }
  auto connection = database_.read();
  // In slices, so that a class of any size stays under the backends' parameter limits.
  constexpr std::size_t kSlice = 200;
  for (std::size_t start = 0; start < user_ids.size(); start += kSlice) {
    const std::size_t end = std::min(user_ids.size(), start + kSlice);
    std::string sql = "SELECT id, picture_code FROM picture_cards WHERE id IN (";
    std::vector<Value> params;
    for (std::size_t i = start; i < end; ++i) {
      sql += i == start ? "?" : ", ?";
      params.emplace_back(user_ids[i]);
    }
    sql += ")";
    const auto result = connection->query(sql, storage::Params(params.data(), params.size()));
    for (const auto& row : result.rows) {
      out.emplace(row.text(0), row.text(1));
    }
  }
  return out;
}

void ClassroomStore::set_picture_code(storage::Connection& connection, std::string_view user_id,
                                      std::string_view code) {
  const std::string now = core::now_timestamp();
  const std::int64_t updated = connection.execute(
      "UPDATE picture_cards SET picture_code = ?, updated_at = ?, origin_node = ?, "
      "row_version = row_version + 1 WHERE id = ?",
      {std::string(code), now, node_id_, std::string(user_id)});
  if (updated == 0) {
    connection.execute(
        "INSERT INTO picture_cards (id, picture_code, created_at, updated_at, origin_node) "
        "VALUES (?, ?, ?, ?, ?)",
        {std::string(user_id), std::string(code), now, now, node_id_});
  }
}

void ClassroomStore::forget_picture_code(storage::Connection& connection,
                                         std::string_view user_id) {
  if (connection.execute("DELETE FROM picture_cards WHERE id = ?", {std::string(user_id)}) > 0) {
  }
}

std::vector<JoinRequest> ClassroomStore::requests_of_user(storage::Connection& connection,
                                                          std::string_view user_id) {
  const auto result = connection.query(
      "SELECT " + std::string(kRequestColumns) + " FROM join_requests WHERE user_id = ?",
      {std::string(user_id)});
  std::vector<JoinRequest> out;
  for (const auto& row : result.rows) {
    out.push_back(request_from(row));
  }
  return out;
}

std::vector<std::string> ClassroomStore::erase_requests_of_pupil(storage::Connection& connection,
                                                                 const accounts::User& pupil) {
  const auto found = connection.query(
      "SELECT id FROM join_requests WHERE user_id = ? OR (school_id = ? AND username = ?)",
      {pupil.id, pupil.school_id.value_or(""), pupil.username});
  std::vector<std::string> erased;
  for (const auto& found_row : found.rows) {
    const std::string id = found_row.text(0);
    // The CHECK wants one secret column: an empty string that no hash verifies.
    const auto row = connection.query_one(
        "UPDATE join_requests SET display_name = '', username = ?, password_hash = '', "
        "picture_code_hash = NULL, remote_address = '', user_id = NULL, updated_at = ?, "
        "origin_node = ?, row_version = row_version + 1 WHERE id = ? RETURNING row_version",
        {"erased-" + id, core::now_timestamp(), node_id_, id});
    if (row) {
      erased.push_back(id);
    }
  }
  return erased;
}

std::int64_t ClassroomStore::forget_roster_links_of_user(storage::Connection& connection,
                                                         std::string_view user_id) {
  const auto links = connection.query(
      "SELECT id, row_version FROM roster_links WHERE entity = 'user' AND entity_id = ?",
      {std::string(user_id)});
  for (const auto& row : links.rows) {
    connection.execute("DELETE FROM roster_links WHERE id = ?", {row.text(0)});
  }
  return static_cast<std::int64_t>(links.rows.size());
}

}  // namespace imaginecole::classroom
