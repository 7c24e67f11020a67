// SPDX-License-Identifier: AGPL-3.0-or-later
// Numbers, dates, plurals and the words for codes in fr, en and ar (web/format, through ICU),
// and the lang/dir of content (web/content_language).
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "web/content_language.hpp"
#include "web/format.hpp"
#include "web/i18n.hpp"

namespace imaginecole::web {
namespace {

TEST(Format, NumbersAndScoresUseTheLanguagesSeparators) {
  EXPECT_EQ(format_score(7.8, 10, "fr"), "7,8 / 10");
  EXPECT_EQ(format_score(7.8, 10, "en"), "7.8 / 10");
  EXPECT_EQ(format_score(7.8, 10, "ar"), "\u0667\u066b\u0668 / \u0661\u0660");  // ٧٫٨ / ١٠
  EXPECT_EQ(format_number(2.25, "fr", 2), "2,25");
  EXPECT_EQ(format_number(3.0, "fr"), "3");
}

TEST(Format, DatesAreWrittenOut) {
  EXPECT_EQ(format_date("2026-12-05T14:41:46.123Z", "fr"), "5 décembre 2026");
  EXPECT_EQ(format_date("2026-12-05", "en"), "December 5, 2026");
  EXPECT_NE(format_date("2026-12-05", "ar").find("ديسمبر"), std::string::npos);
  EXPECT_EQ(format_date_time("2026-12-05T14:41:46Z", "fr"), "5 décembre 2026 à 14:41");
  // Not a timestamp: shown as it is, never a crash or an invented date.
  EXPECT_EQ(format_date("yesterday", "fr"), "yesterday");
  EXPECT_EQ(format_date("2026-02-30", "fr"), "2026-02-30");
  EXPECT_EQ(format_date("", "fr"), "");
}

TEST(Format, PluralsFollowTheLanguagesRules) {
  const Catalogue& french = Messages::instance().catalogue("fr");
  EXPECT_EQ(plural(french, "lang_errors_count", 1), "1 erreur");
  EXPECT_EQ(plural(french, "lang_errors_count", 2), "2 erreurs");
  EXPECT_EQ(plural(french, "lang_errors_count", 0), "aucune erreur");
  const Catalogue& english = Messages::instance().catalogue("en");
  EXPECT_EQ(plural(english, "lang_errors_count", 1), "1 error");
  EXPECT_EQ(plural(english, "lang_search_results", 12), "12 results");
  const Catalogue& arabic = Messages::instance().catalogue("ar");
  EXPECT_EQ(plural(arabic, "lang_errors_count", 2), "خطآن");          // dual
  EXPECT_EQ(plural(arabic, "lang_errors_count", 5), "\u0665 أخطاء");  // few: ٥ أخطاء
  // A broken pattern shows itself rather than failing the page.
  EXPECT_EQ(format_count("{count, plural, one {", 1, "fr"), "{count, plural, one {");
}

TEST(Format, EveryPluralMessageIsAValidPatternInEveryLanguage) {
  for (const auto& language : Messages::instance().languages()) {
    const Catalogue& catalogue = Messages::instance().catalogue(language.code);
    for (const auto& [key, pattern] : catalogue.all()) {
      if (pattern.find(", plural,") == std::string::npos) {
        continue;
      }
      for (const int count : {0, 1, 2, 3, 11, 100}) {
        const std::string text = plural(catalogue, key, count);
        EXPECT_EQ(text.find('{'), std::string::npos) << language.code << " " << key << " " << text;
      }
    }
  }
}

TEST(Format, FormattersAreSafeToUseFromManyThreads) {
  std::vector<std::thread> threads;
  std::vector<int> wrong(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([t, &wrong] {
      const char* language = t % 2 == 0 ? "fr" : "en";
      for (int i = 0; i < 200; ++i) {
        const std::string date = format_date("2026-12-05", language);
        if (date != (t % 2 == 0 ? "5 décembre 2026" : "December 5, 2026")) {
          ++wrong[static_cast<std::size_t>(t)];
        }
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  for (const int count : wrong) {
    EXPECT_EQ(count, 0);
  }
}

TEST(ContentLanguage, LangAndDirOfContent) {
  EXPECT_EQ(content_language("fr").lang, "fr");
  EXPECT_EQ(content_language("fr").dir, "ltr");
  EXPECT_EQ(content_language("ar").dir, "rtl");
  EXPECT_EQ(content_language("ar_TD").lang, "ar-TD");
  EXPECT_EQ(content_language("wo").dir, "ltr");
  // A record with a broken code never writes it into the page.
  EXPECT_EQ(content_language("\"><script>").lang, "");
  EXPECT_EQ(content_language("\"><script>").dir, "auto");
  EXPECT_EQ(content_language("").lang, "");
}

TEST(ContentLanguage, CodesBecomeWordsInTheInterfaceLanguage) {
  EXPECT_EQ(language_names("fr, wo, ff", "fr"), "français, wolof, peul");
  EXPECT_EQ(language_names("fr,wo", "en"), "French, Wolof");
  EXPECT_EQ(language_names("fr,ar", "ar"), "الفرنسية، العربية");
  EXPECT_EQ(language_name("gux", "fr"), "gux") << "unknown to ICU: the code, not an empty name";
  EXPECT_EQ(country_name("CI", "fr"), "Côte d’Ivoire");
  EXPECT_EQ(country_name("SN", "en"), "Senegal");
  EXPECT_EQ(country_name("xx1", "fr"), "xx1");
}

}  // namespace
}  // namespace imaginecole::web
