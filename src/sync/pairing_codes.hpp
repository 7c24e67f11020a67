// SPDX-License-Identifier: AGPL-3.0-or-later
// One-time pairing codes a hub admin makes for a school (`imaginecole hub pair-code`): ten
// letters and digits without look-alikes, short enough to read over the phone, valid for a
// few hours, good for one pairing. Only their SHA-256 is stored (table sync_pairing_codes).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "storage/database.hpp"

namespace imaginecole::sync {

struct IssuedCode {
  std::string code;  // "K7QH2-MX9PA"
  std::string expires_at;
};

IssuedCode issue_pairing_code(storage::Connection& connection, std::string_view school_code,
                              std::chrono::minutes valid_for);

enum class CodeCheck { good, unknown, expired, used };

struct RedeemedCode {
  CodeCheck check = CodeCheck::unknown;
  std::string school_code;  // when good
};

// What the code is worth, without using it.
RedeemedCode check_pairing_code(storage::Connection& connection, std::string_view typed);
// Marks a good code used by `node_id` (call in the transaction that records the pairing).
void use_pairing_code(storage::Connection& connection, std::string_view typed,
                      std::string_view node_id);

// "k7qh2 mx9pa" -> "K7QH2MX9PA": what a person typed, as stored.
std::string normalize_code(std::string_view typed);

}  // namespace imaginecole::sync
