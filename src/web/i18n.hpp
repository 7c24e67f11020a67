// SPDX-License-Identifier: AGPL-3.0-or-later
// Message catalogues (web/messages/<lang>.json, embedded) and the choice of language for a
// request: the user's choice (cookie "lang" or ?lang=), then Accept-Language, then French.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "http/cookie.hpp"
#include "http/request.hpp"

namespace imaginecole::web {

struct Language {
  std::string code;         // "fr"
  std::string native_name;  // "Français"
  bool right_to_left = false;
};

class Catalogue {
 public:
  Catalogue(Language language, std::map<std::string, std::string, std::less<>> messages)
      : language_(std::move(language)), messages_(std::move(messages)) {}

  const Language& language() const { return language_; }
  // The message, or the key itself when missing (visible, never a crash).
  std::string_view get(std::string_view key) const;
  // The message with "{detail}" replaced by `detail`.
  std::string with_detail(std::string_view key, std::string_view detail) const;
  bool has(std::string_view key) const { return messages_.find(key) != messages_.end(); }
  const std::map<std::string, std::string, std::less<>>& all() const { return messages_; }

 private:
  Language language_;
  std::map<std::string, std::string, std::less<>> messages_;
};

class Messages {
 public:
  static const Messages& instance();  // loaded once from the embedded catalogues

  const Catalogue& catalogue(std::string_view language) const;  // falls back to French
  const std::vector<Language>& languages() const { return languages_; }
  bool supports(std::string_view language) const;
  const Catalogue& fallback() const { return catalogues_.front(); }

 private:
  Messages();
  std::vector<Language> languages_;
  std::vector<Catalogue> catalogues_;
};

inline constexpr std::string_view kDefaultLanguage = "fr";

// The language code for this request (cached in request.context).
const std::string& choose_language(const http::Request& request);

// Best supported language in an Accept-Language header, or empty.
std::string negotiate_language(std::string_view accept_language,
                               const std::vector<Language>& supported);

// The "lang" cookie that remembers a person's choice for a year (set by /lang/{code} and by
// the account settings; render it with http::set_cookie).
http::Cookie language_cookie(std::string_view code);

}  // namespace imaginecole::web
