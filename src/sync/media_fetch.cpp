// SPDX-License-Identifier: AGPL-3.0-or-later
#include "sync/media_fetch.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <tuple>

#include "core/hash.hpp"
#include "media/durable_file.hpp"
#include "sync/media_download.hpp"

namespace imaginecole::sync {
namespace {

namespace fs = std::filesystem;

// Pictures' renditions first (what a lesson shows on a phone), then pictures, documents,
// sounds, videos (a video's low rendition before its original: it is smaller).
int fetch_rank(const media::MediaFile& file) {
  const std::string_view type = file.record_type;
  if (type.starts_with("image/")) {
    return file.variant.empty() ? 1 : 0;
  }
  if (type.starts_with("audio/")) {
    return 3;
  }
  if (type.starts_with("video/")) {
    return 4;
  }
  return 2;
}

std::string file_sha256(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot read " + path.string());
  }
  core::Sha256 hasher;
  std::string chunk(64 * 1024, '\0');
  while (in) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    hasher.update(std::string_view(chunk.data(), static_cast<std::size_t>(in.gcount())));
  }
  if (in.bad()) {
    throw std::runtime_error("cannot read " + path.string());
  }
  return hasher.final_hex();
}

std::uint64_t size_or_zero(const fs::path& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  return ec ? 0 : size;
}

class Fetcher {
 public:
  Fetcher(const MediaFetchOptions& options, MediaFetchReport& report)
      : options_(options),
        report_(report),
        hub_(parse_http_origin(options.hub_url, "hub")),
        partial_folder_(options.store.root() / "partial") {
    if (!options.proxy_url.empty()) {
      proxy_ = parse_http_origin(options.proxy_url, "proxy");
    }
    media::create_folders_durably(partial_folder_);
  }

  // False when the hub could not be reached (the run stops).
  bool fetch(const media::MediaFile& file) {
    MediaFetchItem item{.file = file};
    const fs::path partial = partial_folder_ / file.hash;
    const std::uint64_t have = std::min(size_or_zero(partial), file.size);
    if (options_.max_bytes > 0 && report_.downloaded + (file.size - have) > options_.max_bytes) {
      item.outcome = FetchOutcome::deferred;
      item.message = "beyond this run's budget of " + std::to_string(options_.max_bytes) + " bytes";
      report_.items.push_back(std::move(item));
      return true;
    }
    const bool reached = download(file, partial, item);
    report_.downloaded += item.downloaded;
    report_.items.push_back(std::move(item));
    return reached;
  }

 private:
  bool download(const media::MediaFile& file, const fs::path& partial, MediaFetchItem& item) {
    for (int attempt = 0; attempt < std::max(options_.attempts_per_file, 1); ++attempt) {
      if (file.size > 0 && size_or_zero(partial) >= file.size) {
        // Complete already (a run stopped before checking it) or too long: check it now.
        return verify(partial, item);
      }
      const DownloadResult got = download_to_partial(DownloadRequest{.origin = hub_,
                                                                     .proxy = proxy_,
                                                                     .path = "/media/" + file.hash,
                                                                     .partial = partial,
                                                                     .timeout = options_.timeout});
      item.downloaded += got.received;
      item.resumed = item.resumed || got.resumed;
      if (!got.reached) {
        report_.unreachable = got.reason;
        item.outcome = FetchOutcome::interrupted;
        item.message = got.reason;
        return false;
      }
      if (got.status == 404) {
        item.outcome = FetchOutcome::missing_on_hub;
        item.message = "the hub does not have this file";
        return true;
      }
      if (got.status == 416) {
        // The partial file is longer than the hub's: it was not this file.
        std::error_code ec;
        fs::remove(partial, ec);
        continue;
      }
      if (got.status != 0 && got.status != 200 && got.status != 206) {
        item.outcome = FetchOutcome::failed;
        // The body is usually an error page: its status says enough.
        item.message = "the hub answered HTTP " + std::to_string(got.status);
        return true;
      }
      if (got.complete) {
        return verify(partial, item);
      }
      item.outcome = FetchOutcome::interrupted;
      item.message = got.reason;
    }
    return true;
  }

  // The bytes are the name, or they go.
  bool verify(const fs::path& partial, MediaFetchItem& item) {
    const std::string actual = file_sha256(partial);
    if (actual != item.file.hash) {
      std::error_code ec;
      fs::remove(partial, ec);
      item.outcome = FetchOutcome::corrupt;
      item.message = "the bytes received do not match their hash (got " + actual.substr(0, 12) +
                     "…): discarded, the store is unchanged";
      return true;
    }
    options_.store.adopt(partial, item.file.hash);
    item.outcome = FetchOutcome::fetched;
    return true;
  }

  const MediaFetchOptions& options_;
  MediaFetchReport& report_;
  HttpOrigin hub_;
  HttpOrigin proxy_;
  fs::path partial_folder_;
};

}  // namespace

std::string_view outcome_name(FetchOutcome outcome) {
  switch (outcome) {
    case FetchOutcome::fetched:
      return "fetched";
    case FetchOutcome::deferred:
      return "deferred";
    case FetchOutcome::missing_on_hub:
      return "missing on the hub";
    case FetchOutcome::corrupt:
      return "corrupt";
    case FetchOutcome::interrupted:
      return "interrupted";
    case FetchOutcome::failed:
      return "failed";
  }
  return "failed";
}

std::size_t MediaFetchReport::count(FetchOutcome outcome) const {
  return static_cast<std::size_t>(
      std::count_if(items.begin(), items.end(),
                    [&](const MediaFetchItem& item) { return item.outcome == outcome; }));
}

bool MediaFetchReport::ok() const {
  return unreachable.empty() && std::all_of(items.begin(), items.end(), [](const auto& item) {
           return item.outcome == FetchOutcome::fetched || item.outcome == FetchOutcome::deferred;
         });
}

namespace {

// Every file the box's rows name, valid hashes only (a malformed one names no file the hub could
// serve either).
std::vector<media::MediaFile> referenced_media(storage::Database& database) {
  std::vector<media::MediaFile> files;
  {
    auto connection = database.read();
    files = media::all_media_files(*connection);
    // A resource's main file normally has its media row; one without (imported before the
    // media library) is still fetched, as a document of unknown size.
    std::set<std::string> listed;
    for (const auto& file : files) {
      listed.insert(file.hash);
    }
    for (const auto& row :
         connection
             ->query("SELECT DISTINCT media_hash FROM resources WHERE media_hash IS NOT NULL "
                     "AND media_hash <> '' ORDER BY media_hash")
             .rows) {
      if (listed.insert(row.text(0)).second) {
        files.push_back(media::MediaFile{.hash = row.text(0)});
      }
    }
  }
  std::erase_if(files, [](const media::MediaFile& file) {
    return !media::MediaStore::is_valid_hash(file.hash);
  });
  return files;
}

}  // namespace

std::vector<media::MediaFile> missing_media(storage::Database& database,
                                            const media::MediaStore& store) {
  std::vector<media::MediaFile> files = referenced_media(database);
  std::erase_if(files,
                [&](const media::MediaFile& file) { return store.find(file.hash).has_value(); });
  std::sort(files.begin(), files.end(), [](const media::MediaFile& a, const media::MediaFile& b) {
    return std::tuple(fetch_rank(a), a.size, a.hash) < std::tuple(fetch_rank(b), b.size, b.hash);
  });
  return files;
}

MediaFetchReport fetch_missing_media(const MediaFetchOptions& options) {
  MediaFetchReport report;
  const auto files = missing_media(options.database, options.store);
  report.already_present = referenced_media(options.database).size() - files.size();
  Fetcher fetcher(options, report);
  for (const media::MediaFile& file : files) {
    if (!fetcher.fetch(file)) {
      break;
    }
  }
  return report;
}

}  // namespace imaginecole::sync
