// SPDX-License-Identifier: AGPL-3.0-or-later
// Internal to the classroom's routes: what the pages, the public screens and the API share
// (who is asking and for which class, messages, forms, the pre-session CSRF cookie).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/authenticator.hpp"
#include "classroom/classroom.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"
#include "web/templates.hpp"

namespace imaginecole::classroom {

using Form = std::vector<std::pair<std::string, std::string>>;

std::string form_value(const Form& form, std::string_view name);
std::string message(const http::Request& request, std::string_view key);
// "message: detail" in the request's language.
std::string describe(const http::Request& request, const Problem& problem);

http::Response no_store(http::Response response);
// An error page (HTML) or {"error": …} (API), never cached.
http::Response problem_page(const http::Request& request, const Problem& problem);

// Signed in, allowed to call the route (`access`), and holding `permission` at the class of
// the {id} path parameter. A class that does not exist and a class that is not the caller's
// give the same 404; signed out, pages redirect to /signin and the API answers 401.
struct ClassAccess {
  accounts::Caller who;
  std::optional<ClassView> view;
  std::optional<http::Response> refusal;

  Actor actor(const http::Request& request) const {
    return Actor{.user_id = who->user.id, .remote_address = request.remote_address};
  }
};
ClassAccess class_access(Classroom& classroom, const http::Request& request,
                         std::string_view access, accounts::Permission permission);
// The same without a class: only signed in and allowed to call the route.
ClassAccess route_access(Classroom& classroom, const http::Request& request,
                         std::string_view access);

// The pre-session double-submit token of the public forms (/join, /signin/pictures): the
// browser's token, or a new one that `with_presession_cookie` sets.
std::string presession_token(const http::Request& request);
http::Response with_presession_cookie(const http::Request& request, http::Response response,
                                      const std::string& token);

// The nine pictures for templates: number, label (in the request's language), svg.
web::TemplateList picture_items(const http::Request& request);
// The pictures of a code, in order, for cards.
web::TemplateList code_pictures(const http::Request& request, std::string_view code);

std::string classroom_css_url();

void register_class_pages(http::Router& router, Classroom& classroom);
void register_class_api(http::Router& router, Classroom& classroom);
void register_public_pages(http::Router& router, Classroom& classroom);

}  // namespace imaginecole::classroom
