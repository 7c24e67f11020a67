// SPDX-License-Identifier: AGPL-3.0-or-later
// One demo platform per backend (`init --demo`, then `serve` on 127.0.0.1:0), shared by the
// tests of one suite that only read: starting it takes longer than most of those tests. A test
// that writes anything another test could see keeps a server of its own.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace imaginecole::testing {

struct TestDatabase;
class ServerProcess;

struct DemoServer {
  DemoServer();
  ~DemoServer();
  DemoServer(const DemoServer&) = delete;
  DemoServer& operator=(const DemoServer&) = delete;

  std::unique_ptr<TestDatabase> database;
  std::unique_ptr<ServerProcess> server;
  std::vector<std::string> location;  // --data … [--database …]
};

// The suite's server on `backend`, started on first use (throws with the binary's error output
// when `init --demo` or `serve` fails).
DemoServer& shared_demo_server(storage::Backend backend);

// Stops every shared server (the end of a suite).
void stop_shared_demo_servers();

// A parameterised suite (IMAGINECOLE_ON_BOTH_BACKENDS) of read-only tests on a shared demo.
class SharedDemoTest : public ::testing::TestWithParam<storage::Backend> {
 protected:
  static void TearDownTestSuite() { stop_shared_demo_servers(); }
  void SetUp() override;
  std::uint16_t port() const;

 private:
  DemoServer* demo_ = nullptr;
};

}  // namespace imaginecole::testing
