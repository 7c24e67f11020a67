// SPDX-License-Identifier: AGPL-3.0-or-later
#include "media/durable_file.hpp"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace imaginecole::media {
namespace fs = std::filesystem;

namespace {

std::runtime_error failure(const std::string& what, const fs::path& path, int error) {
  return std::runtime_error(what + " " + path.string() + ": " + std::strerror(error));
}

}  // namespace

TemporaryFile::TemporaryFile(const fs::path& folder) {
  std::string name = (folder / "tmp-XXXXXX").string();
  fd_ = mkostemp(name.data(), O_CLOEXEC);
  if (fd_ < 0) {
    throw failure("cannot create a temporary file in", folder, errno);
  }
  path_ = name;
  // mkostemp makes the file private (0600); stored media are read by whoever serves them.
  fchmod(fd_, 0644);
}

TemporaryFile::~TemporaryFile() {
  if (fd_ >= 0) {
    close(fd_);
  }
  if (!committed_) {
    std::error_code ec;
    fs::remove(path_, ec);
  }
}

void TemporaryFile::write(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd_, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) {
        continue;
      }
      throw failure("cannot write", path_, errno);
    }
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
}

void TemporaryFile::commit_as(const fs::path& target) {
  if (fsync(fd_) != 0) {
    throw failure("cannot write to disk", path_, errno);
  }
  // close() may report a delayed write error (NFS reports them there).
  const int fd = fd_;
  fd_ = -1;
  if (close(fd) != 0) {
    throw failure("cannot write to disk", path_, errno);
  }
  create_folders_durably(target.parent_path());
  if (std::rename(path_.c_str(), target.c_str()) != 0) {
    throw failure("cannot rename into", target, errno);
  }
  committed_ = true;
  sync_folder(target.parent_path());
}

void sync_folder(const fs::path& folder) {
  const int fd = open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    throw failure("cannot open folder", folder, errno);
  }
  const int synced = fsync(fd);
  const int error = errno;
  close(fd);
  // Some filesystems cannot fsync a folder (EINVAL): their renames are as durable as they get.
  if (synced != 0 && error != EINVAL) {
    throw failure("cannot write to disk folder", folder, error);
  }
}

void create_folders_durably(const fs::path& folder) {
  std::vector<fs::path> missing;
  std::error_code ec;
  for (fs::path at = folder; !at.empty() && !fs::is_directory(at, ec); at = at.parent_path()) {
    missing.push_back(at);
    if (at == at.parent_path()) {
      break;
    }
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    // Another server on the shared folder may create the same folder at the same moment.
    if (mkdir(it->c_str(), 0755) != 0 && errno != EEXIST) {
      throw failure("cannot create folder", *it, errno);
    }
    sync_folder(it->parent_path().empty() ? fs::path(".") : it->parent_path());
  }
}

void move_durably(const fs::path& file, const fs::path& target) {
  const int fd = open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    throw failure("cannot open", file, errno);
  }
  const int synced = fsync(fd);
  const int error = errno;
  const int closed = close(fd);
  if (synced != 0 || closed != 0) {
    throw failure("cannot write to disk", file, synced != 0 ? error : errno);
  }
  create_folders_durably(target.parent_path());
  if (std::rename(file.c_str(), target.c_str()) != 0) {
    throw failure("cannot rename into", target, errno);
  }
  sync_folder(target.parent_path());
}

}  // namespace imaginecole::media
