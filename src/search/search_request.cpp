// SPDX-License-Identifier: AGPL-3.0-or-later
#include "search/search_request.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace imaginecole::search {
namespace {

bool all_of(std::string_view text, std::size_t max, bool (*allowed)(char)) {
  return !text.empty() && text.size() <= max && std::all_of(text.begin(), text.end(), allowed);
}

bool slug_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

bool language_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

bool exam_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == ' ' || c == '.';
}

}  // namespace

const std::vector<std::string_view>& searchable_kinds() {
  static const std::vector<std::string_view> kinds = {
      "lesson", "exercise_set", "video", "audio", "document", "interactive", "teacher_guide"};
  return kinds;
}

SearchRequest parse_search_request(const http::Request& request) {
  SearchRequest out;
  const auto fail = [&](std::string key, std::string text) {
    if (!out.error_key) {
      out.error_key = std::move(key);
      out.error_text = std::move(text);
    }
  };
  const auto param = [&](std::string_view name) { return request.query_param(name).value_or(""); };

  out.query.text = param("q");
  if (out.query.text.size() > kMaxQueryBytes) {
    fail("search_error_too_long",
         "The query is too long (at most " + std::to_string(kMaxQueryBytes) + " bytes).");
    out.query.text.clear();
  }

  SearchFilters& filters = out.query.filters;
  filters.country = param("country");
  std::transform(filters.country.begin(), filters.country.end(), filters.country.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (!filters.country.empty() &&
      !all_of(filters.country, 2, [](char c) { return c >= 'A' && c <= 'Z'; })) {
    fail("search_error_filter", "country must be a two-letter country code.");
    filters.country.clear();
  }
  filters.level = param("level");
  if (!filters.level.empty() && !all_of(filters.level, 64, slug_char)) {
    fail("search_error_filter", "level must be a level slug.");
    filters.level.clear();
  }
  if (!filters.level.empty() && filters.country.empty()) {
    fail("search_error_level_needs_country", "level needs country: levels belong to a country.");
    filters.level.clear();
  }
  filters.subject = param("subject");
  if (!filters.subject.empty() && !all_of(filters.subject, 64, slug_char)) {
    fail("search_error_filter", "subject must be a subject slug.");
    filters.subject.clear();
  }
  filters.kind = param("kind");
  const auto& kinds = searchable_kinds();
  if (!filters.kind.empty() && std::find(kinds.begin(), kinds.end(), filters.kind) == kinds.end()) {
    fail("search_error_filter",
         "kind must be one of lesson, exercise_set, video, audio, document, "
         "interactive, teacher_guide.");
    filters.kind.clear();
  }
  filters.language = param("language");
  if (filters.language.empty() && request.is_api()) {
    filters.language = param("lang");
  }
  if (!filters.language.empty() && !all_of(filters.language, 35, language_char)) {
    fail("search_error_filter", "lang must be a BCP 47 language tag.");
    filters.language.clear();
  }
  filters.exam = param("exam");
  if (!filters.exam.empty() && !all_of(filters.exam, 32, exam_char)) {
    fail("search_error_filter", "exam must be an exam code.");
    filters.exam.clear();
  }
  const std::string page = param("page");
  if (!page.empty()) {
    int value = 0;
    const auto [end, ec] = std::from_chars(page.data(), page.data() + page.size(), value);
    if (ec != std::errc() || end != page.data() + page.size() || value < 1 || value > kMaxPage) {
      fail("search_error_page",
           "page must be a number from 1 to " + std::to_string(kMaxPage) + ".");
    } else {
      out.query.page = value;
    }
  }
  return out;
}

}  // namespace imaginecole::search
