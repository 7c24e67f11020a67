// SPDX-License-Identifier: AGPL-3.0-or-later
// One-time success confirmations after a form's redirect (Post/Redirect/Get): the POST's 303
// sets a short-lived cookie holding a message KEY from a fixed list, and the next HTML page
// shows the matching sentence once (`<p class="notice success" role="status">`) and clears
// the cookie. Only keys of the list ever travel: a cookie edited by hand (free text, CR/LF,
// HTML) names no key and is dropped, so nothing a visitor writes can reach the page.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/request.hpp"
#include "http/response.hpp"

namespace imaginecole::web {

// The confirmations a page may show; each is a message key "safe_flash_<name>".
enum class Flash {
  pupils_created,
  secret_reset,
  request_decided,
  join_code_changed,
  saved,
  submitted,
  published,
  created,
  deleted,
  removed,
  deactivated,
  imported,
  sent_back,
  unpublished,
  shared,
  signed_out,
};

inline constexpr std::string_view kFlashCookie = "imaginecole_flash";

// The message key of a confirmation ("safe_flash_pupils_created").
std::string_view flash_key(Flash flash);
// The confirmation a cookie value names, or nullopt for anything not on the list.
std::optional<Flash> flash_from_key(std::string_view key);

// Adds the cookie to a redirect (HttpOnly, SameSite=Lax, Path=/, one minute).
http::Response with_flash(http::Response response, const http::Request& request, Flash flash);

// The confirmation waiting in the request's cookie, if any.
std::optional<Flash> pending_flash(const http::Request& request);

}  // namespace imaginecole::web
