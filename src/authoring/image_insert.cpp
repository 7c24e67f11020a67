// SPDX-License-Identifier: AGPL-3.0-or-later
// "Insérer une image" without JavaScript: the editor saves the draft and opens the media
// library's picker (media/); the picker posts the chosen picture and its description here, and
// the picture's Markdown reference is appended to the saved draft as a new version. The author
// never copies a 64-hex address, and no text is lost on the way.
#include <algorithm>

#include "accounts/accounts.hpp"
#include "authoring/route_support.hpp"
#include "authoring/routes.hpp"
#include "web/page.hpp"

namespace imaginecole::authoring {

namespace {

using http::Request;
using http::Response;

constexpr std::size_t kMaxAltBytes = 300;

bool is_media_hash(std::string_view hash) {
  return hash.size() == 64 && std::all_of(hash.begin(), hash.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// The description as Markdown image text: one line, without the brackets that would end it.
std::string alt_text(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '\n' || c == '\r' || c == '\t') {
      out.push_back(' ');
    } else if (c != '[' && c != ']' && c != '\\') {
      out.push_back(c);
    }
  }
  const auto first = out.find_first_not_of(' ');
  if (first == std::string::npos) {
    return {};
  }
  return out.substr(first, out.find_last_not_of(' ') - first + 1);
}

Response insert_image_post(AuthoringService& service, accounts::Accounts& accounts,
                           Request& request) {
  auto caller = authenticate(accounts, request, "account.self");
  if (caller.refusal) {
    return *caller.refusal;
  }
  const std::string id = request.path_param("id").value_or("");
  const Form form = http::parse_form(request.body);
  const std::string hash = form_value(form, "hash");
  const std::string alt = alt_text(form_value(form, "alt"));
  if (!is_media_hash(hash)) {
    return web::error_page(request, 400, message_of(request, "editor_error_no_picture"));
  }
  if (alt.empty() || alt.size() > kMaxAltBytes) {
    return web::error_page(request, 400, message_of(request, "editor_error_alt"));
  }
  const auto opened = service.open(caller.actor, id);
  if (!opened || !opened->rights.edit) {
    return web::error_page(request, 404, message_of(request, "authoring_error_not_found"));
  }
  Content content = opened->current.content;
  std::string& body = content.body;
  while (!body.empty() && (body.back() == '\n' || body.back() == ' ')) {
    body.pop_back();
  }
  body += (body.empty() ? "" : "\n\n") + std::string("![") + alt + "](/media/" + hash + ")\n";
  const auto saved = service.save(caller.actor, id, content, message_of(request, "editor_inserted"),
                                  opened->workflow.current_version);
  if (!saved) {
    return web::error_page(request, status_of(saved.problem().failure),
                           message_of(request, saved.problem().message_key));
  }
  Response response = Response::redirect("/edit/resources/" + id + "?saved=1#body", 303);
  response.set_header("Cache-Control", "no-store");
  return response;
}

}  // namespace

void register_image_insert_route(http::Router& router, AuthoringService& service,
                                 accounts::Accounts& accounts) {
  router.post(
      "/edit/resources/{id}/insert-image",
      [&](Request& request) { return insert_image_post(service, accounts, request); },
      http::RouteOptions{.access = "account.self", .blocking = true, .max_body_bytes = 4096});
}

}  // namespace imaginecole::authoring
