// SPDX-License-Identifier: AGPL-3.0-or-later
// Fresh sign-in cards (with their secrets in clear) between the POST that issued them and the
// cards page its redirect leads to, once, for the session and class that issued them.
#pragma once

#include <vector>

#include "classroom/classroom.hpp"
#include "web/one_time_stash.hpp"

namespace imaginecole::classroom {

using IssuedCardsStash = web::OneTimeStash<std::vector<IssuedCard>>;

}  // namespace imaginecole::classroom
