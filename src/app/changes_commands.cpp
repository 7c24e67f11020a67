// SPDX-License-Identifier: AGPL-3.0-or-later
// `imaginecole changes`: the change feed, for operators and tests; `changes compact` drops
// superseded lines; `imaginecole node show|new-epoch`: this server's identity.
#include <boost/json.hpp>

#include <cstdio>
#include <iostream>

#include "app/command_line.hpp"
#include "app/record_registry.hpp"
#include "core/errors.hpp"
#include "storage/change_feed.hpp"
#include "storage/node_identity.hpp"
#include "storage/open_database.hpp"

namespace imaginecole::app {
namespace {

struct ChangesSettings {
  std::string since;
  std::string country;
  std::string school;
  std::size_t limit = 500;
  bool json = false;
  int tombstone_days = 365;
};

boost::json::value optional_json(const std::optional<std::string>& text) {
  return text ? boost::json::value(*text) : boost::json::value(nullptr);
}

std::unique_ptr<storage::Database> open_for(const CommonSettings& common) {
  if (common.database_url.empty()) {
    require_data_dir(common);
  }
  return storage::open_database(platform_options(common).database);
}

int print_changes(const CommonSettings& common, const ChangesSettings& settings) {
  std::optional<storage::FeedCursor> since;
  if (!settings.since.empty()) {
    since = storage::FeedCursor::parse(settings.since);
    if (!since) {
      throw InvalidInput("--since '" + settings.since +
                         "' is not a cursor: give back the \"next\" value a previous call printed "
                         "(EPOCH.TX.SEQ)");
    }
  }
  const auto database = open_for(common);
  const auto identity = storage::load_node_identity(*database);
  storage::FeedFilter filter;
  if (!settings.country.empty()) {
    filter.country = settings.country;
  }
  if (!settings.school.empty()) {
    filter.school = settings.school;
  }
  storage::FeedPage page;
  try {
    auto connection = database->read();
    page = storage::read_changes(*connection, identity.epoch, since, filter, settings.limit);
  } catch (const storage::StaleCursor& stale) {
    throw InvalidInput(stale.what());
  }
  if (!settings.json) {
    for (const auto& line : page.lines) {
      std::printf("%s\t%s\t%s\t%s\t%s\t%s\n", line.cursor.text().c_str(), line.entity.c_str(),
                  line.id.c_str(), line.op.c_str(), line.country.value_or("-").c_str(),
                  line.school.value_or("-").c_str());
    }
    std::printf("next\t%s\n", page.next.text().c_str());
    return 0;
  }
  boost::json::array changes;
  for (const auto& line : page.lines) {
    changes.push_back(boost::json::object{{"cursor", line.cursor.text()},
                                          {"entity", line.entity},
                                          {"id", line.id},
                                          {"op", line.op},
                                          {"country", optional_json(line.country)},
                                          {"school", optional_json(line.school)},
                                          {"hlc", line.hlc},
                                          {"origin", line.origin_node}});
  }
  std::cout << boost::json::serialize(
                   boost::json::object{{"changes", std::move(changes)}, {"next", page.next.text()}})
            << '\n';
  return 0;
}

int compact(const CommonSettings& common, const ChangesSettings& settings) {
  const auto database = open_for(common);
  prepare_records(*database);
  const auto report = storage::compact_changes(*database, settings.tombstone_days);
  std::printf("Dropped %lld superseded lines and %lld tombstones older than %d days.\n",
              static_cast<long long>(report.superseded_dropped),
              static_cast<long long>(report.tombstones_dropped), settings.tombstone_days);
  return 0;
}

}  // namespace

CapabilityCommand add_changes_command(CLI::App& app, const CommonSettings& common) {
  auto settings = std::make_shared<ChangesSettings>();
  auto* changes = app.add_subcommand(
      "changes", "Print the change feed: what changed since a cursor, for a country or a school");
  changes->add_option(
      "--since", settings->since,
      "Cursor to read after (the \"next\" of a previous call); none: from the start");
  changes->add_option("--country", settings->country, "Only lines for this country (SN)");
  changes->add_option("--school", settings->school, "Only lines for this school code");
  changes->add_option("--limit", settings->limit, "How many lines at most")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  changes->add_flag("--json", settings->json, "Print JSON");
  auto* compact_command = changes->add_subcommand(
      "compact", "Drop lines superseded by a later line of the same row, and old tombstones");
  compact_command
      ->add_option("--tombstone-days", settings->tombstone_days,
                   "Keep tombstones this many days (a peer offline longer must read again from "
                   "the start)")
      ->check(CLI::Range(1, 36500))
      ->capture_default_str();
  compact_command->fallthrough();
  return {changes, [&common, settings, compact_command] {
            return compact_command->parsed() ? compact(common, *settings)
                                             : print_changes(common, *settings);
          }};
}

CapabilityCommand add_node_command(CLI::App& app, const CommonSettings& common) {
  auto* node = app.add_subcommand("node", "This server's identity in sync");
  node->require_subcommand(1);
  auto* show = node->add_subcommand("show", "Print the node id and its epoch");
  auto* new_epoch = node->add_subcommand(
      "new-epoch",
      "Start a new epoch (after restoring a backup in place): peers read this server again");
  show->fallthrough();
  new_epoch->fallthrough();
  return {node, [&common, new_epoch] {
            const auto database = open_for(common);
            auto identity = storage::load_node_identity(*database);
            if (new_epoch->parsed()) {
              identity.epoch = storage::start_new_epoch(*database);
            }
            std::printf("node %s\nepoch %s\n", identity.node_id.c_str(), identity.epoch.c_str());
            return 0;
          }};
}

}  // namespace imaginecole::app
