// SPDX-License-Identifier: AGPL-3.0-or-later
// What the media library must ask the capabilities built on it before deleting a file: saved
// versions of resources (authoring) and questions of the bank (exercises). They come after
// media in the build, so the application hands their finders to MediaOptions::use_finders.
#pragma once

#include <vector>

#include "media/media_library.hpp"

namespace imaginecole::app {

// Authoring's saved versions, then the question bank.
std::vector<media::MediaUseFinder> media_use_finders();

}  // namespace imaginecole::app
