// SPDX-License-Identifier: AGPL-3.0-or-later
// `imaginecole export zim`: the published resources of one country's level (or one subject of
// it) as a ZIM file Kiwix reads offline. The pages are the web's page models rendered with the
// web's templates (no request to ourselves), inside a layout of their own without sign-in or
// site search, their links made relative to the file; lessons carry their pictures' small
// renditions, their sounds and, when asked, their low-bitrate videos; exercise sets become
// pages that check answers with a little JavaScript. Decision 0034 says why.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace imaginecole::catalog {
class CurriculumStore;
class Library;
}  // namespace imaginecole::catalog
namespace imaginecole::media {
class MediaLibrary;
}

namespace imaginecole::zim {

struct LevelExportOptions {
  std::string country;                 // "SN" (any case)
  std::string level;                   // the level's slug, "CM2" (any case)
  std::optional<std::string> subject;  // a subject's slug; nullopt: every subject of the level
  std::filesystem::path out;
  bool with_audio = true;
  bool with_video = false;
  std::string language = "fr";  // the interface language of the pages
};

struct LevelExportReport {
  int pages = 0;             // HTML pages, exercise pages included
  int resources = 0;         // resource pages
  int exercise_pages = 0;    // exercise sets that check answers
  int media_files = 0;       // pictures, sounds and videos
  std::uintmax_t bytes = 0;  // the file's size
  double seconds = 0;
};

// Throws InvalidInput (nothing written) for an unknown country, level or subject, a level with
// nothing published, or an --out that cannot be written.
LevelExportReport export_level(catalog::CurriculumStore& store, catalog::Library& library,
                               media::MediaLibrary& media, const LevelExportOptions& options);

}  // namespace imaginecole::zim
