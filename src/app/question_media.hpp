// SPDX-License-Identifier: AGPL-3.0-or-later
// The media library behind question-bank imports: the exercises library only knows
// ImportOptions' callbacks; these store the pictures a bank carries in the media library (the
// same checks as an upload: type sniffed from the bytes, size limits, the image decoded).
#pragma once

#include <string>

#include "exercises/bank_format.hpp"

namespace imaginecole::media {
class MediaLibrary;
}

namespace imaginecole::app {

// Pictures only (a bank's <img> shows an image); `country` and `user_id` are recorded with
// each stored file (either may be empty).
exercises::ImportOptions question_media_options(media::MediaLibrary& library,
                                                const std::string& country,
                                                const std::string& user_id);

}  // namespace imaginecole::app
