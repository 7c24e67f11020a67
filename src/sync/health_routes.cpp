// SPDX-License-Identifier: AGPL-3.0-or-later
#include "sync/health_routes.hpp"

#include <boost/json.hpp>

#include <cstdlib>

#include "accounts/permissions.hpp"
#include "sync/engine.hpp"
#include "sync/health.hpp"
#include "sync/media_fetch.hpp"
#include "sync/peers.hpp"
#include "web/content_language.hpp"
#include "web/format.hpp"
#include "web/i18n.hpp"
#include "web/page.hpp"

namespace imaginecole::sync {
namespace {

namespace json = boost::json;
using accounts::Permission;
using accounts::ScopePath;
using http::Request;
using http::Response;

Response no_store(Response response) {
  response.set_header("Cache-Control", "no-store");
  return response;
}

const web::Catalogue& catalogue_of(const Request& request) {
  return web::Messages::instance().catalogue(web::choose_language(request));
}

std::string message(const Request& request, std::string_view key) {
  return std::string(catalogue_of(request).get(key));
}

struct Caller {
  accounts::Caller who;
  std::optional<Response> refusal;
};

// Signed in and allowed to call the route; signed-out pages go to the sign-in.
Caller caller(accounts::Accounts& accounts, const Request& request, std::string_view access) {
  Caller out;
  accounts::AccessCheck check = accounts.authenticator().check(request, access);
  if (check.allowed()) {
    out.who = std::move(check.signed_in);
  } else if (check.status == 401 && !request.is_api() && request.method == http::Method::get) {
    out.refusal =
        no_store(Response::redirect("/signin?next=" + http::percent_encode(request.target), 303));
  } else {
    out.refusal = web::error_page(request, check.status, check.message);
  }
  return out;
}

// "il y a 3 heures" for a timestamp in the past; "" when unreadable.
std::string ago(const Request& request, std::string_view timestamp, std::int64_t now) {
  const auto then = seconds_of(timestamp);
  if (!then) {
    return "";
  }
  const std::int64_t seconds = std::max<std::int64_t>(now - *then, 0);
  const auto& words = catalogue_of(request);
  if (seconds < 60) {
    return std::string(words.get("sync_ago_now"));
  }
  if (seconds < 3600) {
    return web::plural(words, "sync_ago_minutes", seconds / 60);
  }
  if (seconds < 86400) {
    return web::plural(words, "sync_ago_hours", seconds / 3600);
  }
  return web::plural(words, "sync_ago_days", seconds / 86400);
}

std::string size_text(const Request& request, std::optional<std::int64_t> bytes) {
  if (!bytes) {
    return message(request, "sync_unknown");
  }
  const std::string& language = web::choose_language(request);
  constexpr double kMegabyte = 1024.0 * 1024.0;
  const double megabytes = static_cast<double>(*bytes) / kMegabyte;
  if (megabytes >= 1024.0) {
    return web::format_number(megabytes / 1024.0, language, 1) + " " +
           message(request, "sync_unit_gb");
  }
  return web::format_number(megabytes, language, 0) + " " + message(request, "sync_unit_mb");
}

std::string when_text(const Request& request, const std::string& timestamp, std::int64_t now) {
  const std::string words = ago(request, timestamp, now);
  const std::string day = web::format_date_time(timestamp, web::choose_language(request));
  return words.empty() ? day : day + " (" + words + ")";
}

std::string_view trouble_name(Trouble kind) {
  switch (kind) {
    case Trouble::revoked:
      return "revoked";
    case Trouble::never_synced:
      return "never_synced";
    case Trouble::quiet:
      return "quiet";
    case Trouble::last_sync_failed:
      return "last_sync_failed";
    case Trouble::low_disk:
      return "low_disk";
    case Trouble::clock_off:
      return "clock_off";
  }
  return "";
}

// Why a school server is in trouble, in words a person understands.
std::string trouble_words(const Request& request, const SchoolServerView& school,
                          const TroubleNote& note) {
  const auto& words = catalogue_of(request);
  switch (note.kind) {
    case Trouble::revoked:
      return std::string(words.get("sync_trouble_revoked"));
    case Trouble::never_synced:
      return std::string(words.get("sync_trouble_never_synced"));
    case Trouble::quiet:
      return web::plural(words, "sync_trouble_quiet", note.amount);
    case Trouble::last_sync_failed:
      return words.with_detail("sync_trouble_last_sync_failed", school.last_error);
    case Trouble::low_disk:
      return words.with_detail("sync_trouble_low_disk", size_text(request, school.disk_free_bytes));
    case Trouble::clock_off:
      return web::plural(words,
                         note.amount > 0 ? "sync_trouble_clock_ahead" : "sync_trouble_clock_behind",
                         std::llabs(note.amount) / 60);
  }
  return "";
}

json::value optional_number(const std::optional<std::int64_t>& value) {
  return value ? json::value(*value) : json::value(nullptr);
}

// --- the box ------------------------------------------------------------------------------

struct BoxAnswer {
  BoxHealthView view;
  bool hub_admin = false;  // the caller may see a hub's list of school servers
  std::optional<Response> refusal;
};

// The box's view when the caller holds classes.manage at its school. Not paired: the view
// says so (it names no school and nothing of one).
BoxAnswer box_answer(const HealthRouteDeps& deps, const Request& request) {
  BoxAnswer out;
  const Caller asking = caller(deps.accounts, request, "classes.manage");
  if (asking.refusal) {
    out.refusal = *asking.refusal;
    return out;
  }
  const accounts::Principal principal = asking.who->principal();
  out.hub_admin = accounts::may_call_route(&principal, "schools.manage");
  std::optional<Peer> hub;
  {
    auto connection = deps.database.read();
    hub = peers::hub(*connection);
  }
  if (!hub) {
    return out;
  }
  // Before its first sync a box may not hold its school's row yet: then only a grant at the
  // platform covers it (a box's technician created there).
  const auto school = deps.accounts.schools().school_by_code(hub->school_code);
  const ScopePath where =
      school ? ScopePath{.country_code = school->country_code, .school_id = school->id}
             : ScopePath{};
  if (!accounts::is_allowed(principal, Permission::classes_manage, where)) {
    out.refusal = web::error_page(request, 404, message(request, "sync_error_not_yours"));
    return out;
  }
  const auto missing = missing_media(deps.database, deps.media);
  out.view = box_health_view(hub, box_health_now(deps.database),
                             static_cast<std::int64_t>(missing.size()));
  return out;
}

Response box_page(const HealthRouteDeps& deps, Request& request) {
  const BoxAnswer answer = box_answer(deps, request);
  if (answer.refusal) {
    return *answer.refusal;
  }
  const BoxHealthView& box = answer.view;
  const std::int64_t now = now_seconds();
  const auto& words = catalogue_of(request);
  web::Page view;
  view.title = message(request, "sync_box_title");
  view.template_name = "sync/templates/box_health";
  view.data.set("paired", box.paired);
  if (box.paired) {
    view.data.set("hub_url", box.hub_url);
    view.data.set("school", box.school_code);
    view.data.set("paired_at", web::format_date_time(box.paired_at, web::choose_language(request)));
    view.data.set("revoked", !box.revoked_at.empty());
    view.data.set("revoked_at", when_text(request, box.revoked_at, now));
    view.data.set("revoked_reason", box.revoked_reason);
    view.data.set("never_synced", box.last_sync_at.empty());
    view.data.set("last_sync", when_text(request, box.last_sync_at, now));
    view.data.set("failed", !box.last_error.empty());
    view.data.set("last_error", box.last_error);
    view.data.set("last_error_at", box.last_error_at.empty()
                                       ? std::string()
                                       : when_text(request, box.last_error_at, now));
    view.data.set(
        "pending_up",
        web::plural(words, box.pending_up_at_least ? "sync_pending_up_at_least" : "sync_pending_up",
                    box.pending_up));
    view.data.set("media_to_fetch", web::plural(words, "sync_media_to_fetch", box.media_to_fetch));
    view.data.set("version", box.version.empty() ? message(request, "sync_unknown") : box.version);
    view.data.set("disk_free", size_text(request, box.disk_free_bytes));
    view.data.set("data_size", size_text(request, box.data_bytes));
    view.data.set("low_disk", box.disk_free_bytes && *box.disk_free_bytes < kLowDiskBytes);
  }
  // On a hub (not paired upwards), its admins find their schools' list from here.
  view.data.set("hub_admin", answer.hub_admin);
  return no_store(web::render_page(request, view));
}

Response box_json(const HealthRouteDeps& deps, Request& request) {
  const BoxAnswer answer = box_answer(deps, request);
  if (answer.refusal) {
    return *answer.refusal;
  }
  const BoxHealthView& box = answer.view;
  json::object body{{"paired", box.paired}};
  if (box.paired) {
    body["hub_url"] = box.hub_url;
    body["hub_node"] = box.hub_node;
    body["school"] = box.school_code;
    body["paired_at"] = box.paired_at;
    body["last_sync_at"] = box.last_sync_at;
    body["last_error_at"] = box.last_error_at;
    body["last_error"] = box.last_error;
    body["revoked"] = !box.revoked_at.empty();
    body["revoked_at"] = box.revoked_at;
    body["revoked_reason"] = box.revoked_reason;
    body["version"] = box.version;
    body["disk_free_bytes"] = optional_number(box.disk_free_bytes);
    body["data_bytes"] = optional_number(box.data_bytes);
    body["pending_up"] = box.pending_up;
    body["pending_up_at_least"] = box.pending_up_at_least;
    body["media_to_fetch"] = box.media_to_fetch;
  }
  return no_store(Response::json(json::serialize(body), 200));
}

// --- the hub ------------------------------------------------------------------------------

struct ListedSchool {
  SchoolServerView server;
  std::string name;
  std::string country;
};

struct HubAnswer {
  std::vector<ListedSchool> schools;
  std::optional<Response> refusal;
};

// The school servers whose school the caller may manage (a country admin: their country's),
// the ones in trouble first.
HubAnswer hub_answer(const HealthRouteDeps& deps, const Request& request) {
  HubAnswer out;
  const Caller asking = caller(deps.accounts, request, "schools.manage");
  if (asking.refusal) {
    out.refusal = *asking.refusal;
    return out;
  }
  std::vector<peers::SchoolServerHealth> records;
  {
    auto connection = deps.database.read();
    records = peers::school_servers_health(*connection);
  }
  const accounts::Principal principal = asking.who->principal();
  for (auto& server : school_servers_view(records, now_seconds())) {
    const auto school = deps.accounts.schools().school_by_code(server.school_code);
    const ScopePath where =
        school ? ScopePath{.country_code = school->country_code, .school_id = school->id}
               : ScopePath{};
    if (!accounts::is_allowed(principal, Permission::schools_manage, where)) {
      continue;
    }
    ListedSchool listed{.server = std::move(server),
                        .name = school ? school->name : std::string(),
                        .country = school ? school->country_code : std::string()};
    out.schools.push_back(std::move(listed));
  }
  return out;
}

Response hub_page(const HealthRouteDeps& deps, Request& request) {
  const HubAnswer answer = hub_answer(deps, request);
  if (answer.refusal) {
    return *answer.refusal;
  }
  const std::int64_t now = now_seconds();
  const std::string& language = web::choose_language(request);
  web::TemplateList rows;
  std::size_t troubled = 0;
  for (const auto& listed : answer.schools) {
    const SchoolServerView& server = listed.server;
    web::TemplateData row;
    row.set("code", server.school_code);
    row.set("name", listed.name);
    row.set("country",
            listed.country.empty() ? std::string() : web::country_name(listed.country, language));
    row.set("in_trouble", server.in_trouble());
    row.set("never_synced", server.last_sync_at.empty());
    row.set("last_sync", when_text(request, server.last_sync_at, now));
    row.set("version", server.version.empty() ? message(request, "sync_unknown") : server.version);
    row.set("disk_free", size_text(request, server.disk_free_bytes));
    row.set("data_size", size_text(request, server.data_bytes));
    row.set("pending_up",
            server.pending_up
                ? web::format_number(static_cast<double>(*server.pending_up), language, 0)
                : message(request, "sync_unknown"));
    web::TemplateList troubles;
    for (const auto& note : server.troubles) {
      web::TemplateData trouble;
      trouble.set("text", trouble_words(request, server, note));
      troubles.push_back(std::move(trouble));
    }
    row.set("troubles", web::TemplateData(troubles));
    troubled += server.in_trouble() ? 1 : 0;
    rows.push_back(std::move(row));
  }
  web::Page view;
  view.title = message(request, "sync_schools_title");
  view.template_name = "sync/templates/school_servers";
  view.data.set("schools", web::TemplateData(rows));
  view.data.set("empty", rows.empty());
  view.data.set("summary", web::plural(catalogue_of(request), "sync_schools_in_trouble",
                                       static_cast<std::int64_t>(troubled)));
  return no_store(web::render_page(request, view));
}

Response hub_json(const HealthRouteDeps& deps, Request& request) {
  const HubAnswer answer = hub_answer(deps, request);
  if (answer.refusal) {
    return *answer.refusal;
  }
  json::array list;
  for (const auto& listed : answer.schools) {
    const SchoolServerView& server = listed.server;
    json::array troubles;
    for (const auto& note : server.troubles) {
      troubles.push_back(json::object{{"kind", trouble_name(note.kind)},
                                      {"amount", note.amount},
                                      {"text", trouble_words(request, server, note)}});
    }
    list.push_back(json::object{{"school", server.school_code},
                                {"name", listed.name},
                                {"country", listed.country},
                                {"node", server.node_id},
                                {"revoked_at", server.revoked_at},
                                {"last_sync_at", server.last_sync_at},
                                {"version", server.version},
                                {"clock", server.clock},
                                {"last_error", server.last_error},
                                {"disk_free_bytes", optional_number(server.disk_free_bytes)},
                                {"data_bytes", optional_number(server.data_bytes)},
                                {"pending_up", optional_number(server.pending_up)},
                                {"troubles", std::move(troubles)}});
  }
  return no_store(Response::json(json::serialize(json::object{{"schools", std::move(list)}}), 200));
}

}  // namespace

void register_health_routes(http::Router& router, const HealthRouteDeps& deps) {
  // Blocking: the box counts its pending change-log lines and looks for its media files.
  const http::RouteOptions box{.access = "classes.manage", .blocking = true};
  router.get(
      "/admin/sync", [deps](Request& request) { return box_page(deps, request); }, box);
  router.get(
      "/api/v1/sync/health", [deps](Request& request) { return box_json(deps, request); }, box);
  const http::RouteOptions hub{.access = "schools.manage", .blocking = true};
  router.get(
      "/admin/sync/schools", [deps](Request& request) { return hub_page(deps, request); }, hub);
  router.get(
      "/api/v1/sync/schools", [deps](Request& request) { return hub_json(deps, request); }, hub);
}

}  // namespace imaginecole::sync
