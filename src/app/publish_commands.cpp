// SPDX-License-Identifier: AGPL-3.0-or-later
// `imaginecole publish zim FILE.zim --country CC [--data DIR]`: a ministry publishes a ZIM
// file in the OPDS catalogue (/catalog/v2/entries) the Kiwix apps browse. The file is read and
// checked with libzim (metadata, checksum) before a byte is copied; a file that is not a whole
// ZIM, or one already published (same UUID), exits 2 with the reason and publishes nothing.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <memory>

#include "app/command_line.hpp"
#include "core/errors.hpp"
#include "opds/opds_feed.hpp"

namespace imaginecole::app {
namespace {

struct PublishZimSettings {
  std::string path;
  std::string country;
};

int run_publish_zim(const CommonSettings& common, const PublishZimSettings& settings) {
  if (common.database_url.empty()) {
    require_data_dir(common);
  }
  std::string country = settings.country;
  std::transform(country.begin(), country.end(), country.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  Platform platform(platform_options(common));
  if (!platform.curricula().curriculum(country)) {
    throw InvalidInput("no country with code '" + settings.country + "'");
  }
  auto published = platform.zim_shelf().publish(settings.path, country);
  if (const auto* refusal = std::get_if<opds::PublishRefusal>(&published)) {
    throw InvalidInput(refusal->reason);
  }
  const auto& zim = std::get<opds::PublishedZim>(published);
  std::printf("published %s \"%s\" (%s, %llu articles, %llu bytes) at %s\n",
              zim.metadata.uuid.c_str(), zim.metadata.title.c_str(), zim.metadata.language.c_str(),
              static_cast<unsigned long long>(zim.metadata.article_count),
              static_cast<unsigned long long>(zim.metadata.size), opds::download_url(zim).c_str());
  return 0;
}

}  // namespace

CapabilityCommand add_publish_zim_command(CLI::App& publish_command, const CommonSettings& common) {
  auto settings = std::make_shared<PublishZimSettings>();
  auto* command = publish_command.add_subcommand(
      "zim", "Publish a ZIM file in the OPDS catalogue the Kiwix apps read (/catalog/v2)");
  command->add_option("file", settings->path, "The ZIM file")->required();
  command->add_option("--country", settings->country, "The publishing ministry's country (SN)")
      ->required();
  return CapabilityCommand{.command = command, .run = [settings, &common]() {
                             return run_publish_zim(common, *settings);
                           }};
}

}  // namespace imaginecole::app
