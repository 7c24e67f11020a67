// SPDX-License-Identifier: AGPL-3.0-or-later
#include "web/i18n.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

#include "core/embedded.hpp"

IMAGINECOLE_DECLARE_EMBEDDED(web_messages)

namespace imaginecole::web {

std::string_view Catalogue::get(std::string_view key) const {
  const auto it = messages_.find(key);
  return it == messages_.end() ? key : std::string_view(it->second);
}

std::string Catalogue::with_detail(std::string_view key, std::string_view detail) const {
  std::string text(get(key));
  constexpr std::string_view kSlot = "{detail}";
  if (const auto at = text.find(kSlot); at != std::string::npos) {
    text.replace(at, kSlot.size(), detail);
  }
  return text;
}

// A language's messages are `<code>.json` (with the "_language" entry) plus any number of
// `<code>.<part>.json` files, one per capability, so that each capability keeps its own words.
// A key defined twice is a build mistake and stops the process at start.
Messages::Messages() {
  // French first: it is the fallback for missing languages and missing keys.
  static constexpr std::string_view kOrder[] = {"fr", "en", "ar"};
  for (const auto code : kOrder) {
    const auto text = find_embedded(embedded::web_messages::files(), std::string(code) + ".json");
    if (!text) {
      throw std::logic_error("missing message catalogue " + std::string(code));
    }
    Language language;
    language.code = std::string(code);
    std::map<std::string, std::string, std::less<>> messages;
    const auto add_file = [&](std::string_view path, std::string_view file_text) {
      const boost::json::object root = boost::json::parse(file_text).as_object();
      for (const auto& [key, value] : root) {
        if (key == "_language") {
          const auto& meta = value.as_object();
          language.native_name = std::string(meta.at("name").as_string());
          language.right_to_left = meta.at("direction").as_string() == "rtl";
          continue;
        }
        if (!messages.emplace(std::string(key), std::string(value.as_string())).second) {
          throw std::logic_error("message " + std::string(key) + " defined twice (" +
                                 std::string(path) + ")");
        }
      }
    };
    add_file(std::string(code) + ".json", *text);
    const std::string part_prefix = std::string(code) + ".";
    for (const auto& file : embedded::web_messages::files()) {
      if (file.path.starts_with(part_prefix) && file.path != std::string(code) + ".json") {
        add_file(file.path, file.data);
      }
    }
    languages_.push_back(language);
    catalogues_.emplace_back(std::move(language), std::move(messages));
  }
}

const Messages& Messages::instance() {
  static const Messages messages;
  return messages;
}

const Catalogue& Messages::catalogue(std::string_view language) const {
  for (const auto& catalogue : catalogues_) {
    if (catalogue.language().code == language) {
      return catalogue;
    }
  }
  return catalogues_.front();
}

bool Messages::supports(std::string_view language) const {
  return std::any_of(languages_.begin(), languages_.end(),
                     [&](const Language& l) { return l.code == language; });
}

std::string negotiate_language(std::string_view header, const std::vector<Language>& supported) {
  std::string best;
  double best_q = 0;
  while (!header.empty()) {
    const auto comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') {
      item.remove_prefix(1);
    }
    const auto semi = item.find(';');
    std::string tag(item.substr(0, semi));
    while (!tag.empty() && tag.back() == ' ') {
      tag.pop_back();
    }
    double q = 1.0;
    if (semi != std::string_view::npos) {
      const auto qpos = item.find("q=", semi);
      if (qpos != std::string_view::npos) {
        q = std::strtod(std::string(item.substr(qpos + 2)).c_str(), nullptr);
      }
    }
    std::transform(tag.begin(), tag.end(), tag.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const std::string primary = tag.substr(0, tag.find('-'));
    for (const auto& language : supported) {
      if (language.code == primary && q > best_q) {
        best = language.code;
        best_q = q;
      }
    }
  }
  return best;
}

const std::string& choose_language(const http::Request& request) {
  auto it = request.context.find("lang");
  if (it != request.context.end()) {
    return std::any_cast<const std::string&>(it->second);
  }
  const Messages& messages = Messages::instance();
  std::string chosen;
  if (auto param = request.query_param("lang"); param && messages.supports(*param)) {
    chosen = *param;
  } else if (auto cookie = request.cookie("lang"); cookie && messages.supports(*cookie)) {
    chosen = *cookie;
  } else if (auto header = request.header("accept-language")) {
    chosen = negotiate_language(*header, messages.languages());
  }
  if (chosen.empty()) {
    chosen = std::string(kDefaultLanguage);
  }
  auto [inserted, ok] = request.context.emplace("lang", std::move(chosen));
  (void)ok;
  return std::any_cast<const std::string&>(inserted->second);
}

http::Cookie language_cookie(std::string_view code) {
  return http::Cookie{.name = "lang", .value = std::string(code), .max_age = 365 * 24 * 3600};
}

}  // namespace imaginecole::web
