// SPDX-License-Identifier: AGPL-3.0-or-later
// Words of the learning pages: a message of the visitor's language, with "{name}" holes filled.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/request.hpp"

namespace imaginecole::learning {

std::string message(const http::Request& request, std::string_view key);
std::string fill(std::string pattern,
                 const std::vector<std::pair<std::string_view, std::string>>& values);
// The resource kind as pupils read it ("leçon", "exercices").
std::string kind_label(const http::Request& request, std::string_view kind);

}  // namespace imaginecole::learning
