// SPDX-License-Identifier: AGPL-3.0-or-later
// The JSON API of the classroom, beside the pages and with the same rules:
//  - GET  /api/v1/classes                                   my classes
//  - GET  /api/v1/classes/{id}/pupils[?q=]                  pupils.read at the class
//  - POST /api/v1/classes/{id}/pupils                       pupils.manage: one or many pupils
//  - POST /api/v1/pupils/{id}/reset                         pupils.manage at the pupil's class
//  - POST /api/v1/classes/{id}/join-code                    {"open": true|false}
//  - GET  /api/v1/classes/{id}/join-requests                pending requests
//  - POST /api/v1/classes/{id}/join-requests/{request}/approve|decline
//  - POST /api/v1/join                                      public: ask to join a class
// Writes with the session cookie carry X-CSRF-Token (checked by the Authenticator).
#include <boost/json.hpp>

#include "classroom/route_parts.hpp"
#include "web/page.hpp"

namespace imaginecole::classroom {
namespace {

namespace json = boost::json;
using accounts::Permission;
using http::Request;
using http::Response;

constexpr std::string_view kRead = "pupils.read";
constexpr std::string_view kManage = "pupils.manage";

Response json_answer(const json::value& body, int status = 200) {
  return no_store(Response::json(json::serialize(body), status));
}

std::optional<json::object> body_object(const Request& request) {
  json::error_code ec;
  json::value value = json::parse(request.body, ec);
  if (ec || !value.is_object()) {
    return std::nullopt;
  }
  return std::move(value.as_object());
}

Response bad_body(const Request& request) {
  return web::error_page(request, 400, message(request, "classroom_error_json"));
}

// A string member; `bad` when present but not a string.
std::string text_member(const json::object& body, std::string_view key, bool& bad) {
  const auto* value = body.if_contains(key);
  if (value == nullptr || value->is_null()) {
    return {};
  }
  if (!value->is_string()) {
    bad = true;
    return {};
  }
  return std::string(value->as_string());
}

// "picture_code": "3-7-1" or [3, 7, 1].
std::string picture_member(const json::object& body, bool& bad) {
  const auto* value = body.if_contains("picture_code");
  if (value != nullptr && value->is_array()) {
    std::string code;
    for (const auto& item : value->as_array()) {
      if (!item.is_int64() || item.as_int64() < 0 || item.as_int64() > 9 || code.size() > 8) {
        bad = true;
        return {};
      }
      code += (code.empty() ? "" : "-") + std::to_string(item.as_int64());
    }
    return code.empty() ? "-" : code;
  }
  return text_member(body, "picture_code", bad);
}

json::object class_json(const ClassView& view) {
  return json::object{
      {"id", view.school_class.id},
      {"name", view.school_class.name},
      {"level", view.school_class.level_slug ? json::value(*view.school_class.level_slug)
                                             : json::value(nullptr)},
      {"school", json::object{{"id", view.school.id},
                              {"code", view.school.code},
                              {"name", view.school.name},
                              {"country", view.school.country_code}}},
      {"join_code", view.school_class.join_code ? json::value(*view.school_class.join_code)
                                                : json::value(nullptr)}};
}

json::object pupil_json(const accounts::User& pupil) {
  return json::object{{"id", pupil.id},
                      {"username", pupil.username},
                      {"display_name", pupil.display_name},
                      {"has_password", pupil.password_hash.has_value()},
                      {"has_picture_code", pupil.picture_code_hash.has_value()}};
}

json::object card_json(const IssuedCard& card) {
  json::object out = pupil_json(card.pupil);
  if (card.password) {
    out["password"] = *card.password;
  }
  if (card.picture_code) {
    out["picture_code"] = *card.picture_code;
  }
  return out;
}

Response list_classes(Classroom& classroom, Request& request) {
  const ClassAccess access = route_access(classroom, request, kRead);
  if (access.refusal) {
    return *access.refusal;
  }
  json::array classes;
  for (const auto& view : classroom.classes_for(access.who->principal())) {
    classes.push_back(class_json(view));
  }
  return json_answer(json::object{{"classes", std::move(classes)}});
}

Response list_pupils(Classroom& classroom, Request& request) {
  const ClassAccess access = class_access(classroom, request, kRead, Permission::pupils_read);
  if (access.refusal) {
    return *access.refusal;
  }
  json::array pupils;
  for (const auto& row : classroom.pupils(*access.view, request.query_param("q").value_or(""))) {
    json::object item = pupil_json(row.pupil);
    item["picture_code"] = row.picture_code ? json::value(*row.picture_code) : nullptr;
    pupils.push_back(std::move(item));
  }
  return json_answer(
      json::object{{"class", class_json(*access.view)}, {"pupils", std::move(pupils)}});
}

// {"pupils": [{"display_name", "username"?, "password"?, "picture_code"?}], "generate"?} or
// {"names": ["…", …], "generate"?}; "generate": "password" (default), "pictures" or "both".
Response add_pupils(Classroom& classroom, Request& request) {
  const ClassAccess access = class_access(classroom, request, kManage, Permission::pupils_manage);
  if (access.refusal) {
    return *access.refusal;
  }
  const auto body = body_object(request);
  if (!body) {
    return bad_body(request);
  }
  bool bad = false;
  const auto generate = parse_secret_kind(text_member(*body, "generate", bad));
  if (bad || !generate) {
    return web::error_page(request, 400, message(request, "classroom_error_secret_kind"));
  }
  std::vector<NewPupil> pupils;
  if (const auto* names = body->if_contains("names"); names != nullptr) {
    if (!names->is_array()) {
      return bad_body(request);
    }
    for (const auto& name : names->as_array()) {
      if (!name.is_string()) {
        return bad_body(request);
      }
      pupils.push_back(NewPupil{.display_name = std::string(name.as_string())});
    }
  } else if (const auto* list = body->if_contains("pupils"); list != nullptr && list->is_array()) {
    for (const auto& entry : list->as_array()) {
      if (!entry.is_object()) {
        return bad_body(request);
      }
      const auto& object = entry.as_object();
      NewPupil pupil{.display_name = text_member(object, "display_name", bad),
                     .username = text_member(object, "username", bad),
                     .password = text_member(object, "password", bad),
                     .picture_code = picture_member(object, bad)};
      pupils.push_back(std::move(pupil));
    }
  } else {
    return bad_body(request);
  }
  if (bad) {
    return bad_body(request);
  }
  auto outcome = classroom.create_pupils(*access.view, pupils, *generate, access.actor(request));
  if (!outcome) {
    return problem_page(request, outcome.problem());
  }
  json::array cards;
  for (const auto& card : outcome.value()) {
    cards.push_back(card_json(card));
  }
  return json_answer(json::object{{"pupils", std::move(cards)}}, 201);
}

// {"reset": "password" | "picture_code", "password"?: "…", "picture_code"?: "3-7-1"}
Response reset_pupil(Classroom& classroom, Request& request) {
  const ClassAccess access = route_access(classroom, request, kManage);
  if (access.refusal) {
    return *access.refusal;
  }
  const std::string pupil_id = request.path_param("id").value_or("");
  const auto view =
      classroom.class_of_pupil_for(access.who->principal(), Permission::pupils_manage, pupil_id);
  if (!view) {
    return web::error_page(request, 404, message(request, "classroom_error_no_pupil"));
  }
  const auto body = body_object(request);
  if (!body) {
    return bad_body(request);
  }
  bool bad = false;
  const std::string what = text_member(*body, "reset", bad);
  if (bad || (what != "password" && what != "picture_code")) {
    return web::error_page(request, 400, message(request, "classroom_error_reset_what"));
  }
  const std::string typed =
      what == "password" ? text_member(*body, "password", bad) : picture_member(*body, bad);
  if (bad) {
    return bad_body(request);
  }
  auto outcome = classroom.reset(*view, pupil_id,
                                 what == "password" ? SecretKind::password : SecretKind::pictures,
                                 typed, access.actor(request));
  if (!outcome) {
    return problem_page(request, outcome.problem());
  }
  return json_answer(json::object{{"pupil", card_json(outcome.value())}});
}

Response join_code(Classroom& classroom, Request& request) {
  const ClassAccess access = class_access(classroom, request, kManage, Permission::pupils_manage);
  if (access.refusal) {
    return *access.refusal;
  }
  const auto body = body_object(request);
  const auto* open = body ? body->if_contains("open") : nullptr;
  if (open == nullptr || !open->is_bool()) {
    return web::error_page(request, 400, message(request, "classroom_error_join_open"));
  }
  if (open->as_bool()) {
    const std::string code = classroom.open_join_code(*access.view, access.actor(request));
    return json_answer(json::object{{"join_code", code}});
  }
  classroom.close_join_code(*access.view, access.actor(request));
  return json_answer(json::object{{"join_code", nullptr}});
}

json::object request_json(const JoinRequest& pending) {
  return json::object{{"id", pending.id},
                      {"display_name", pending.display_name},
                      {"username", pending.username},
                      {"status", join_status_name(pending.status)},
                      {"created_at", pending.created_at}};
}

Response list_requests(Classroom& classroom, Request& request) {
  const ClassAccess access = class_access(classroom, request, kRead, Permission::pupils_read);
  if (access.refusal) {
    return *access.refusal;
  }
  json::array requests;
  for (const auto& pending : classroom.store().pending_requests(access.view->school_class.id)) {
    json::object item = request_json(pending);
    item["username_taken"] = classroom.request_clashes(pending);
    requests.push_back(std::move(item));
  }
  return json_answer(json::object{{"requests", std::move(requests)}});
}

Response decide(Classroom& classroom, Request& request, bool approve) {
  const ClassAccess access = class_access(classroom, request, kManage, Permission::pupils_manage);
  if (access.refusal) {
    return *access.refusal;
  }
  const std::string id = request.path_param("request").value_or("");
  if (approve) {
    auto outcome = classroom.approve(*access.view, id, access.actor(request));
    if (!outcome) {
      return problem_page(request, outcome.problem());
    }
    return json_answer(
        json::object{{"status", "approved"}, {"pupil", pupil_json(outcome.value())}});
  }
  auto outcome = classroom.decline(*access.view, id, access.actor(request));
  if (!outcome) {
    return problem_page(request, outcome.problem());
  }
  return json_answer(request_json(outcome.value()));
}

// {"join_code", "display_name", "username", "password" | "picture_code"} -> 202 pending.
Response join(Classroom& classroom, Request& request) {
  const ClassAccess access = route_access(classroom, request, "public");
  if (access.refusal) {
    return *access.refusal;
  }
  const auto body = body_object(request);
  if (!body) {
    return bad_body(request);
  }
  bool bad = false;
  JoinForm form{.join_code = text_member(*body, "join_code", bad),
                .display_name = text_member(*body, "display_name", bad),
                .username = text_member(*body, "username", bad),
                .password = text_member(*body, "password", bad),
                .picture_code = picture_member(*body, bad)};
  if (bad) {
    return bad_body(request);
  }
  auto outcome = classroom.submit_join(form, request.remote_address);
  if (!outcome) {
    return problem_page(request, outcome.problem());
  }
  return json_answer(
      json::object{{"status", "pending"}, {"message", message(request, "classroom_join_sent")}},
      202);
}

}  // namespace

void register_class_api(http::Router& router, Classroom& classroom) {
  // A pupil search (?q=) names a child: kept out of the access log.
  const http::RouteOptions read{.access = std::string(kRead), .blocking = true, .log_query = false};
  const http::RouteOptions manage{
      .access = std::string(kManage), .blocking = true, .max_body_bytes = 256 * 1024};
  router.get(
      "/api/v1/classes",
      [&classroom](Request& request) { return list_classes(classroom, request); }, read);
  router.get(
      "/api/v1/classes/{id}/pupils",
      [&classroom](Request& request) { return list_pupils(classroom, request); }, read);
  router.post(
      "/api/v1/classes/{id}/pupils",
      [&classroom](Request& request) { return add_pupils(classroom, request); }, manage);
  router.post(
      "/api/v1/pupils/{id}/reset",
      [&classroom](Request& request) { return reset_pupil(classroom, request); }, manage);
  router.post(
      "/api/v1/classes/{id}/join-code",
      [&classroom](Request& request) { return join_code(classroom, request); }, manage);
  router.get(
      "/api/v1/classes/{id}/join-requests",
      [&classroom](Request& request) { return list_requests(classroom, request); }, read);
  router.post(
      "/api/v1/classes/{id}/join-requests/{request}/approve",
      [&classroom](Request& request) { return decide(classroom, request, true); }, manage);
  router.post(
      "/api/v1/classes/{id}/join-requests/{request}/decline",
      [&classroom](Request& request) { return decide(classroom, request, false); }, manage);
  router.post(
      "/api/v1/join", [&classroom](Request& request) { return join(classroom, request); },
      http::public_route({.access = {}, .blocking = true, .max_body_bytes = 8 * 1024}));
}

}  // namespace imaginecole::classroom
