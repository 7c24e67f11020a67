// SPDX-License-Identifier: AGPL-3.0-or-later
// The learning records' API, what the pupil's phone and the school server use:
//  - POST /api/v1/attempts: one answer, graded and recorded once per client UUID;
//  - POST /api/v1/attempts/batch: up to kMaxBatch answers an offline phone kept, in order;
//  - GET /api/v1/me/progress: the signed-in pupil's attempts per exercise set and mastery per
//  skill.
// Only pupils' answers are recorded; the routes follow the door's rules (a session, the CSRF
// header for writes).
#pragma once

#include "accounts/accounts.hpp"
#include "classroom/classroom.hpp"
#include "http/router.hpp"
#include "learning/assignments.hpp"
#include "learning/attempts.hpp"

namespace imaginecole::learning {

inline constexpr std::size_t kMaxBatch = 200;

void register_learning_routes(http::Router& router, Attempts& attempts,
                              accounts::Accounts& accounts);
// "Mon espace" (/me): the pupil's space; other people go to their landing page.
// /classes/{id}/skills: a class's pupils × skills, for those who may read its pupils.
void register_class_skills_routes(http::Router& router, Attempts& attempts,
                                  classroom::Classroom& classroom);
// The space lists the pupil's assignments still to do (Assignments::of_pupil).
void register_space_routes(http::Router& router, Attempts& attempts, Assignments& assignments,
                           accounts::Accounts& accounts);

}  // namespace imaginecole::learning
