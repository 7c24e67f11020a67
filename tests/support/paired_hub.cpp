// SPDX-License-Identifier: AGPL-3.0-or-later
#include "support/paired_hub.hpp"

#include <signal.h>

#include <stdexcept>

#include "search/french_tokenizer.hpp"
#include "storage/open_database.hpp"

namespace imaginecole::testing {
namespace {

CommandResult must_succeed(const std::string& what, CommandResult result) {
  if (result.exit_code != 0) {
    throw std::runtime_error(what + " failed (" + std::to_string(result.exit_code) +
                             "): " + result.err + result.out);
  }
  return result;
}

}  // namespace

PairedHubAndBox::PairedHubAndBox(storage::Backend hub_backend) : hub_backend_(hub_backend) {
  search::install_sqlite_tokenizer();  // before the test opens a SQLite connection
  if (hub_backend == storage::Backend::postgres) {
    hub_schema_ = std::make_unique<PostgresSchema>();
  }
  std::vector<std::string> init = {"init", "--demo"};
  const auto location = hub_location();
  init.insert(init.end(), location.begin(), location.end());
  must_succeed("init --demo on the hub", run_imaginecole(init));
  must_succeed("init on the box", on_box({"init"}));
  start_hub();
  const auto made =
      must_succeed("hub pair-code", on_hub({"hub", "pair-code", "--school", "DKR001"}));
  const std::string first_line = made.out.substr(0, made.out.find('\n'));
  must_succeed("sync pair", on_box({"sync", "pair", "--hub", hub_url(), "--code",
                                    first_line.substr(first_line.rfind(' ') + 1)}));
}

std::vector<std::string> PairedHubAndBox::hub_location() const {
  std::vector<std::string> location = {"--data", hub_dir_.path().string()};
  if (hub_schema_) {
    location.insert(location.end(), {"--database", hub_schema_->url()});
  }
  return location;
}

std::vector<std::string> PairedHubAndBox::box_location() const {
  return {"--data", box_dir_.path().string()};
}

CommandResult PairedHubAndBox::on_hub(std::vector<std::string> args) const {
  const auto location = hub_location();
  args.insert(args.end(), location.begin(), location.end());
  return run_imaginecole(args);
}

CommandResult PairedHubAndBox::on_box(std::vector<std::string> args,
                                      const std::map<std::string, std::string>& env) const {
  args.insert(args.end(), {"--data", box_dir_.path().string()});
  return run_imaginecole(args, env);
}

std::string PairedHubAndBox::hub_url() const {
  return "http://127.0.0.1:" + std::to_string(hub_->port());
}

bool PairedHubAndBox::kill_hub() {
  if (!hub_) {
    return false;
  }
  const bool was_running = ::kill(hub_->pid(), 0) == 0;
  hub_->stop(SIGKILL);
  return was_running;
}

void PairedHubAndBox::start_hub() {
  hub_.reset();  // the old server's destructor audits its database's change log
  hub_.emplace(ServerProcess::start(hub_location()));
}

std::unique_ptr<storage::Database> PairedHubAndBox::open_hub() const {
  return storage::open_database(
      {.data_dir = hub_dir_.path(), .url = hub_schema_ ? hub_schema_->url() : "", .pool_size = 1});
}

std::unique_ptr<storage::Database> PairedHubAndBox::open_box() const {
  return storage::open_database({.data_dir = box_dir_.path(), .pool_size = 1});
}

}  // namespace imaginecole::testing
