// SPDX-License-Identifier: AGPL-3.0-or-later
// Reading the audit log: /admin/audit (a page) and GET /api/v1/audit (JSON), newest first,
// filtered by action, actor (username), dates and scope, paginated. A reader sees the entries
// of the scopes they hold audit.read at: a school head their school's (and its classes'), a
// country admin their country's, a platform admin all.
#include <boost/json.hpp>

#include "accounts/admin_common.hpp"
#include "web/i18n.hpp"
#include "web/page.hpp"

namespace imaginecole::accounts {
namespace {

namespace json = boost::json;
using http::Request;
using http::Response;

constexpr std::size_t kPageSize = 50;

bool is_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return false;
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i != 4 && i != 7 && (text[i] < '0' || text[i] > '9')) {
      return false;
    }
  }
  return true;
}

bool is_action(std::string_view text) {
  if (text.size() > 64) {
    return false;
  }
  for (const char c : text) {
    if (!((c >= 'a' && c <= 'z') || c == '.' || c == '_')) {
      return false;
    }
  }
  return true;
}

// The filter the reader may use, and the query; a status when refused (400 malformed, 404 a
// scope that is not theirs or does not exist).
struct AuditRequest {
  int status = 0;
  ScopeFilter filter;
  AuditQuery query;
};

AuditRequest audit_request(Administration& admin, const Request& request, const SignedIn& who) {
  AuditRequest out;
  const Principal principal = who.principal();
  out.filter = scope_filter(principal, Permission::audit_read);
  const std::string scope = request.query_param("scope").value_or("");
  if (!scope.empty()) {
    const auto resolved = resolve_scope(admin, scope);
    if (!resolved ||
        !is_allowed(principal, Permission::audit_read, admin.store().scope_path(*resolved))) {
      out.status = 404;
      return out;
    }
    out.filter = scope_filter(*resolved);
  }
  out.query.action = request.query_param("action").value_or("");
  out.query.from = request.query_param("from").value_or("");
  out.query.to = request.query_param("to").value_or("");
  const std::string actor = request.query_param("actor").value_or("");
  if (!is_action(out.query.action) || (!out.query.from.empty() && !is_date(out.query.from)) ||
      (!out.query.to.empty() && !is_date(out.query.to)) || actor.size() > 64) {
    out.status = 400;
    return out;
  }
  if (!out.query.to.empty()) {
    out.query.to += "T24";  // the whole day: every time of it sorts before "T24"
  }
  if (!actor.empty()) {
    const auto user = admin.accounts().users().staff_by_username(actor);
    out.query.actor_id = user ? user->id : "-";
  }
  out.query.limit = kPageSize;
  out.query.offset = page_offset(request, kPageSize);
  return out;
}

json::value optional_json(const std::optional<std::string>& text) {
  return text ? json::value(*text) : json::value(nullptr);
}

Response api_audit(Administration& admin, Request& request) {
  auto guarded = guard(admin.accounts(), request, "audit.read");
  if (guarded.refusal) {
    return *guarded.refusal;
  }
  const AuditRequest parsed = audit_request(admin, request, *guarded.who);
  if (parsed.status == 404) {
    return not_found(request);
  }
  if (parsed.status != 0) {
    return web::error_page(request, 400, message(request, "admin_error_filter"));
  }
  const AuditPage page = admin.store().read_audit(parsed.filter, parsed.query);
  json::array entries;
  for (const auto& line : page.lines) {
    const AuditEntry& e = line.entry;
    json::error_code ec;
    json::value details = json::parse(e.details, ec);
    entries.push_back(json::object{
        {"id", e.id},
        {"at", e.occurred_at},
        {"actor", json::object{{"id", optional_json(e.actor_id)},
                               {"username", line.actor_username.empty()
                                                ? json::value(nullptr)
                                                : json::value(line.actor_username)}}},
        {"action", e.action},
        {"target",
         json::object{{"kind", optional_json(e.target_kind)}, {"id", optional_json(e.target_id)}}},
        {"scope",
         json::object{{"kind", optional_json(e.scope_kind)}, {"id", optional_json(e.scope_id)}}},
        {"from", e.remote_address},
        {"details", ec ? json::value(nullptr) : details}});
  }
  return no_store_json(
      json::object{{"entries", entries}, {"page", page_number(request)}, {"more", page.more}});
}

Response audit_page(Administration& admin, Request& request) {
  auto guarded = guard(admin.accounts(), request, "audit.read");
  if (guarded.refusal) {
    return *guarded.refusal;
  }
  const AuditRequest parsed = audit_request(admin, request, *guarded.who);
  if (parsed.status == 404) {
    return not_found(request);
  }
  web::Page view;
  view.title = message(request, "admin_audit_title");
  view.template_name = "accounts/templates/admin_audit";
  AuditPage page;
  if (parsed.status != 0) {
    view.status = 400;
    view.data.set("error", message(request, "admin_error_filter"));
  } else {
    page = admin.store().read_audit(parsed.filter, parsed.query);
  }
  web::TemplateList rows;
  for (const auto& line : page.lines) {
    const AuditEntry& e = line.entry;
    web::TemplateData row;
    row.set("at", e.occurred_at);
    row.set("actor", line.actor_username.empty() ? std::string("—") : line.actor_username);
    row.set("action", e.action);
    row.set("target", e.target_kind ? *e.target_kind + ":" + e.target_id.value_or("") : "");
    row.set("scope", e.scope_kind ? *e.scope_kind + ":" + e.scope_id.value_or("") : "");
    row.set("from", e.remote_address);
    row.set("details", e.details == "{}" ? std::string() : e.details);
    rows.push_back(std::move(row));
  }
  view.data.set("entries", web::TemplateData(rows));
  view.data.set("empty", rows.empty());
  for (const char* key : {"action", "actor", "from", "to", "scope"}) {
    view.data.set(key, request.query_param(key).value_or(""));
  }
  const std::size_t number = page_number(request);
  std::string base = "/admin/audit?";
  for (const char* key : {"action", "actor", "from", "to", "scope"}) {
    base +=
        std::string(key) + "=" + http::percent_encode(request.query_param(key).value_or("")) + "&";
  }
  base += "page=";
  if (number > 1) {
    view.data.set("previous", base + std::to_string(number - 1));
  }
  if (page.more) {
    view.data.set("next", base + std::to_string(number + 1));
  }
  Response response = web::render_page(request, view);
  response.set_header("Cache-Control", "no-store");
  return response;
}

}  // namespace

void register_admin_audit_routes(http::Router& router, Administration& admin) {
  // ?actor= is a username: kept out of the access log.
  const http::RouteOptions read{
      .access = "audit.read", .blocking = true, .max_body_bytes = 1024, .log_query = false};
  router.get(
      "/admin/audit", [&admin](Request& request) { return audit_page(admin, request); }, read);
  router.get(
      "/api/v1/audit", [&admin](Request& request) { return api_audit(admin, request); }, read);
}

}  // namespace imaginecole::accounts
