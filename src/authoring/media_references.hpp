// SPDX-License-Identifier: AGPL-3.0-or-later
// Which saved versions of resources refer to a media file: the media library asks before it
// deletes one (through MediaOptions::use_finders, wired by the application).
#pragma once

#include <string>
#include <vector>

#include "storage/database.hpp"

namespace imaginecole::authoring {

struct VersionReference {
  std::string resource_id;
  int number = 0;
  std::string title;  // the workflow's title, else the published resource's, else ""
};

// Saved versions whose snapshot contains `like_pattern`, by resource then number, on the
// caller's connection.
std::vector<VersionReference> versions_containing(storage::Connection& connection,
                                                  const std::string& like_pattern);

}  // namespace imaginecole::authoring
