// SPDX-License-Identifier: AGPL-3.0-or-later
#include "media/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <stdexcept>

extern char** environ;

namespace imaginecole::media {

Child spawn(const std::vector<std::string>& args, const std::filesystem::path& error_file) {
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
    throw std::runtime_error("cannot create a pipe");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
  posix_spawn_file_actions_addopen(&actions, 2, error_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (const std::string& arg : args) {
    argv.push_back(const_cast<char*>(arg.c_str()));
  }
  argv.push_back(nullptr);
  pid_t pid = -1;
  const int failed =
      posix_spawn(&pid, args.front().c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  if (failed != 0) {
    close(pipe_fds[0]);
    throw std::runtime_error("cannot start " + args.front());
  }
  return Child{.pid = pid, .out = pipe_fds[0]};
}

int finish(Child child, const std::function<void(std::string_view line)>& on_line,
           std::optional<std::chrono::milliseconds> deadline) {
  const auto until = std::chrono::steady_clock::now() + deadline.value_or(std::chrono::hours(0));
  bool killed = false;
  std::string pending;
  char chunk[4096];
  while (true) {
    if (deadline && !killed) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          until - std::chrono::steady_clock::now());
      pollfd watched{.fd = child.out, .events = POLLIN, .revents = 0};
      const int ready = left.count() > 0 ? poll(&watched, 1, static_cast<int>(left.count())) : 0;
      if (ready < 0 && errno == EINTR) {
        continue;
      }
      if (ready == 0) {
        kill(child.pid, SIGKILL);  // too slow: its output no longer matters
        killed = true;
      }
    }
    const ssize_t got = read(child.out, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got <= 0) {
      break;
    }
    pending.append(chunk, static_cast<std::size_t>(got));
    std::size_t newline = 0;
    while ((newline = pending.find('\n')) != std::string::npos) {
      on_line(std::string_view(pending).substr(0, newline));
      pending.erase(0, newline + 1);
    }
  }
  close(child.out);
  int status = 0;
  while (waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string last_line(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string line;
  std::string last;
  while (std::getline(in, line)) {
    if (!line.empty()) {
      last = line;
    }
  }
  return last.substr(0, 300);
}

}  // namespace imaginecole::media
