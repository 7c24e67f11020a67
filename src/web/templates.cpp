// SPDX-License-Identifier: AGPL-3.0-or-later
#include "web/templates.hpp"

#include <memory>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

#include "core/embedded.hpp"
#include "web/i18n.hpp"

IMAGINECOLE_DECLARE_EMBEDDED(web_templates)

namespace imaginecole::web {
namespace {

using Mustache = kainjow::mustache::mustache;

std::string_view template_source(std::string_view name) {
  const std::string path = std::string(name) + ".mustache";
  const auto text = find_embedded(embedded::web_templates::files(), path);
  if (!text) {
    throw std::logic_error("no template named " + path);
  }
  return *text;
}

// kainjow's render is not const: each thread keeps its own parsed copies.
Mustache& parsed(std::string_view name) {
  thread_local std::unordered_map<std::string, std::unique_ptr<Mustache>> cache;
  auto it = cache.find(std::string(name));
  if (it == cache.end()) {
    auto tmpl = std::make_unique<Mustache>(std::string(template_source(name)));
    if (!tmpl->is_valid()) {
      throw std::logic_error("template " + std::string(name) + ": " + tmpl->error_message());
    }
    it = cache.emplace(std::string(name), std::move(tmpl)).first;
  }
  return *it->second;
}

// {"t": {messages}} per language, built once.
const TemplateData& messages_data(std::string_view language) {
  static const auto all = [] {
    std::unordered_map<std::string, std::unique_ptr<TemplateData>> out;
    for (const auto& lang : Messages::instance().languages()) {
      const Catalogue& catalogue = Messages::instance().catalogue(lang.code);
      TemplateData t;
      // French fills keys that a translation lacks.
      for (const auto& [key, value] : Messages::instance().fallback().all()) {
        t.set(key, value);
      }
      for (const auto& [key, value] : catalogue.all()) {
        t.set(key, value);
      }
      auto root = std::make_unique<TemplateData>();
      root->set("t", t);
      out.emplace(lang.code, std::move(root));
    }
    return out;
  }();
  auto it = all.find(std::string(language));
  if (it == all.end()) {
    it = all.find(std::string(kDefaultLanguage));
  }
  return *it->second;
}

}  // namespace

std::string render_template(std::string_view name, const TemplateData& data,
                            std::string_view language) {
  Mustache& tmpl = parsed(name);
  kainjow::mustache::context<std::string> context;
  context.push(&messages_data(language));
  context.push(&data);
  std::string out = tmpl.render(context);
  if (!tmpl.is_valid()) {
    throw std::logic_error("template " + std::string(name) + ": " + tmpl.error_message());
  }
  return out;
}

std::string check_templates() {
  std::string problems;
  for (const auto& file : embedded::web_templates::files()) {
    Mustache tmpl{std::string(file.data)};
    if (!tmpl.is_valid()) {
      problems += std::string(file.path) + ": " + tmpl.error_message() + "\n";
    }
  }
  return problems;
}

}  // namespace imaginecole::web
