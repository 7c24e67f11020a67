// SPDX-License-Identifier: AGPL-3.0-or-later
// A hub made by `init --demo` (on SQLite, or on a schema of the test PostgreSQL) serving on
// loopback, and a school server (box) for DKR001 on its own SQLite data folder, paired with it
// through a real pairing code: the starting point of the network sync tests (decision 0041).
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "support/backends.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace imaginecole::testing {

class HubAndBoxOnBackend {
 public:
  // Throws std::runtime_error with the command's output when a step fails.
  explicit HubAndBoxOnBackend(storage::Backend hub_backend);

  // `--data DIR` and, for a PostgreSQL hub, `--database URL`.
  std::vector<std::string> hub_location() const;
  std::vector<std::string> box_location() const;
  CommandResult on_hub(std::vector<std::string> args) const;
  CommandResult on_box(std::vector<std::string> args,
                       const std::map<std::string, std::string>& env = {}) const;

  ServerProcess& hub() { return *hub_; }
  std::string hub_url() const;
  // SIGKILLs the hub's server (if it runs); true when it was running.
  bool kill_hub();
  // A new hub server on the same data (and a new port: see hub_url()).
  void start_hub();

  // Connections of the test's own, opened when asked.
  std::unique_ptr<storage::Database> open_hub() const;
  std::unique_ptr<storage::Database> open_box() const;

  storage::Backend hub_backend() const { return hub_backend_; }
  const std::filesystem::path& hub_dir() const { return hub_dir_.path(); }
  const std::filesystem::path& box_dir() const { return box_dir_.path(); }

 private:
  storage::Backend hub_backend_;
  TempDir hub_dir_;
  TempDir box_dir_;
  std::unique_ptr<PostgresSchema> hub_schema_;
  std::optional<ServerProcess> hub_;
};

}  // namespace imaginecole::testing
