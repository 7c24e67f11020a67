// SPDX-License-Identifier: AGPL-3.0-or-later
// What a peer is to this server: its hub, or a school server it serves.
#pragma once

#include <string_view>

namespace imaginecole::sync {

enum class PeerRole { hub, school };

// "hub" or "school", as stored and sent.
std::string_view role_name(PeerRole role);

}  // namespace imaginecole::sync
