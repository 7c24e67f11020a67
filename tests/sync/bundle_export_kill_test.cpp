// SPDX-License-Identifier: AGPL-3.0-or-later
// `sync export` killed while it writes a USB bundle (issue 15, item 7): a bundle is written
// whole or not at all (every part under a temporary name, then renamed), so whatever a kill
// leaves on the key is either refused by `sync import`, changing nothing, or a whole bundle that
// imports as if nothing had happened. IMAGINECOLE_CRASH_SEED=N repeats a run's kill delays.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "storage/open_database.hpp"
#include "support/crash_seed.hpp"
#include "support/hub_and_box_on_backend.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace imaginecole::testing {
namespace {

namespace fs = std::filesystem;

constexpr int kKills = 6;
constexpr const char* kPartSize = "16K";  // the demo's bundle for DKR001 takes many parts
constexpr const char* kBundleName = "down.imgcsync";

// The bundle files with their final names in `folder` (no temporary, no media folder).
std::vector<std::string> bundle_files_in(const fs::path& folder) {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.starts_with(kBundleName)) {
      files.push_back(entry.path().string());
    }
  }
  return files;
}

// Whether `files` are every part of one bundle: "down.imgcsync" alone, or each of its
// ".partKofM" for K = 1..M.
bool whole(const std::vector<std::string>& files) {
  if (files.size() == 1 && fs::path(files.front()).filename() == kBundleName) {
    return true;
  }
  std::set<int> parts;
  int of = 0;
  for (const auto& file : files) {
    const std::string name = fs::path(file).filename().string();
    const auto part = name.rfind(".part");
    const auto separator = name.rfind("of");
    if (part == std::string::npos || separator == std::string::npos || separator < part) {
      return false;
    }
    parts.insert(std::stoi(name.substr(part + 5, separator - part - 5)));
    of = std::stoi(name.substr(separator + 2));
  }
  return of > 0 && static_cast<int>(parts.size()) == of && *parts.begin() == 1 &&
         *parts.rbegin() == of;
}

class BundleExportKill : public ::testing::Test {
 protected:
  void SetUp() override { pair_ = std::make_unique<HubAndBoxOnBackend>(storage::Backend::sqlite); }

  // What a refused import must leave alone on the box.
  std::string box_snapshot() const {
    const auto database = pair_->open_box();
    auto connection = database->read();
    std::string out;
    for (const char* sql :
         {"SELECT COALESCE(MAX(seq), 0) FROM change_log", "SELECT COUNT(*) FROM users",
          "SELECT COALESCE(SUM(accepted_sequence), 0) FROM sync_peers"}) {
      out += connection->query_one(sql)->text(0) + "|";
    }
    return out;
  }

  RunningCommand start_export(const fs::path& folder) {
    std::vector<std::string> args = {"sync",       "export", "--school",
                                     "DKR001",     "--to",   (folder / kBundleName).string(),
                                     "--max-size", kPartSize};
    const auto location = pair_->hub_location();
    args.insert(args.end(), location.begin(), location.end());
    return RunningCommand::start(args);
  }

  std::unique_ptr<HubAndBoxOnBackend> pair_;
  TempDir key_;
};

TEST_F(BundleExportKill, AKilledExportLeavesNoBundleThatImportsHalf) {
  const std::uint64_t seed = chosen_crash_seed();
  std::cout << "[bundle-export-kill] seed " << seed << " (IMAGINECOLE_CRASH_SEED=" << seed
            << " repeats it)" << std::endl;
  std::mt19937_64 random(seed);
  // How long a whole export takes here: the kills land anywhere within it.
  const auto started = std::chrono::steady_clock::now();
  {
    auto timed = start_export(key_.path() / "timed");
    const auto done = timed.wait();
    ASSERT_EQ(done.exit_code, 0) << done.err;
  }
  const auto export_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now() - started)
                             .count();
  ASSERT_GT(bundle_files_in(key_.path() / "timed").size(), 1U)
      << "the bundle should take several parts of " << kPartSize;
  ASSERT_TRUE(whole(bundle_files_in(key_.path() / "timed")));

  int nothing = 0;
  int refused = 0;
  int imported = 0;
  for (int kill = 1; kill <= kKills; ++kill) {
    const std::string when =
        "kill " + std::to_string(kill) + " (seed " + std::to_string(seed) + ")";
    const fs::path folder = key_.path() / ("round-" + std::to_string(kill));
    fs::create_directories(folder);
    auto run = start_export(folder);
    std::this_thread::sleep_for(std::chrono::milliseconds(
        std::uniform_int_distribution<std::int64_t>(0, export_ms * 6 / 5)(random)));
    run.signal(SIGKILL);
    run.wait();
    const auto files = bundle_files_in(folder);
    if (files.empty()) {
      ++nothing;
      continue;
    }
    const std::string before = box_snapshot();
    std::vector<std::string> import = {"sync", "import"};
    import.insert(import.end(), files.begin(), files.end());
    const auto taken = pair_->on_box(import);
    if (whole(files)) {
      EXPECT_EQ(taken.exit_code, 0) << when << ": a whole bundle was refused: " << taken.err;
      ++imported;
    } else {
      EXPECT_EQ(taken.exit_code, 2)
          << when << ": " << files.size() << " parts of a bundle were accepted: " << taken.out;
      EXPECT_NE(taken.err.find("missing"), std::string::npos) << when << ": " << taken.err;
      EXPECT_EQ(box_snapshot(), before) << when << ": a refused import changed the box";
      ++refused;
    }
    if (HasFailure()) {
      return;
    }
  }
  // Then an export left alone brings the school to the box.
  const fs::path last = key_.path() / "last";
  fs::create_directories(last);
  const auto done = start_export(last).wait();
  ASSERT_EQ(done.exit_code, 0) << done.err;
  std::vector<std::string> import = {"sync", "import"};
  const auto files = bundle_files_in(last);
  import.insert(import.end(), files.begin(), files.end());
  const auto taken = pair_->on_box(import);
  ASSERT_EQ(taken.exit_code, 0) << taken.err;
  const auto box = pair_->open_box();
  EXPECT_GT(box->read()->query_one("SELECT COUNT(*) FROM users WHERE kind = 'pupil'")->integer(0),
            0);
  std::cout << "[bundle-export-kill] a whole export took " << export_ms << " ms; " << kKills
            << " kills: " << nothing << " left no bundle file, " << refused
            << " left some parts (refused, nothing changed), " << imported
            << " left a whole bundle (imported)" << std::endl;
}

}  // namespace
}  // namespace imaginecole::testing
