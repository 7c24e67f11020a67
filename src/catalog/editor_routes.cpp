// SPDX-License-Identifier: AGPL-3.0-or-later
// Changing a country's tree and what it places there:
//  - POST/PATCH /api/v1/countries/{code}/curriculum/nodes[/{id}]: country admins
//    (curriculum.manage at the country's scope: country_admin, platform_admin);
//  - POST/PATCH /api/v1/countries/{code}/placements[/{id}]: the country's editors
//    (content.edit) and admins;
//  - /admin/c/{code}/curriculum: the same curriculum edits as a plain HTML page with forms.
// JSON writes need the X-CSRF-Token header (checked by the Authenticator), forms the
// csrf_token field (checked here).
#include <boost/json.hpp>

#include "accounts/accounts.hpp"
#include "accounts/csrf.hpp"
#include "catalog/curriculum_store.hpp"
#include "catalog/library.hpp"
#include "catalog/route_helpers.hpp"
#include "core/ids.hpp"
#include "web/confirm_page.hpp"
#include "web/flash.hpp"
#include "web/i18n.hpp"
#include "web/page.hpp"

namespace imaginecole::catalog {
namespace {

namespace json = boost::json;
using accounts::Permission;
using http::Request;
using http::Response;

constexpr std::string_view kCurriculumAccess = "curriculum.manage";

Response edit_error(const Request& request, const EditError& error) {
  switch (error.failure) {
    case EditFailure::not_found:
      return web::error_page(request, 404, error.message);
    case EditFailure::conflict:
      return web::error_page(request, 409, error.message);
    case EditFailure::invalid:
      break;
  }
  return web::error_page(request, 400, error.message);
}

// Signed in, allowed to call the route, CSRF-checked (API), and holding one of `permissions`
// at the scope of `country`.
struct Authorized {
  accounts::Caller who;
  std::optional<Response> refusal;
};

Authorized authorize(accounts::Accounts& accounts, const Request& request, std::string_view access,
                     std::string_view country, std::initializer_list<Permission> permissions) {
  Authorized out;
  accounts::AccessCheck check = accounts.authenticator().check(request, access);
  if (!check.allowed()) {
    out.refusal = web::error_page(request, check.status, check.message);
    return out;
  }
  const accounts::Principal principal = check.signed_in->principal();
  const accounts::ScopePath scope{.country_code = std::string(country)};
  for (const Permission permission : permissions) {
    if (accounts::is_allowed(principal, permission, scope)) {
      out.who = std::move(check.signed_in);
      return out;
    }
  }
  out.refusal = web::error_page(request, 403, "You may not change this country's catalogue.");
  return out;
}

std::optional<json::object> body_object(const Request& request) {
  json::error_code ec;
  json::value value = json::parse(request.body, ec);
  if (ec || !value.is_object()) {
    return std::nullopt;
  }
  return std::move(value.as_object());
}

std::optional<std::string> string_member(const json::object& body, std::string_view key) {
  const auto* value = body.if_contains(key);
  if (value == nullptr || !value->is_string()) {
    return std::nullopt;
  }
  return std::string(value->as_string());
}

// "names": {...} or "name": "..." (in French).
std::optional<std::string> names_member(const json::object& body) {
  if (const auto* names = body.if_contains("names"); names != nullptr) {
    return json::serialize(*names);
  }
  if (const auto name = string_member(body, "name")) {
    return json::serialize(json::object{{"fr", *name}});
  }
  return std::nullopt;
}

std::optional<int> int_member(const json::object& body, std::string_view key, bool& bad) {
  const auto* value = body.if_contains(key);
  if (value == nullptr || value->is_null()) {
    return std::nullopt;
  }
  if (!value->is_int64() || value->as_int64() < 0 || value->as_int64() > 100000) {
    bad = true;
    return std::nullopt;
  }
  return static_cast<int>(value->as_int64());
}

json::object node_json(const CurriculumNode& node) {
  json::error_code ec;
  return json::object{{"id", node.id},
                      {"country", node.country_code},
                      {"parent_id", node.parent_id ? json::value(*node.parent_id) : nullptr},
                      {"kind", node_kind_name(node.kind)},
                      {"slug", node.slug},
                      {"names", json::parse(node.names, ec)},
                      {"position", node.position},
                      {"retired", node.retired}};
}

json::object placement_json(const Placement& placement) {
  return json::object{
      {"id", placement.id},
      {"country", placement.country_code},
      {"resource_id", placement.resource_id},
      {"node_id", placement.node_id},
      {"level_id", placement.level_id},
      {"subject", placement.subject_slug ? json::value(*placement.subject_slug) : nullptr},
      {"position", placement.position},
      {"hidden", placement.hidden}};
}

Response add_node(accounts::Accounts& accounts, Library& library, Request& request) {
  const std::string code = country_code_param(request);
  auto auth =
      authorize(accounts, request, kCurriculumAccess, code, {Permission::curriculum_manage});
  if (auth.refusal) {
    return *auth.refusal;
  }
  const auto body = body_object(request);
  if (!body) {
    return web::error_page(request, 400, "The body must be a JSON object.");
  }
  NewNode node;
  const auto kind = parse_node_kind(string_member(*body, "kind").value_or(""));
  if (!kind) {
    return web::error_page(request, 400, "kind must be cycle, level, subject, unit or topic.");
  }
  node.kind = *kind;
  node.parent_id = string_member(*body, "parent_id");
  if (node.parent_id && !core::is_valid_id(*node.parent_id)) {
    return web::error_page(request, 400, "parent_id must be a node id.");
  }
  node.slug = string_member(*body, "slug").value_or("");
  node.names = names_member(*body).value_or("");
  bool bad = false;
  node.position = int_member(*body, "position", bad);
  if (bad) {
    return web::error_page(request, 400, "position must be a whole number from 0.");
  }
  const auto result = library.editor().add(code, node);
  if (!result) {
    return edit_error(request, result.error());
  }
  return no_store_json(node_json(result.value()), 201);
}

Response change_node(accounts::Accounts& accounts, Library& library, Request& request) {
  const std::string code = country_code_param(request);
  auto auth =
      authorize(accounts, request, kCurriculumAccess, code, {Permission::curriculum_manage});
  if (auth.refusal) {
    return *auth.refusal;
  }
  const std::string id = request.path_param("id").value_or("");
  if (!core::is_valid_id(id)) {
    return web::error_page(request, 400, "A node id is a UUID.");
  }
  const auto body = body_object(request);
  if (!body) {
    return web::error_page(request, 400, "The body must be a JSON object.");
  }
  NodeChange change;
  change.names = names_member(*body);
  bool bad = false;
  change.position = int_member(*body, "position", bad);
  if (const auto* retired = body->if_contains("retired"); retired != nullptr) {
    if (!retired->is_bool()) {
      bad = true;
    } else {
      change.retired = retired->as_bool();
    }
  }
  if (bad) {
    return web::error_page(request, 400, "position must be a whole number, retired true or false.");
  }
  const auto result = library.editor().change(code, id, change);
  if (!result) {
    return edit_error(request, result.error());
  }
  return no_store_json(node_json(result.value()));
}

Response add_placement(accounts::Accounts& accounts, Library& library, Request& request) {
  const std::string code = country_code_param(request);
  auto auth = authorize(accounts, request, "account.self", code,
                        {Permission::content_edit, Permission::curriculum_manage});
  if (auth.refusal) {
    return *auth.refusal;
  }
  const auto body = body_object(request);
  if (!body) {
    return web::error_page(request, 400, "The body must be a JSON object.");
  }
  PlacementRequest placement;
  placement.country_code = code;
  placement.resource_id = string_member(*body, "resource_id").value_or("");
  placement.node_id = string_member(*body, "node_id").value_or("");
  if (!core::is_valid_id(placement.resource_id) || !core::is_valid_id(placement.node_id)) {
    return web::error_page(request, 400, "resource_id and node_id must be ids.");
  }
  bool bad = false;
  placement.position = int_member(*body, "position", bad);
  if (bad) {
    return web::error_page(request, 400, "position must be a whole number from 0.");
  }
  placement.placed_by = auth.who->user.id;
  const auto result = library.placements().place(placement);
  if (!result) {
    return edit_error(request, result.error());
  }
  return no_store_json(placement_json(result.value()), 201);
}

Response change_placement(accounts::Accounts& accounts, Library& library, Request& request) {
  const std::string code = country_code_param(request);
  auto auth = authorize(accounts, request, "account.self", code,
                        {Permission::content_edit, Permission::curriculum_manage});
  if (auth.refusal) {
    return *auth.refusal;
  }
  const std::string id = request.path_param("id").value_or("");
  if (!core::is_valid_id(id)) {
    return web::error_page(request, 400, "A placement id is a UUID.");
  }
  const auto body = body_object(request);
  const auto* hidden = body ? body->if_contains("hidden") : nullptr;
  if (hidden == nullptr || !hidden->is_bool()) {
    return web::error_page(request, 400,
                           "The body must be {\"hidden\": true} or {\"hidden\": false}.");
  }
  const auto result = library.placements().set_hidden(code, id, hidden->as_bool());
  if (!result) {
    return edit_error(request, result.error());
  }
  return no_store_json(placement_json(result.value()));
}

// --- the admin page -----------------------------------------------------------------------

std::string form_value(const std::vector<std::pair<std::string, std::string>>& form,
                       std::string_view name) {
  for (const auto& [key, value] : form) {
    if (key == name) {
      return value;
    }
  }
  return {};
}

// retire_back: "&level=…" when the list shows one level, so the confirmation returns there.
void add_rows(const CountryCurriculum& curriculum, const CurriculumNode& node, int depth,
              int max_depth, const std::string& lang, const std::string& csrf,
              const std::string& retire_back, const web::Catalogue& messages,
              web::TemplateList& rows) {
  web::TemplateData row;
  row.set("id", node.id);
  row.set("slug", node.slug);
  row.set("name", web::localized(node.names, lang));
  if (node.kind == NodeKind::level && max_depth == 1) {
    row.set("url", "?level=" + node.slug);
  }
  row.set("depth", std::to_string(depth));
  row.set("csrf", csrf);
  row.set("retire_url", "/admin/c/" + curriculum.country.code + "/curriculum/retire?node=" +
                            http::percent_encode(node.id) + retire_back);
  row.set("kind_label",
          std::string(messages.get("catalog_node_" + std::string(node_kind_name(node.kind)))));
  const bool can_add = node.kind != NodeKind::topic && node.kind != NodeKind::level;
  row.set("can_add", can_add);
  if (can_add) {
    const auto child = static_cast<NodeKind>(static_cast<int>(node.kind) + 1);
    row.set("child_label",
            std::string(messages.get("catalog_node_" + std::string(node_kind_name(child)))));
  }
  rows.push_back(std::move(row));
  if (depth >= max_depth) {
    return;
  }
  for (const CurriculumNode* child : curriculum.children_of(node.id)) {
    add_rows(curriculum, *child, depth + 1, max_depth, lang, csrf, retire_back, messages, rows);
  }
}

Response admin_page(CurriculumStore& store, accounts::Accounts& accounts, Request& request,
                    const std::string& message) {
  const std::string code = country_code_param(request);
  auto auth =
      authorize(accounts, request, kCurriculumAccess, code, {Permission::curriculum_manage});
  if (auth.refusal) {
    return *auth.refusal;
  }
  const auto curriculum = valid_country_code(code) ? store.curriculum(code) : std::nullopt;
  if (!curriculum) {
    return web::error_page(request, 404, "No such country.");
  }
  const std::string& lang = web::choose_language(request);
  const web::Catalogue& messages = web::Messages::instance().catalogue(lang);
  const std::string csrf = accounts::csrf_token_for(auth.who->session);
  web::TemplateList rows;
  // The whole country: cycles and levels; one level: its subjects, units and topics.
  const auto level_slug = request.query_param("level");
  if (const CurriculumNode* level = level_slug ? curriculum->find_level(*level_slug) : nullptr) {
    add_rows(*curriculum, *level, 0, 3, lang, csrf, "&level=" + http::percent_encode(level->slug),
             messages, rows);
  } else {
    for (const CurriculumNode* cycle : curriculum->cycles()) {
      add_rows(*curriculum, *cycle, 0, 1, lang, csrf, {}, messages, rows);
    }
  }
  web::Page page;
  const std::string country_name = web::localized(curriculum->country.names, lang);
  page.title = std::string(messages.get("catalog_admin_title")) + " · " + country_name;
  page.template_name = "catalog/templates/curriculum_admin";
  page.breadcrumbs = {{std::string(messages.get("home_title")), "/"},
                      {country_name, "/c/" + code},
                      {std::string(messages.get("catalog_admin_title")), ""}};
  page.data.set("country_name", country_name);
  page.data.set("nodes", web::TemplateData(rows));
  if (!message.empty()) {
    page.data.set("message", message);
  }
  Response response = web::render_page(request, page);
  response.set_header("Cache-Control", "no-store");
  return response;
}

// "Retirer" asks first, on its own page (web/confirm_page.hpp).
Response confirm_retire(CurriculumStore& store, accounts::Accounts& accounts, Request& request) {
  const std::string code = country_code_param(request);
  auto auth =
      authorize(accounts, request, kCurriculumAccess, code, {Permission::curriculum_manage});
  if (auth.refusal) {
    return *auth.refusal;
  }
  const auto curriculum = valid_country_code(code) ? store.curriculum(code) : std::nullopt;
  const CurriculumNode* node =
      curriculum ? curriculum->find(request.query_param("node").value_or("")) : nullptr;
  if (node == nullptr) {
    return web::error_page(request, 404, "No such node in this country.");
  }
  const std::string& lang = web::choose_language(request);
  const web::Catalogue& messages = web::Messages::instance().catalogue(lang);
  std::string list_url = "/admin/c/" + code + "/curriculum";
  if (const auto level = request.query_param("level");
      level && curriculum->find_level(*level) != nullptr) {
    list_url += "?level=" + http::percent_encode(*level);
  }
  const std::string title(messages.get("safe_retire_title"));
  return web::confirmation_page(
      request, web::Confirmation{
                   .title = title,
                   .subject = std::string(messages.get("catalog_node_" +
                                                       std::string(node_kind_name(node->kind)))) +
                              " · " + web::localized(node->names, lang),
                   .explain = std::string(messages.get("safe_retire_explain")),
                   .action = list_url,
                   .fields = {{"node", node->id}, {"action", "retire"}},
                   .csrf_token = accounts::csrf_token_for(auth.who->session),
                   .cancel_url = list_url,
                   .breadcrumbs = {{std::string(messages.get("home_title")), "/"},
                                   {std::string(messages.get("catalog_admin_title")), list_url}}});
}

Response admin_post(CurriculumStore& store, accounts::Accounts& accounts, Library& library,
                    Request& request) {
  const std::string code = country_code_param(request);
  auto auth =
      authorize(accounts, request, kCurriculumAccess, code, {Permission::curriculum_manage});
  if (auth.refusal) {
    return *auth.refusal;
  }
  const auto form = http::parse_form(request.body);
  const std::string& lang = web::choose_language(request);
  const auto curriculum = store.curriculum(code);
  const CurriculumNode* node = curriculum ? curriculum->find(form_value(form, "node")) : nullptr;
  if (node == nullptr) {
    return web::error_page(request, 404, "No such node in this country.");
  }
  const std::string action = form_value(form, "action");
  const std::string name = form_value(form, "name");
  std::optional<EditError> error;
  if (action == "rename" || action == "add") {
    if (name.empty() || name.size() > 200) {
      return web::error_page(request, 400, "A name has 1 to 200 characters.");
    }
  }
  if (action == "rename") {
    json::error_code ec;
    json::value names = json::parse(node->names, ec);
    if (ec || !names.is_object()) {
      names = json::object{};
    }
    names.as_object()[lang] = name;
    const auto result =
        library.editor().change(code, node->id, NodeChange{.names = json::serialize(names)});
    if (!result) {
      error = result.error();
    }
  } else if (action == "up" || action == "down") {
    const int position = std::max(0, node->position + (action == "up" ? -1 : 1));
    const auto result = library.editor().change(code, node->id, NodeChange{.position = position});
    if (!result) {
      error = result.error();
    }
  } else if (action == "retire") {
    // Only through the confirmation page: an old one-click form cannot skip the question.
    if (!web::is_confirmed(form_value(form, "confirm"))) {
      return web::error_page(
          request, 400, web::Messages::instance().catalogue(lang).get("safe_error_not_confirmed"));
    }
    const auto result = library.editor().change(code, node->id, NodeChange{.retired = true});
    if (!result) {
      error = result.error();
    }
  } else if (action == "add" && node->kind != NodeKind::topic) {
    const auto result = library.editor().add(
        code, NewNode{.parent_id = node->id,
                      .kind = static_cast<NodeKind>(static_cast<int>(node->kind) + 1),
                      .slug = form_value(form, "slug"),
                      .names = json::serialize(json::object{{lang, name}}),
                      .position = std::nullopt});
    if (!result) {
      error = result.error();
    }
  } else {
    return web::error_page(request, 400, "Unknown action.");
  }
  if (error) {
    Response response = admin_page(store, accounts, request, error->message);
    response.status = error->failure == EditFailure::conflict ? 409 : 400;
    return response;
  }
  Response response = web::with_flash(Response::redirect(request.target, 303), request,
                                      action == "retire" ? web::Flash::removed
                                      : action == "add"  ? web::Flash::created
                                                         : web::Flash::saved);
  response.set_header("Cache-Control", "no-store");
  return response;
}

}  // namespace

void register_editor_routes(http::Router& router, CurriculumStore& store, Library& library,
                            accounts::Accounts& accounts) {
  const http::RouteOptions curriculum{
      .access = std::string(kCurriculumAccess), .blocking = true, .max_body_bytes = 16 * 1024};
  const http::RouteOptions placing{
      .access = "account.self", .blocking = true, .max_body_bytes = 16 * 1024};
  router.post(
      "/api/v1/countries/{code}/curriculum/nodes",
      [&accounts, &library](Request& request) { return add_node(accounts, library, request); },
      curriculum);
  router.add(
      http::Method::patch, "/api/v1/countries/{code}/curriculum/nodes/{id}",
      [&accounts, &library](Request& request) { return change_node(accounts, library, request); },
      curriculum);
  router.post(
      "/api/v1/countries/{code}/placements",
      [&accounts, &library](Request& request) { return add_placement(accounts, library, request); },
      placing);
  router.add(
      http::Method::patch, "/api/v1/countries/{code}/placements/{id}",
      [&accounts, &library](Request& request) {
        return change_placement(accounts, library, request);
      },
      placing);
  router.get(
      "/admin/c/{code}/curriculum",
      [&store, &accounts](Request& request) { return admin_page(store, accounts, request, {}); },
      curriculum);
  router.get(
      "/admin/c/{code}/curriculum/retire",
      [&store, &accounts](Request& request) { return confirm_retire(store, accounts, request); },
      curriculum);
  router.post(
      "/admin/c/{code}/curriculum",
      [&store, &accounts, &library](Request& request) {
        return admin_post(store, accounts, library, request);
      },
      curriculum);
}

}  // namespace imaginecole::catalog
