// SPDX-License-Identifier: AGPL-3.0-or-later
// `imaginecole export zim --country CODE --level LEVEL [--subject S] --out FILE.zim`: a
// country's level as a Kiwix file (zim/level_export.hpp). Exit 0 with what was written; 2 with
// a message, and no file, for an unknown country, level or subject, a level with nothing
// published, or an --out that cannot be written.
#include <cstdio>

#include "app/command_line.hpp"
#include "zim/level_export.hpp"

namespace imaginecole::app {
namespace {

struct ExportZimSettings {
  std::string country;
  std::string level;
  std::string subject;
  std::string out;
  bool with_audio = true;
  bool with_video = false;
  std::string language = "fr";
};

int run_export_zim(const CommonSettings& common, const ExportZimSettings& settings) {
  if (common.database_url.empty()) {
    require_data_dir(common);
  }
  PlatformOptions options = platform_options(common);
  options.usage_flush_every = std::chrono::milliseconds(0);
  Platform platform(options);
  const zim::LevelExportReport report = zim::export_level(
      platform.curricula(), platform.library(), platform.media_library(),
      zim::LevelExportOptions{.country = settings.country,
                              .level = settings.level,
                              .subject = settings.subject.empty()
                                             ? std::nullopt
                                             : std::optional<std::string>(settings.subject),
                              .out = settings.out,
                              .with_audio = settings.with_audio,
                              .with_video = settings.with_video,
                              .language = settings.language});
  std::printf(
      "Wrote %s: %d pages (%d resources, %d exercise pages), %d media files, %ju bytes "
      "in %.1f s.\n",
      settings.out.c_str(), report.pages, report.resources, report.exercise_pages,
      report.media_files, report.bytes, report.seconds);
  return 0;
}

}  // namespace

CapabilityCommand add_export_zim_command(CLI::App& export_command, const CommonSettings& common) {
  auto settings = std::make_shared<ExportZimSettings>();
  auto* command = export_command.add_subcommand(
      "zim", "A country's level (or one subject) as a ZIM file for Kiwix, read offline");
  command->add_option("--country", settings->country, "Country code, such as SN")->required();
  command->add_option("--level", settings->level, "Level, such as CM2")->required();
  command->add_option("--subject", settings->subject, "Only this subject (its slug)");
  command->add_option("--out", settings->out, "The ZIM file to write")->required();
  command->add_flag("--with-audio,!--no-audio", settings->with_audio,
                    "Include the lessons' sounds (default: yes)");
  command->add_flag("--with-video,!--no-video", settings->with_video,
                    "Include the lessons' videos, low-bitrate renditions (default: no)");
  command->add_option("--language", settings->language, "Language of the pages (fr, en, ar)")
      ->check(CLI::IsMember({"fr", "en", "ar"}))
      ->capture_default_str();
  return CapabilityCommand{
      .command = command, .run = [&common, settings] { return run_export_zim(common, *settings); }};
}

}  // namespace imaginecole::app
