// SPDX-License-Identifier: AGPL-3.0-or-later
// The question bank over HTTP: the editors' JSON API and pages (import with its report, a
// question's form) and the pupils' player of a published exercise set.
#pragma once

#include <functional>
#include <string>

#include "http/router.hpp"

namespace imaginecole::accounts {
class Accounts;
}

namespace imaginecole::exercises {

class QuestionStore;
struct ImportOptions;

// Where an import's pictures go, for a country and the importing user (the program wires the
// media library; empty: questions with pictures are skipped with the reason).
using ImportMedia =
    std::function<ImportOptions(const std::string& country, const std::string& user_id)>;

void register_exercise_routes(http::Router& router, QuestionStore& store,
                              accounts::Accounts& accounts, ImportMedia import_media = {});

}  // namespace imaginecole::exercises
