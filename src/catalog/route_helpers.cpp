// SPDX-License-Identifier: AGPL-3.0-or-later
#include "catalog/route_helpers.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "catalog/curriculum_editor.hpp"
#include "catalog/curriculum_store.hpp"
#include "web/content_language.hpp"
#include "web/i18n.hpp"
#include "web/page.hpp"

namespace imaginecole::catalog {

std::string country_code_param(const http::Request& request) {
  std::string code = request.path_param("code").value_or("");
  std::transform(code.begin(), code.end(), code.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return code;
}

bool valid_country_code(std::string_view code) {
  return code.size() == 2 && std::all_of(code.begin(), code.end(),
                                         [](unsigned char c) { return c >= 'A' && c <= 'Z'; });
}

bool valid_language_tag(std::string_view tag) {
  // BCP 47, loosely: letters, digits and dashes, starting with 2 or 3 letters.
  if (tag.size() < 2 || tag.size() > 35) {
    return false;
  }
  const auto letters = static_cast<std::size_t>(
      std::find_if(tag.begin(), tag.end(), [](unsigned char c) { return !std::isalpha(c); }) -
      tag.begin());
  return (letters == 2 || letters == 3) && std::all_of(tag.begin(), tag.end(), [](unsigned char c) {
           return std::isalnum(c) != 0 || c == '-';
         });
}

bool valid_exam_code(std::string_view code) {
  return !code.empty() && code.size() <= 20 &&
         std::all_of(code.begin(), code.end(),
                     [](unsigned char c) { return std::isalnum(c) != 0 || c == '-'; });
}

http::Response json_response(const boost::json::value& value, int status) {
  http::Response response = http::Response::json(boost::json::serialize(value), status);
  response.set_header("Cache-Control", "public, max-age=60");
  response.set_header("Vary", "Accept-Encoding, Accept-Language");
  return response;
}

http::Response no_store_json(const boost::json::value& value, int status) {
  http::Response response = http::Response::json(boost::json::serialize(value), status);
  response.set_header("Cache-Control", "no-store");
  return response;
}

FilterParse parse_filter(const http::Request& request, std::optional<std::string> country) {
  FilterParse out;
  if (request.query.size() > kMaxQueryBytes) {
    out.status = 414;
    out.error = "The query string is too long.";
    return out;
  }
  for (const auto& [name, value] : http::parse_form(request.query)) {
    if (value.size() > kMaxParamBytes) {
      out.status = 400;
      out.error = "Parameter \"" + name.substr(0, 40) + "\" is too long.";
      return out;
    }
  }
  auto fail = [&out](std::string message) {
    out.status = 400;
    out.error = std::move(message);
    return out;
  };
  ResourceFilter filter;
  if (!country) {
    country = request.query_param("country");
    if (!country || country->empty()) {
      return fail("The country parameter is required (e.g. country=SN).");
    }
    std::transform(country->begin(), country->end(), country->begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  }
  if (!valid_country_code(*country)) {
    return fail("country must be a two-letter code (ISO 3166-1).");
  }
  filter.country = *country;
  auto optional_param = [&request](std::string_view name) -> std::optional<std::string> {
    auto value = request.query_param(name);
    if (!value || value->empty()) {
      return std::nullopt;
    }
    return value;
  };
  filter.level = optional_param("level");
  if (filter.level && !valid_slug(*filter.level)) {
    return fail("level must be a level slug (e.g. cm2).");
  }
  filter.subject = optional_param("subject");
  if (filter.subject && !valid_slug(*filter.subject)) {
    return fail("subject must be a subject slug (e.g. mathematiques).");
  }
  filter.kind = optional_param("kind");
  if (filter.kind && !is_resource_kind(*filter.kind)) {
    return fail(
        "kind must be one of lesson, exercise_set, video, audio, document, interactive, "
        "teacher_guide.");
  }
  filter.language = optional_param("lang");
  if (filter.language && !valid_language_tag(*filter.language)) {
    return fail("lang must be a BCP 47 language tag (e.g. fr).");
  }
  filter.exam = optional_param("exam");
  if (filter.exam && !valid_exam_code(*filter.exam)) {
    return fail("exam must be an exam code (e.g. CFEE).");
  }
  if (const auto page = optional_param("page")) {
    int value = 0;
    const auto [end, ec] = std::from_chars(page->data(), page->data() + page->size(), value);
    if (ec != std::errc() || end != page->data() + page->size() || value < 1 || value > 100000) {
      return fail("page must be a whole number from 1.");
    }
    filter.page = value;
  }
  out.filter = std::move(filter);
  return out;
}

http::Handler cached_view(web::ViewCache& cache, storage::ChangeWatcher& changes,
                          std::function<http::Response(http::Request&)> render,
                          std::function<std::string()> extra_key) {
  return [&cache, &changes, render = std::move(render),
          extra_key = std::move(extra_key)](http::Request& request) {
    std::string key = request.path + "?" + request.query + "|" + web::choose_language(request);
    if (extra_key) {
      key += "|" + extra_key();
    }
    return cache.respond(request, key, changes.version(), [&] { return render(request); });
  };
}

bool licence_allows_adaptation(std::string_view licence) {
  return licence != "all-rights-reserved" && licence.find("-ND") == std::string_view::npos;
}

std::string licence_label(std::string_view licence, std::string_view language) {
  if (licence == "public-domain" || licence == "all-rights-reserved") {
    std::string key = "catalog_licence_" + std::string(licence);
    std::replace(key.begin(), key.end(), '-', '_');
    return std::string(web::Messages::instance().catalogue(std::string(language)).get(key));
  }
  // CC-BY-NC-SA-4.0 -> CC BY-NC-SA 4.0
  std::string label(licence);
  if (label.starts_with("CC-")) {
    label[2] = ' ';
  }
  if (const auto dash = label.rfind('-'); dash != std::string::npos && dash > 3) {
    label[dash] = ' ';
  }
  return label;
}

CountryNames country_names(CurriculumStore& store, std::string_view language) {
  CountryNames out;
  for (const auto& country : store.countries()) {
    out.emplace(country.code, web::localized(country.names, language));
  }
  return out;
}

std::string kind_label(std::string_view kind, std::string_view language) {
  return std::string(web::Messages::instance()
                         .catalogue(std::string(language))
                         .get("catalog_kind_" + std::string(kind)));
}

web::TemplateData resource_item(const ResourceSummary& resource, std::string_view country,
                                std::string_view language, const CountryNames& names) {
  web::TemplateData item;
  item.set("url", "/r/" + resource.id + "?c=" + std::string(country));
  item.set("title", resource.title);
  item.set("summary", resource.summary);
  web::set_content_language(item, resource.language);
  item.set("kind_label", kind_label(resource.kind, language));
  if (resource.origin_country != country) {
    const auto name = names.find(resource.origin_country);
    item.set("origin_name", name != names.end() ? name->second : resource.origin_country);
  }
  return item;
}

}  // namespace imaginecole::catalog
