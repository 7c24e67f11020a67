// SPDX-License-Identifier: AGPL-3.0-or-later
// Sealed bundle files between a hub and its school servers, each a real platform on its own
// SQLite data folder: a split bundle's round trip, and every refusal leaving the receiver's
// database exactly as it was (decision 0037). The payload source writes a real school row
// through the accounts store, standing in for the sync engine.
#include "sync/bundle_files.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "app/platform.hpp"
#include "core/errors.hpp"
#include "support/temp_dir.hpp"
#include "sync/pairing_codes.hpp"

namespace imaginecole::sync {
namespace {

using testing::TempDir;

struct Server {
  TempDir dir;
  std::unique_ptr<app::Platform> platform;

  Server() {
    app::PlatformOptions options;
    options.database.data_dir = dir.path();
    options.database.create_if_missing = true;
    platform = std::make_unique<app::Platform>(options);
  }

  LocalNode node() {
    NodeKeys keys = load_node_keys(platform->sync_key_place());
    return LocalNode{.database = platform->database(),
                     .self = NodeSelf{.node_id = platform->identity().node_id,
                                      .epoch = platform->identity().epoch,
                                      .keys = keys.public_keys()},
                     .keys = keys};
  }

  std::optional<Peer> peer(std::string_view node_id) {
    auto connection = platform->database().read();
    return peers::find(*connection, node_id);
  }

  bool has_school(const std::string& code) {
    return platform->accounts().schools().school_by_code(code).has_value();
  }

  // Everything a refused import must leave alone.
  std::string snapshot() {
    auto connection = platform->database().read();
    std::string out;
    for (const char* sql :
         {"SELECT COALESCE(MAX(seq), 0) FROM change_log", "SELECT COUNT(*) FROM schools",
          "SELECT COALESCE(SUM(accepted_sequence), 0) FROM sync_peers",
          "SELECT COUNT(*) FROM sync_peers WHERE revoked_at <> ''"}) {
      out += connection->query_one(sql)->text(0) + "|";
    }
    return out;
  }
};

// Collects "CODE:padding"; applies by creating school CODE (a real row, with its change line).
BundlePayloadSource school_marker_source(const std::string& code, std::size_t padding) {
  BundlePayloadSource source;
  source.collect = [code, padding](storage::Database&, const Peer&) {
    return OutgoingPayload{
        .payload = code + ":" + std::string(padding, 'p'), .cursor_from = "", .cursor_to = ""};
  };
  return source;
}

BundlePayloadSource applying_into(app::Platform& platform, BundlePayloadSource source) {
  source.apply = [&platform](storage::Database& database, const Peer&, std::string_view payload) {
    accounts::School school{.id = {},
                            .code = std::string(payload.substr(0, payload.find(':'))),
                            .region_id = std::nullopt,
                            .country_code = "SN",
                            .name = "École du bundle"};
    auto connection = database.write();
    storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
    platform.accounts().schools().insert_school(*connection, school);
    transaction.commit();
    return "created school " + school.code;
  };
  return source;
}

// Pairs `box` with `hub` for `school` through the hub's real pairing function.
void pair(Server& hub, Server& box, const std::string& school) {
  const NodeKeys box_keys = NodeKeys::generate();
  std::string code;
  {
    auto connection = hub.platform->database().write();
    code = issue_pairing_code(*connection, school, std::chrono::hours(1)).code;
  }
  const auto outcome =
      accept_pairing(hub.platform->database(), hub.platform->accounts().throttle(), "127.0.0.1",
                     PairRequest{.code = code,
                                 .node_id = box.platform->identity().node_id,
                                 .epoch = box.platform->identity().epoch,
                                 .keys = box_keys.public_keys()});
  ASSERT_EQ(outcome.status, 200) << outcome.message;
  store_node_keys(box.platform->sync_key_place(), box_keys);
  Peer hub_peer;
  hub_peer.node_id = hub.platform->identity().node_id;
  hub_peer.epoch = hub.platform->identity().epoch;
  hub_peer.role = PeerRole::hub;
  hub_peer.school_code = school;
  hub_peer.hub_url = "http://hub.invalid";
  hub_peer.keys = load_node_keys(hub.platform->sync_key_place()).public_keys();
  auto connection = box.platform->database().write();
  peers::save_paired(*connection, hub_peer);
}

std::string read_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void write_bytes(const std::filesystem::path& file, const std::string& bytes) {
  std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
}

class BundleFiles : public ::testing::Test {
 protected:
  BundleFiles() {
    for (Server* server : {&hub_, &box_, &other_box_}) {
      auto connection = server->platform->database().write();
      storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
      for (const char* code : {"DKR001", "DKR002"}) {
        accounts::School school{
            .id = {}, .code = code, .region_id = std::nullopt, .country_code = "SN", .name = code};
        server->platform->accounts().schools().insert_school(*connection, school);
      }
      transaction.commit();
    }
    pair(hub_, box_, "DKR001");
    pair(hub_, other_box_, "DKR002");
  }

  // The box exports a bundle that creates school `code` on the hub.
  ExportedBundle export_from_box(const std::string& code, std::uint64_t max_part_bytes = 0,
                                 std::size_t padding = 10) {
    LocalNode node = box_.node();
    const auto hub_peer = box_.peer(hub_.platform->identity().node_id);
    return export_bundle(
        node, *hub_peer, school_marker_source(code, padding),
        ExportOptions{.to = key_.path() / "up.imgcsync", .max_part_bytes = max_part_bytes});
  }

  ImportOutcome import_at(Server& server, const std::vector<std::filesystem::path>& files) {
    LocalNode node = server.node();
    return import_bundles(node, files,
                          applying_into(*server.platform, school_marker_source("", 0)));
  }

  // Imports `files` at the hub, expecting `refusal` and an untouched database.
  void expect_refused(const std::vector<std::filesystem::path>& files, Refusal refusal,
                      std::string_view words) {
    const std::string before = hub_.snapshot();
    const auto outcome = import_at(hub_, files);
    ASSERT_TRUE(outcome.refusal.has_value()) << "accepted";
    EXPECT_EQ(*outcome.refusal, refusal) << outcome.message;
    EXPECT_NE(outcome.message.find(words), std::string::npos) << outcome.message;
    EXPECT_TRUE(outcome.imported.empty());
    EXPECT_EQ(hub_.snapshot(), before) << "a refused bundle changed the database";
  }

  Server hub_;
  Server box_;
  Server other_box_;
  TempDir key_;
};

TEST_F(BundleFiles, ASplitBundleRoundTripsWithItsPartsInAnyOrder) {
  const auto exported = export_from_box("UPL001", 8 * 1024, 30000);
  ASSERT_EQ(exported.files.size(), 5U);
  for (const auto& file : exported.files) {
    EXPECT_LE(std::filesystem::file_size(file), 8U * 1024) << file;
  }
  EXPECT_EQ(exported.files[1].filename(), "up.imgcsync.part2of5");
  std::vector<std::filesystem::path> shuffled = {exported.files[3], exported.files[0],
                                                 exported.files[4], exported.files[2],
                                                 exported.files[1]};
  EXPECT_FALSE(hub_.has_school("UPL001"));
  const auto outcome = import_at(hub_, shuffled);
  ASSERT_FALSE(outcome.refusal) << outcome.message;
  ASSERT_EQ(outcome.imported.size(), 1U);
  EXPECT_EQ(outcome.imported[0].parts, 5);
  EXPECT_EQ(outcome.imported[0].payload_bytes, 30007U);
  EXPECT_EQ(outcome.imported[0].summary, "created school UPL001");
  EXPECT_TRUE(hub_.has_school("UPL001"));
  EXPECT_EQ(hub_.peer(box_.platform->identity().node_id)->accepted_sequence, 1);
  EXPECT_EQ(box_.peer(hub_.platform->identity().node_id)->sent_sequence, 1);
}

TEST_F(BundleFiles, AMissingPartAppliesNothing) {
  const auto exported = export_from_box("UPL002", 8 * 1024, 15000);
  ASSERT_EQ(exported.files.size(), 3U);
  expect_refused({exported.files[0], exported.files[2]}, Refusal::missing_part, "part 2 of 3");
  EXPECT_FALSE(hub_.has_school("UPL002"));
}

TEST_F(BundleFiles, AFlippedByteIsRefusedAndChangesNothing) {
  const auto exported = export_from_box("UPL003");
  std::string bytes = read_bytes(exported.files[0]);
  bytes[bytes.size() - 100] = static_cast<char>(bytes[bytes.size() - 100] ^ 0x20);
  write_bytes(exported.files[0], bytes);
  expect_refused(exported.files, Refusal::tampered, "up.imgcsync: ");
}

TEST_F(BundleFiles, ATruncatedFileIsRefusedAndChangesNothing) {
  const auto exported = export_from_box("UPL004");
  const std::string bytes = read_bytes(exported.files[0]);
  write_bytes(exported.files[0], bytes.substr(0, bytes.size() - 30));
  expect_refused(exported.files, Refusal::truncated, "cut short");
}

TEST_F(BundleFiles, ABundleImportedTwiceIsAReplayTheSecondTime) {
  const auto exported = export_from_box("UPL005");
  ASSERT_FALSE(import_at(hub_, exported.files).refusal);
  expect_refused(exported.files, Refusal::replayed, "already imported");
  // A newer bundle still goes in.
  EXPECT_FALSE(import_at(hub_, export_from_box("UPL006").files).refusal);
  EXPECT_TRUE(hub_.has_school("UPL006"));
}

TEST_F(BundleFiles, ABundleForAnotherServerIsForeignAndChangesNothing) {
  // The hub writes for DKR002's server; DKR001's server is handed the file.
  LocalNode hub_node = hub_.node();
  const auto other = hub_.peer(other_box_.platform->identity().node_id);
  const auto exported =
      export_bundle(hub_node, *other, school_marker_source("DWN001", 10),
                    ExportOptions{.to = key_.path() / "DKR002.imgcsync", .max_part_bytes = 0});
  const std::string before = box_.snapshot();
  const auto outcome = import_at(box_, exported.files);
  ASSERT_TRUE(outcome.refusal);
  EXPECT_EQ(*outcome.refusal, Refusal::foreign) << outcome.message;
  EXPECT_EQ(box_.snapshot(), before);
  // Its own server opens it.
  const auto right = import_at(other_box_, exported.files);
  EXPECT_FALSE(right.refusal) << right.message;
  EXPECT_TRUE(other_box_.has_school("DWN001"));
}

TEST_F(BundleFiles, ARevokedSchoolServersBundleIsRefusedAndChangesNothing) {
  const auto exported = export_from_box("UPL007");
  {
    auto connection = hub_.platform->database().write();
    peers::mark_revoked(*connection, box_.platform->identity().node_id, "stolen");
  }
  expect_refused(exported.files, Refusal::revoked, "revoked on");
  EXPECT_FALSE(hub_.has_school("UPL007"));
}

TEST_F(BundleFiles, TheHubsRevocationNoticeTellsTheBoxWhichThenStopsExporting) {
  {
    auto connection = hub_.platform->database().write();
    peers::mark_revoked(*connection, box_.platform->identity().node_id, "stolen");
  }
  LocalNode hub_node = hub_.node();
  const auto revoked_box = hub_.peer(box_.platform->identity().node_id);
  const auto notice =
      export_bundle(hub_node, *revoked_box, school_marker_source("NOPE01", 10),
                    ExportOptions{.to = key_.path() / "DKR001.imgcsync", .max_part_bytes = 0});
  EXPECT_TRUE(notice.revocation_notice);
  const auto outcome = import_at(box_, notice.files);
  ASSERT_FALSE(outcome.refusal) << outcome.message;
  ASSERT_EQ(outcome.imported.size(), 1U);
  EXPECT_TRUE(outcome.imported[0].revoked);
  EXPECT_NE(outcome.imported[0].revoked_reason.find("stolen"), std::string::npos);
  EXPECT_FALSE(box_.has_school("NOPE01"));
  const auto hub_as_seen = box_.peer(hub_.platform->identity().node_id);
  EXPECT_TRUE(hub_as_seen->revoked());
  EXPECT_THROW(export_from_box("UPL008"), InvalidInput);
}

TEST_F(BundleFiles, SizesReadLikePeopleWriteThem) {
  EXPECT_EQ(parse_size("100M"), 100ULL * 1024 * 1024);
  EXPECT_EQ(parse_size("650k"), 650ULL * 1024);
  EXPECT_EQ(parse_size("4096"), 4096ULL);
  EXPECT_FALSE(parse_size("lots"));
  EXPECT_FALSE(parse_size("M"));
}

}  // namespace
}  // namespace imaginecole::sync
