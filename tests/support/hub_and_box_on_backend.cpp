// SPDX-License-Identifier: AGPL-3.0-or-later
#include "support/hub_and_box_on_backend.hpp"

#include <signal.h>

#include <stdexcept>

#include "search/french_tokenizer.hpp"
#include "storage/open_database.hpp"
#include "support/sync_peers.hpp"

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

HubAndBoxOnBackend::HubAndBoxOnBackend(storage::Backend hub_backend) : hub_backend_(hub_backend) {
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
  must_succeed("sync pair",
               on_box({"sync", "pair", "--hub", hub_url(), "--code", pairing_code_in(made.out)}));
}

std::vector<std::string> HubAndBoxOnBackend::hub_location() const {
  std::vector<std::string> location = {"--data", hub_dir_.path().string()};
  if (hub_schema_) {
    location.insert(location.end(), {"--database", hub_schema_->url()});
  }
  return location;
}

std::vector<std::string> HubAndBoxOnBackend::box_location() const {
  return {"--data", box_dir_.path().string()};
}

CommandResult HubAndBoxOnBackend::on_hub(std::vector<std::string> args) const {
  const auto location = hub_location();
  args.insert(args.end(), location.begin(), location.end());
  return run_imaginecole(args);
}

CommandResult HubAndBoxOnBackend::on_box(std::vector<std::string> args,
                                         const std::map<std::string, std::string>& env) const {
  args.insert(args.end(), {"--data", box_dir_.path().string()});
  return run_imaginecole(args, env);
}

std::string HubAndBoxOnBackend::hub_url() const {
  return "http://127.0.0.1:" + std::to_string(hub_->port());
}

bool HubAndBoxOnBackend::kill_hub() {
  if (!hub_) {
    return false;
  }
  const bool was_running = ::kill(hub_->pid(), 0) == 0;
  hub_->stop(SIGKILL);
  return was_running;
}

void HubAndBoxOnBackend::start_hub() {
  if (hub_) {
    // A killed hub's database is audited once, by the last server on it, not at each restart
    // (an audit of every table costs seconds under the sanitizers).
    hub_->skip_audit();
    hub_.reset();
  }
  hub_.emplace(ServerProcess::start(hub_location()));
}

std::unique_ptr<storage::Database> HubAndBoxOnBackend::open_hub() const {
  return storage::open_database(
      {.data_dir = hub_dir_.path(), .url = hub_schema_ ? hub_schema_->url() : "", .pool_size = 1});
}

std::unique_ptr<storage::Database> HubAndBoxOnBackend::open_box() const {
  return storage::open_database({.data_dir = box_dir_.path(), .pool_size = 1});
}

}  // namespace imaginecole::testing
