// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

namespace imaginecole {
inline constexpr const char* kVersion = "0.1.0";
}
