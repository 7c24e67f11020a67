// SPDX-License-Identifier: AGPL-3.0-or-later
// The page a destructive or disruptive action ("Désactiver", "Retirer", a reset) asks on
// before it is done: what will happen, a POST form "Confirmer" carrying the action's fields,
// the form token and confirm=yes, and an "Annuler" link. A plain form: it works without
// JavaScript. The action's POST refuses a request without confirm=yes (is_confirmed), so an
// old one-click form cannot skip the question.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/request.hpp"
#include "http/response.hpp"
#include "web/page.hpp"

namespace imaginecole::web {

struct Confirmation {
  std::string title;                                        // "Désactiver le compte"
  std::string subject;                                      // what it acts on: "Awa Diop (awa)"
  std::string explain;                                      // what will happen, in words
  std::string action;                                       // where the form posts
  std::vector<std::pair<std::string, std::string>> fields;  // besides the token and confirm
  std::string csrf_token;
  std::string cancel_url;
  std::vector<Breadcrumb> breadcrumbs;  // up to the page the action started from
};

// 200, never cached.
http::Response confirmation_page(const http::Request& request, const Confirmation& confirmation);

// The field a confirmation form sends; anything else is not a confirmation.
inline bool is_confirmed(std::string_view confirm_field) {
  return confirm_field == "yes";
}

}  // namespace imaginecole::web
