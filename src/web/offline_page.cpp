// SPDX-License-Identifier: AGPL-3.0-or-later
#include "web/offline_page.hpp"

#include "web/i18n.hpp"
#include "web/page.hpp"

namespace imaginecole::web {
namespace {

http::Response offline_page(http::Request& request) {
  const Catalogue& messages = Messages::instance().catalogue(choose_language(request));
  Page page;
  page.title = std::string(messages.get("offline_title"));
  page.template_name = "web/templates/offline";
  http::Response response = render_page(request, page);
  // The page names the signed-in person: never kept by a shared cache. The worker keeps its own
  // copy, without cookies, as the page shown for anything not kept.
  response.set_header("Cache-Control", "private, no-cache");
  return response;
}

}  // namespace

void register_offline_page(http::Router& router) {
  router.get("/offline", offline_page, http::public_route());
}

}  // namespace imaginecole::web
