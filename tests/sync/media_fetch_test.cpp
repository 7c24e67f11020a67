// SPDX-License-Identifier: AGPL-3.0-or-later
// Media by hash from a real hub to a school box (sync/media_fetch.hpp): after a down-sync the
// box fetches the picture, its renditions and a document, small ones first, and serves them;
// a transfer cut by a proxy resumes with Range (in the same run and in the next one); a hub
// that ignores Range restarts the file; a damaged answer is refused and leaves the store
// unchanged; a second run fetches nothing; the command gives clear errors and exit codes.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/hash.hpp"
#include "media/media_store.hpp"
#include "search/french_tokenizer.hpp"
#include "storage/open_database.hpp"
#include "storage/records.hpp"
#include "support/change_log_audit.hpp"
#include "support/cutting_proxy.hpp"
#include "support/http_client.hpp"
#include "support/sample_media.hpp"
#include "support/server_process.hpp"
#include "support/sign_in.hpp"
#include "support/temp_dir.hpp"
#include "sync/engine.hpp"
#include "sync/media_fetch.hpp"

namespace imaginecole::sync {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A black PNG made by libvips' command line (wide enough for the 320 and 640 renditions).
std::string black_png(const fs::path& folder) {
  const fs::path file = folder / "black.png";
  const std::string command = "/usr/bin/vips black " + file.string() + " 800 500 >/dev/null 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  EXPECT_NE(pipe, nullptr);
  EXPECT_EQ(pclose(pipe), 0) << "vips could not make the test picture";
  return read_all(file);
}

struct Uploaded {
  std::string hash;
  std::vector<std::string> renditions;  // variant names, in the hub's order
  std::vector<std::string> rendition_hashes;
};

class MediaFetch : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    search::install_sqlite_tokenizer();
    hub_dir_ = new testing::TempDir();
    const auto init =
        testing::run_imaginecole({"init", "--demo", "--data", hub_dir_->path().string()});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    hub_ = new testing::ServerProcess(
        testing::ServerProcess::start({"--data", hub_dir_->path().string()}));
    const auto editor = testing::sign_in(hub_->port(), {"sn.editor"});
    picture_ = new Uploaded(upload(editor, black_png(hub_dir_->path()), "carte.png"));
    // Large enough for a transfer to be cut in its middle.
    document_ = new Uploaded(upload(editor, testing::minimal_pdf(300000, 7), "fiche.pdf"));
  }
  static void TearDownTestSuite() {
    delete picture_;
    delete document_;
    delete hub_;
    delete hub_dir_;
  }

  static Uploaded upload(testing::Headers who, const std::string& bytes, const std::string& name) {
    who.emplace_back("Content-Type", "application/octet-stream");
    who.emplace_back("X-Filename", name);
    const auto answer = testing::http_request(hub_->port(), "POST", "/api/v1/media", who, bytes);
    EXPECT_EQ(answer.status, 201) << answer.body;
    const json::object body = json::parse(answer.body).as_object();
    Uploaded out{
        .hash = std::string(body.at("hash").as_string()), .renditions = {}, .rendition_hashes = {}};
    for (const auto& rendition : body.at("renditions").as_array()) {
      out.renditions.emplace_back(rendition.at("variant").as_string());
      out.rendition_hashes.emplace_back(rendition.at("hash").as_string());
    }
    return out;
  }

  // A fresh box with the hub's rows for DKR001 (the engine, as `sync --hub` runs it).
  void SetUp() override {
    ASSERT_EQ(testing::run_imaginecole({"init", "--data", box_dir_.path().string()}).exit_code, 0);
    box_ = storage::open_database({.data_dir = box_dir_.path()});
    auto hub = storage::open_database({.data_dir = hub_dir_->path()});
    testing::wait_until_feed_is_final(*hub);
    const std::string payload = collect_outgoing(*hub,
                                                 {.node_id = storage::node_id(*box_),
                                                  .role = PeerRole::school,
                                                  .country = "SN",
                                                  .school = "DKR001"},
                                                 std::nullopt, 100000);
    const auto applied = apply_incoming(*box_,
                                        {.node_id = storage::node_id(*hub),
                                         .role = PeerRole::hub,
                                         .country = "SN",
                                         .school = "DKR001"},
                                        payload);
    ASSERT_TRUE(applied.applied) << applied.refused;
    store_ = std::make_unique<media::MediaStore>(box_dir_.path() / "media");
  }

  MediaFetchReport fetch(MediaFetchOptions options) { return fetch_missing_media(options); }
  MediaFetchOptions options() {
    return {.database = *box_, .store = *store_, .hub_url = hub_url()};
  }
  static std::string hub_url() { return "http://127.0.0.1:" + std::to_string(hub_->port()); }
  static fs::path hub_file(const std::string& hash) {
    return hub_dir_->path() / "media" / hash.substr(0, 2) / hash.substr(2, 2) / hash;
  }
  const MediaFetchItem* item_for(const MediaFetchReport& report, const std::string& hash) {
    for (const auto& item : report.items) {
      if (item.file.hash == hash) {
        return &item;
      }
    }
    return nullptr;
  }
  std::vector<std::string> box_commands(std::vector<std::string> args) {
    args.insert(args.end(), {"--data", box_dir_.path().string()});
    return args;
  }

  static testing::TempDir* hub_dir_;
  static testing::ServerProcess* hub_;
  static Uploaded* picture_;
  static Uploaded* document_;
  testing::TempDir box_dir_;
  std::unique_ptr<storage::Database> box_;
  std::unique_ptr<media::MediaStore> store_;
};

testing::TempDir* MediaFetch::hub_dir_ = nullptr;
testing::ServerProcess* MediaFetch::hub_ = nullptr;
Uploaded* MediaFetch::picture_ = nullptr;
Uploaded* MediaFetch::document_ = nullptr;

TEST_F(MediaFetch, TheBoxFetchesSmallRenditionsFirstThenServesThemAndASecondRunFetchesNothing) {
  const std::size_t renditions = picture_->renditions.size();
  ASSERT_GE(renditions, 2U) << "the 800-pixel picture has its 320 and 640 renditions";
  const auto missing = missing_media(*box_, *store_);
  ASSERT_EQ(missing.size(), renditions + 2);
  for (std::size_t i = 0; i < renditions; ++i) {
    EXPECT_FALSE(missing[i].variant.empty()) << "the picture's renditions come first";
    if (i > 0) {
      EXPECT_LE(missing[i - 1].size, missing[i].size) << "smaller first";
    }
  }
  EXPECT_EQ(missing[renditions].hash, picture_->hash);
  EXPECT_EQ(missing[renditions + 1].hash, document_->hash);

  const auto report = fetch(options());
  EXPECT_TRUE(report.ok()) << report.unreachable;
  EXPECT_EQ(report.count(FetchOutcome::fetched), renditions + 2);
  for (const auto& item : report.items) {
    const auto stored = store_->find(item.file.hash);
    ASSERT_TRUE(stored.has_value()) << item.file.hash;
    EXPECT_EQ(core::sha256_hex(read_all(*stored)), item.file.hash);
  }
  EXPECT_TRUE(fs::is_empty(box_dir_.path() / "media" / "partial"));

  const auto again = fetch(options());
  EXPECT_TRUE(again.items.empty());
  EXPECT_EQ(again.downloaded, 0U);
  EXPECT_EQ(again.already_present, renditions + 2);

  auto box_server = testing::ServerProcess::start({"--data", box_dir_.path().string()});
  const auto original = testing::http_get(box_server.port(), "/media/" + picture_->hash);
  EXPECT_EQ(original.status, 200);
  EXPECT_EQ(original.body, read_all(hub_file(picture_->hash)));
  const auto small = testing::http_get(box_server.port(),
                                       "/media/" + picture_->hash + "/" + picture_->renditions[0]);
  EXPECT_EQ(small.status, 200);
  EXPECT_EQ(small.body, read_all(hub_file(picture_->rendition_hashes[0])));
}

TEST_F(MediaFetch, ACutTransferResumesWithRangeThroughTheProxyAndTheFileVerifies) {
  testing::CuttingProxy proxy;
  proxy.add_fault({.target_contains = document_->hash, .cut_after = 100000});
  auto with_proxy = options();
  with_proxy.proxy_url = proxy.url();
  const auto report = fetch(with_proxy);
  EXPECT_TRUE(report.ok());
  const auto* item = item_for(report, document_->hash);
  ASSERT_NE(item, nullptr);
  EXPECT_EQ(item->outcome, FetchOutcome::fetched) << item->message;
  EXPECT_TRUE(item->resumed);
  ASSERT_TRUE(store_->find(document_->hash).has_value());
  EXPECT_EQ(core::sha256_hex(read_all(*store_->find(document_->hash))), document_->hash);

  // Absolute-form requests to the proxy; the second one for the document asks for the rest.
  std::vector<std::string> document_heads;
  for (const auto& head : proxy.request_heads()) {
    EXPECT_TRUE(head.starts_with("GET " + hub_url() + "/media/")) << head;
    if (head.find(document_->hash) != std::string::npos) {
      document_heads.push_back(head);
    }
  }
  ASSERT_EQ(document_heads.size(), 2U);
  EXPECT_EQ(document_heads[0].find("Range:"), std::string::npos);
  EXPECT_NE(document_heads[1].find("Range: bytes="), std::string::npos) << document_heads[1];
  EXPECT_EQ(document_heads[1].find("Range: bytes=0-"), std::string::npos);
}

TEST_F(MediaFetch, ACutRunLeavesAPartialFileTheNextRunResumesOrRestartsWhenRangeIsIgnored) {
  testing::CuttingProxy proxy;
  proxy.add_fault({.target_contains = document_->hash, .cut_after = 120000});
  auto once = options();
  once.proxy_url = proxy.url();
  once.attempts_per_file = 1;
  const auto cut = fetch(once);
  EXPECT_FALSE(cut.ok());
  EXPECT_EQ(item_for(cut, document_->hash)->outcome, FetchOutcome::interrupted);
  const fs::path partial = box_dir_.path() / "media" / "partial" / document_->hash;
  ASSERT_TRUE(fs::exists(partial));
  EXPECT_GT(fs::file_size(partial), 0U);
  EXPECT_FALSE(store_->find(document_->hash).has_value());

  // The next run resumes (206) and only downloads the rest.
  const auto kept = fs::file_size(partial);
  const auto resumed = fetch(once);
  EXPECT_TRUE(resumed.ok());
  const auto* item = item_for(resumed, document_->hash);
  ASSERT_NE(item, nullptr);
  EXPECT_TRUE(item->resumed);
  EXPECT_EQ(item->downloaded + kept, fs::file_size(hub_file(document_->hash)));
  EXPECT_TRUE(store_->find(document_->hash).has_value());

  // A proxy that drops Range: the hub sends all of it (200) and the file starts again.
  ASSERT_TRUE(store_->remove(document_->hash));
  proxy.add_fault({.target_contains = document_->hash, .cut_after = 90000});
  ASSERT_EQ(fetch(once).count(FetchOutcome::interrupted), 1U);
  proxy.add_fault({.target_contains = document_->hash, .drop_range = true});
  const auto restarted = fetch(once);
  ASSERT_EQ(restarted.items.size(), 1U);
  EXPECT_EQ(restarted.items[0].outcome, FetchOutcome::fetched) << restarted.items[0].message;
  EXPECT_FALSE(restarted.items[0].resumed);
  EXPECT_EQ(restarted.items[0].downloaded, fs::file_size(hub_file(document_->hash)));
  EXPECT_EQ(core::sha256_hex(read_all(*store_->find(document_->hash))), document_->hash);
}

TEST_F(MediaFetch, ADamagedAnswerIsRefusedAndTheStoreIsUnchanged) {
  testing::CuttingProxy proxy;
  proxy.add_fault({.target_contains = document_->hash, .corrupt = true});
  auto with_proxy = options();
  with_proxy.proxy_url = proxy.url();
  const auto report = fetch(with_proxy);
  EXPECT_FALSE(report.ok());
  const auto* item = item_for(report, document_->hash);
  ASSERT_NE(item, nullptr);
  EXPECT_EQ(item->outcome, FetchOutcome::corrupt);
  EXPECT_NE(item->message.find("do not match their hash"), std::string::npos);
  EXPECT_FALSE(store_->find(document_->hash).has_value());
  EXPECT_FALSE(fs::exists(box_dir_.path() / "media" / "partial" / document_->hash));
  EXPECT_EQ(report.count(FetchOutcome::fetched), picture_->renditions.size() + 1)
      << "the other files still came";
  EXPECT_EQ(fetch(with_proxy).count(FetchOutcome::fetched), 1U) << "the next run fetches it";
}

TEST_F(MediaFetch, ABudgetStopsAfterTheSmallRenditions) {
  const auto missing = missing_media(*box_, *store_);
  auto budget = options();
  budget.max_bytes = missing[0].size + missing[1].size;
  const auto report = fetch(budget);
  EXPECT_TRUE(report.ok());
  EXPECT_EQ(report.count(FetchOutcome::fetched), 2U);
  EXPECT_EQ(report.count(FetchOutcome::deferred), missing.size() - 2);
  EXPECT_TRUE(store_->find(picture_->rendition_hashes[0]).has_value());
  EXPECT_FALSE(store_->find(document_->hash).has_value());
}

TEST_F(MediaFetch, TheCommandReportsWhatItFetchedAndGivesClearErrors) {
  const auto bad_url =
      testing::run_imaginecole(box_commands({"sync", "media", "--hub", "ftp://hub.example"}));
  EXPECT_EQ(bad_url.exit_code, 2);
  EXPECT_NE(bad_url.err.find("must start with http://"), std::string::npos) << bad_url.err;
  const auto bad_size = testing::run_imaginecole(
      box_commands({"sync", "media", "--hub", hub_url(), "--max-bytes", "lots"}));
  EXPECT_EQ(bad_size.exit_code, 2);
  EXPECT_NE(bad_size.err.find("--max-bytes"), std::string::npos) << bad_size.err;

  // A hub that is down: nothing fetched, the reason said.
  testing::TempDir nowhere;
  std::uint16_t closed_port = 0;
  {
    testing::CuttingProxy gone;
    closed_port = gone.port();
  }
  const auto down = testing::run_imaginecole(
      box_commands({"sync", "media", "--hub", "http://127.0.0.1:" + std::to_string(closed_port)}));
  EXPECT_EQ(down.exit_code, 1);
  EXPECT_NE(down.err.find("cannot reach the hub"), std::string::npos) << down.err;

  // A file the hub lost: 404 for it, the others come.
  const fs::path lost = hub_file(picture_->rendition_hashes[1]);
  const fs::path aside = nowhere.path() / "aside";
  fs::rename(lost, aside);
  const auto partly = testing::run_imaginecole(box_commands({"sync", "media", "--hub", hub_url()}));
  fs::rename(aside, lost);
  EXPECT_EQ(partly.exit_code, 1);
  EXPECT_NE(partly.err.find("missing on the hub"), std::string::npos) << partly.err;
  const std::size_t files = picture_->renditions.size() + 2;
  EXPECT_NE(partly.out.find(std::to_string(files - 1) + " fetched"), std::string::npos)
      << partly.out;

  const auto rest = testing::run_imaginecole(box_commands({"sync", "media", "--hub", hub_url()}));
  EXPECT_EQ(rest.exit_code, 0) << rest.err;
  EXPECT_NE(rest.out.find("1 fetched"), std::string::npos) << rest.out;
  const auto nothing =
      testing::run_imaginecole(box_commands({"sync", "media", "--hub", hub_url()}));
  EXPECT_EQ(nothing.exit_code, 0) << nothing.err;
  EXPECT_NE(nothing.out.find("0 fetched (0 resumed), " + std::to_string(files) + " already here"),
            std::string::npos)
      << nothing.out;
}

TEST_F(MediaFetch, AUsbBundleCarriesTheMediaThatFitAndADamagedOneIsLeftOut) {
  testing::TempDir box;
  testing::TempDir key;
  ASSERT_EQ(testing::run_imaginecole({"init", "--data", box.path().string()}).exit_code, 0);
  const auto on_hub = [&](std::vector<std::string> args) {
    args.insert(args.end(), {"--data", hub_dir_->path().string()});
    return testing::run_imaginecole(args);
  };
  const auto on_box = [&](std::vector<std::string> args) {
    args.insert(args.end(), {"--data", box.path().string()});
    return testing::run_imaginecole(args);
  };
  const auto made = on_hub({"hub", "pair-code", "--school", "DKR001"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const std::string first_line = made.out.substr(0, made.out.find('\n'));
  const auto paired = on_box(
      {"sync", "pair", "--hub", hub_url(), "--code", first_line.substr(first_line.rfind(' ') + 1)});
  ASSERT_EQ(paired.exit_code, 0) << paired.err;

  // Parts of 200 KB: the 300 KB document stays on the hub, the picture and its renditions go.
  const fs::path bundle = key.path() / "dkr001.imgcsync";
  const auto exported = on_hub(
      {"sync", "export", "--school", "DKR001", "--to", bundle.string(), "--max-size", "200K"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_NE(exported.out.find("1 larger than --max-size"), std::string::npos) << exported.out;
  const fs::path media = key.path() / "dkr001.imgcsync.media";
  EXPECT_TRUE(fs::exists(media / picture_->hash));
  EXPECT_TRUE(fs::exists(media / picture_->rendition_hashes[0]));
  EXPECT_FALSE(fs::exists(media / document_->hash));
  // Someone altered the picture on the key.
  {
    std::fstream altered(media / picture_->hash, std::ios::in | std::ios::out | std::ios::binary);
    altered.seekg(40);
    const char byte = static_cast<char>(altered.get());
    altered.seekp(40);
    altered.put(static_cast<char>(byte ^ 0x55));
  }

  std::vector<std::string> args = {"sync", "import"};
  for (const auto& entry : fs::directory_iterator(key.path())) {
    if (entry.is_regular_file()) {
      args.push_back(entry.path().string());
    }
  }
  ASSERT_GE(args.size(), 3U);
  const auto imported = on_box(args);
  EXPECT_EQ(imported.exit_code, 1) << imported.err;
  EXPECT_NE(imported.err.find("does not match its name"), std::string::npos) << imported.err;
  const std::size_t renditions = picture_->renditions.size();
  EXPECT_NE(imported.out.find("Media: " + std::to_string(renditions) + " files"), std::string::npos)
      << imported.out;
  media::MediaStore box_store(box.path() / "media");
  for (const auto& hash : picture_->rendition_hashes) {
    EXPECT_TRUE(box_store.find(hash).has_value());
  }
  EXPECT_FALSE(box_store.find(picture_->hash).has_value());
  EXPECT_FALSE(box_store.find(document_->hash).has_value());

  // What the key could not bring comes over the network.
  const auto rest = on_box({"sync", "media", "--hub", hub_url()});
  EXPECT_EQ(rest.exit_code, 0) << rest.err;
  EXPECT_NE(rest.out.find("2 fetched (0 resumed), " + std::to_string(renditions) + " already here"),
            std::string::npos)
      << rest.out;
}

}  // namespace
}  // namespace imaginecole::sync
