// SPDX-License-Identifier: AGPL-3.0-or-later
#include "web/page.hpp"

#include "http/local_path.hpp"

#include <boost/json.hpp>

#include <optional>
#include <unordered_map>

#include "core/embedded.hpp"
#include "core/hash.hpp"
#include "http/compression.hpp"
#include "http/cookie.hpp"
#include "http/etag.hpp"
#include "http/server.hpp"
#include "web/flash.hpp"
#include "web/i18n.hpp"
#include "web/offline_page.hpp"
#include "web/viewer.hpp"

IMAGINECOLE_DECLARE_EMBEDDED(web_static)

namespace imaginecole::web {
namespace {

struct Asset {
  std::string content_type;
  std::string hash;  // first 16 hex digits of SHA-256
  std::string identity;
  std::string gzip;
  std::string brotli;
};

std::string content_type_for(std::string_view name) {
  if (name.ends_with(".css")) {
    return "text/css; charset=utf-8";
  }
  if (name.ends_with(".js")) {
    return "application/javascript; charset=utf-8";
  }
  if (name.ends_with(".svg")) {
    return "image/svg+xml";
  }
  if (name.ends_with(".webmanifest")) {
    return "application/manifest+json";
  }
  if (name.ends_with(".png")) {
    return "image/png";
  }
  return "application/octet-stream";
}

// Compressed once at start with the strongest settings.
const std::unordered_map<std::string, Asset>& assets() {
  static const auto all = [] {
    std::unordered_map<std::string, Asset> out;
    for (const auto& file : embedded::web_static::files()) {
      Asset asset;
      asset.content_type = content_type_for(file.path);
      asset.hash = core::sha256_hex(file.data).substr(0, 16);
      asset.identity = std::string(file.data);
      if (http::is_compressible(asset.content_type)) {
        asset.gzip = http::gzip_compress(file.data, 9);
        asset.brotli = http::brotli_compress(file.data, 11);
      }
      out.emplace(std::string(file.path), std::move(asset));
    }
    return out;
  }();
  return all;
}

http::Response asset_response(const http::Request& request, const std::string& name) {
  const auto it = assets().find(name);
  if (it == assets().end()) {
    return error_page(request, 404, "No such file.");
  }
  const Asset& asset = it->second;
  http::Response response;
  response.set_header("Content-Type", asset.content_type);
  const bool versioned = request.query_param("v") == asset.hash;
  response.set_header("Cache-Control",
                      versioned ? "public, max-age=31536000, immutable" : "public, max-age=3600");
  std::string tag = asset.hash;
  response.body = asset.identity;
  if (!asset.gzip.empty()) {
    response.set_header("Vary", "Accept-Encoding");
    const auto accept = request.header("accept-encoding");
    const auto encoding = accept ? http::choose_encoding(*accept) : http::Encoding::identity;
    if (encoding == http::Encoding::brotli) {
      response.body = asset.brotli;
      tag += "-br";
      response.set_header("Content-Encoding", "br");
    } else if (encoding == http::Encoding::gzip) {
      response.body = asset.gzip;
      tag += "-gz";
      response.set_header("Content-Encoding", "gzip");
    }
  }
  response.set_header("ETag", http::strong_etag(tag));
  return response;
}

http::Response serve_asset(http::Request& request) {
  return asset_response(request, request.path_param("name").value_or(""));
}

// The service worker and the manifest live at the root: a worker only controls the pages under
// its own path. Browsers check the worker for updates at every visit (no-cache), and an old
// worker would keep old pages.
http::Response serve_root_asset(const http::Request& request, const std::string& name) {
  http::Response response = asset_response(request, name);
  response.set_header("Cache-Control", "no-cache");
  return response;
}

// Sets the language cookie and returns to the page the person was on.
http::Response switch_language(http::Request& request) {
  const std::string code = request.path_param("code").value_or("");
  if (!Messages::instance().supports(code)) {
    return error_page(request, 404, "Unknown language.");
  }
  // Only local paths: never an open redirect to another site, never a header of its own.
  const std::string next = http::local_path_or(request.query_param("next").value_or("/"), "/");
  http::Response response = http::Response::redirect(next, 303);
  http::set_cookie(response, request, language_cookie(code));
  response.set_header("Cache-Control", "no-store");
  return response;
}

// Where a language link comes back to: the whole URL as received (a search, ?c=CI), without
// its own "lang" parameter, which would outrank the choice being made. Only a page that can be
// fetched again: after a form was sent, its path.
std::string language_switch_return(const http::Request& request) {
  if (request.method != http::Method::get && request.method != http::Method::head) {
    return request.path;
  }
  const std::string_view target = request.target;
  const auto question = target.find('?');
  std::string next(target.substr(0, question));
  if (question == std::string_view::npos) {
    return next;
  }
  std::string kept;
  std::string_view rest = target.substr(question + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view part = rest.substr(0, amp);
    if (!part.empty() && part != "lang" && !part.starts_with("lang=")) {
      kept += (kept.empty() ? "" : "&") + std::string(part);
    }
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
  }
  if (!kept.empty()) {
    next += "?" + kept;
  }
  return next;
}

TemplateData language_links(const http::Request& request, std::string_view current) {
  TemplateList links;
  const std::string next = language_switch_return(request);
  for (const auto& language : Messages::instance().languages()) {
    TemplateData link;
    link.set("code", language.code);
    link.set("name", language.native_name);
    link.set("url", "/lang/" + language.code + "?next=" + http::percent_encode(next));
    link.set("current", language.code == current);
    links.push_back(std::move(link));
  }
  return TemplateData(links);
}

// The page the person came from, when it is a page of this site (the Referer's path and query),
// for the error page's "back" link: without JavaScript there is no history.back().
std::optional<std::string> same_site_referrer(const http::Request& request) {
  const auto referrer = request.header("referer");
  const auto host = request.header("host");
  if (!referrer || !host || host->empty()) {
    return std::nullopt;
  }
  std::string_view rest = *referrer;
  for (const std::string_view scheme : {"https://", "http://"}) {
    if (rest.starts_with(scheme)) {
      rest.remove_prefix(scheme.size());
      break;
    }
  }
  if (rest.size() == referrer->size() || !rest.starts_with(*host)) {
    return std::nullopt;
  }
  rest.remove_prefix(host->size());
  if (rest.empty() || rest.front() != '/') {
    return std::nullopt;  // "example.org.evil.net/…" or a port that is not the host's
  }
  auto path = http::safe_local_path(rest);
  if (!path || *path == request.target) {
    return std::nullopt;
  }
  return path;
}

// The pages a pupil's phone keeps (decision 0036) register the service worker and, offline,
// grey their links to pages not kept; other pages stay without a script of their own.
bool kept_offline(std::string_view path) {
  return path == "/me" || path == "/me/assignments" || path == "/offline" ||
         path.starts_with("/r/");
}

}  // namespace

std::string asset_url(std::string_view name) {
  const auto it = assets().find(std::string(name));
  if (it == assets().end()) {
    return "/static/" + std::string(name);
  }
  return "/static/" + std::string(name) + "?v=" + it->second.hash;
}

std::vector<std::pair<std::string, std::string>> security_headers() {
  return {
      {"Content-Security-Policy",
       "default-src 'self'; img-src 'self' data:; media-src 'self'; style-src 'self'; "
       "script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "strict-origin-when-cross-origin"},
      {"X-Frame-Options", "DENY"},
  };
}

std::string localized(std::string_view names_json, std::string_view language) {
  boost::system::error_code ec;
  const boost::json::value parsed = boost::json::parse(names_json, ec);
  if (ec || !parsed.is_object()) {
    return std::string(names_json);
  }
  const auto& names = parsed.as_object();
  for (const std::string_view key : {language, std::string_view("fr"), std::string_view("en")}) {
    if (const auto* value = names.if_contains(key); value != nullptr && value->is_string()) {
      return std::string(value->as_string());
    }
  }
  for (const auto& [key, value] : names) {
    if (value.is_string()) {
      return std::string(value.as_string());
    }
  }
  return {};
}

http::Response render_page(const http::Request& request, const Page& page) {
  const std::string& lang = choose_language(request);
  const Catalogue& catalogue = Messages::instance().catalogue(lang);
  const std::string content = render_template(page.template_name, page.data, lang);

  TemplateData layout;
  layout.set("lang", lang);
  layout.set("dir", catalogue.language().right_to_left ? "rtl" : "ltr");
  layout.set("title", page.title);
  if (!page.description.empty()) {
    layout.set("description", page.description);
  }
  layout.set("css_url", asset_url("site.css"));
  layout.set("icon_url", asset_url("icon.svg"));
  layout.set("content", content);
  TemplateList scripts;
  std::vector<std::string> names;
  if (kept_offline(request.path)) {
    names.emplace_back("offline.js");
  }
  names.insert(names.end(), page.scripts.begin(), page.scripts.end());
  for (const auto& name : names) {
    TemplateData script;
    script.set("url", asset_url(name));
    scripts.push_back(std::move(script));
  }
  layout.set("scripts", TemplateData(scripts));
  layout.set("languages", language_links(request, lang));
  if (const Viewer* viewer = viewer_of(request)) {
    layout.set("has_viewer", true);
    layout.set("viewer_name", viewer->display_name);
    layout.set("viewer_csrf", viewer->csrf_token);
  }
  TemplateList crumbs;
  for (const auto& crumb : page.breadcrumbs) {
    TemplateData item;
    item.set("label", crumb.label);
    if (!crumb.url.empty()) {
      item.set("url", crumb.url);
    }
    crumbs.push_back(std::move(item));
  }
  layout.set("has_breadcrumbs", !crumbs.empty());
  layout.set("breadcrumbs", TemplateData(crumbs));
  // A form's one-time confirmation (web/flash.hpp) shows on the page its redirect leads to,
  // never on a refusal; a cookie naming no known message is dropped without a word.
  const bool has_flash_cookie = request.cookie(kFlashCookie).has_value();
  const bool shows_flash = has_flash_cookie && page.status < 300;
  if (shows_flash) {
    if (const auto flash = pending_flash(request)) {
      layout.set("flash", std::string(catalogue.get(flash_key(*flash))));
    }
  }
  http::Response response =
      http::Response::html(render_template("web/templates/layout", layout, lang), page.status);
  if (shows_flash) {
    http::set_cookie(response, request, http::expired_cookie(kFlashCookie));
    response.set_header("Cache-Control", "no-store");
  }
  response.set_header("Content-Language", lang);
  response.set_header("Vary", "Accept-Encoding, Accept-Language, Cookie");
  return response;
}

http::Response error_page(const http::Request& request, int status, std::string_view message) {
  if (request.wants_json()) {
    http::Response response = http::default_error_response(request, status, message);
    response.set_header("Cache-Control", "no-store");
    return response;
  }
  if (status == 401) {
    // A person who is not signed in is asked to, and comes back where they were going.
    const std::string next = request.method == http::Method::get ? request.target : "/";
    http::Response response =
        http::Response::redirect("/signin?next=" + http::percent_encode(next), 303);
    response.set_header("Cache-Control", "no-store");
    return response;
  }
  const std::string& lang = choose_language(request);
  const Catalogue& catalogue = Messages::instance().catalogue(lang);
  const std::string key = "error_" + std::to_string(status);
  // What happened, then what to do: the first message found of error_N_*, lang_error_N_*,
  // then the generic one.
  const auto first_of = [&catalogue](const std::string& part, std::string_view generic) {
    for (const std::string& candidate : {part, "lang_" + part}) {
      if (catalogue.has(candidate)) {
        return std::string(catalogue.get(candidate));
      }
    }
    return std::string(catalogue.get(generic));
  };
  Page page;
  page.status = status;
  page.template_name = "web/templates/error";
  page.title = first_of(key + "_title", "error_generic_title");
  page.data.set("status", std::to_string(status));
  page.data.set("status_label", catalogue.with_detail("lang_error_status", std::to_string(status)));
  page.data.set("title", page.title);
  page.data.set("text", first_of(key + "_text", "error_generic_text"));
  page.data.set("todo", first_of("lang_" + key + "_todo", "lang_error_generic_todo"));
  if (const auto back = same_site_referrer(request)) {
    page.data.set("back_url", *back);
  }
  if (status == 404) {
    page.data.set("search_url", "/search");
  }
  if ((status == 429 || status == 503 || status == 500) &&
      (request.method == http::Method::get || request.method == http::Method::head)) {
    page.data.set("retry_url", http::local_path_or(request.target, "/"));
  }
  // These messages say what was wrong and what to do: show them.
  if (status == 400 || status == 403 || status == 409 || status == 413 || status == 415 ||
      status == 422 || status == 429 || status == 503) {
    page.data.set("detail", std::string(message));
  }
  http::Response response = render_page(request, page);
  response.set_header("Cache-Control", "no-store");
  return response;
}

void register_web_routes(http::Router& router) {
  router.get("/static/{name}", serve_asset, http::public_route());
  router.get("/lang/{code}", switch_language, http::public_route());
  router.get(
      "/sw.js", [](http::Request& request) { return serve_root_asset(request, "sw.js"); },
      http::public_route());
  router.get(
      "/manifest.webmanifest",
      [](http::Request& request) { return serve_root_asset(request, "manifest.webmanifest"); },
      http::public_route());
  register_offline_page(router);
}

}  // namespace imaginecole::web
