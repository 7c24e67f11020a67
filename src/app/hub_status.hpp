// SPDX-License-Identifier: AGPL-3.0-or-later
// `imaginecole hub status`: a hub's school servers with the health each sent with its last
// sync (decision 0041), the ones in trouble first.
#pragma once

#include "app/platform.hpp"

namespace imaginecole::app {

int print_hub_status(Platform& platform, bool as_json);

}  // namespace imaginecole::app
