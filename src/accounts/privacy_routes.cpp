// SPDX-License-Identifier: AGPL-3.0-or-later
// Privacy of minors: a country admin (or a platform admin) exports a pupil's data as JSON
// (GET /api/v1/pupils/{id}/export) and deletes it (DELETE /api/v1/pupils/{id}); the page
// /admin/pupils/{id} offers both, the deletion behind a confirmation step. Anyone else, and
// any pupil of another country, gets the same 404 as a pupil that does not exist.
#include <boost/json.hpp>

#include <memory>

#include "accounts/admin_common.hpp"
#include "accounts/csrf.hpp"
#include "core/ids.hpp"
#include "web/i18n.hpp"
#include "web/one_time_stash.hpp"
#include "web/page.hpp"

namespace imaginecole::accounts {
namespace {

namespace json = boost::json;
using http::Request;
using http::Response;

std::optional<User> pupil_for(Administration& admin, const Request& request, const SignedIn& who,
                              Permission permission) {
  const std::string id = request.path_param("id").value_or("");
  if (!core::is_valid_id(id)) {
    return std::nullopt;
  }
  auto user = admin.accounts().users().by_id(id);
  if (!user || user->kind != UserKind::pupil ||
      !is_allowed(who.principal(), permission, admin.store().user_path(*user))) {
    return std::nullopt;
  }
  return user;
}

Scope school_scope(const User& pupil) {
  return Scope{.kind = ScopeKind::school, .id = pupil.school_id.value_or("")};
}

ErasureReport erase(Administration& admin, const Request& request, const SignedIn& who,
                    const User& pupil) {
  return admin.pupil_data().erase_pupil(
      pupil, admin.accounts().audit(),
      audit_entry(who, request, "pupil.delete", school_scope(pupil)));
}

Response api_export(Administration& admin, Request& request) {
  auto guarded = guard(admin.accounts(), request, "pupils.export");
  if (guarded.refusal) {
    return *guarded.refusal;
  }
  const auto pupil = pupil_for(admin, request, *guarded.who, Permission::pupils_export);
  if (!pupil) {
    return not_found(request);
  }
  AuditEntry entry = audit_entry(*guarded.who, request, "pupil.export", school_scope(*pupil));
  entry.target_kind = "user";
  entry.target_id = pupil->id;
  admin.accounts().audit().record(entry);
  Response response = no_store_json(admin.pupil_data().export_pupil(*pupil));
  response.set_header("Content-Disposition",
                      "attachment; filename=\"pupil-" + pupil->id + ".json\"");
  return response;
}

Response api_delete(Administration& admin, Request& request) {
  auto guarded = guard(admin.accounts(), request, "pupils.delete");
  if (guarded.refusal) {
    return *guarded.refusal;
  }
  const auto pupil = pupil_for(admin, request, *guarded.who, Permission::pupils_delete);
  if (!pupil) {
    return not_found(request);
  }
  const ErasureReport report = erase(admin, request, *guarded.who, *pupil);
  json::object sections;
  for (const auto& [name, what] : report.sections) {
    sections[name] = what;
  }
  return no_store_json(
      json::object{{"deleted", true}, {"id", report.user_id}, {"sections", sections}});
}

Response pupil_page(Administration& admin, const Request& request, const SignedIn& who,
                    const User& pupil, bool confirm, const ErasureReport* report) {
  web::Page view;
  view.title = message(request, "admin_pupil_title");
  view.template_name = "accounts/templates/privacy_pupil";
  view.data.set("id", pupil.id);
  view.data.set("display_name", pupil.display_name);
  view.data.set("username", pupil.username);
  if (pupil.school_id) {
    if (const auto school = admin.accounts().schools().school_by_id(*pupil.school_id)) {
      view.data.set("school", school->name + " (" + school->code + ")");
    }
  }
  view.data.set("csrf", csrf_token_for(who.session));
  view.data.set("confirm", confirm);
  view.data.set("can_delete", is_allowed(who.principal(), Permission::pupils_delete,
                                         admin.store().user_path(pupil)));
  if (report != nullptr) {
    web::TemplateList lines;
    for (const auto& [name, what] : report->sections) {
      web::TemplateData line;
      line.set("name", name);
      line.set("what", what);
      lines.push_back(std::move(line));
    }
    view.data.set("erased", web::TemplateData(lines));
    view.data.set("done", true);
  }
  Response response = web::render_page(request, view);
  response.set_header("Cache-Control", "no-store");
  return response;
}

Response show_pupil(Administration& admin, Request& request) {
  auto guarded = guard(admin.accounts(), request, "pupils.export");
  if (guarded.refusal) {
    return *guarded.refusal;
  }
  const auto pupil = pupil_for(admin, request, *guarded.who, Permission::pupils_export);
  if (!pupil) {
    return not_found(request);
  }
  return pupil_page(admin, request, *guarded.who, *pupil, false, nullptr);
}

// The erasure's report between the POST and the page its redirect leads to, once
// (Post/Redirect/Get): reloading it repeats nothing.
struct Erased {
  User placeholder;  // what took the pupil's place: no name, no username, a new id
  ErasureReport report;
};
using ErasureReports = web::OneTimeStash<Erased>;

// "Supprimer" asks first, on a page of its own that works without JavaScript.
Response confirm_delete(Administration& admin, Request& request) {
  auto guarded = guard(admin.accounts(), request, "pupils.delete");
  if (guarded.refusal) {
    return *guarded.refusal;
  }
  const auto pupil = pupil_for(admin, request, *guarded.who, Permission::pupils_delete);
  if (!pupil) {
    return not_found(request);
  }
  return pupil_page(admin, request, *guarded.who, *pupil, true, nullptr);
}

Response show_deleted(Administration& admin, ErasureReports& reports, Request& request) {
  auto guarded = guard(admin.accounts(), request, "pupils.delete");
  if (guarded.refusal) {
    return *guarded.refusal;
  }
  auto erased =
      reports.take(guarded.who->session.id, std::string(request.path_param("id").value_or("")));
  if (!erased) {
    return see_other("/admin/users");
  }
  return pupil_page(admin, request, *guarded.who, erased->placeholder, false, &erased->report);
}

Response submit_delete(Administration& admin, ErasureReports& reports, Request& request) {
  auto guarded = guard(admin.accounts(), request, "pupils.delete");
  if (guarded.refusal) {
    return *guarded.refusal;
  }
  const auto pupil = pupil_for(admin, request, *guarded.who, Permission::pupils_delete);
  if (!pupil) {
    return not_found(request);
  }
  const Form form = http::parse_form(request.body);
  if (form_value(form, "confirmed") != "yes") {
    return pupil_page(admin, request, *guarded.who, *pupil, true, nullptr);
  }
  const ErasureReport report = erase(admin, request, *guarded.who, *pupil);
  // The page shows what took the pupil's place: no name, no username, a new id.
  auto erased = admin.accounts().users().by_id(report.anonymous_id);
  if (!erased) {
    erased = *pupil;
    erased->id = report.anonymous_id;
    erased->username.clear();
    erased->display_name.clear();
  }
  const std::string place = erased->id;
  reports.put(guarded.who->session.id, place,
              Erased{.placeholder = std::move(*erased), .report = report});
  return see_other("/admin/pupils/" + place + "/deleted");
}

}  // namespace

void register_privacy_routes(http::Router& router, Administration& admin) {
  const http::RouteOptions exporting{
      .access = "pupils.export", .blocking = true, .max_body_bytes = 1024};
  const http::RouteOptions deleting{
      .access = "pupils.delete", .blocking = true, .max_body_bytes = 8 * 1024};
  router.get(
      "/api/v1/pupils/{id}/export",
      [&admin](Request& request) { return api_export(admin, request); }, exporting);
  router.add(
      http::Method::del, "/api/v1/pupils/{id}",
      [&admin](Request& request) { return api_delete(admin, request); }, deleting);
  router.get(
      "/admin/pupils/{id}", [&admin](Request& request) { return show_pupil(admin, request); },
      exporting);
  // Shared by the handlers, which outlive this call.
  auto reports = std::make_shared<ErasureReports>();
  router.get(
      "/admin/pupils/{id}/delete",
      [&admin](Request& request) { return confirm_delete(admin, request); },
      http::RouteOptions{.access = "pupils.delete", .blocking = true});
  router.post(
      "/admin/pupils/{id}/delete",
      [&admin, reports](Request& request) { return submit_delete(admin, *reports, request); },
      deleting);
  router.get(
      "/admin/pupils/{id}/deleted",
      [&admin, reports](Request& request) { return show_deleted(admin, *reports, request); },
      http::RouteOptions{.access = "pupils.delete", .blocking = true});
}

}  // namespace imaginecole::accounts
