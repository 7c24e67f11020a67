// SPDX-License-Identifier: AGPL-3.0-or-later
// The server's own settings (table `node_settings`, owned by storage): values that every app
// server sharing the database must agree on, such as a secret, created once by whoever is first.
#pragma once

#include <string>
#include <string_view>

#include "storage/database.hpp"

namespace imaginecole::storage {

// Stores `value` under `key` unless a value is already there, and returns the one kept: when
// two servers start at once, the first writer wins and both read the same value.
std::string keep_first_node_setting(Connection& connection, std::string_view key,
                                    std::string_view value);

// Stores `value` under `key`, replacing what was there (a sync key replaced at a new pairing).
void replace_node_setting(Connection& connection, std::string_view key, std::string_view value);

}  // namespace imaginecole::storage
