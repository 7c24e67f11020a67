// SPDX-License-Identifier: AGPL-3.0-or-later
// /offline: what a phone keeps for reading and practice without a connection and how much
// space it takes (filled in by static/keep.js), and the page the service worker shows for
// anything not kept (decision 0036). Without a worker it only says what the feature is.
#pragma once

#include "http/router.hpp"

namespace imaginecole::web {

void register_offline_page(http::Router& router);

}  // namespace imaginecole::web
