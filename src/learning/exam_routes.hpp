// SPDX-License-Identifier: AGPL-3.0-or-later
// Exam practice pages: /examens/{country}/{code} offers mock papers of 10 or 20 questions;
// /examens/{country}/{code}/epreuve?n=&seed= shows one (the seed names it), timed by the
// server; its POST grades it, records a signed-in pupil's answers as attempts (once per
// client UUID the server put in the form) and shows the score by topic with the solutions
// of the questions missed. Anonymous visitors practise without records.
#pragma once

#include "accounts/accounts.hpp"
#include "http/router.hpp"
#include "learning/attempts.hpp"
#include "learning/exam_practice.hpp"

namespace imaginecole::learning {

void register_exam_pages(http::Router& router, ExamPractice& practice, Attempts& attempts,
                         accounts::Accounts& accounts);

}  // namespace imaginecole::learning
