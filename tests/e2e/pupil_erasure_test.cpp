// SPDX-License-Identifier: AGPL-3.0-or-later
// Erasing a pupil leaves nothing that names them: the real binary on SQLite, a pupil who
// joined with a join code, failed and succeeded signing in and had a password reset, then a
// country admin's DELETE /api/v1/pupils/{id}; the raw bytes of imaginecole.db and its
// write-ahead log no longer hold their username, their name or their id.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <iterator>

#include "storage/open_database.hpp"
#include "support/demo_database.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace imaginecole::testing {
namespace {

namespace json = boost::json;

constexpr const char* kUsername = "zqxerasable";
constexpr const char* kDisplayName = "Zéphyrine Quillardetova";
constexpr const char* kPassword = "baobab-zq";

struct Session {
  std::string cookie;
  std::string csrf;
};

std::string file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class PupilErasure : public ::testing::Test {
 protected:
  void SetUp() override {
    copy_demo_data_folder(data_.path());
    server_ =
        std::make_unique<ServerProcess>(ServerProcess::start({"--data", data_.path().string()}));
  }

  HttpResponse post_json(const std::string& path, const std::string& body,
                         const Session& session = {}, const std::string& method = "POST") {
    Headers headers = {{"Content-Type", "application/json"}};
    if (!session.cookie.empty()) {
      headers.emplace_back("Cookie", session.cookie);
      headers.emplace_back("X-CSRF-Token", session.csrf);
    }
    return http_request(server_->port(), method, path, headers, body);
  }

  // Signs in through the API; an empty session when refused.
  Session login(const std::string& username, const std::string& password,
                const std::string& school = {}) {
    json::object body{{"username", username}, {"password", password}};
    if (!school.empty()) {
      body["school"] = school;
    }
    const auto response = post_json("/api/v1/auth/login", json::serialize(body));
    if (response.status != 200) {
      return {};
    }
    const std::string set_cookie = response.header("set-cookie").value_or("");
    return Session{.cookie = set_cookie.substr(0, set_cookie.find(';')),
                   .csrf = std::string(json::parse(response.body).at("csrf_token").as_string())};
  }

  HttpResponse get(const std::string& path, const Session& session) {
    return http_get(server_->port(), path, {{"Cookie", session.cookie}});
  }

  // Every copy of `needle` in the database file and its write-ahead log, as "file: count".
  std::string traces_of(const std::string& needle) {
    std::string out;
    for (const char* name : {"imaginecole.db", "imaginecole.db-wal"}) {
      const std::string bytes = file_bytes(data_.path() / name);
      std::size_t found = 0;
      for (auto at = bytes.find(needle); at != std::string::npos; at = bytes.find(needle, at + 1)) {
        ++found;
      }
      if (found > 0) {
        out += std::string(name) + ": " + std::to_string(found) + " ";
      }
    }
    return out;
  }

  TempDir data_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(PupilErasure, LeavesNoTraceOfTheUsernameOrIdInTheDatabaseBytes) {
  const Session teacher = login("sn.teacher", "ecole-demo");
  ASSERT_FALSE(teacher.cookie.empty());
  const auto classes = get("/api/v1/classes", teacher);
  const std::string class_id(json::parse(classes.body).at("classes").at(0).at("id").as_string());

  // The pupil asks to join with the class's code; the teacher approves.
  const auto opened =
      post_json("/api/v1/classes/" + class_id + "/join-code", R"({"open": true})", teacher);
  ASSERT_EQ(opened.status, 200) << opened.body;
  const std::string code(json::parse(opened.body).at("join_code").as_string());
  const auto asked =
      post_json("/api/v1/join", json::serialize(json::object{{"join_code", code},
                                                             {"display_name", kDisplayName},
                                                             {"username", kUsername},
                                                             {"password", kPassword}}));
  ASSERT_EQ(asked.status, 202) << asked.body;
  const auto requests = get("/api/v1/classes/" + class_id + "/join-requests", teacher);
  const std::string request_id(
      json::parse(requests.body).at("requests").at(0).at("id").as_string());
  const auto approved = post_json(
      "/api/v1/classes/" + class_id + "/join-requests/" + request_id + "/approve", "{}", teacher);
  ASSERT_EQ(approved.status, 200) << approved.body;
  const std::string pupil_id(json::parse(approved.body).at("pupil").at("id").as_string());

  // A wrong password (a failed sign-in is recorded), the right one, a reset by the teacher.
  EXPECT_TRUE(login(kUsername, "wrong-password", "DKR001").cookie.empty());
  const Session pupil = login(kUsername, kPassword, "DKR001");
  ASSERT_FALSE(pupil.cookie.empty());
  ASSERT_EQ(get("/api/v1/me", pupil).status, 200);
  ASSERT_EQ(post_json("/api/v1/pupils/" + pupil_id + "/reset", R"({"reset": "password"})", teacher)
                .status,
            200);
  ASSERT_FALSE(traces_of(kUsername).empty()) << "the scan finds what is there";
  ASSERT_FALSE(traces_of(pupil_id).empty());

  const Session admin = login("sn.admin", "ecole-demo");
  const auto erased = post_json("/api/v1/pupils/" + pupil_id, "", admin, "DELETE");
  ASSERT_EQ(erased.status, 200) << erased.body;

  EXPECT_EQ(traces_of(kUsername), "") << "the username is gone from the file's bytes";
  // The bare id (a random number that names nobody once the account is gone) is kept only in
  // tombstones (the account's and its parts'), which tell servers holding a copy to delete it,
  // and in the erased list, which refuses that copy if it ever comes back (decision 0018).
  {
    const auto database = storage::open_database({.data_dir = data_.path()});
    auto connection = database->read();
    EXPECT_EQ(
        connection
            ->query_one("SELECT COUNT(*) FROM change_log WHERE entity_id = ? AND op <> 'delete'",
                        {pupil_id})
            ->integer(0),
        0)
        << "every line that keeps the id is a tombstone";
    EXPECT_TRUE(connection->query_one(
        "SELECT 1 FROM change_log WHERE entity_id = ? AND entity = 'users' AND op = 'delete'",
        {pupil_id}));
    EXPECT_TRUE(connection->query_one(
        "SELECT 1 FROM erased_records WHERE entity = 'users' AND entity_id = ?", {pupil_id}));
  }
  EXPECT_EQ(traces_of("Quillardetova"), "") << "the name is gone from the file's bytes";
  EXPECT_EQ(get("/api/v1/me", pupil).status, 401);
  EXPECT_EQ(login(kUsername, kPassword, "DKR001").cookie, "");
  // The server goes on: the admin still reads the audit log, which records the erasure.
  const auto audit = get("/api/v1/audit?action=pupil.delete", admin);
  ASSERT_EQ(audit.status, 200) << audit.body;
  EXPECT_EQ(json::parse(audit.body).at("entries").as_array().size(), 1U) << audit.body;
  EXPECT_EQ(audit.body.find(kUsername), std::string::npos);
  EXPECT_EQ(audit.body.find(pupil_id), std::string::npos);
}

}  // namespace
}  // namespace imaginecole::testing
