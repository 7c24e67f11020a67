// SPDX-License-Identifier: AGPL-3.0-or-later
// A test's own copy of what `imaginecole init --demo` writes, ready in milliseconds.
//
// Most end-to-end tests start from the demo platform. Running `init --demo` for each of them cost
// about 3 s of processor time under the sanitizers (Argon2id for the demo's passwords and picture
// codes, every migration): a third of the whole suite. So the real command runs once per build of
// the binary and backend, into a template, and each test gets a copy:
// - SQLite: the template's data folder is copied (a new file, hence a new epoch at first start);
// - PostgreSQL: `CREATE DATABASE ... TEMPLATE`, a new database dropped at the end of the test.
// Tests of `init` itself, and tests whose servers must be distinct nodes (sync between two
// servers, seeded ids), still run the command.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "support/backends.hpp"

namespace imaginecole::testing {

// A new database on the test PostgreSQL, copied from `template_name`; dropped (with any
// connection left) by the destructor.
class PostgresDatabaseCopy {
 public:
  explicit PostgresDatabaseCopy(const std::string& template_name);
  ~PostgresDatabaseCopy();
  PostgresDatabaseCopy(const PostgresDatabaseCopy&) = delete;
  PostgresDatabaseCopy& operator=(const PostgresDatabaseCopy&) = delete;
  const std::string& url() const { return url_; }

 private:
  std::string name_;
  std::string url_;
};

// The demo platform on `backend`, opened, in a folder of its own.
std::unique_ptr<TestDatabase> make_demo_test_database(storage::Backend backend);

// Fills the empty SQLite data folder `dir` with the demo platform (`init --demo --data dir`).
void copy_demo_data_folder(const std::filesystem::path& dir);

// `--data DIR` and, on PostgreSQL, `--database URL`: where the test's commands and servers look.
std::vector<std::string> location_of(const TestDatabase& test_db);

// Like BackendTest, on the demo platform.
class DemoBackendTest : public BackendTest {
 protected:
  void SetUp() override { use_test_database(make_demo_test_database(GetParam())); }
  std::vector<std::string> location() { return location_of(test_db()); }
};

}  // namespace imaginecole::testing
