// SPDX-License-Identifier: AGPL-3.0-or-later
// The player's rules for a set a teacher assigned: the assignment's choices (when solutions
// are shown, quiz takes allowed, fixed or shuffled order) read as PlayerRules. A pure function
// of the assignment, the pupil and the time, so a pupil sees the same order on every visit.
#pragma once

#include <string_view>

#include "learning/assignment.hpp"
#include "learning/player_rules.hpp"

namespace imaginecole::learning {

// `now` is a UTC timestamp in core/clock.hpp's format, compared with the due date.
PlayerRules player_rules_of(const AssignmentRules& assigned, std::string_view pupil_id,
                            std::string_view resource_id, std::string_view now);

}  // namespace imaginecole::learning
