// SPDX-License-Identifier: AGPL-3.0-or-later
#include "classroom/route_parts.hpp"

#include "accounts/cookies.hpp"
#include "accounts/csrf.hpp"
#include "classroom/routes.hpp"
#include "classroom/secrets.hpp"
#include "web/i18n.hpp"
#include "web/page.hpp"

namespace imaginecole::classroom {

using http::Request;
using http::Response;

std::string form_value(const Form& form, std::string_view name) {
  for (const auto& [key, value] : form) {
    if (key == name) {
      return value;
    }
  }
  return {};
}

std::string message(const Request& request, std::string_view key) {
  return std::string(web::Messages::instance().catalogue(web::choose_language(request)).get(key));
}

std::string describe(const Request& request, const Problem& problem) {
  std::string text = message(request, problem.key);
  if (!problem.detail.empty()) {
    text += " (" + problem.detail + ")";
  }
  return text;
}

Response no_store(Response response) {
  response.set_header("Cache-Control", "no-store");
  return response;
}

Response problem_page(const Request& request, const Problem& problem) {
  return web::error_page(request, problem.status, describe(request, problem));
}

ClassAccess route_access(Classroom& classroom, const Request& request, std::string_view access) {
  ClassAccess out;
  accounts::AccessCheck check = classroom.accounts().authenticator().check(request, access);
  if (check.allowed()) {
    out.who = std::move(check.signed_in);
    return out;
  }
  if (check.status == 401 && !request.is_api()) {
    const std::string next = request.method == http::Method::get ? request.target : "/classes";
    out.refusal = no_store(Response::redirect("/signin?next=" + http::percent_encode(next), 303));
    return out;
  }
  out.refusal = web::error_page(request, check.status, check.message);
  return out;
}

ClassAccess class_access(Classroom& classroom, const Request& request, std::string_view access,
                         accounts::Permission permission) {
  ClassAccess out = route_access(classroom, request, access);
  if (out.refusal) {
    return out;
  }
  out.view =
      classroom.class_for(out.who->principal(), permission, request.path_param("id").value_or(""));
  if (!out.view) {
    out.refusal = web::error_page(request, 404, message(request, "classroom_error_no_class"));
  }
  return out;
}

std::string presession_token(const Request& request) {
  std::string token = request.cookie(accounts::kPreSessionCookie).value_or("");
  return token.size() == 64 ? token : accounts::new_presession_token();
}

Response with_presession_cookie(const Request& request, Response response,
                                const std::string& token) {
  if (request.cookie(accounts::kPreSessionCookie).value_or("") != token) {
    http::set_cookie(response, request, accounts::presession_cookie_for(token));
  }
  return no_store(std::move(response));
}

web::TemplateList picture_items(const Request& request) {
  web::TemplateList items;
  for (const Picture& picture : pictures()) {
    web::TemplateData item;
    item.set("number", std::to_string(picture.number));
    item.set("label", message(request, picture.key));
    item.set("svg", std::string(picture.svg));
    items.push_back(std::move(item));
  }
  return items;
}

web::TemplateList code_pictures(const Request& request, std::string_view code) {
  web::TemplateList items;
  int position = 0;
  for (const int number : picture_numbers(code)) {
    const Picture& chosen = picture(number);
    web::TemplateData item;
    item.set("position", std::to_string(++position));
    item.set("number", std::to_string(number));
    item.set("label", message(request, chosen.key));
    item.set("svg", std::string(chosen.svg));
    items.push_back(std::move(item));
  }
  return items;
}

std::string classroom_css_url() {
  return web::asset_url("classroom.css");
}

void register_classroom_routes(http::Router& router, Classroom& classroom) {
  register_class_pages(router, classroom);
  register_class_api(router, classroom);
  register_public_pages(router, classroom);
}

}  // namespace imaginecole::classroom
