// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/media_uses.hpp"

#include "authoring/media_references.hpp"
#include "exercises/media_references.hpp"

namespace imaginecole::app {

std::vector<media::MediaUseFinder> media_use_finders() {
  return {
      [](storage::Connection& connection, const std::string& like_pattern) {
        std::vector<media::MediaUse> uses;
        for (const auto& version : authoring::versions_containing(connection, like_pattern)) {
          uses.push_back(media::MediaUse{.kind = "resource",
                                         .id = version.resource_id,
                                         .title = version.title,
                                         .versions = {version.number}});
        }
        return uses;
      },
      [](storage::Connection& connection, const std::string& like_pattern) {
        std::vector<media::MediaUse> uses;
        for (const auto& question : exercises::questions_containing(connection, like_pattern)) {
          uses.push_back(media::MediaUse{
              .kind = "question", .id = question.id, .title = question.name, .current = true});
        }
        return uses;
      },
  };
}

}  // namespace imaginecole::app
