// SPDX-License-Identifier: AGPL-3.0-or-later
// Every error a person can meet says, in their language, what happened and what to do.
#include <gtest/gtest.h>

#include <string>

#include "web/i18n.hpp"
#include "web/page.hpp"

namespace imaginecole::web {
namespace {

// The HTML form of a message as the templates write it (only the apostrophe occurs here).
std::string escaped(std::string text) {
  for (auto at = text.find('\''); at != std::string::npos; at = text.find('\'', at + 6)) {
    text.replace(at, 1, "&apos;");
  }
  return text;
}

TEST(ErrorPage, EachStatusSaysWhatHappenedAndWhatToDoInEveryLanguage) {
  for (const auto& language : Messages::instance().languages()) {
    const Catalogue& words = Messages::instance().catalogue(language.code);
    const std::string generic_title(words.get("error_generic_title"));
    const std::string generic_todo(words.get("lang_error_generic_todo"));
    for (const int status : {400, 403, 404, 405, 409, 413, 429, 500, 503}) {
      http::Request request;
      request.path = "/somewhere";
      request.target = "/somewhere";
      request.query = "lang=" + language.code;
      const http::Response response = error_page(request, status, "detail");
      EXPECT_EQ(response.status, status);
      const std::string& body = response.body;
      const std::string code = std::to_string(status);
      EXPECT_EQ(body.find("<h1>" + generic_title + "</h1>"), std::string::npos)
          << language.code << " " << status << " has only the generic title";
      const std::string todo = "<p class=\"todo\">";
      const auto at = body.find(todo);
      ASSERT_NE(at, std::string::npos) << language.code << " " << status;
      const auto end = body.find("</p>", at);
      const std::string shown = body.substr(at + todo.size(), end - at - todo.size());
      EXPECT_FALSE(shown.empty()) << language.code << " " << status;
      EXPECT_NE(shown, escaped(generic_todo))
          << language.code << " " << status << " says only the generic what-to-do";
      EXPECT_NE(body.find("<a href=\"/\">"), std::string::npos) << "a way home";
    }
  }
}

TEST(ErrorPage, BusyAndFailingPagesOfferToTryAgain) {
  http::Request request;
  request.path = "/c/SN";
  request.target = "/c/SN?page=2";
  request.query = "page=2";
  EXPECT_NE(error_page(request, 503, "").body.find("<a href=\"/c/SN?page=2\">"), std::string::npos);
  EXPECT_EQ(error_page(request, 404, "").body.find("<a href=\"/c/SN?page=2\">"), std::string::npos);
}

}  // namespace
}  // namespace imaginecole::web
