// SPDX-License-Identifier: AGPL-3.0-or-later
#include "media/media_library.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>

#include "catalog/markdown.hpp"
#include "catalog/resource_queries.hpp"
#include "core/clock.hpp"
#include "core/errors.hpp"
#include "core/hash.hpp"
#include "core/ids.hpp"
#include "media/child_process.hpp"
#include "media/content_check.hpp"
#include "media/images.hpp"

namespace imaginecole::media {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

constexpr std::string_view kColumns =
    "id, hash, media_type, size_bytes, original_name, uploaded_by, country_code, width, height, "
    "duration_ms, renditions, created_at";

std::string megabytes(std::uint64_t bytes) {
  const std::uint64_t tenths = (bytes * 10 + (1 << 20) / 2) / (1 << 20);
  return std::to_string(tenths / 10) + "," + std::to_string(tenths % 10) + " Mo";
}

std::string kind_name(std::string_view type) {
  if (type.starts_with("image/")) {
    return "les images";
  }
  if (type.starts_with("audio/")) {
    return "les sons";
  }
  if (type.starts_with("video/")) {
    return "les vidéos";
  }
  return "les documents";
}

storage::Value optional_int(std::int64_t value) {
  return value > 0 ? storage::Value(value) : storage::Value(nullptr);
}
storage::Value optional_text(const std::string& value) {
  return value.empty() ? storage::Value(nullptr) : storage::Value(value);
}

std::string renditions_json(const std::vector<Rendition>& renditions) {
  json::array out;
  for (const Rendition& r : renditions) {
    out.push_back(json::object{{"variant", r.variant},
                               {"hash", r.hash},
                               {"type", r.type},
                               {"width", r.width},
                               {"height", r.height},
                               {"size", r.size}});
  }
  return json::serialize(out);
}

std::vector<Rendition> parse_renditions(const std::string& text) {
  std::vector<Rendition> out;
  json::error_code ec;
  const json::value value = json::parse(text, ec);
  if (ec || !value.is_array()) {
    return out;
  }
  for (const json::value& item : value.as_array()) {
    if (!item.is_object()) {
      continue;
    }
    const json::object& o = item.as_object();
    const auto text_of = [&](std::string_view key) {
      const auto* v = o.if_contains(key);
      return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
    };
    const auto int_of = [&](std::string_view key) -> std::int64_t {
      const auto* v = o.if_contains(key);
      return v != nullptr && v->is_int64()    ? v->as_int64()
             : v != nullptr && v->is_uint64() ? static_cast<std::int64_t>(v->as_uint64())
                                              : 0;
    };
    out.push_back(Rendition{.variant = text_of("variant"),
                            .hash = text_of("hash"),
                            .type = text_of("type"),
                            .width = static_cast<int>(int_of("width")),
                            .height = static_cast<int>(int_of("height")),
                            .size = static_cast<std::uint64_t>(int_of("size"))});
  }
  return out;
}

MediaRecord record_from(const storage::Row& row) {
  return MediaRecord{.id = row.text(0),
                     .hash = row.text(1),
                     .type = row.text(2),
                     .size = static_cast<std::uint64_t>(row.integer(3)),
                     .original_name = row.text(4),
                     .uploaded_by = row.text(5),
                     .country_code = row.text(6),
                     .width = static_cast<int>(row.integer(7)),
                     .height = static_cast<int>(row.integer(8)),
                     .duration_ms = row.integer(9),
                     .renditions = parse_renditions(row.text(10)),
                     .created_at = row.text(11)};
}

// Every hash a record owns: its file, then its renditions.
std::vector<std::string> owned_hashes(const MediaRecord& record) {
  std::vector<std::string> out{record.hash};
  for (const Rendition& r : record.renditions) {
    if (MediaStore::is_valid_hash(r.hash)) {
      out.push_back(r.hash);
    }
  }
  return out;
}

// Hashes are 64 hex digits: no LIKE wildcard can hide in them.
std::vector<MediaUse> find_uses(storage::Connection& connection,
                                const std::vector<std::string>& hashes,
                                const std::vector<MediaUseFinder>& finders) {
  std::map<std::pair<std::string, std::string>, MediaUse> found;
  const auto entry = [&](std::string kind, const std::string& id,
                         const std::string& title) -> MediaUse& {
    MediaUse& use = found[{kind, id}];
    use.kind = std::move(kind);
    use.id = id;
    if (use.title.empty()) {
      use.title = title;
    }
    return use;
  };
  for (const std::string& hash : hashes) {
    const std::string pattern = "%/media/" + hash + "%";
    for (const auto& resource : catalog::resources_referring_to(connection, pattern, hash)) {
      entry("resource", resource.id, resource.title).current = true;
    }
    for (const auto& finder : finders) {
      for (const MediaUse& other : finder(connection, pattern)) {
        MediaUse& use = entry(other.kind, other.id, other.title);
        use.current = use.current || other.current;
        for (const int number : other.versions) {
          if (std::find(use.versions.begin(), use.versions.end(), number) == use.versions.end()) {
            use.versions.push_back(number);
          }
        }
      }
    }
  }
  std::vector<MediaUse> out;
  for (auto& [key, use] : found) {
    std::sort(use.versions.begin(), use.versions.end());
    out.push_back(std::move(use));
  }
  return out;
}

std::uint64_t env_bytes(const char* name, std::uint64_t fallback) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    return fallback;
  }
  char* end = nullptr;
  const unsigned long long parsed = std::strtoull(value, &end, 10);
  if (end == value || *end != '\0' || parsed == 0) {
    throw ConfigError(std::string(name) + " must be a number of bytes");
  }
  return parsed;
}

}  // namespace

std::uint64_t MediaLimits::largest() const {
  return std::max({image_bytes, audio_bytes, video_bytes, document_bytes});
}

std::uint64_t MediaLimits::for_type(std::string_view type) const {
  if (type.starts_with("image/")) {
    return image_bytes;
  }
  if (type.starts_with("audio/")) {
    return audio_bytes;
  }
  if (type.starts_with("video/")) {
    return video_bytes;
  }
  return document_bytes;
}

MediaLimits MediaLimits::from_environment() {
  MediaLimits limits;
  limits.image_bytes = env_bytes("IMAGINECOLE_MEDIA_MAX_IMAGE_BYTES", limits.image_bytes);
  limits.audio_bytes = env_bytes("IMAGINECOLE_MEDIA_MAX_AUDIO_BYTES", limits.audio_bytes);
  limits.video_bytes = env_bytes("IMAGINECOLE_MEDIA_MAX_VIDEO_BYTES", limits.video_bytes);
  limits.document_bytes = env_bytes("IMAGINECOLE_MEDIA_MAX_DOCUMENT_BYTES", limits.document_bytes);
  return limits;
}

bool is_accepted_type(std::string_view type) {
  for (const std::string_view accepted :
       {"image/jpeg", "image/png", "image/webp", "image/gif", "audio/mpeg", "audio/ogg",
        "audio/wav", "audio/mp4", "video/mp4", "video/webm", "application/pdf"}) {
    if (type == accepted) {
      return true;
    }
  }
  return false;
}

std::string find_on_path(std::string_view program) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) {
    return {};
  }
  std::string_view rest(path);
  while (!rest.empty()) {
    const auto colon = rest.find(':');
    const std::string_view dir = rest.substr(0, colon);
    rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
    if (dir.empty()) {
      continue;
    }
    const fs::path candidate = fs::path(dir) / program;
    if (access(candidate.c_str(), X_OK) == 0) {
      return candidate.string();
    }
  }
  return {};
}

MediaLibrary::MediaLibrary(storage::Database& database, std::string node_id, MediaStore& store,
                           MediaOptions options)
    : database_(database),
      node_id_(std::move(node_id)),
      store_(store),
      options_(std::move(options)),
      ffmpeg_(options_.ffmpeg.empty() ? find_on_path("ffmpeg") : options_.ffmpeg),
      ffprobe_(ffprobe_program()),
      jobs_(database, options_.worker_id.empty() ? new_worker_id() : options_.worker_id,
            options_.job_lease) {}

MediaLibrary::~MediaLibrary() {
  if (resolver_installed_) {
    catalog::set_media_resolver({});
  }
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (const int pid = child_pid_.load(); pid > 0) {
    kill(pid, SIGTERM);
  }
  if (worker_.joinable()) {
    worker_.join();
  }
}

UploadOutcome MediaLibrary::upload(const Upload& upload) {
  UploadOutcome outcome;
  const std::string name = upload.original_name.substr(0, 200);
  if (upload.bytes.empty()) {
    outcome.status = 400;
    outcome.message = "Le fichier est vide.";
    return outcome;
  }
  const std::string_view head = upload.bytes.substr(0, 512);
  const auto type = sniff_media_type(head);
  if (!type || !is_accepted_type(*type)) {
    const std::string what = describe_content(head);
    outcome.status = 415;
    outcome.message = "Ce fichier n'est pas accepté : " +
                      (name.empty() ? std::string("il") : "« " + name + " »") + " contient " +
                      what +
                      ". Formats acceptés : images JPEG, PNG, WebP, GIF ; sons MP3, Ogg, WAV, "
                      "M4A ; vidéos MP4, WebM ; documents PDF.";
    if (what == "une image SVG") {
      outcome.message += " Les images SVG peuvent contenir des programmes : exportez-la en PNG.";
    }
    return outcome;
  }
  if (upload.bytes.size() > options_.limits.for_type(*type)) {
    outcome.status = 413;
    outcome.message = "Ce fichier est trop gros (" + megabytes(upload.bytes.size()) +
                      ") : la limite pour " + kind_name(*type) + " est de " +
                      megabytes(options_.limits.for_type(*type)) + ".";
    return outcome;
  }
  const auto refuse_content = [&](const std::string& problem) {
    outcome.status = 415;
    outcome.message =
        "Ce fichier n'est pas accepté : " + (name.empty() ? std::string() : "« " + name + " » : ") +
        problem + ".";
  };
  ContentFacts document;
  if (*type == "application/pdf") {
    document = check_pdf(upload.bytes);
    if (!document.problem.empty()) {
      refuse_content(document.problem);
      return outcome;
    }
  }
  const std::string hash = core::sha256_hex(upload.bytes);
  if (auto existing = find(hash)) {
    if (!store_.find(hash)) {
      store_.put(upload.bytes);  // the row came by sync before its file: keep these bytes
    }
    outcome.record = std::move(*existing);
    return outcome;
  }

  MediaRecord record{.id = core::new_id(),
                     .hash = hash,
                     .type = *type,
                     .size = upload.bytes.size(),
                     .original_name = name,
                     .uploaded_by = upload.uploaded_by,
                     .country_code = upload.country_code};
  if (type->starts_with("image/")) {
    try {
      const ImageFacts facts = check_image(upload.bytes);
      record.width = facts.width;
      record.height = facts.height;
      for (EncodedImage& image : make_renditions(upload.bytes, options_.widths)) {
        const StoredObject stored = store_.put(image.bytes);
        record.renditions.push_back(Rendition{.variant = image.variant,
                                              .hash = stored.hash,
                                              .type = image.type,
                                              .width = image.width,
                                              .height = image.height,
                                              .size = stored.size});
      }
    } catch (const InvalidInput& error) {
      outcome.status = 422;
      outcome.message = error.what();
      return outcome;
    }
  }
  store_.put(upload.bytes);
  if (type->starts_with("video/") || type->starts_with("audio/")) {
    // ffprobe reads the stored file (a 200 MB video is not copied once more); refused bytes
    // leave the store unless a record arrived for them meanwhile.
    const ContentFacts facts =
        check_audio_video(ffprobe_, *store_.find(hash), *type, store_.root() / "tmp");
    if (!facts.problem.empty()) {
      auto connection = database_.read();
      if (!file_needed(*connection, hash)) {
        store_.remove(hash);
      }
      refuse_content(facts.problem);
      return outcome;
    }
    record.width = facts.width;
    record.height = facts.height;
    record.duration_ms = facts.duration_ms;
  }
  record.created_at = core::now_timestamp();
  try {
    save_record(record);
  } catch (const storage::ConstraintViolation&) {
    // The same file uploaded at the same moment by someone else: theirs is the record.
    if (auto existing = find(hash)) {
      outcome.record = std::move(*existing);
      return outcome;
    }
    throw;
  }
  if (type->starts_with("video/")) {
    enqueue_video(hash);
  }
  outcome.record = std::move(record);
  outcome.created = true;
  return outcome;
}

void MediaLibrary::save_record(const MediaRecord& record) {
  auto connection = database_.write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  connection->execute(
      "INSERT INTO media (" + std::string(kColumns) +
          ", updated_at, origin_node, row_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
          "?, ?, 1)",
      {record.id, record.hash, record.type, static_cast<std::int64_t>(record.size),
       record.original_name, optional_text(record.uploaded_by), optional_text(record.country_code),
       optional_int(record.width), optional_int(record.height), optional_int(record.duration_ms),
       renditions_json(record.renditions), record.created_at, record.created_at, node_id_});
  transaction.commit();
}

std::optional<MediaRecord> MediaLibrary::find(std::string_view hash) {
  if (!MediaStore::is_valid_hash(hash)) {
    return std::nullopt;
  }
  auto connection = database_.read();
  const auto row = connection->query_one(
      "SELECT " + std::string(kColumns) + " FROM media WHERE hash = ?", {std::string(hash)});
  if (!row) {
    return std::nullopt;
  }
  return record_from(*row);
}

std::vector<MediaRecord> MediaLibrary::recent(int limit) {
  auto connection = database_.read();
  const auto rows = connection->query(
      "SELECT " + std::string(kColumns) + " FROM media ORDER BY created_at DESC, id DESC LIMIT ?",
      {static_cast<std::int64_t>(limit)});
  std::vector<MediaRecord> out;
  for (const auto& row : rows.rows) {
    out.push_back(record_from(row));
  }
  return out;
}

std::vector<MediaUse> MediaLibrary::uses(std::string_view hash) {
  const auto record = find(hash);
  if (!record) {
    return {};
  }
  auto connection = database_.read();
  return find_uses(*connection, owned_hashes(*record), options_.use_finders);
}

bool MediaLibrary::file_needed(storage::Connection& connection, const std::string& hash) {
  return connection
      .query_one("SELECT 1 FROM media WHERE hash = ? OR renditions LIKE ? LIMIT 1",
                 {hash, "%\"" + hash + "\"%"})
      .has_value();
}

RemoveOutcome MediaLibrary::remove(
    std::string_view hash,
    const std::function<void(storage::Connection&, const MediaRecord&)>& in_transaction) {
  RemoveOutcome outcome;
  if (!MediaStore::is_valid_hash(hash)) {
    return outcome;
  }
  std::vector<std::string> hashes;
  {
    auto connection = database_.write();
    storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
    const auto row = connection->query_one(
        "SELECT " + std::string(kColumns) + ", row_version FROM media WHERE hash = ?",
        {std::string(hash)});
    if (!row) {
      return outcome;
    }
    outcome.found = true;
    outcome.record = record_from(*row);
    hashes = owned_hashes(outcome.record);
    outcome.uses = find_uses(*connection, hashes, options_.use_finders);
    if (!outcome.uses.empty()) {
      return outcome;  // never lose what a resource needs: nothing changes
    }
    connection->execute("DELETE FROM media WHERE id = ?", {outcome.record.id});
    connection->execute("DELETE FROM media_jobs WHERE source_hash = ?", {outcome.record.hash});
    if (in_transaction) {
      in_transaction(*connection, outcome.record);
    }
    transaction.commit();
  }
  outcome.removed = true;
  {
    // A conversion of this video in progress is stopped; its output is thrown away.
    std::lock_guard lock(mutex_);
    if (running_source_ == outcome.record.hash) {
      if (const int pid = child_pid_.load(); pid > 0) {
        kill(pid, SIGTERM);
      }
    }
  }
  auto connection = database_.read();
  for (const std::string& file : hashes) {
    if (!file_needed(*connection, file) && store_.remove(file)) {
      outcome.files_removed.push_back(file);
    }
  }
  return outcome;
}

std::optional<MediaJob> MediaLibrary::job(std::string_view source_hash) {
  auto connection = database_.read();
  const auto row = connection->query_one(
      "SELECT id, source_hash, state, progress, message, updated_at FROM media_jobs "
      "WHERE source_hash = ? AND kind = 'low_video'",
      {std::string(source_hash)});
  if (!row) {
    return std::nullopt;
  }
  return MediaJob{.id = row->text(0),
                  .source_hash = row->text(1),
                  .state = row->text(2),
                  .progress = static_cast<int>(row->integer(3)),
                  .message = row->text(4),
                  .updated_at = row->text(5)};
}

void MediaLibrary::enqueue_video(const std::string& hash) {
  const std::string now = core::now_timestamp();
  const bool available = !ffmpeg_.empty();
  try {
    auto connection = database_.write();
    connection->execute(
        "INSERT INTO media_jobs (id, source_hash, kind, state, progress, message, created_at, "
        "updated_at) VALUES (?, ?, 'low_video', ?, 0, ?, ?, ?)",
        {core::new_id(), hash, available ? "queued" : "skipped",
         available ? "" : "ffmpeg n'est pas installé sur ce serveur : pas de version légère.", now,
         now});
  } catch (const storage::ConstraintViolation&) {
    return;  // already queued
  }
  wake_.notify_all();
}

void MediaLibrary::start_jobs() {
  if (ffmpeg_.empty() || worker_.joinable()) {
    return;
  }
  // Jobs another server is running stay its own (see JobQueue::take).
  worker_ = std::thread([this] { work(); });
}

void MediaLibrary::install_markdown_resolver() {
  catalog::set_media_resolver([this](std::string_view hash) -> std::optional<catalog::MediaInfo> {
    const auto record = find(hash);
    if (!record) {
      return std::nullopt;
    }
    catalog::MediaInfo info{
        .type = record->type, .width = record->width, .height = record->height, .renditions = {}};
    for (const Rendition& r : record->renditions) {
      info.renditions.push_back(
          catalog::MediaInfo::Source{.hash = r.hash, .type = r.type, .width = r.width});
    }
    return info;
  });
  resolver_installed_ = true;
}

void MediaLibrary::work() {
  while (true) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) {
        return;
      }
    }
    std::optional<LeasedJob> claimed;
    try {
      claimed = jobs_.take();
      if (claimed) {
        run_job(*claimed);
        continue;
      }
    } catch (const std::exception& error) {
      std::fprintf(stderr, "{\"level\":\"error\",\"msg\":\"media job: %s\"}\n", error.what());
      if (claimed) {
        try {
          jobs_.finish(claimed->id, "failed", 0, "Erreur interne pendant la conversion.");
        } catch (const std::exception&) {
        }
      }
    }
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, std::chrono::seconds(2), [this] { return stopping_; });
  }
}

void MediaLibrary::run_job(const LeasedJob& job) {
  const auto source = store_.find(job.source_hash);
  const auto record = find(job.source_hash);
  if (!source || !record) {
    jobs_.finish(job.id, "failed", 0, "Le fichier d'origine est introuvable.");
    return;
  }
  const fs::path scratch = store_.root() / "tmp";
  // Named for this run: a server whose lease ran out may still be writing its own output for
  // the same job into this (shared) folder.
  const std::string run_name = job.id + "-" + core::new_id();
  const fs::path output = scratch / (run_name + ".mp4");
  const fs::path errors = scratch / (run_name + ".log");
  const Child child = spawn({ffmpeg_,        "-nostdin",
                             "-hide_banner", "-loglevel",
                             "error",        "-y",
                             "-i",           source->string(),
                             "-vf",          "scale=-2:'min(360,ih)'",
                             "-c:v",         "libx264",
                             "-preset",      "veryfast",
                             "-profile:v",   "baseline",
                             "-b:v",         "250k",
                             "-maxrate",     "300k",
                             "-bufsize",     "600k",
                             "-pix_fmt",     "yuv420p",
                             "-threads",     "1",
                             "-c:a",         "aac",
                             "-b:a",         "48k",
                             "-ac",          "1",
                             "-movflags",    "+faststart",
                             "-progress",    "pipe:1",
                             "-f",           "mp4",
                             output.string()},
                            errors);
  child_pid_.store(child.pid);
  {
    std::lock_guard lock(mutex_);
    running_source_ = job.source_hash;
  }
  // Lost lease (the job was deleted, or this server was cut off long enough for another to
  // take the job over): ffmpeg stops and its output is thrown away.
  const LeaseRenewal lease(jobs_, job.id, [this] {
    if (const int pid = child_pid_.load(); pid > 0) {
      kill(pid, SIGTERM);
    }
  });
  int last_percent = 0;
  const std::int64_t duration_us = record->duration_ms * 1000;
  const int status = finish(child, [&](std::string_view line) {
    std::string_view value;
    if (line.starts_with("out_time_us=")) {
      value = line.substr(12);
    } else if (line.starts_with("out_time_ms=")) {
      value = line.substr(12);
    } else {
      return;
    }
    if (duration_us <= 0) {
      return;
    }
    const long long done = std::atoll(std::string(value).c_str());
    const int percent = static_cast<int>(std::clamp<long long>(done * 100 / duration_us, 0, 99));
    if (percent > last_percent) {
      last_percent = percent;
      jobs_.report_progress(job.id, percent);
    }
  });
  child_pid_.store(0);
  std::error_code ec;
  {
    std::lock_guard lock(mutex_);
    running_source_.clear();
    if (stopping_ || lease.lost()) {
      fs::remove(output, ec);
      fs::remove(errors, ec);
      if (stopping_ && !lease.lost()) {
        jobs_.release(job.id);  // given back: another server (or the next start) takes it
      }
      return;
    }
  }
  if (status != 0) {
    jobs_.finish(job.id, "failed", last_percent,
                 "ffmpeg a échoué (code " + std::to_string(status) + ") : " + last_line(errors));
    fs::remove(output, ec);
    fs::remove(errors, ec);
    return;
  }
  fs::remove(errors, ec);
  const StoredObject stored = store_.put_file(output);
  fs::remove(output, ec);
  const ContentFacts facts = probe_facts(ffprobe_, *store_.find(stored.hash), scratch);
  const bool kept = add_rendition(job.source_hash, Rendition{.variant = "low.mp4",
                                                             .hash = stored.hash,
                                                             .type = "video/mp4",
                                                             .width = facts.width,
                                                             .height = facts.height,
                                                             .size = stored.size});
  if (!kept) {
    // The video was deleted while it was converted: its light version goes too.
    auto connection = database_.read();
    if (!file_needed(*connection, stored.hash)) {
      store_.remove(stored.hash);
    }
    return;
  }
  jobs_.finish(job.id, "done", 100, "");
}

bool MediaLibrary::add_rendition(const std::string& hash, const Rendition& rendition) {
  auto connection = database_.write();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
  const auto row = connection->query_one("SELECT id, renditions FROM media WHERE hash = ?", {hash});
  if (!row) {
    return false;
  }
  std::vector<Rendition> renditions = parse_renditions(row->text(1));
  std::erase_if(renditions, [&](const Rendition& r) { return r.variant == rendition.variant; });
  renditions.insert(renditions.begin(), rendition);
  const auto version = connection->query_one(
      "UPDATE media SET renditions = ?, updated_at = ?, origin_node = ?, "
      "row_version = row_version + 1 WHERE id = ? RETURNING row_version",
      {renditions_json(renditions), core::now_timestamp(), node_id_, row->text(0)});
  transaction.commit();
  return true;
}

}  // namespace imaginecole::media
