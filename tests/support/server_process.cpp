// SPDX-License-Identifier: AGPL-3.0-or-later
#include "support/server_process.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <utility>

#include "core/errors.hpp"
#include "core/ids.hpp"
#include "storage/open_database.hpp"
#include "support/change_log_audit.hpp"

extern char** environ;

namespace imaginecole::testing {
namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

pid_t spawn(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
            const fs::path& out_path, const fs::path& err_path) {
  std::vector<std::string> full = {IMAGINECOLE_BINARY};
  full.insert(full.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : full) {
    argv.push_back(arg.data());
  }
  argv.push_back(nullptr);

  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry = *e;
    const std::string name = entry.substr(0, entry.find('='));
    if (env.count(name) == 0) {
      env_strings.push_back(entry);
    }
  }
  for (const auto& [name, value] : env) {
    env_strings.push_back(name + "=" + value);
  }
  std::vector<char*> envp;
  for (auto& entry : env_strings) {
    envp.push_back(entry.data());
  }
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    throw std::runtime_error("cannot start " + full[0]);
  }
  return pid;
}

int exit_code_of(int status) {
  if (WIFEXITED(status)) {
    return WEXITSTATUS(status);
  }
  return -1;
}

fs::path scratch(const std::string& suffix) {
  return fs::temp_directory_path() / ("imaginecole-proc-" + core::new_id() + suffix);
}

}  // namespace

CommandResult run_imaginecole(const std::vector<std::string>& args,
                              const std::map<std::string, std::string>& env) {
  const fs::path out = scratch(".out");
  const fs::path err = scratch(".err");
  const pid_t pid = spawn(args, env, out, err);
  int status = 0;
  waitpid(pid, &status, 0);
  CommandResult result{exit_code_of(status), read_file(out), read_file(err)};
  std::error_code ec;
  fs::remove(out, ec);
  fs::remove(err, ec);
  return result;
}

RunningCommand RunningCommand::start(const std::vector<std::string>& args,
                                     const std::map<std::string, std::string>& env) {
  RunningCommand command;
  command.out_path_ = scratch(".out");
  command.err_path_ = scratch(".err");
  command.pid_ = spawn(args, env, command.out_path_, command.err_path_);
  return command;
}

RunningCommand::RunningCommand(RunningCommand&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      status_(std::exchange(other.status_, std::nullopt)),
      out_path_(std::exchange(other.out_path_, {})),
      err_path_(std::exchange(other.err_path_, {})) {}

RunningCommand::~RunningCommand() {
  if (pid_ > 0 && !status_) {
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  std::error_code ec;
  if (!out_path_.empty()) {
    fs::remove(out_path_, ec);
  }
  if (!err_path_.empty()) {
    fs::remove(err_path_, ec);
  }
}

bool RunningCommand::running() {
  if (pid_ <= 0 || status_) {
    return false;
  }
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    status_ = status;
    return false;
  }
  return true;
}

bool RunningCommand::signal(int signal) {
  if (!running()) {
    return false;
  }
  kill(pid_, signal);
  return true;
}

CommandResult RunningCommand::wait() {
  if (pid_ > 0 && !status_) {
    int status = 0;
    waitpid(pid_, &status, 0);
    status_ = status;
  }
  return CommandResult{status_ ? exit_code_of(*status_) : -1, read_file(out_path_),
                       read_file(err_path_)};
}

ServerProcess ServerProcess::start(const std::vector<std::string>& args,
                                   const std::map<std::string, std::string>& env) {
  ServerProcess process;
  process.stderr_path_ = scratch(".err");
  std::vector<std::string> full = {"serve", "--listen", "127.0.0.1:0", "--access-log", "off"};
  full.insert(full.end(), args.begin(), args.end());
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == "--data") {
      process.data_dir_ = args[i + 1];
    } else if (args[i] == "--database") {
      process.database_url_ = args[i + 1];
    }
  }
  process.pid_ = spawn(full, env, "/dev/null", process.stderr_path_);
  // std::regex trips GCC 12's -Wmaybe-uninitialized under the sanitizers: parse by hand.
  constexpr std::string_view kListening = "listening on http://127.0.0.1:";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string text = read_file(process.stderr_path_);
    if (const auto at = text.find(kListening); at != std::string::npos) {
      const auto digits = at + kListening.size();
      const auto end = text.find_first_not_of("0123456789", digits);
      if (end != std::string::npos && end > digits) {
        process.port_ = static_cast<std::uint16_t>(std::stoi(text.substr(digits, end - digits)));
        return process;
      }
    }
    int status = 0;
    if (waitpid(process.pid_, &status, WNOHANG) == process.pid_) {
      process.pid_ = -1;
      throw std::runtime_error("imaginecole serve exited early (code " +
                               std::to_string(exit_code_of(status)) + "): " + text);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const std::string text = read_file(process.stderr_path_);
  throw std::runtime_error("imaginecole serve did not start within 30 s: " + text);
}

ServerProcess::ServerProcess(ServerProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      port_(other.port_),
      stderr_path_(std::move(other.stderr_path_)),
      audit_on_exit_(other.audit_on_exit_),
      data_dir_(std::exchange(other.data_dir_, {})),
      database_url_(std::exchange(other.database_url_, {})) {}

int ServerProcess::stop(int signal, std::chrono::milliseconds timeout) {
  if (pid_ <= 0) {
    return -1;
  }
  kill(pid_, signal);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return exit_code_of(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return -1;
}

std::string ServerProcess::stderr_text() const {
  return read_file(stderr_path_);
}

void ServerProcess::audit_database() const {
  if (data_dir_.empty() && database_url_.empty()) {
    return;
  }
  std::unique_ptr<storage::Database> database;
  try {
    database =
        storage::open_database({.data_dir = data_dir_, .url = database_url_, .pool_size = 1});
  } catch (const StorageError&) {
    return;  // the test removed or broke its database on purpose
  }
  try {
    auto connection = database->read();
    if (!connection->query_one("SELECT 1 FROM node_settings WHERE key = 'change_triggers'")) {
      return;  // the layer was never installed (a server that failed to start)
    }
    const auto problems = audit_change_log(*connection);
    if (!problems.empty()) {
      ADD_FAILURE() << "the server's writes broke the change log's promise (" << problems.size()
                    << " problems), first: " << problems.front();
    }
  } catch (const StorageError& error) {
    ADD_FAILURE() << "cannot audit the server's database: " << error.what();
  }
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    stop(SIGTERM);
  }
  if (!stderr_path_.empty() && audit_on_exit_) {
    audit_database();
  }
  if (!stderr_path_.empty()) {
    std::error_code ec;
    fs::remove(stderr_path_, ec);
  }
}

}  // namespace imaginecole::testing
