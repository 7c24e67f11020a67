// SPDX-License-Identifier: AGPL-3.0-or-later
// Content carries its own language: a French lesson under the Arabic interface is marked
// lang="fr" dir="ltr", so that it runs left to right and a screen reader reads it with a French
// voice (WCAG 3.1.2). Also the words for language and country codes ("wolof", "Côte d'Ivoire").
#pragma once

#include <string>
#include <string_view>

#include "web/templates.hpp"

namespace imaginecole::web {

struct ContentLanguage {
  std::string lang;  // a BCP 47 tag, "fr"; empty when the content did not say
  std::string dir;   // "rtl" or "ltr"
};

// The lang and dir of content written in `code` ("fr", "ar", "wo", "ff-Adlm"…). A code that is
// not a well-formed language tag gives an empty lang (the page's own language then applies)
// and "auto", so a wrong record never makes a page lie about its language.
ContentLanguage content_language(std::string_view code);

// Sets "content_lang" and "content_dir" in `data` for templates:
// <div class="body" lang="{{content_lang}}" dir="{{content_dir}}">.
void set_content_language(TemplateData& data, std::string_view code);

// The language's name in the interface language: ("wo", "fr") -> "wolof", ("ff", "fr") -> "peul".
// The code itself when ICU does not know it.
std::string language_name(std::string_view code, std::string_view interface_language);

// "fr, wo, ff" -> "français, wolof, peul" (the list's order kept).
std::string language_names(std::string_view codes, std::string_view interface_language);

// The country's name in the interface language: ("CI", "fr") -> "Côte d’Ivoire".
std::string country_name(std::string_view code, std::string_view interface_language);

}  // namespace imaginecole::web
