// SPDX-License-Identifier: AGPL-3.0-or-later
// The sync engine between a hub (demo data, SQLite or PostgreSQL) and a school box (SQLite,
// empty), both made by the real binary's `init`, in one test process: what goes down, what
// comes up, what never crosses, and payloads that are refused whole.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "core/ids.hpp"
#include "search/french_tokenizer.hpp"
#include "storage/change_feed.hpp"
#include "storage/open_database.hpp"
#include "storage/records.hpp"
#include "support/backends.hpp"
#include "support/change_log_audit.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/sign_in.hpp"
#include "support/temp_dir.hpp"
#include "sync/engine.hpp"
#include "sync/engine_payload.hpp"

namespace imaginecole::sync {
namespace {

using storage::Backend;
using storage::Value;

class SyncEngine : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    search::install_sqlite_tokenizer();
    std::vector<std::string> hub_args = {"init", "--demo", "--data", hub_dir_.path().string()};
    if (GetParam() == Backend::postgres) {
      hub_schema_ = std::make_unique<testing::PostgresSchema>();
      hub_args.insert(hub_args.end(), {"--database", hub_schema_->url()});
    }
    const auto hub_init = testing::run_imaginecole(hub_args);
    ASSERT_EQ(hub_init.exit_code, 0) << hub_init.err;
    const auto box_init = testing::run_imaginecole({"init", "--data", box_dir_.path().string()});
    ASSERT_EQ(box_init.exit_code, 0) << box_init.err;
    hub_ = storage::open_database(
        {.data_dir = hub_dir_.path(), .url = hub_schema_ ? hub_schema_->url() : ""});
    box_ = storage::open_database({.data_dir = box_dir_.path()});
    hub_node_ = storage::node_id(*hub_);
    box_node_ = storage::node_id(*box_);
  }

  // `args` on the hub's data (its folder, and its PostgreSQL when it has one).
  std::vector<std::string> hub_args(std::vector<std::string> args) const {
    args.insert(args.end(), {"--data", hub_dir_.path().string()});
    if (hub_schema_) {
      args.insert(args.end(), {"--database", hub_schema_->url()});
    }
    return args;
  }

  PeerScope box_seen_by_hub() const {
    return {.node_id = box_node_, .role = PeerRole::school, .country = "SN", .school = "DKR001"};
  }
  PeerScope hub_seen_by_box() const {
    return {.node_id = hub_node_, .role = PeerRole::hub, .country = "SN", .school = "DKR001"};
  }

  std::string collect_down() {
    testing::wait_until_feed_is_final(*hub_);
    return collect_outgoing(*hub_, box_seen_by_hub(), hub_cursor_, 100000);
  }
  ApplyReport down() {
    auto report = apply_incoming(*box_, hub_seen_by_box(), collect_down());
    EXPECT_TRUE(report.applied) << report.refused;
    hub_cursor_ = storage::FeedCursor::parse(report.next_cursor);
    return report;
  }
  std::string collect_up() {
    return collect_outgoing(*box_, hub_seen_by_box(), box_cursor_, 100000);
  }
  ApplyReport up(const std::string& payload) {
    auto report = apply_incoming(*hub_, box_seen_by_hub(), payload);
    if (report.applied) {
      box_cursor_ = storage::FeedCursor::parse(report.next_cursor);
    }
    return report;
  }

  static std::int64_t count(storage::Database& database, std::string_view sql,
                            std::initializer_list<Value> params = {}) {
    auto connection = database.read();
    return connection->query_one(sql, params)->integer(0);
  }
  static std::string text(storage::Database& database, std::string_view sql,
                          std::initializer_list<Value> params = {}) {
    auto connection = database.read();
    const auto row = connection->query_one(sql, params);
    return row ? row->text(0) : "";
  }
  static void write(storage::Database& database, std::string_view sql,
                    std::initializer_list<Value> params = {}) {
    auto connection = database.write();
    storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
    connection->execute(sql, params);
    transaction.commit();
  }
  std::string user_id(storage::Database& database, const std::string& username) {
    return text(database, "SELECT id FROM users WHERE username = ?", {username});
  }

  // An attempt made on the box by `pupil`, as the learning API records it (a local write).
  std::string attempt_on_box(const std::string& pupil) {
    auto connection = box_->write();
    storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
    const auto set = connection->query_one(
        "SELECT q.resource_id, q.question_id, s.id FROM exercise_set_questions q JOIN resources "
        "r ON r.id = q.resource_id JOIN schools s ON s.code = 'DKR001' "
        "WHERE r.origin_country = 'SN' LIMIT 1");
    EXPECT_TRUE(set.has_value()) << "the box has SN's exercise sets after a down-sync";
    const std::string client_id = core::new_id();
    connection->execute(
        "INSERT INTO attempts (id, client_id, pupil_id, school_id, country_code, resource_id, "
        "question_id, question_type, response, correct, score, answered_at, recorded_at, "
        "origin_node) VALUES (?, ?, ?, ?, 'SN', ?, ?, 'multiple_choice', '{}', 1, 1.0, "
        "'2026-12-05T10:00:00Z', '2026-12-05T10:00:01Z', '')",
        {core::new_id(), client_id, user_id(*box_, pupil), set->text(2), set->text(0),
         set->text(1)});
    transaction.commit();
    return client_id;
  }

  testing::TempDir hub_dir_;
  testing::TempDir box_dir_;
  std::unique_ptr<testing::PostgresSchema> hub_schema_;
  std::unique_ptr<storage::Database> hub_;
  std::unique_ptr<storage::Database> box_;
  std::string hub_node_;
  std::string box_node_;
  std::optional<storage::FeedCursor> hub_cursor_;
  std::optional<storage::FeedCursor> box_cursor_;
};

TEST_P(SyncEngine, APupilCreatedOnTheHubSignsInOnTheBoxAfterOneDownSync) {
  const auto added = testing::run_imaginecole(hub_args(
      {"user", "add", "--username", "ndeye", "--password", "baobab", "--role", "pupil", "--scope",
       "class:" + text(*hub_,
                       "SELECT c.id FROM classes c JOIN schools s ON "
                       "s.id = c.school_id WHERE s.code = 'DKR001'")}));
  ASSERT_EQ(added.exit_code, 0) << added.err;
  {
    auto server = testing::ServerProcess::start({"--data", box_dir_.path().string()});
    EXPECT_THROW(testing::sign_in(server.port(), {"ndeye", "baobab", "DKR001"}), std::runtime_error)
        << "before the sync the box does not know her";
  }
  const auto report = down();
  EXPECT_GT(report.rows_inserted, 100);
  auto server = testing::ServerProcess::start({"--data", box_dir_.path().string()});
  const auto headers = testing::sign_in(server.port(), {"ndeye", "baobab", "DKR001"});
  EXPECT_EQ(testing::http_get(server.port(), "/api/v1/me", headers).status, 200);
  // The demo pupils and the school's teacher too, with their hub passwords.
  EXPECT_NO_THROW(testing::sign_in(server.port(), {"awa", "soleil", "DKR001"}));
  EXPECT_NO_THROW(testing::sign_in(server.port(), {"sn.teacher"}));
}

TEST_P(SyncEngine, StaffWithRightsBeyondTheSchoolNeverGoDown) {
  down();
  for (const char* kept : {"awa", "moussa", "sn.teacher", "sn.head"}) {
    EXPECT_EQ(count(*box_, "SELECT COUNT(*) FROM users WHERE username = ?", {kept}), 1) << kept;
  }
  for (const char* never : {"platform.admin", "sn.admin", "sn.editor", "sn.reviewer", "sn.analyst",
                            "ci.head", "aya", "tg.editor"}) {
    EXPECT_EQ(count(*box_, "SELECT COUNT(*) FROM users WHERE username = ?", {never}), 0) << never;
  }
  EXPECT_EQ(count(*box_,
                  "SELECT COUNT(*) FROM role_grants WHERE scope_kind NOT IN ('school', "
                  "'class')"),
            0);
  // Password hashes of the school's own accounts only.
  EXPECT_EQ(count(*box_,
                  "SELECT COUNT(*) FROM user_credentials c JOIN users u ON u.id = "
                  "c.user_id WHERE u.username = 'awa' AND c.password_hash LIKE '$argon2id$%'"),
            1);
}

TEST_P(SyncEngine, AContentEditReachesTheBoxAndAnotherCountrysResourceDoesNot) {
  down();
  const std::string sn_resource =
      text(*hub_,
           "SELECT id FROM resources WHERE origin_country = 'SN' AND status = "
           "'published' ORDER BY id LIMIT 1");
  const std::string ci_only =
      text(*hub_,
           "SELECT id FROM resources r WHERE origin_country = 'CI' AND NOT EXISTS (SELECT 1 "
           "FROM placements p WHERE p.resource_id = r.id AND p.country_code = 'SN') LIMIT 1");
  ASSERT_FALSE(sn_resource.empty());
  ASSERT_FALSE(ci_only.empty());
  EXPECT_EQ(count(*box_, "SELECT COUNT(*) FROM resources WHERE id = ?", {sn_resource}), 1);
  EXPECT_EQ(count(*box_, "SELECT COUNT(*) FROM resources WHERE id = ?", {ci_only}), 0);
  EXPECT_EQ(count(*box_,
                  "SELECT COUNT(*) FROM resources WHERE origin_country <> 'SN' AND NOT "
                  "EXISTS (SELECT 1 FROM placements p WHERE p.resource_id = resources.id "
                  "AND p.country_code = 'SN')"),
            0);

  write(*hub_, "UPDATE resources SET title = 'Les fractions (revu)' WHERE id = ?", {sn_resource});
  write(*hub_, "UPDATE resources SET title = 'Pas pour le Sénégal' WHERE id = ?", {ci_only});
  const auto second = down();
  EXPECT_EQ(text(*box_, "SELECT title FROM resources WHERE id = ?", {sn_resource}),
            "Les fractions (revu)");
  EXPECT_EQ(count(*box_, "SELECT COUNT(*) FROM resources WHERE id = ?", {ci_only}), 0);
  EXPECT_LT(second.rows_inserted + second.rows_updated, 5) << "only what changed goes down";
}

TEST_P(SyncEngine, AttemptsMadeOnTheBoxReachTheHubExactlyOnceAfterSyncingTwice) {
  down();
  const std::string client_id = attempt_on_box("awa");
  const std::string first = collect_up();
  const std::string again = collect_up();  // the same rows: the first sync's answer was lost
  const auto report = up(first);
  ASSERT_TRUE(report.applied) << report.refused;
  EXPECT_FALSE(report.health.empty()) << "the box reports its health";
  const auto replay = apply_incoming(*hub_, box_seen_by_hub(), again);
  ASSERT_TRUE(replay.applied) << replay.refused;
  EXPECT_EQ(replay.rows_inserted + replay.rows_updated, 0);
  EXPECT_EQ(count(*hub_, "SELECT COUNT(*) FROM attempts WHERE client_id = ?", {client_id}), 1);
  // It keeps its origin (the chain: a national hub passes it on as the box's).
  EXPECT_EQ(text(*hub_, "SELECT origin_node FROM attempts WHERE client_id = ?", {client_id}),
            box_node_);
  // And it does not come back down to the box that wrote it.
  const auto back = down();
  EXPECT_EQ(count(*box_, "SELECT COUNT(*) FROM attempts WHERE client_id = ?", {client_id}), 1);
  EXPECT_EQ(back.rows_inserted, 0);
}

TEST_P(SyncEngine, AUserDisabledOnTheHubIsDisabledOnTheBoxAtTheNextSync) {
  down();
  const std::string awa = user_id(*hub_, "awa");
  ASSERT_EQ(count(*box_, "SELECT disabled FROM user_status WHERE user_id = ?", {awa}), 0);
  write(*hub_, "UPDATE user_status SET disabled = 1 WHERE user_id = ?", {awa});
  down();
  EXPECT_EQ(count(*box_, "SELECT disabled FROM user_status WHERE user_id = ?", {awa}), 1);
  auto server = testing::ServerProcess::start({"--data", box_dir_.path().string()});
  EXPECT_THROW(testing::sign_in(server.port(), {"awa", "soleil", "DKR001"}), std::runtime_error);
}

TEST_P(SyncEngine, AnErasedPupilNeverComesBack) {
  down();
  const std::string moussa = user_id(*hub_, "moussa");
  // Offline, the box changes him, and he answers a question.
  write(*box_, "UPDATE users SET display_name = 'Moussa D.' WHERE id = ?", {moussa});
  attempt_on_box("moussa");
  const std::string before_erasure = collect_up();
  {
    auto hub_server = testing::ServerProcess::start(hub_args({}));
    const auto admin = testing::sign_in(hub_server.port(), {"sn.admin"});
    const auto erased = testing::http_request(
        hub_server.port(), "DELETE", "/api/v1/pupils/" + moussa, testing::with_json(admin), "");
    ASSERT_EQ(erased.status, 200) << erased.body;
  }
  const auto report = up(before_erasure);
  ASSERT_TRUE(report.applied) << report.refused;
  EXPECT_GE(report.rows_erased, 2) << "his profile and his attempt are skipped";
  EXPECT_EQ(count(*hub_, "SELECT COUNT(*) FROM users WHERE id = ?", {moussa}), 0);
  EXPECT_EQ(count(*hub_, "SELECT COUNT(*) FROM attempts WHERE pupil_id = ?", {moussa}), 0);
  down();
  EXPECT_EQ(count(*box_, "SELECT COUNT(*) FROM users WHERE id = ?", {moussa}), 0);
  EXPECT_EQ(count(*box_, "SELECT COUNT(*) FROM attempts WHERE pupil_id = ?", {moussa}), 0);
  EXPECT_EQ(count(*box_, "SELECT COUNT(*) FROM erased_records WHERE entity_id = ?", {moussa}), 1);
  // The old payload again, and a sync after: still gone on both sides.
  EXPECT_TRUE(apply_incoming(*hub_, box_seen_by_hub(), before_erasure).applied);
  EXPECT_TRUE(up(collect_up()).applied);
  EXPECT_EQ(count(*hub_, "SELECT COUNT(*) FROM users WHERE id = ?", {moussa}), 0);
}

// A payload the box could send, with one row changed by `edit`.
std::string forged_school_payload(const std::string& box_payload,
                                  const std::function<void(Payload&)>& edit) {
  auto payload = decode_payload(box_payload);
  EXPECT_TRUE(payload.ok()) << payload.error();
  edit(payload.value());
  return encode_payload(payload.value());
}

PayloadRow row_of(storage::Database& database, const std::string& entity, const std::string& id,
                  std::int64_t hlc, const std::string& origin) {
  auto connection = database.read();
  const auto result = connection->query("SELECT * FROM " + entity + " WHERE id = ?", {id});
  PayloadRow row{.entity = entity, .id = id, .op = "upsert", .hlc = hlc, .origin = origin};
  for (std::size_t i = 0; i < result.columns.size(); ++i) {
    Value value = result.front().value(i);
    if (result.columns[i] == "hlc") {
      value = hlc;
    } else if (result.columns[i] == "origin_node") {
      value = origin;
    }
    row.columns.emplace_back(result.columns[i], value);
  }
  return row;
}

TEST_P(SyncEngine, ASchoolSendingAnotherSchoolsRowsIsRefusedAndNothingChanges) {
  down();
  const std::string client_id = attempt_on_box("awa");
  const std::string honest = collect_up();
  const std::string aya = user_id(*hub_, "aya");
  const std::int64_t later = text(*hub_, "SELECT hlc FROM users WHERE id = ?", {aya}).empty()
                                 ? 0
                                 : count(*hub_, "SELECT hlc FROM users WHERE id = ?", {aya}) + 1;
  const std::string forged = forged_school_payload(honest, [&](Payload& payload) {
    auto row = row_of(*hub_, "users", aya, later, box_node_);
    for (auto& [name, value] : row.columns) {
      if (name == "display_name") {
        value = std::string("Aya (volée)");
      }
    }
    payload.rows.push_back(row);
  });
  const std::int64_t lines_before = count(*hub_, "SELECT COUNT(*) FROM change_log");
  const auto report = up(forged);
  EXPECT_FALSE(report.applied);
  EXPECT_NE(report.refused.find("ABJ001"), std::string::npos) << report.refused;
  EXPECT_EQ(count(*hub_, "SELECT COUNT(*) FROM attempts WHERE client_id = ?", {client_id}), 0)
      << "nothing of a refused payload is applied";
  EXPECT_EQ(text(*hub_, "SELECT display_name FROM users WHERE id = ?", {aya}) == "Aya (volée)",
            false);
  EXPECT_EQ(count(*hub_, "SELECT COUNT(*) FROM change_log"), lines_before);

  // Published content for the whole country is not a school's to send either.
  const std::string resource =
      text(*hub_,
           "SELECT id FROM resources WHERE origin_country = 'SN' AND status = "
           "'published' LIMIT 1");
  const std::int64_t resource_hlc =
      count(*hub_, "SELECT hlc FROM resources WHERE id = ?", {resource}) + 1;
  const auto content = up(forged_school_payload(honest, [&](Payload& payload) {
    payload.rows.push_back(row_of(*hub_, "resources", resource, resource_hlc, box_node_));
  }));
  EXPECT_FALSE(content.applied);
  EXPECT_FALSE(content.refused.empty());
  EXPECT_EQ(count(*hub_, "SELECT COUNT(*) FROM change_log"), lines_before);

  // The honest payload goes through.
  EXPECT_TRUE(up(honest).applied);
  EXPECT_EQ(count(*hub_, "SELECT COUNT(*) FROM attempts WHERE client_id = ?", {client_id}), 1);
}

TEST_P(SyncEngine, BrokenPayloadsAreRefusedWithAReasonAndChangeNothing) {
  down();
  attempt_on_box("awa");
  const std::string honest = collect_up();
  const std::int64_t lines_before = count(*hub_, "SELECT COUNT(*) FROM change_log");
  auto refused_for = [&](const std::string& payload) {
    const auto report = apply_incoming(*hub_, box_seen_by_hub(), payload);
    EXPECT_FALSE(report.applied);
    EXPECT_EQ(count(*hub_, "SELECT COUNT(*) FROM change_log"), lines_before);
    return report.refused;
  };
  EXPECT_NE(refused_for(honest.substr(0, honest.size() - 9)).find("truncated"), std::string::npos);
  EXPECT_NE(refused_for("not a payload at all").find("not an Imaginécole sync payload"),
            std::string::npos);
  auto text = gunzip(honest, 1 << 26).value();
  const auto version_at = text.find("\"version\":1");
  ASSERT_NE(version_at, std::string::npos);
  std::string newer = text;
  newer.replace(version_at, 11, "\"version\":7");
  EXPECT_NE(refused_for(gzip(newer)).find("format version 7"), std::string::npos);
  EXPECT_NE(
      refused_for(forged_school_payload(
                      honest, [](Payload& payload) { payload.rows.front().entity = "wormholes"; }))
          .find("unknown entity"),
      std::string::npos);
  EXPECT_NE(
      refused_for(forged_school_payload(
                      honest, [](Payload& payload) { payload.rows.front().entity = "countries"; }))
          .find("may not send countries"),
      std::string::npos);
  // A payload for another server, or from another one than the peer it claims.
  EXPECT_NE(refused_for(forged_school_payload(honest,
                                              [](Payload& payload) {
                                                payload.header.receiver_node = "someone-else";
                                              }))
                .find("meant for server someone-else"),
            std::string::npos);
  const auto stranger = apply_incoming(
      *hub_, {.node_id = "stranger", .role = PeerRole::school, .country = "SN", .school = "DKR001"},
      honest);
  EXPECT_FALSE(stranger.applied);
  EXPECT_NE(stranger.refused.find("not by the expected peer"), std::string::npos);
}

TEST_P(SyncEngine, MediaRowsGoDownAndTheBoxListsTheFilesItLacksSmallRenditionsFirst) {
  const std::string big(64, 'b');
  const std::string small(64, 'a');
  write(*hub_,
        "INSERT INTO media (id, hash, media_type, size_bytes, country_code, renditions, "
        "created_at, updated_at, origin_node) VALUES (?, ?, 'video/mp4', 9000000, 'SN', ?, "
        "'2026-12-05T10:00:00Z', '2026-12-05T10:00:00Z', '')",
        {core::new_id(), big,
         R"([{"variant":"low","hash":")" + small +
             R"(","type":"video/mp4","width":320,"height":180,"size":90000}])"});
  const auto report = down();
  ASSERT_GE(report.media_hashes.size(), 2U);
  const auto small_at = std::find(report.media_hashes.begin(), report.media_hashes.end(), small);
  const auto big_at = std::find(report.media_hashes.begin(), report.media_hashes.end(), big);
  EXPECT_LT(small_at, big_at) << "the small rendition is fetched first";
  const auto media_dir = box_dir_.path() / "media";
  auto missing = missing_media_hashes(*box_, media_dir.string());
  ASSERT_EQ(std::vector<std::string>(missing.end() - 2, missing.end()),
            (std::vector<std::string>{small, big}));
  std::filesystem::create_directories(media_dir / "aa" / "aa");
  std::ofstream(media_dir / "aa" / "aa" / small) << "low";
  missing = missing_media_hashes(*box_, media_dir.string());
  EXPECT_EQ(std::count(missing.begin(), missing.end(), small), 0);
  EXPECT_EQ(std::count(missing.begin(), missing.end(), big), 1);
}

IMAGINECOLE_ON_BOTH_BACKENDS(SyncEngine);

}  // namespace
}  // namespace imaginecole::sync
