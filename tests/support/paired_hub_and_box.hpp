// SPDX-License-Identifier: AGPL-3.0-or-later
// A hub serving the demo on loopback and a school server (box) of DKR001 paired with it, each
// in its own data folder, driven through the real binary: the fixture of the network sync
// tests (tests/sync/network_sync_test.cpp) and of the sync health pages.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace imaginecole::testing {

class PairedHubAndBox : public ::testing::Test {
 protected:
  void SetUp() override;

  CommandResult on_hub(std::vector<std::string> args);
  CommandResult on_box(std::vector<std::string> args,
                       const std::map<std::string, std::string>& env = {});
  // `sync` with the hub's URL saved at pairing, and `extra` options.
  CommandResult sync(std::vector<std::string> extra = {},
                     const std::map<std::string, std::string>& env = {});
  // Initialises another box in `data` and pairs it with the hub for `school`; the exit code
  // of the pairing (0: paired).
  CommandResult pair_box(const std::filesystem::path& data, const std::string& school);

  static std::int64_t count(const std::filesystem::path& data, const std::string& sql,
                            std::initializer_list<storage::Value> values = {});
  static void write(const std::filesystem::path& data, const std::string& sql,
                    std::initializer_list<storage::Value> values = {});

  // A pupil's grant names a class: the demo's class of DKR001 on the hub.
  std::string dkr001_class() const;
  std::int64_t pupils_of_dkr001(const std::filesystem::path& data);
  // `how_many` answers of pupil awa on the box, through its own API; their client ids.
  std::vector<std::string> answers_on_box(int how_many);
  std::int64_t attempts_with(const std::filesystem::path& data,
                             const std::vector<std::string>& ids);

  TempDir hub_dir_;
  TempDir box_dir_;
  std::unique_ptr<ServerProcess> hub_;
  std::string hub_url_;
};

}  // namespace imaginecole::testing
