// SPDX-License-Identifier: AGPL-3.0-or-later
// Media by hash, on a school server: the sync engine brings the `media` rows of the school's
// scope down, this brings their files (originals and renditions) that the box's store lacks,
// from the hub's public GET /media/{hash} (decision 0042). Small first: pictures' renditions,
// pictures, documents, sounds, videos, smaller first within each, so that a budget (a 2G link)
// stops after the lessons' pictures. Each file goes to media/partial/<hash>, resumes with Range
// after a cut (in this run or the next), and enters the store only once its SHA-256 is its name.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "media/media_files.hpp"
#include "media/media_store.hpp"
#include "storage/database.hpp"

namespace imaginecole::sync {

struct MediaFetchOptions {
  storage::Database& database;
  media::MediaStore& store;
  std::string hub_url;    // http://host:port[/prefix]
  std::string proxy_url;  // http://proxy:port, or empty: direct
  // Bytes downloaded at most in this run (0: no limit). A file that would go beyond it waits
  // for the next run; smaller ones after it may still come.
  std::uint64_t max_bytes = 0;
  // Requests per file in this run (a cut resumes in the next request).
  int attempts_per_file = 3;
  std::chrono::seconds timeout{30};
};

enum class FetchOutcome {
  fetched,         // downloaded (maybe resumed) and verified
  deferred,        // beyond the budget: next run
  missing_on_hub,  // the hub answered 404
  corrupt,         // the bytes were not the hash: discarded
  interrupted,     // cut every time: the partial file stays for the next run
  failed,          // another answer of the hub (its reason in `message`)
};
std::string_view outcome_name(FetchOutcome outcome);

struct MediaFetchItem {
  media::MediaFile file;
  FetchOutcome outcome = FetchOutcome::failed;
  bool resumed = false;          // continued a partial file with Range
  std::uint64_t downloaded = 0;  // bytes received in this run
  std::string message;
};

struct MediaFetchReport {
  std::size_t already_present = 0;
  std::vector<MediaFetchItem> items;  // in the order they were tried
  std::uint64_t downloaded = 0;
  // Non-empty when the hub (or the proxy) could not be reached: the run stopped there.
  std::string unreachable;

  std::size_t count(FetchOutcome outcome) const;
  // Every file is in the store, or waits for the budget of a later run.
  bool ok() const;
};

// The files of the box's media rows that its store lacks, in the order they are fetched.
std::vector<media::MediaFile> missing_media(storage::Database& database,
                                            const media::MediaStore& store);

// Fetches them. InvalidInput for an unusable hub or proxy URL; std::runtime_error when the
// store cannot be written (disk full); the hub's answers are in the report.
MediaFetchReport fetch_missing_media(const MediaFetchOptions& options);

}  // namespace imaginecole::sync
