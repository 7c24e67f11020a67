// SPDX-License-Identifier: AGPL-3.0-or-later
// Runs the real imaginecole binary: one-shot commands, and `serve` on 127.0.0.1:0 until the
// test ends (SIGTERM, then SIGKILL if it does not stop).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace imaginecole::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `imaginecole args...` with extra environment variables; waits for it.
CommandResult run_imaginecole(const std::vector<std::string>& args,
                              const std::map<std::string, std::string>& env = {});

class ServerProcess {
 public:
  // Starts `imaginecole serve --listen 127.0.0.1:0 --access-log off` plus `args` and waits for
  // its "listening on" line (throws with its standard error when it does not come).
  static ServerProcess start(const std::vector<std::string>& args,
                             const std::map<std::string, std::string>& env = {});
  // Stops the server, then audits its database's change log (change_log_audit.hpp): every test
  // that writes through a server also checks that each write left its line with its scope.
  ~ServerProcess();
  ServerProcess(ServerProcess&& other) noexcept;
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  std::uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  // Sends `signal` and waits up to `timeout`; returns the exit code (-1 if it had to be killed).
  int stop(int signal, std::chrono::milliseconds timeout = std::chrono::seconds(15));
  std::string stderr_text() const;

 private:
  ServerProcess() = default;
  void audit_database() const;

  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
  std::filesystem::path stderr_path_;
  std::string data_dir_;      // --data, if given
  std::string database_url_;  // --database, if given
};

}  // namespace imaginecole::testing
