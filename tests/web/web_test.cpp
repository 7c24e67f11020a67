// SPDX-License-Identifier: AGPL-3.0-or-later
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/embedded.hpp"
#include "web/i18n.hpp"
#include "web/page.hpp"
#include "web/templates.hpp"

IMAGINECOLE_DECLARE_EMBEDDED(web_messages)

namespace imaginecole::web {
namespace {

TEST(Messages, EveryCatalogueHasTheFrenchKeys) {
  const Messages& messages = Messages::instance();
  ASSERT_GE(messages.languages().size(), 3U);
  const Catalogue& french = messages.fallback();
  EXPECT_EQ(french.language().code, "fr");
  for (const auto& language : messages.languages()) {
    const Catalogue& catalogue = messages.catalogue(language.code);
    for (const auto& [key, value] : french.all()) {
      EXPECT_TRUE(catalogue.has(key)) << language.code << " lacks " << key;
    }
    for (const auto& [key, value] : catalogue.all()) {
      EXPECT_TRUE(french.has(key)) << language.code << " has unknown key " << key;
    }
  }
  EXPECT_TRUE(messages.catalogue("ar").language().right_to_left);
  EXPECT_FALSE(messages.catalogue("fr").language().right_to_left);
}

TEST(Messages, AcceptLanguageNegotiation) {
  const auto& languages = Messages::instance().languages();
  EXPECT_EQ(negotiate_language("en-US,en;q=0.9", languages), "en");
  EXPECT_EQ(negotiate_language("wo-SN, fr;q=0.8, en;q=0.5", languages), "fr");
  EXPECT_EQ(negotiate_language("ar-TD", languages), "ar");
  EXPECT_EQ(negotiate_language("de-DE, es", languages), "");
  EXPECT_EQ(negotiate_language("en;q=0.2, fr;q=0.9", languages), "fr");
  EXPECT_EQ(negotiate_language(";;;,,", languages), "");
}

TEST(Messages, ChoiceOrderIsParameterThenCookieThenHeader) {
  http::Request request;
  request.headers.emplace_back("accept-language", "en");
  request.headers.emplace_back("cookie", "lang=ar");
  EXPECT_EQ(choose_language(request), "ar");
  http::Request with_param;
  with_param.query = "lang=en";
  with_param.headers.emplace_back("cookie", "lang=ar");
  EXPECT_EQ(choose_language(with_param), "en");
  http::Request unsupported;
  unsupported.query = "lang=xx";
  unsupported.headers.emplace_back("cookie", "lang=zz");
  EXPECT_EQ(choose_language(unsupported), "fr");
}

TEST(Templates, AllParseAndEscapeWhatTheyShow) {
  EXPECT_EQ(check_templates(), "");
  TemplateData data;
  data.set("title", "<script>alert(1)</script>");
  data.set("text", "\"quoted\" & more");
  const std::string html = render_template("web/templates/error", data, "fr");
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("Retour à l&apos;accueil"), std::string::npos) << "messages under t.";
}

TEST(Page, LayoutCarriesLanguageDirectionAndLandmarks) {
  http::Request request;
  request.path = "/";
  request.query = "lang=ar";
  Page page;
  page.title = "Test";
  page.template_name = "web/templates/error";
  page.data.set("title", "x");
  const http::Response response = render_page(request, page);
  EXPECT_EQ(response.status, 200);
  EXPECT_NE(response.body.find("<html lang=\"ar\" dir=\"rtl\">"), std::string::npos);
  EXPECT_NE(response.body.find("<main id=\"main\">"), std::string::npos);
  EXPECT_NE(response.body.find("<header"), std::string::npos);
  EXPECT_NE(response.body.find("<footer"), std::string::npos);
  EXPECT_EQ(response.header("Content-Language"), "ar");
}

TEST(Page, LocalizedNamesFallBackToFrenchThenEnglish) {
  EXPECT_EQ(localized(R"({"fr": "Tchad", "en": "Chad", "ar": "تشاد"})", "ar"), "تشاد");
  EXPECT_EQ(localized(R"j({"fr": "CM2", "en": "CM2 (Year 6)"})j", "ar"), "CM2");
  EXPECT_EQ(localized(R"({"en": "Form 1"})", "fr"), "Form 1");
  EXPECT_EQ(localized("not json", "fr"), "not json");
}

TEST(Page, StylesheetStaysSmall) {
  http::Request request;
  request.path = "/static/site.css";
  request.path_params = {{"name", "site.css"}};
  http::Router router;
  register_web_routes(router);
  const auto match = router.match(http::Method::get, "/static/site.css");
  ASSERT_EQ(match.kind, http::RouteMatch::Kind::found);
  const http::Response css = match.route->handler(request);
  EXPECT_EQ(css.status, 200);
  EXPECT_LT(css.body.size(), 10U * 1024U) << "mobile-first CSS under 10 KB";
}

}  // namespace
}  // namespace imaginecole::web
