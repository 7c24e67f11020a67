// SPDX-License-Identifier: AGPL-3.0-or-later
// Where media live. By default in the data folder (media/); with --media DIR anywhere else,
// typically a shared filesystem (NFS, CephFS) mounted on every app server of one PostgreSQL,
// so that a file uploaded through one server is served by all. The store's temporary files
// live in that folder too (DIR/tmp), so renaming them to their final names stays atomic on the
// shared filesystem.
#include "app/command_line.hpp"

namespace imaginecole::app {

void add_media_option(CLI::App& app, CommonSettings& common) {
  // The folder must exist: when a shared filesystem is not mounted, silently filling an empty
  // local folder would hide the files from the other servers (and theirs from this one).
  app.add_option("--media", common.media_dir,
                 "Media folder apart from the data folder (a filesystem shared by several "
                 "servers on one PostgreSQL); it must exist. Default: DATA/media")
      ->envname("IMAGINECOLE_MEDIA")
      ->check(CLI::ExistingDirectory);
}

std::filesystem::path media_folder(const CommonSettings& common) {
  if (!common.media_dir.empty()) {
    return common.media_dir;
  }
  return media_dir(common.data_dir);
}

}  // namespace imaginecole::app
