// SPDX-License-Identifier: AGPL-3.0-or-later
#include "support/shared_demo_server.hpp"

#include <map>

#include "support/backends.hpp"
#include "support/demo_database.hpp"
#include "support/server_process.hpp"

namespace imaginecole::testing {
namespace {

std::map<storage::Backend, std::unique_ptr<DemoServer>>& servers() {
  static std::map<storage::Backend, std::unique_ptr<DemoServer>> started;
  return started;
}

std::unique_ptr<DemoServer> start_demo(storage::Backend backend) {
  auto demo = std::make_unique<DemoServer>();
  demo->database = make_demo_test_database(backend);
  demo->location = location_of(*demo->database);
  demo->server = std::make_unique<ServerProcess>(ServerProcess::start(demo->location));
  return demo;
}

}  // namespace

DemoServer::DemoServer() = default;
// The server stops before its database goes (a PostgreSQL schema is dropped with it).
DemoServer::~DemoServer() {
  server.reset();
  database.reset();
}

DemoServer& shared_demo_server(storage::Backend backend) {
  auto& slot = servers()[backend];
  if (!slot) {
    slot = start_demo(backend);
  }
  return *slot;
}

void stop_shared_demo_servers() {
  servers().clear();
}

void SharedDemoTest::SetUp() {
  demo_ = &shared_demo_server(GetParam());
}

std::uint16_t SharedDemoTest::port() const {
  return demo_->server->port();
}

}  // namespace imaginecole::testing
