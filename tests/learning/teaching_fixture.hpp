// SPDX-License-Identifier: AGPL-3.0-or-later
// The teaching tests' setting: the demo on SQLite or PostgreSQL, a published exercise set of
// Senegal with three graded questions and a text, the real binary serving it, the teacher of
// CM2 A (DKR001) and the teacher of another school's class signed in.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <memory>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "exercises/question.hpp"
#include "support/backends.hpp"
#include "support/demo_database.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/sign_in.hpp"

namespace imaginecole::testing {

inline constexpr char kNumeric[] = "0190f0f0-0000-7000-8000-00000000b001";
inline constexpr char kChoice[] = "0190f0f0-0000-7000-8000-00000000b002";
inline constexpr char kOrdering[] = "0190f0f0-0000-7000-8000-00000000b003";
inline constexpr char kReading[] = "0190f0f0-0000-7000-8000-00000000b004";

class TeachingTest : public DemoBackendTest {
 protected:
  void SetUp() override {
    DemoBackendTest::SetUp();
    location_ = location_of(test_db());
    set_ = publish_questions();
    auto connection = db().read();
    class_id_ = connection
                    ->query_one(
                        "SELECT c.id FROM classes c JOIN schools s ON "
                        "s.id = c.school_id WHERE s.code = 'DKR001'")
                    ->text(0);
    other_class_ = connection
                       ->query_one(
                           "SELECT c.id FROM classes c JOIN schools s ON "
                           "s.id = c.school_id WHERE s.code = 'ABJ001'")
                       ->text(0);
    lesson_ = connection
                  ->query_one(
                      "SELECT id FROM resources WHERE kind = 'lesson' AND status = "
                      "'published' AND origin_country = 'SN' ORDER BY id LIMIT 1")
                  ->text(0);
    server_ = std::make_unique<ServerProcess>(ServerProcess::start(location_));
    teacher_ = with_json(sign_in(port(), {.username = "sn.teacher"}));
    other_teacher_ = with_json(sign_in(port(), {.username = "ci.teacher"}));
  }
  void TearDown() override {
    server_.reset();
    BackendTest::TearDown();
  }
  std::uint16_t port() const { return server_->port(); }

  std::string publish_questions() {
    std::vector<exercises::Question> questions(4);
    questions[0].id = kNumeric;
    questions[0].type = exercises::QuestionType::numeric;
    questions[0].prompt = "Combien font $\\frac{7}{2}$ ?";
    questions[0].numbers = {{3.5, 0, 1, "Bravo."}};
    questions[1].id = kChoice;
    questions[1].type = exercises::QuestionType::single_choice;
    questions[1].prompt = "Capitale du Sénégal ?";
    questions[1].choices = {{"Dakar", 1, "Oui."}, {"Thiès", 0, "Non, c'est Dakar."}};
    questions[2].id = kOrdering;
    questions[2].type = exercises::QuestionType::ordering;
    questions[2].prompt = "Range du plus petit au plus grand.";
    questions[2].items = {"1/4", "1/2", "3/4"};
    questions[3].id = kReading;
    questions[3].type = exercises::QuestionType::description;
    questions[3].prompt = "Lis bien chaque question.";
    auto connection = db().write();
    std::string id = connection
                         ->query_one(
                             "SELECT id FROM resources WHERE kind = 'exercise_set' "
                             "AND status = 'published' AND origin_country = 'SN' "
                             "ORDER BY id LIMIT 1")
                         ->text(0);
    connection->execute("UPDATE resources SET questions = ? WHERE id = ?",
                        {exercises::questions_to_json(questions), id});
    return id;
  }

  std::string user_id(const std::string& username) {
    auto connection = db().read();
    return connection->query_one("SELECT id FROM users WHERE username = ?", {username})->text(0);
  }

  // A JSON body for POST /api/v1/classes/{id}/assignments.
  static std::string assignment(const std::string& client_id, const std::string& resource,
                                const std::string& extra = {}) {
    return R"({"client_id": ")" + client_id + R"(", "resource": ")" + resource + "\"" +
           (extra.empty() ? "" : ", " + extra) + "}";
  }
  HttpResponse assign(const Headers& who, const std::string& body,
                      const std::string& class_id = {}) {
    return http_request(
        port(), "POST",
        "/api/v1/classes/" + (class_id.empty() ? class_id_ : class_id) + "/assignments", who, body);
  }
  std::string attempt(const std::string& question, const std::string& response) const {
    return R"({"client_id": ")" + core::new_id() + R"(", "resource": ")" + set_ +
           R"(", "question": ")" + question + R"(", "response": )" + response + "}";
  }
  HttpResponse answer(const Headers& pupil, const std::string& question,
                      const std::string& response) {
    return http_request(port(), "POST", "/api/v1/attempts", pupil, attempt(question, response));
  }
  Headers pupil(const std::string& username, const std::string& password = "soleil") {
    return with_json(
        sign_in(port(), {.username = username, .password = password, .school = "DKR001"}));
  }
  // The form token of a session: the same as its API header.
  static std::string csrf_of(const Headers& who) {
    for (const auto& [name, value] : who) {
      if (name == "X-CSRF-Token") {
        return value;
      }
    }
    return {};
  }
  static Headers as_form(const Headers& who) {
    Headers out;
    for (const auto& header : who) {
      if (header.first == "Cookie") {
        out.push_back(header);
      }
    }
    out.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    return out;
  }

  std::vector<std::string> location_;
  std::unique_ptr<ServerProcess> server_;
  std::string set_;
  std::string lesson_;
  std::string class_id_;
  std::string other_class_;
  Headers teacher_;
  Headers other_teacher_;
};

}  // namespace imaginecole::testing
