// SPDX-License-Identifier: AGPL-3.0-or-later
// `imaginecole backup --to FILE` and `imaginecole restore FILE` (decision 0048).
//
// The backup copies the SQLite database with VACUUM INTO (a consistent snapshot taken while a
// server goes on serving and writing), then the media files. Media are content-addressed and
// never rewritten, and they are listed after the snapshot, so every file the snapshot names is
// there. On PostgreSQL, pg_dump and pg_restore do the database's part (README, "Backups").
//
// The restore checks the whole file before writing anything, refuses a data folder that is not
// empty unless --force, and starts a new epoch: the restored data goes back in time, so change
// positions that peers already acknowledged must never be reused (decision 0018).
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "app/backup_archive.hpp"
#include "app/command_line.hpp"
#include "core/clock.hpp"
#include "core/errors.hpp"
#include "core/version.hpp"
#include "media/durable_file.hpp"
#include "storage/migrations.hpp"
#include "storage/node_identity.hpp"
#include "storage/open_database.hpp"
#include "storage/sqlite/sqlite_snapshot.hpp"

namespace imaginecole::app {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kMediaPrefix = "media/";

struct BackupSettings {
  std::string to;
};

struct RestoreSettings {
  std::string file;
  bool force = false;
};

// Removes a file when the scope ends (the snapshot beside the backup file).
class RemovedAtExit {
 public:
  explicit RemovedAtExit(fs::path path) : path_(std::move(path)) {}
  ~RemovedAtExit() {
    std::error_code ignored;
    fs::remove(path_, ignored);
  }
  RemovedAtExit(const RemovedAtExit&) = delete;
  RemovedAtExit& operator=(const RemovedAtExit&) = delete;

 private:
  fs::path path_;
};

[[noreturn]] void refuse_postgres(std::string_view command) {
  throw ConfigError(std::string(command) +
                    " works on a data folder's SQLite database. On PostgreSQL, use pg_dump and "
                    "pg_restore, then `imaginecole node new-epoch --database URL` (README, "
                    "\"Backups\"); the media folder is copied apart.");
}

// Every file of the media store but its temporaries, as parts named media/<path>.
std::vector<PartSource> media_parts(const fs::path& root) {
  std::vector<PartSource> parts;
  std::error_code error;
  if (!fs::is_directory(root, error)) {
    return parts;
  }
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
       ++it) {
    if (it.depth() == 0 && it->is_directory() && it->path().filename() == "tmp") {
      it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file()) {
      continue;
    }
    std::string name =
        std::string(kMediaPrefix) + it->path().lexically_relative(root).generic_string();
    parts.push_back(PartSource{
        .part = describe_file(std::move(name), it->path()), .file = it->path(), .compress = false});
  }
  return parts;
}

int run_backup(const CommonSettings& common, const BackupSettings& settings) {
  if (!common.database_url.empty()) {
    refuse_postgres("backup");
  }
  require_data_dir(common);
  const fs::path database = fs::path(common.data_dir) / storage::kSqliteFileName;
  std::error_code error;
  if (!fs::is_regular_file(database, error)) {
    throw ConfigError("no database in " + common.data_dir + " (" + database.string() +
                      " is missing)");
  }
  const fs::path target = fs::absolute(settings.to);
  if (!fs::is_directory(target.parent_path(), error)) {
    throw ConfigError("the folder of --to does not exist: " + target.parent_path().string());
  }
  if (fs::is_directory(target, error)) {
    throw ConfigError("--to names a folder; give a file name: " + target.string());
  }
  const fs::path snapshot = target.parent_path() / ("." + target.filename().string() +
                                                    ".snapshot-" + std::to_string(::getpid()));
  RemovedAtExit remove_snapshot(snapshot);
  fs::remove(snapshot, error);
  try {
    storage::snapshot_sqlite(database, snapshot);
    const storage::SnapshotFacts facts = storage::read_snapshot_facts(snapshot);
    std::vector<PartSource> parts;
    parts.push_back(PartSource{
        .part = describe_file("imaginecole.db", snapshot), .file = snapshot, .compress = true});
    auto media = media_parts(media_folder(common));
    const std::size_t media_count = media.size();
    std::move(media.begin(), media.end(), std::back_inserter(parts));

    BackupManifest manifest{.version = kVersion,
                            .backend = "sqlite",
                            .schema_version = facts.schema_version,
                            .node_id = facts.node_id,
                            .epoch = facts.epoch,
                            .created_at = core::now_timestamp(),
                            .counts = facts.counts};
    for (const auto& source : parts) {
      manifest.parts.push_back(source.part);
    }
    write_backup_archive(target, manifest, parts);
    std::printf("Backup written to %s: schema %d, node %s, epoch %s, %zu media files, %ju bytes.\n",
                target.string().c_str(), facts.schema_version, facts.node_id.c_str(),
                facts.epoch.c_str(), media_count,
                static_cast<std::uintmax_t>(fs::file_size(target)));
  } catch (const std::runtime_error& failure) {
    // Whole or nothing: the helpers removed their temporaries; an older file at `target`, if
    // any, is untouched.
    throw std::runtime_error(std::string("backup failed, nothing was written to ") +
                             target.string() + ": " + failure.what());
  }
  return 0;
}

bool folder_has_entries(const fs::path& folder) {
  std::error_code error;
  return fs::is_directory(folder, error) &&
         fs::directory_iterator(folder, error) != fs::directory_iterator();
}

int latest_known_schema() {
  const auto known = storage::known_migrations(storage::Backend::sqlite);
  return known.empty() ? 0 : known.back().version;
}

int run_restore(const CommonSettings& common, const RestoreSettings& settings) {
  if (!common.database_url.empty()) {
    refuse_postgres("restore");
  }
  require_data_dir(common);
  const fs::path data_dir = common.data_dir;
  const fs::path media_root = media_folder(common);
  // Checked first: a refusal costs no reading of a large file.
  if (!settings.force && (folder_has_entries(data_dir) ||
                          (!common.media_dir.empty() && folder_has_entries(media_root)))) {
    throw ConfigError("the data folder " + data_dir.string() +
                      " is not empty: restore into a new folder, or give --force to replace its "
                      "database (stop its server first)");
  }
  const BackupReader reader(settings.file);
  const BackupManifest& manifest = reader.manifest();
  if (manifest.backend != "sqlite") {
    throw InvalidInput("the backup holds a " + manifest.backend +
                       " database, which restore cannot load");
  }
  if (manifest.schema_version > latest_known_schema()) {
    throw InvalidInput("the backup was made by a newer Imaginécole (" + manifest.version +
                       ", schema " + std::to_string(manifest.schema_version) +
                       "); this one knows schema " + std::to_string(latest_known_schema()) +
                       ": restore it with that version or a later one");
  }
  const BackupPart* database_part = nullptr;
  media::create_folders_durably(data_dir);
  media::create_folders_durably(media_root / "tmp");
  std::size_t media_count = 0;
  for (const auto& part : manifest.parts) {
    if (part.name == storage::kSqliteFileName) {
      database_part = &part;
      continue;
    }
    // Content-addressed files already present with their size are the same bytes.
    const fs::path target = media_root / part.name.substr(kMediaPrefix.size());
    std::error_code error;
    if (fs::is_regular_file(target, error) && fs::file_size(target, error) == part.size) {
      continue;
    }
    reader.extract(part, media_root / "tmp", target);
    ++media_count;
  }
  if (database_part == nullptr) {
    throw InvalidInput("the backup holds no database");
  }
  // The database last, under a temporary name: an interrupted restore leaves no database
  // that looks complete.
  const fs::path database = data_dir / storage::kSqliteFileName;
  const fs::path incoming = data_dir / ".restoring.db";
  RemovedAtExit remove_incoming(incoming);
  reader.extract(*database_part, data_dir, incoming);
  // The journal of a replaced database must not be replayed onto the restored one.
  for (const char* suffix : {"-wal", "-shm", "-journal"}) {
    std::error_code error;
    fs::remove(fs::path(database.string() + suffix), error);
  }
  if (std::rename(incoming.c_str(), database.c_str()) != 0) {
    throw std::runtime_error("cannot rename " + incoming.string() + " to " + database.string());
  }
  media::sync_folder(data_dir);

  auto opened =
      storage::open_database(storage::DatabaseConfig{.data_dir = data_dir, .pool_size = 1});
  auto identity = storage::load_node_identity(*opened);
  // Usually new already (a restored file is a new file); not when the file system gave the
  // new file the inode of the one it replaced.
  if (!identity.epoch_is_new || identity.epoch == manifest.epoch) {
    identity.epoch = storage::start_new_epoch(*opened);
  }
  std::printf(
      "Restored %s into %s: schema %d, node %s, %zu media files written. New epoch %s (the "
      "backup's was %s): peers will read this server again from the start.\n",
      settings.file.c_str(), data_dir.string().c_str(), manifest.schema_version,
      identity.node_id.c_str(), media_count, identity.epoch.c_str(), manifest.epoch.c_str());
  return 0;
}

}  // namespace

CapabilityCommand add_backup_command(CLI::App& app, const CommonSettings& common) {
  auto settings = std::make_shared<BackupSettings>();
  auto* backup = app.add_subcommand(
      "backup", "Write a backup file (database snapshot and media) while the server serves");
  backup->add_option("--to", settings->to, "The backup file to write (a zip archive)")->required();
  return {backup, [&common, settings] { return run_backup(common, *settings); }};
}

CapabilityCommand add_restore_command(CLI::App& app, const CommonSettings& common) {
  auto settings = std::make_shared<RestoreSettings>();
  auto* restore = app.add_subcommand(
      "restore", "Restore a backup file into a data folder, with a new epoch for sync");
  restore->add_option("file", settings->file, "The backup file")
      ->required()
      ->check(CLI::ExistingFile);
  restore->add_flag("--force", settings->force,
                    "Replace the database of a data folder that is not empty (stop its server "
                    "first)");
  return {restore, [&common, settings] { return run_restore(common, *settings); }};
}

}  // namespace imaginecole::app
