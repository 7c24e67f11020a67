// SPDX-License-Identifier: AGPL-3.0-or-later
// The media library: uploads checked by their bytes (never their name), size limits per kind,
// each file stored once in the content-addressed store and described in the `media` table,
// image renditions made at upload, and low-bitrate videos made by ffmpeg in the background
// (table `media_jobs`, one job at a time per server, leased so that several servers on one
// database share the queue: see media/job_queue.hpp).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "media/job_queue.hpp"
#include "media/media_store.hpp"
#include "storage/database.hpp"

namespace imaginecole::media {

struct MediaLimits {
  std::uint64_t image_bytes = 10ULL << 20;
  std::uint64_t audio_bytes = 40ULL << 20;
  std::uint64_t video_bytes = 200ULL << 20;
  std::uint64_t document_bytes = 30ULL << 20;

  std::uint64_t largest() const;
  // The limit for a sniffed type ("image/png" → image_bytes).
  std::uint64_t for_type(std::string_view type) const;
  // Defaults overridden by IMAGINECOLE_MEDIA_MAX_{IMAGE,AUDIO,VIDEO,DOCUMENT}_BYTES.
  static MediaLimits from_environment();
};

// Something whose text refers to a media file (/media/<hash> of the file or of a rendition).
struct MediaUse {
  std::string kind;  // "resource" or "question"
  std::string id;
  std::string title;
  bool current = false;       // the resource's current text (or the question) uses it
  std::vector<int> versions;  // saved versions of the resource that use it
};

// Finds, on the caller's connection, what of another capability's text contains `like_pattern`
// (a LIKE pattern around /media/<hash>). The media library reads the library's resources itself
// (catalog comes before media); the capabilities built on media (authoring's saved versions, the
// question bank) hand theirs in through MediaOptions, wired by the application.
using MediaUseFinder =
    std::function<std::vector<MediaUse>(storage::Connection&, const std::string& like_pattern)>;

struct MediaOptions {
  MediaLimits limits;
  std::vector<int> widths{320, 640};
  // ffmpeg's path; empty: looked up on PATH at start (no ffmpeg: video jobs are skipped).
  std::string ffmpeg;
  // What else can use a file, asked in this order after the library's resources.
  std::vector<MediaUseFinder> use_finders;
  // How long a video job taken by this server stays its own without a renewal (renewed every
  // third of it while ffmpeg runs); after a crash, the time before another server takes over.
  std::chrono::milliseconds job_lease{std::chrono::seconds(30)};
  // This server instance in media_jobs.leased_by; empty: new_worker_id().
  std::string worker_id;
};

struct Rendition {
  std::string variant;  // "w320.webp", "w640.jpg", "low.mp4"
  std::string hash;
  std::string type;
  int width = 0;
  int height = 0;
  std::uint64_t size = 0;
};

struct MediaRecord {
  std::string id;
  std::string hash;
  std::string type;
  std::uint64_t size = 0;
  std::string original_name;
  std::string uploaded_by;
  std::string country_code;
  int width = 0;
  int height = 0;
  std::int64_t duration_ms = 0;
  std::vector<Rendition> renditions;
  std::string created_at;
};

struct MediaJob {
  std::string id;
  std::string source_hash;
  std::string state;  // queued, running, done, failed, skipped
  int progress = 0;
  std::string message;
  std::string updated_at;
};

struct Upload {
  std::string_view bytes;
  std::string original_name;  // shown to people, never used to decide anything
  std::string uploaded_by;    // user id
  std::string country_code;   // may be empty
};

struct UploadOutcome {
  int status = 0;  // 0: stored; 413, 415, 422 or 400 with `message`
  std::string message;
  MediaRecord record;
  bool created = false;  // false: the same bytes were already in the library
};

struct RemoveOutcome {
  bool found = false;
  bool removed = false;  // false with `uses`: refused, nothing changed
  std::vector<MediaUse> uses;
  MediaRecord record;
  std::vector<std::string> files_removed;  // hashes whose files left the store
};

// Accepted types: JPEG, PNG, WebP, GIF, MP3, Ogg (Opus/Vorbis), WAV, MP4/M4A, WebM, PDF.
bool is_accepted_type(std::string_view type);

class MediaLibrary {
 public:
  MediaLibrary(storage::Database& database, std::string node_id, MediaStore& store,
               MediaOptions options);
  ~MediaLibrary();
  MediaLibrary(const MediaLibrary&) = delete;
  MediaLibrary& operator=(const MediaLibrary&) = delete;

  UploadOutcome upload(const Upload& upload);
  std::optional<MediaRecord> find(std::string_view hash);
  std::optional<MediaJob> job(std::string_view source_hash);
  std::vector<MediaRecord> recent(int limit);
  // What refers to the file or its renditions (resources' text, their saved versions, their
  // main file, questions).
  std::vector<MediaUse> uses(std::string_view hash);
  // Removes the record of `hash`, its jobs (a running conversion is stopped) and the files of
  // the original and its renditions that no other record needs, unless something uses it
  // (then nothing changes and `uses` says what). `in_transaction` runs inside the deleting
  // transaction (the audit line) with the record about to go.
  RemoveOutcome remove(
      std::string_view hash,
      const std::function<void(storage::Connection&, const MediaRecord&)>& in_transaction = {});

  // Starts the background worker (the server does; one-shot commands do not). It takes queued
  // jobs and jobs whose server stopped without giving them back (their lease ran out), never
  // a job another live server is running.
  void start_jobs();
  // Lets lessons' Markdown render /media/<hash> with this library's facts (until destroyed).
  void install_markdown_resolver();
  bool video_jobs_available() const { return !ffmpeg_.empty(); }
  const MediaLimits& limits() const { return options_.limits; }
  MediaStore& store() { return store_; }

 private:
  void save_record(const MediaRecord& record);
  void enqueue_video(const std::string& hash);
  void work();
  void run_job(const LeasedJob& job);
  bool add_rendition(const std::string& hash, const Rendition& rendition);
  // True when a media record has `hash` as its file or one of its renditions.
  bool file_needed(storage::Connection& connection, const std::string& hash);

  storage::Database& database_;
  std::string node_id_;
  MediaStore& store_;
  MediaOptions options_;
  std::string ffmpeg_;
  std::string ffprobe_;
  JobQueue jobs_;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::atomic<int> child_pid_{0};
  std::string running_source_;  // the job ffmpeg works on (guarded by mutex_)
  bool resolver_installed_ = false;
  std::thread worker_;
};

// The program's full path when it is an executable on PATH; empty otherwise.
std::string find_on_path(std::string_view program);

}  // namespace imaginecole::media
