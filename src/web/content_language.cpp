// SPDX-License-Identifier: AGPL-3.0-or-later
#include "web/content_language.hpp"

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>

namespace imaginecole::web {
namespace {

// A language tag as records carry it: letters, digits and "-" or "_", starting with a 2 or 3
// letter language subtag ("fr", "ff-Adlm", "ar_TD"). Anything else is not trusted.
bool plausible_language_tag(std::string_view code) {
  if (code.empty() || code.size() > 35) {
    return false;
  }
  const auto end_of_primary = code.find_first_of("-_");
  const std::string_view primary = code.substr(0, end_of_primary);
  if (primary.size() < 2 || primary.size() > 3 ||
      !std::all_of(primary.begin(), primary.end(),
                   [](unsigned char c) { return std::isalpha(c) != 0; })) {
    return false;
  }
  return std::all_of(code.begin(), code.end(),
                     [](unsigned char c) { return std::isalnum(c) != 0 || c == '-' || c == '_'; });
}

std::string lower_tag(std::string_view code) {
  std::string out(code);
  std::replace(out.begin(), out.end(), '_', '-');
  const auto end_of_primary = out.find('-');
  std::transform(out.begin(),
                 out.begin() + static_cast<std::ptrdiff_t>(std::min(end_of_primary, out.size())),
                 out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

icu::Locale locale_of(std::string_view tag) {
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale locale = icu::Locale::forLanguageTag(std::string(tag), status);
  return U_SUCCESS(status) ? locale : icu::Locale::getRoot();
}

std::string utf8(const icu::UnicodeString& text) {
  std::string out;
  text.toUTF8String(out);
  return out;
}

}  // namespace

ContentLanguage content_language(std::string_view code) {
  if (!plausible_language_tag(code)) {
    return {.lang = "", .dir = "auto"};
  }
  const std::string tag = lower_tag(code);
  // ICU knows the script a language is written in ("ar" and "ur" right to left, "ff-Adlm" too).
  const bool right_to_left = locale_of(tag).isRightToLeft();
  return {.lang = tag, .dir = right_to_left ? "rtl" : "ltr"};
}

void set_content_language(TemplateData& data, std::string_view code) {
  const ContentLanguage language = content_language(code);
  data.set("content_lang", language.lang);
  data.set("content_dir", language.dir);
}

std::string language_name(std::string_view code, std::string_view interface_language) {
  if (!plausible_language_tag(code)) {
    return std::string(code);
  }
  const std::string tag = lower_tag(code);
  icu::UnicodeString name;
  locale_of(tag).getDisplayLanguage(locale_of(interface_language), name);
  std::string out = utf8(name);
  if (out.empty() || out == tag) {
    return std::string(code);
  }
  return out;
}

std::string language_names(std::string_view codes, std::string_view interface_language) {
  // Arabic separates a list with its own comma.
  const std::string_view separator = interface_language == "ar" ? "، " : ", ";
  std::string out;
  std::size_t start = 0;
  while (start <= codes.size()) {
    const auto comma = codes.find(',', start);
    std::string_view item = codes.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    while (!item.empty() && item.front() == ' ') {
      item.remove_prefix(1);
    }
    while (!item.empty() && item.back() == ' ') {
      item.remove_suffix(1);
    }
    if (!item.empty()) {
      if (!out.empty()) {
        out += separator;
      }
      out += language_name(item, interface_language);
    }
    if (comma == std::string_view::npos) {
      break;
    }
    start = comma + 1;
  }
  return out;
}

std::string country_name(std::string_view code, std::string_view interface_language) {
  if (code.size() != 2 || !std::all_of(code.begin(), code.end(),
                                       [](unsigned char c) { return std::isalpha(c) != 0; })) {
    return std::string(code);
  }
  std::string region(code);
  std::transform(region.begin(), region.end(), region.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  icu::UnicodeString name;
  icu::Locale("und", region.c_str()).getDisplayCountry(locale_of(interface_language), name);
  std::string out = utf8(name);
  return out.empty() || out == region ? region : out;
}

}  // namespace imaginecole::web
