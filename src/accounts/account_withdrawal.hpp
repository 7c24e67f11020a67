// SPDX-License-Identifier: AGPL-3.0-or-later
// A school server withdrawing an account its hub says no longer belongs to the school (it
// gained rights beyond it, decision 0041): the account's sessions end, it is disabled and its
// password forgotten here. The rows are written with the hub's stamp and origin, so that the
// box never sends them back up and the hub's account is untouched.
#pragma once

#include <cstdint>
#include <string_view>

#include "storage/database.hpp"

namespace imaginecole::accounts {

// False when the account is not on this server or was already withdrawn.
bool withdraw_account(storage::Connection& connection, std::string_view user_id, std::int64_t hlc,
                      std::string_view origin);

}  // namespace imaginecole::accounts
