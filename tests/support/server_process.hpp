// SPDX-License-Identifier: AGPL-3.0-or-later
// Runs the real imaginecole binary: one-shot commands, and `serve` on 127.0.0.1:0 until the
// test ends (SIGTERM, then SIGKILL if it does not stop).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
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

// `imaginecole args...` started and left running, for a test that kills it at some moment
// (the interruption tests). The destructor kills it (SIGKILL) if it still runs.
class RunningCommand {
 public:
  static RunningCommand start(const std::vector<std::string>& args,
                              const std::map<std::string, std::string>& env = {});
  ~RunningCommand();
  RunningCommand(RunningCommand&& other) noexcept;
  RunningCommand(const RunningCommand&) = delete;
  RunningCommand& operator=(const RunningCommand&) = delete;
  RunningCommand& operator=(RunningCommand&&) = delete;

  // Whether it still runs (it may have ended on its own, not yet waited for).
  bool running();
  // Sends `signal` if it still runs; true when it was still running.
  bool signal(int signal);
  // Waits for the end; exit_code is -1 when a signal ended it.
  CommandResult wait();

 private:
  RunningCommand() = default;

  pid_t pid_ = -1;
  std::optional<int> status_;
  std::filesystem::path out_path_;
  std::filesystem::path err_path_;
};

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
  // The destructor leaves the change-log audit out: for a server a test kills and starts again
  // many times on the same database, audited once at the end instead.
  void skip_audit() { audit_on_exit_ = false; }

 private:
  ServerProcess() = default;
  void audit_database() const;

  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
  std::filesystem::path stderr_path_;
  bool audit_on_exit_ = true;
  std::string data_dir_;      // --data, if given
  std::string database_url_;  // --database, if given
};

}  // namespace imaginecole::testing
