// SPDX-License-Identifier: AGPL-3.0-or-later
// What the subcommands share: the common settings (data folder, database URL, pool) and the way
// a capability adds its own subcommands (`imaginecole import roster`, `import questions`, ...)
// without touching the others: a function that adds the subcommand under its parent and
// returns what to run when it is chosen. The function is listed once in commands.cpp.
#pragma once

#include <CLI/CLI.hpp>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>

#include "app/platform.hpp"

namespace imaginecole::app {

struct CommonSettings {
  std::string data_dir;
  std::string database_url;
  std::size_t pool_size = 8;
  // --media DIR: media apart from the data folder (a filesystem shared by several app servers
  // on one PostgreSQL); empty: <data>/media.
  std::string media_dir;
};

PlatformOptions platform_options(const CommonSettings& common);
// ConfigError when --data is missing (callers skip it when --database is given and no
// data folder is needed).
void require_data_dir(const CommonSettings& common);

// Adds --media DIR (IMAGINECOLE_MEDIA, `media = "..."` in the configuration file) to `app`;
// defined in app/media_folder.cpp.
void add_media_option(CLI::App& app, CommonSettings& common);
// The media folder the settings name: --media, or <data>/media.
std::filesystem::path media_folder(const CommonSettings& common);

// A subcommand of a capability. `run` is called after parsing, when `command` was chosen; it
// returns the exit code (0 done, 2 unusable input, 3 database) and may throw ConfigError,
// InvalidInput (exit 2) or StorageError (exit 3) like the built-in commands.
struct CapabilityCommand {
  CLI::App* command = nullptr;
  std::function<int()> run;
};

// Capability commands (each defined in its own src/app/<part>_commands.cpp).
CapabilityCommand add_import_roster_command(CLI::App& import_command, const CommonSettings& common);

CapabilityCommand add_import_questions_command(CLI::App& import_command,
                                               const CommonSettings& common);
CapabilityCommand add_export_questions_command(CLI::App& export_command,
                                               const CommonSettings& common);
CapabilityCommand add_export_zim_command(CLI::App& export_command, const CommonSettings& common);
CapabilityCommand add_export_booklet_command(CLI::App& export_command,
                                             const CommonSettings& common);
CapabilityCommand add_publish_zim_command(CLI::App& publish_command, const CommonSettings& common);
CapabilityCommand add_changes_command(CLI::App& app, const CommonSettings& common);
CapabilityCommand add_node_command(CLI::App& app, const CommonSettings& common);
CapabilityCommand add_hub_command(CLI::App& app, const CommonSettings& common);
CapabilityCommand add_sync_command(CLI::App& app, const CommonSettings& common);
CapabilityCommand add_sync_collect_command(CLI::App& app, const CommonSettings& common);
CapabilityCommand add_sync_apply_command(CLI::App& app, const CommonSettings& common);
CapabilityCommand add_sync_media_command(CLI::App& app, const CommonSettings& common);
CapabilityCommand add_backup_command(CLI::App& app, const CommonSettings& common);
CapabilityCommand add_restore_command(CLI::App& app, const CommonSettings& common);
CapabilityCommand add_demo_pupils_command(CLI::App& demo_command, const CommonSettings& common);

}  // namespace imaginecole::app
