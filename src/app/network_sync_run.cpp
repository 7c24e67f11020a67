// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/network_sync_run.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "app/sync_media.hpp"
#include "app/sync_payload.hpp"
#include "core/errors.hpp"
#include "sync/hub_client.hpp"
#include "sync/media_fetch.hpp"
#include "sync/network_sync.hpp"
#include "sync/peers.hpp"

namespace imaginecole::app {
namespace {

// An exclusive lock on a file of the data folder, released when the process ends or the run
// does: a scheduled run and a run by hand never overlap (flock locks per open file, so two
// threads of one server exclude each other too).
class SyncLock {
 public:
  explicit SyncLock(const std::filesystem::path& data_dir) {
    if (data_dir.empty()) {
      held_ = true;  // no folder (a PostgreSQL server): boxes run SQLite, hubs do not sync out
      return;
    }
    fd_ = ::open((data_dir / "sync.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    held_ = fd_ >= 0 && ::flock(fd_, LOCK_EX | LOCK_NB) == 0;
  }
  ~SyncLock() {
    if (fd_ >= 0) {
      ::close(fd_);
    }
  }
  SyncLock(const SyncLock&) = delete;
  SyncLock& operator=(const SyncLock&) = delete;
  bool held() const { return held_; }

 private:
  int fd_ = -1;
  bool held_ = false;
};

void remember(storage::Database& database, const std::string& hub_node, const std::string& error) {
  auto connection = database.write();
  sync::peers::record_sync_outcome(*connection, hub_node, error);
}

}  // namespace

std::optional<std::chrono::seconds> parse_interval(std::string_view text) {
  if (text.size() < 2 || text.size() > 8) {
    return std::nullopt;
  }
  const char unit = text.back();
  std::int64_t scale = 0;
  switch (unit) {
    case 's':
      scale = 1;
      break;
    case 'm':
      scale = 60;
      break;
    case 'h':
      scale = 3600;
      break;
    case 'd':
      scale = 86400;
      break;
    default:
      return std::nullopt;
  }
  std::int64_t number = 0;
  for (const char c : text.substr(0, text.size() - 1)) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    number = number * 10 + (c - '0');
  }
  if (number == 0) {
    return std::nullopt;
  }
  return std::chrono::seconds(number * scale);
}

NetworkSyncOutcome run_network_sync_once(Platform& platform, const NetworkSyncSettings& settings) {
  // The data folder of a SQLite server (empty for PostgreSQL: see SyncLock).
  SyncLock lock(platform.sync_key_place().data_dir);
  if (!lock.held()) {
    return {.exit_code = 4,
            .message = "another sync of this server is running; this one did nothing"};
  }
  sync::LocalNode node{.database = platform.database(),
                       .self = {},
                       .keys = sync::load_node_keys(platform.sync_key_place())};
  node.self = sync::NodeSelf{.node_id = platform.identity().node_id,
                             .epoch = platform.identity().epoch,
                             .keys = node.keys.public_keys()};
  std::optional<sync::Peer> hub;
  {
    auto connection = platform.database().read();
    hub = sync::peers::hub(*connection);
  }
  if (!hub) {
    throw InvalidInput(
        "this server is not paired with a hub: run `imaginecole sync pair --hub URL --code "
        "CODE` first");
  }
  sync::NetworkSyncOptions options;
  options.hub_url = settings.hub_url.empty() ? hub->hub_url : settings.hub_url;
  options.proxy =
      settings.proxy.empty() ? sync::proxy_from_environment(options.hub_url) : settings.proxy;
  options.batch_rows = std::max<std::size_t>(settings.batch_rows, 1);
  if (!settings.quiet) {
    options.on_round = [](int turn, const sync::Batch& up, const sync::BatchApplied& down) {
      std::printf("batch %d: sent %zu rows, received %zu (%s)\n", turn, up.rows, down.rows,
                  down.summary.c_str());
      std::fflush(stdout);
    };
  }
  try {
    const auto report = sync::run_network_sync(node, network_batch_source(platform), options);
    remember(platform.database(), hub->node_id, "");
    std::string message = "Synced with the hub at " + options.hub_url +
                          (options.proxy.empty() ? "" : " through " + options.proxy) + ": " +
                          std::to_string(report.rows_up) + " rows sent, " +
                          std::to_string(report.rows_down) + " received in " +
                          std::to_string(report.rounds) + " batches (" +
                          std::to_string(report.bytes_up) + " bytes up, " +
                          std::to_string(report.bytes_down) + " down).";
    // The records first, then the media files they name, small renditions first (decision
    // 0042): a cut here leaves the records synced and the next run resumes the files.
    const sync::MediaFetchReport media =
        sync::fetch_missing_media(sync::MediaFetchOptions{.database = platform.database(),
                                                          .store = platform.media(),
                                                          .hub_url = options.hub_url,
                                                          .proxy_url = options.proxy,
                                                          .max_bytes = settings.media_max_bytes});
    int exit_code = 0;
    if (!settings.quiet) {
      exit_code = print_media_fetch_report(media);
    } else if (!media.ok()) {
      exit_code = 1;
    }
    if (exit_code != 0) {
      const std::string reason = media.unreachable.empty() ? "some media files could not be fetched"
                                                           : "media files: " + media.unreachable;
      remember(platform.database(), hub->node_id, reason);
      message += " " + reason + " (run the sync again: the files resume where they stopped)";
    }
    return {.exit_code = exit_code, .message = message};
  } catch (const sync::SyncRefused& refused) {
    remember(platform.database(), hub->node_id, refused.what());
    return {.exit_code = 2, .message = refused.what()};
  } catch (const std::runtime_error& failure) {
    remember(platform.database(), hub->node_id, failure.what());
    return {.exit_code = 1,
            .message = std::string(failure.what()) +
                       " (run the sync again: it resumes from the last acknowledged batch)"};
  }
}

}  // namespace imaginecole::app
