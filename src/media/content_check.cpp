// SPDX-License-Identifier: AGPL-3.0-or-later
#include "media/content_check.hpp"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "core/ids.hpp"
#include "media/child_process.hpp"
#include "media/media_library.hpp"

namespace imaginecole::media {
namespace {

namespace fs = std::filesystem;

// ffprobe reads headers and indexes, not whole streams: a few seconds even for 200 MB.
constexpr std::chrono::seconds kProbeDeadline{20};

void quiet_poppler() {
  static std::once_flag once;
  // poppler writes every repair it attempts to stderr; refusals say what matters.
  std::call_once(
      once, [] { poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr); });
}

// The ffmpeg demuxer that must read a file of `type`, and whether it must hold a video
// stream (else a sound stream).
struct Demuxer {
  std::string_view name;
  bool video = false;
};
std::optional<Demuxer> demuxer_for(std::string_view type) {
  if (type == "audio/mpeg") {
    return Demuxer{.name = "mp3"};
  }
  if (type == "audio/ogg") {
    return Demuxer{.name = "ogg"};
  }
  if (type == "audio/wav") {
    return Demuxer{.name = "wav"};
  }
  if (type == "audio/mp4") {
    return Demuxer{.name = "mov"};
  }
  if (type == "video/mp4") {
    return Demuxer{.name = "mov", .video = true};
  }
  if (type == "video/webm") {
    return Demuxer{.name = "matroska", .video = true};
  }
  return std::nullopt;
}

struct ProbeOutput {
  int status = -1;
  std::vector<std::string> stream_types;
  int width = 0;
  int height = 0;
  std::int64_t duration_ms = 0;
  std::string error;
};

ProbeOutput run_ffprobe(const std::string& ffprobe, const fs::path& file, std::string_view demuxer,
                        const fs::path& scratch) {
  ProbeOutput out;
  std::error_code ec;
  fs::create_directories(scratch, ec);
  const fs::path errors = scratch / (core::new_id() + ".probe");
  std::vector<std::string> args{ffprobe, "-v", "error"};
  if (!demuxer.empty()) {
    args.insert(args.end(), {"-f", std::string(demuxer)});
  }
  args.insert(args.end(), {"-show_entries", "format=duration:stream=codec_type,width,height", "-of",
                           "default=noprint_wrappers=1", file.string()});
  try {
    out.status = finish(
        spawn(args, errors),
        [&](std::string_view line) {
          const auto value = [&](std::string_view key) -> std::optional<std::string> {
            if (line.starts_with(key)) {
              return std::string(line.substr(key.size()));
            }
            return std::nullopt;
          };
          if (const auto kind = value("codec_type=")) {
            out.stream_types.push_back(*kind);
          } else if (const auto width = value("width="); width && out.width == 0) {
            out.width = std::atoi(width->c_str());
          } else if (const auto height = value("height="); height && out.height == 0) {
            out.height = std::atoi(height->c_str());
          } else if (const auto duration = value("duration=")) {
            out.duration_ms = static_cast<std::int64_t>(std::atof(duration->c_str()) * 1000);
          }
        },
        kProbeDeadline);
    out.error = last_line(errors);
  } catch (const std::exception& error) {
    out.error = error.what();
  }
  fs::remove(errors, ec);
  return out;
}

}  // namespace

ContentFacts check_pdf(std::string_view bytes) {
  ContentFacts facts;
  quiet_poppler();
  if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    facts.problem = "ce document PDF est trop gros pour être lu";
    return facts;
  }
  const std::unique_ptr<poppler::document> document(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!document) {
    facts.problem = "ce document PDF est illisible (endommagé, ou ce n'est pas un PDF)";
    return facts;
  }
  if (document->is_locked()) {
    facts.problem =
        "ce document PDF est protégé par un mot de passe : les élèves ne pourraient "
        "pas l'ouvrir";
    return facts;
  }
  facts.pages = document->pages();
  if (facts.pages < 1) {
    facts.problem = "ce document PDF n'a aucune page";
  }
  return facts;
}

std::string ffprobe_program() {
  if (const char* chosen = std::getenv("IMAGINECOLE_FFPROBE"); chosen != nullptr && *chosen) {
    return access(chosen, X_OK) == 0 ? std::string(chosen) : std::string();
  }
  return find_on_path("ffprobe");
}

ContentFacts check_audio_video(const std::string& ffprobe, const fs::path& file,
                               std::string_view type, const fs::path& scratch) {
  ContentFacts facts;
  const auto demuxer = demuxer_for(type);
  if (!demuxer) {
    facts.problem = "ce type de fichier ne peut pas être vérifié";
    return facts;
  }
  if (ffprobe.empty()) {
    facts.problem =
        "les sons et les vidéos ne peuvent pas être vérifiés sur ce serveur (le programme "
        "ffprobe, du paquet ffmpeg, n'y est pas installé) : ils sont refusés";
    return facts;
  }
  const ProbeOutput probe = run_ffprobe(ffprobe, file, demuxer->name, scratch);
  const auto has = [&](std::string_view kind) {
    for (const std::string& found : probe.stream_types) {
      if (found == kind) {
        return true;
      }
    }
    return false;
  };
  // A video may be silent, a sound never has pictures; an MP4 holding only sound is a sound.
  const bool readable =
      probe.status == 0 && (demuxer->video ? has("video") || has("audio") : has("audio"));
  if (!readable) {
    facts.problem = std::string(demuxer->video ? "cette vidéo" : "ce son") +
                    " est illisible (endommagé, ou d'un autre type que " + std::string(type) + ")";
    return facts;
  }
  facts.width = probe.width;
  facts.height = probe.height;
  facts.duration_ms = probe.duration_ms;
  return facts;
}

ContentFacts probe_facts(const std::string& ffprobe, const fs::path& file,
                         const fs::path& scratch) {
  ContentFacts facts;
  if (ffprobe.empty()) {
    return facts;
  }
  const ProbeOutput probe = run_ffprobe(ffprobe, file, {}, scratch);
  facts.width = probe.width;
  facts.height = probe.height;
  facts.duration_ms = probe.duration_ms;
  return facts;
}

}  // namespace imaginecole::media
