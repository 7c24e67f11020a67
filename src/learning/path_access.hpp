// SPDX-License-Identifier: AGPL-3.0-or-later
// Who may see, make and change a learning path. A national path is the country's: anyone
// sees it, editors of the country (content.edit) change it. A school's path is made by a
// teacher of the school (content.class) and seen only there.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "accounts/accounts.hpp"
#include "learning/attempts.hpp"
#include "learning/path.hpp"

namespace imaginecole::learning {

bool edits_country(const accounts::SignedIn& who, std::string_view country);
// The school where `who` teaches (staff of a school holding content.class), or nullopt.
std::optional<std::string> teaching_school(const accounts::SignedIn& who);

bool may_edit_path(const accounts::SignedIn& who, const LearningPath& path);
bool may_see_path(const accounts::SignedIn* who, const LearningPath& path);

// The signed-in pupil as a learner (school and its country), or nullopt for staff.
std::optional<Pupil> pupil_of_user(accounts::Accounts& accounts, const accounts::User& user);

}  // namespace imaginecole::learning
