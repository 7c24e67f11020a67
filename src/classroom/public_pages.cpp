// SPDX-License-Identifier: AGPL-3.0-or-later
// The pupils' public screens, without JavaScript:
//  - /signin/pictures: school code and username, then a grid of nine big pictures; each tap
//    is a form submit carrying the sequence so far; the third tap signs in through the same
//    sign-in service (and throttling) as passwords. Nothing here lists pupils' names.
//  - /join: a class join code, a name, a username and a password or three pictures; the
//    answer is a pending request that the teacher approves or declines, never an account.
// Both forms carry the pre-session double-submit token (there is no session yet).
#include "accounts/cookies.hpp"
#include "accounts/csrf.hpp"
#include "accounts/landing.hpp"
#include "accounts/route_parts.hpp"
#include "classroom/route_parts.hpp"
#include "classroom/secrets.hpp"
#include "web/page.hpp"

namespace imaginecole::classroom {
namespace {

using http::Request;
using http::Response;

// These pages speak to pupils ("tu"); a message shared with the teachers' pages ("vous") has a
// pupil's wording under "lang_pupil_<key>" when the two differ.
std::string pupil_message(const Request& request, const std::string& key) {
  const std::string pupil_key = "lang_pupil_" + key;
  const std::string pupil = message(request, pupil_key);
  return pupil != pupil_key ? pupil : message(request, key);
}

std::string describe_for_pupil(const Request& request, const Problem& problem) {
  std::string text = pupil_message(request, problem.key);
  if (!problem.detail.empty()) {
    text += " (" + problem.detail + ")";
  }
  return text;
}

struct PictureState {
  bool pictures_step = false;  // false: asking who; true: the grid
  std::string school;
  std::string username;
  std::string sequence;  // the pictures tapped so far: "", "3", "37"
  std::string error;
  int status = 200;
};

Response picture_page(const Request& request, const PictureState& state) {
  const std::string token = presession_token(request);
  web::Page page;
  page.title = message(request, "classroom_pictures_title");
  page.template_name = "classroom/templates/picture_signin";
  page.status = state.status;
  page.data.set("css_url", classroom_css_url());
  page.data.set("csrf_token", token);
  page.data.set("pictures_step", state.pictures_step);
  page.data.set("school", state.school);
  page.data.set("username", state.username);
  page.data.set("sequence", state.sequence);
  if (!state.error.empty()) {
    page.data.set("error", state.error);
  }
  web::TemplateList dots;
  for (std::size_t i = 0; i < 3; ++i) {
    web::TemplateData dot;
    dot.set("done", i < state.sequence.size());
    dots.push_back(std::move(dot));
  }
  page.data.set("dots", web::TemplateData(dots));
  page.data.set("progress", std::to_string(state.sequence.size()));
  page.data.set("pictures", web::TemplateData(picture_items(request)));
  return with_presession_cookie(request, web::render_page(request, page), token);
}

Response show_pictures(Request& request) {
  return picture_page(request, PictureState{});
}

bool is_sequence(std::string_view text, std::size_t max) {
  if (text.size() > max) {
    return false;
  }
  for (const char c : text) {
    if (c < '1' || c > '9') {
      return false;
    }
  }
  return true;
}

Response submit_pictures(Classroom& classroom, Request& request) {
  const auto form = http::parse_form(request.body);
  PictureState state;
  state.school = form_value(form, "school").substr(0, 32);
  state.username = form_value(form, "username").substr(0, 64);
  if (http::form_was_refused(request)) {
    state.status = 403;
    state.error = pupil_message(request, "classroom_error_csrf");
    return picture_page(request, state);
  }
  if (state.school.empty() || state.username.empty() || form_value(form, "school").size() > 32 ||
      form_value(form, "username").size() > 64) {
    state.status = 400;
    state.error = message(request, "classroom_error_who");
    return picture_page(request, state);
  }
  state.pictures_step = true;
  const std::string pick = form_value(form, "pick");
  const std::string sequence = form_value(form, "sequence");
  if (!form_value(form, "restart").empty() || pick.empty()) {
    return picture_page(request, state);
  }
  if (!is_sequence(pick, 1) || pick.empty() || !is_sequence(sequence, 2)) {
    state.status = 400;
    state.error = message(request, "classroom_error_pictures_form");
    return picture_page(request, state);
  }
  state.sequence = sequence + pick;
  if (state.sequence.size() < 3) {
    return picture_page(request, state);
  }
  const std::string code{state.sequence[0], '-', state.sequence[1], '-', state.sequence[2]};
  accounts::Credentials credentials{.username = state.username,
                                    .school_code = state.school,
                                    .password = std::nullopt,
                                    .picture_code = code,
                                    .remote_address = {},
                                    .user_agent = {}};
  auto& accounts = classroom.accounts();
  const auto result =
      accounts.sign_in().sign_in(accounts::with_origin(std::move(credentials), request));
  state.sequence.clear();
  if (result.status == accounts::SignInStatus::throttled) {
    state.status = 429;
    state.error = message(request, "classroom_error_pictures_throttled");
    Response response = picture_page(request, state);
    accounts::set_retry_after(response, result.retry_after);
    return response;
  }
  if (result.status == accounts::SignInStatus::invalid) {
    state.status = 401;
    state.error = message(request, "classroom_error_pictures_wrong");
    return picture_page(request, state);
  }
  if (const auto token = request.cookie(accounts::kSessionCookie); token && !token->empty()) {
    accounts.sessions().revoke(accounts::session_id_of(*token));
  }
  Response response = no_store(
      Response::redirect(accounts::after_sign_in(accounts, result, form_value(form, "next")), 303));
  accounts::set_sign_in_cookies(response, result, request);
  http::set_cookie(response, request, http::expired_cookie(accounts::kPreSessionCookie));
  return response;
}

struct JoinState {
  Form form;
  std::string error;
  bool sent = false;
  int status = 200;
};

Response join_page(const Request& request, const JoinState& state) {
  const std::string token = presession_token(request);
  web::Page page;
  page.title = message(request, "classroom_join_title");
  page.template_name = "classroom/templates/join";
  page.status = state.status;
  page.data.set("css_url", classroom_css_url());
  page.data.set("csrf_token", token);
  page.data.set("sent", state.sent);
  for (const char* field : {"join_code", "display_name", "username"}) {
    page.data.set(field, form_value(state.form, field).substr(0, 100));
  }
  if (!state.error.empty()) {
    page.data.set("error", state.error);
  }
  web::TemplateList positions;
  for (int position = 1; position <= 3; ++position) {
    web::TemplateData item;
    item.set("position", std::to_string(position));
    item.set("pictures", web::TemplateData(picture_items(request)));
    positions.push_back(std::move(item));
  }
  page.data.set("positions", web::TemplateData(positions));
  return with_presession_cookie(request, web::render_page(request, page), token);
}

Response show_join(Request& request) {
  JoinState state;
  state.form.emplace_back("join_code", request.query_param("code").value_or(""));
  state.sent = request.query_param("sent") == "1";
  return join_page(request, state);
}

Response submit_join(Classroom& classroom, Request& request) {
  JoinState state;
  state.form = http::parse_form(request.body);
  if (http::form_was_refused(request)) {
    state.status = 403;
    state.error = pupil_message(request, "classroom_error_csrf");
    return join_page(request, state);
  }
  // Three radio groups (pic1, pic2, pic3) make the picture code; none chosen: none.
  std::string picture_code;
  const std::string pics[3] = {form_value(state.form, "pic1"), form_value(state.form, "pic2"),
                               form_value(state.form, "pic3")};
  if (!pics[0].empty() || !pics[1].empty() || !pics[2].empty()) {
    picture_code = pics[0] + "-" + pics[1] + "-" + pics[2];
  }
  const JoinForm form{.join_code = form_value(state.form, "join_code"),
                      .display_name = form_value(state.form, "display_name"),
                      .username = form_value(state.form, "username"),
                      .password = form_value(state.form, "password"),
                      .picture_code = picture_code};
  auto outcome = classroom.submit_join(form, request.remote_address);
  if (!outcome) {
    state.status = outcome.problem().status;
    state.error = describe_for_pupil(request, outcome.problem());
    return join_page(request, state);
  }
  // Post/Redirect/Get: reloading the "sent" page does not ask again. The answer is the same
  // whether the username was free or taken.
  return no_store(Response::redirect("/join?sent=1", 303));
}

}  // namespace

void register_public_pages(http::Router& router, Classroom& classroom) {
  router.get("/signin/pictures", show_pictures, http::public_route());
  const http::Handler pictures = [&classroom](Request& request) {
    return submit_pictures(classroom, request);
  };
  router.post("/signin/pictures", pictures,
              http::shown_again_when_refused(
                  http::public_route(
                      {.blocking = true, .hashes_passwords = true, .max_body_bytes = 8 * 1024}),
                  pictures));
  // ?code= is the class's join code: kept out of the access log.
  router.get("/join", show_join, http::public_route({.log_query = false}));
  const http::Handler join = [&classroom](Request& request) {
    return submit_join(classroom, request);
  };
  router.post("/join", join,
              http::shown_again_when_refused(
                  http::public_route({.blocking = true, .max_body_bytes = 16 * 1024}), join));
}

}  // namespace imaginecole::classroom
