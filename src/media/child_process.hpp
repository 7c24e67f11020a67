// SPDX-License-Identifier: AGPL-3.0-or-later
// Running ffmpeg and ffprobe: a child process with its standard output on a pipe read line by
// line, its standard error in a file, and an optional deadline after which it is killed.
#pragma once

#include <sys/types.h>
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace imaginecole::media {

struct Child {
  pid_t pid = -1;
  int out = -1;
};

// Starts args[0] (a full path) with stdin from /dev/null; std::runtime_error when it cannot.
Child spawn(const std::vector<std::string>& args, const std::filesystem::path& error_file);

// Reads the child's output line by line until it ends, then returns its exit status (128 +
// the signal when killed). Past `deadline` (from now) the child is killed.
int finish(Child child, const std::function<void(std::string_view line)>& on_line,
           std::optional<std::chrono::milliseconds> deadline = std::nullopt);

// The last non-empty line of a file (an error log), at most 300 bytes.
std::string last_line(const std::filesystem::path& file);

}  // namespace imaginecole::media
