// SPDX-License-Identifier: AGPL-3.0-or-later
// "aucune ressource", "1 ressource", "12 ressources": a count of resources in the reader's
// language, for the level and subject pages.
#pragma once

#include <cstdint>
#include <string>

namespace imaginecole::web {
class Catalogue;
}

namespace imaginecole::catalog {

std::string resource_count_label(const web::Catalogue& messages, std::int64_t count);

}  // namespace imaginecole::catalog
