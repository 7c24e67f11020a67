// SPDX-License-Identifier: AGPL-3.0-or-later
// Which questions of the bank refer to a media file: the media library asks before it deletes
// one (through MediaOptions::use_finders, wired by the application).
#pragma once

#include <string>
#include <vector>

#include "storage/database.hpp"

namespace imaginecole::exercises {

struct QuestionReference {
  std::string id;
  std::string name;
};

// Questions whose body contains `like_pattern`, on the caller's connection.
std::vector<QuestionReference> questions_containing(storage::Connection& connection,
                                                    const std::string& like_pattern);

}  // namespace imaginecole::exercises
