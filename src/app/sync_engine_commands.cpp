// SPDX-License-Identifier: AGPL-3.0-or-later
// `imaginecole sync collect` and `sync apply`: the sync engine's payloads by hand, for
// operators and tests (hidden from --help). They carry no signature nor encryption: the
// commands people use (`sync export`, `sync import`, `sync --hub`) wrap the same payload in
// the paired peers' envelope.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>

#include "app/command_line.hpp"
#include "core/errors.hpp"
#include "media/durable_file.hpp"
#include "storage/change_feed.hpp"
#include "storage/open_database.hpp"
#include "sync/engine.hpp"

namespace imaginecole::app {
namespace {

struct PeerSettings {
  std::string node;
  std::string role = "school";
  std::string country;
  std::string school;
  std::vector<std::string> levels;
  std::vector<std::string> subjects;
  std::string since;
  std::size_t limit = 5000;
  std::string file;
};

CLI::App* sync_command(CLI::App& app) {
  try {
    return app.get_subcommand("sync");
  } catch (const CLI::OptionNotFound&) {
    auto* sync = app.add_subcommand("sync", "Sync with a hub or school servers");
    sync->fallthrough();  // `sync collect ... --data DIR`: common options reach the app
    return sync;
  }
}

void add_peer_options(CLI::App& command, PeerSettings& settings) {
  command.add_option("--peer", settings.node, "The peer's node id (`imaginecole node show`)")
      ->required();
  command.add_option("--peer-role", settings.role, "hub or school")
      ->check(CLI::IsMember({"hub", "school"}))
      ->capture_default_str();
  command.add_option("--country", settings.country, "The school's country (SN)")->required();
  command.add_option("--school", settings.school, "The school's code (DKR001)")->required();
  command.add_option("--level", settings.levels, "A level chosen for the school (repeat)");
  command.add_option("--subject", settings.subjects, "A subject chosen for the school (repeat)");
}

sync::PeerScope peer_scope(const PeerSettings& settings) {
  return {.node_id = settings.node,
          .role = settings.role == "hub" ? sync::PeerRole::hub : sync::PeerRole::school,
          .country = settings.country,
          .school = settings.school,
          .levels = settings.levels,
          .subjects = settings.subjects};
}

std::unique_ptr<storage::Database> open_for(const CommonSettings& common) {
  if (common.database_url.empty()) {
    require_data_dir(common);
  }
  return storage::open_database(platform_options(common).database);
}

int collect(const CommonSettings& common, const PeerSettings& settings) {
  std::optional<storage::FeedCursor> since;
  if (!settings.since.empty()) {
    since = storage::FeedCursor::parse(settings.since);
    if (!since) {
      throw InvalidInput("--since '" + settings.since + "' is not a cursor (EPOCH.TX.SEQ)");
    }
  }
  const auto database = open_for(common);
  std::string payload;
  try {
    payload = sync::collect_outgoing(*database, peer_scope(settings), since, settings.limit);
  } catch (const storage::StaleCursor& stale) {
    throw InvalidInput(stale.what());
  }
  // Whole or not at all: a full disk must not leave a truncated payload under its name.
  const std::filesystem::path target = std::filesystem::absolute(settings.file);
  try {
    media::TemporaryFile file(target.parent_path());
    file.write(payload);
    file.commit_as(target);
  } catch (const std::runtime_error& failure) {
    throw ConfigError("cannot write " + settings.file + ", nothing was written: " + failure.what());
  }
  std::printf("Wrote %zu bytes to %s\n", payload.size(), settings.file.c_str());
  return 0;
}

int apply(const CommonSettings& common, const PeerSettings& settings) {
  std::ifstream in(settings.file, std::ios::binary);
  if (!in) {
    throw InvalidInput("cannot read " + settings.file);
  }
  const std::string payload((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto database = open_for(common);
  const auto report = sync::apply_incoming(*database, peer_scope(settings), payload);
  if (!report.applied) {
    std::fprintf(stderr, "imaginecole: payload refused, nothing changed: %s\n",
                 report.refused.c_str());
    return 2;
  }
  std::printf(
      "Applied: %lld inserted, %lld updated, %lld deleted, %lld unchanged, %lld erased here.\n"
      "Next cursor: %s%s\n",
      static_cast<long long>(report.rows_inserted), static_cast<long long>(report.rows_updated),
      static_cast<long long>(report.rows_deleted), static_cast<long long>(report.rows_unchanged),
      static_cast<long long>(report.rows_erased), report.next_cursor.c_str(),
      report.more ? " (more to come)" : "");
  return 0;
}

}  // namespace

CapabilityCommand add_sync_collect_command(CLI::App& app, const CommonSettings& common) {
  auto settings = std::make_shared<PeerSettings>();
  auto* command = sync_command(app)->add_subcommand(
      "collect", "Write the rows a peer may receive since a cursor (unsealed payload)");
  command->group("");  // an operator's tool: people use `sync export` and `sync --hub`
  add_peer_options(*command, *settings);
  command->add_option("--since", settings->since, "The peer's cursor (none: from the start)");
  command->add_option("--limit", settings->limit, "Rows at most")->check(CLI::Range(1, 1000000));
  command->add_option("--out", settings->file, "Payload file to write")->required();
  return {command, [&common, settings] { return collect(common, *settings); }};
}

CapabilityCommand add_sync_apply_command(CLI::App& app, const CommonSettings& common) {
  auto settings = std::make_shared<PeerSettings>();
  auto* command =
      sync_command(app)->add_subcommand("apply", "Apply a peer's unsealed payload, all or nothing");
  command->group("");
  add_peer_options(*command, *settings);
  command->add_option("file", settings->file, "Payload file")->required();
  return {command, [&common, settings] { return apply(common, *settings); }};
}

}  // namespace imaginecole::app
