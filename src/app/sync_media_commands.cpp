// SPDX-License-Identifier: AGPL-3.0-or-later
// `imaginecole sync media --hub URL`: on a school server, fetches from the hub the media files
// (originals and renditions) that the synced rows name and the store lacks, small ones first,
// resuming cut transfers (sync/media_fetch.hpp, decision 0042). Exit 0 when every file is here
// or deferred by --max-bytes, 1 when some could not be fetched or the hub was unreachable, 2 for
// unusable input.
#include <algorithm>
#include <cstdio>
#include <memory>

#include "app/command_line.hpp"
#include "app/sync_media.hpp"
#include "core/errors.hpp"
#include "media/media_store.hpp"
#include "storage/open_database.hpp"
#include "sync/bundle_files.hpp"
#include "sync/media_fetch.hpp"

namespace imaginecole::app {
namespace {

struct MediaSyncSettings {
  std::string hub_url;
  std::string proxy_url;
  std::string max_bytes;
};

std::string human_size(std::uint64_t bytes) {
  char text[32] = {};
  if (bytes >= 1024 * 1024) {
    std::snprintf(text, sizeof(text), "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  } else if (bytes >= 1024) {
    std::snprintf(text, sizeof(text), "%.1f KB", static_cast<double>(bytes) / 1024.0);
  } else {
    std::snprintf(text, sizeof(text), "%llu B", static_cast<unsigned long long>(bytes));
  }
  return text;
}

std::string described(const media::MediaFile& file) {
  return file.hash.substr(0, 12) + " " + (file.variant.empty() ? file.type : file.variant) + " (" +
         human_size(file.size) + ")";
}

int run_media_sync(const CommonSettings& common, const MediaSyncSettings& settings) {
  std::uint64_t max_bytes = 0;
  if (!settings.max_bytes.empty()) {
    const auto parsed = sync::parse_size(settings.max_bytes);
    if (!parsed) {
      throw InvalidInput("--max-bytes '" + settings.max_bytes +
                         "' is not a size (e.g. 5000000, 650K, 20M, 1G)");
    }
    max_bytes = *parsed;
  }
  if (common.data_dir.empty() && common.media_dir.empty()) {
    throw ConfigError("--data DIR (or --media DIR) is needed: the media files are stored there");
  }
  if (common.database_url.empty()) {
    require_data_dir(common);
  }
  const auto database = storage::open_database(platform_options(common).database);
  media::MediaStore store(media_folder(common));
  const sync::MediaFetchReport report =
      sync::fetch_missing_media(sync::MediaFetchOptions{.database = *database,
                                                        .store = store,
                                                        .hub_url = settings.hub_url,
                                                        .proxy_url = settings.proxy_url,
                                                        .max_bytes = max_bytes});
  return print_media_fetch_report(report);
}

}  // namespace

int print_media_fetch_report(const sync::MediaFetchReport& report) {
  for (const sync::MediaFetchItem& item : report.items) {
    const bool fine =
        item.outcome == sync::FetchOutcome::fetched || item.outcome == sync::FetchOutcome::deferred;
    std::FILE* out = fine ? stdout : stderr;
    std::fprintf(out, "%s %s%s%s%s\n", std::string(sync::outcome_name(item.outcome)).c_str(),
                 described(item.file).c_str(), item.resumed ? ", resumed" : "",
                 item.message.empty() || item.outcome == sync::FetchOutcome::fetched ? "" : ": ",
                 item.outcome == sync::FetchOutcome::fetched ? "" : item.message.c_str());
  }
  std::printf(
      "Media: %zu fetched (%zu resumed), %zu already here, %zu deferred to the next run, %zu "
      "failed; %s downloaded.\n",
      report.count(sync::FetchOutcome::fetched),
      static_cast<std::size_t>(std::count_if(report.items.begin(), report.items.end(),
                                             [](const auto& item) {
                                               return item.resumed &&
                                                      item.outcome == sync::FetchOutcome::fetched;
                                             })),
      report.already_present, report.count(sync::FetchOutcome::deferred),
      report.items.size() - report.count(sync::FetchOutcome::fetched) -
          report.count(sync::FetchOutcome::deferred),
      human_size(report.downloaded).c_str());
  if (!report.unreachable.empty()) {
    std::fprintf(stderr, "imaginecole: %s; run `imaginecole sync media` again when it is back\n",
                 report.unreachable.c_str());
  }
  return report.ok() ? 0 : 1;
}

CapabilityCommand add_sync_media_command(CLI::App& app, const CommonSettings& common) {
  auto settings = std::make_shared<MediaSyncSettings>();
  CLI::App* sync = nullptr;
  try {
    sync = app.get_subcommand("sync");
  } catch (const CLI::OptionNotFound&) {
    sync = app.add_subcommand("sync", "Sync with a hub or school servers");
    sync->fallthrough();
  }
  auto* command = sync->add_subcommand(
      "media", "Fetch from the hub the media files the synced lessons use (small ones first)");
  command->add_option("--hub", settings->hub_url, "The hub's URL (http://host:port)")->required();
  command->add_option("--proxy", settings->proxy_url, "A plain HTTP proxy (http://host:port)")
      ->envname("IMAGINECOLE_HTTP_PROXY");
  command->add_option("--max-bytes", settings->max_bytes,
                      "Download at most this much in this run (650K, 20M, 1G); the rest waits "
                      "for the next run");
  return {command, [&common, settings] { return run_media_sync(common, *settings); }};
}

}  // namespace imaginecole::app
