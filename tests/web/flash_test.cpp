// SPDX-License-Identifier: AGPL-3.0-or-later
// The one-time confirmation cookie (web/flash.hpp): only keys of its list travel, with the
// attributes a confirmation needs, and every key has its sentence in every language.
#include <gtest/gtest.h>

#include "http/request.hpp"
#include "http/response.hpp"
#include "web/flash.hpp"
#include "web/i18n.hpp"

namespace imaginecole::web {
namespace {

TEST(Flash, OnlyKeysOfTheListAreRead) {
  EXPECT_EQ(flash_from_key("safe_flash_saved"), Flash::saved);
  EXPECT_EQ(flash_from_key(flash_key(Flash::pupils_created)), Flash::pupils_created);
  for (const std::string_view forged :
       {"", "safe_flash_", "SAFE_FLASH_SAVED", "safe_flash_saved ", "classroom_error_csrf",
        "<b>Bravo</b>", "safe_flash_saved\r\nSet-Cookie: x=1", "Vous avez gagné"}) {
    EXPECT_FALSE(flash_from_key(forged).has_value()) << forged;
  }
}

TEST(Flash, TheCookieIsHttpOnlyLaxShortAndHoldsTheKey) {
  http::Request request;
  const http::Response response =
      with_flash(http::Response::redirect("/x", 303), request, Flash::published);
  std::string cookie;
  for (const auto& [name, value] : response.headers) {
    if (name == "Set-Cookie") {
      cookie = value;
    }
  }
  EXPECT_TRUE(cookie.starts_with("imaginecole_flash=safe_flash_published;")) << cookie;
  for (const char* attribute : {"Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=60"}) {
    EXPECT_NE(cookie.find(attribute), std::string::npos) << attribute << " in " << cookie;
  }
}

TEST(Flash, EveryKeyHasItsSentenceInEveryLanguage) {
  for (const auto& language : Messages::instance().languages()) {
    const Catalogue& catalogue = Messages::instance().catalogue(language.code);
    for (int i = 0; i <= static_cast<int>(Flash::signed_out); ++i) {
      const std::string_view key = flash_key(static_cast<Flash>(i));
      ASSERT_FALSE(key.empty()) << i;
      EXPECT_TRUE(catalogue.has(key)) << language.code << " lacks " << key;
    }
  }
}

}  // namespace
}  // namespace imaginecole::web
