// SPDX-License-Identifier: AGPL-3.0-or-later
// Who is signed in, as the page header shows them (their name and a sign-out button). The
// accounts capability puts it in the request's context when it learns who is calling, so the
// layout needs no look-up of its own: pages that never asked (public pages of the catalogue)
// show only "Mon espace".
#pragma once

#include <any>
#include <string>

#include "http/request.hpp"

namespace imaginecole::web {

struct Viewer {
  std::string display_name;
  std::string csrf_token;  // for the sign-out form
};

inline constexpr const char* kViewerKey = "web.viewer";

inline void set_viewer(const http::Request& request, Viewer viewer) {
  request.context[kViewerKey] = std::move(viewer);
}

inline const Viewer* viewer_of(const http::Request& request) {
  const auto it = request.context.find(kViewerKey);
  return it == request.context.end() ? nullptr : std::any_cast<Viewer>(&it->second);
}

}  // namespace imaginecole::web
